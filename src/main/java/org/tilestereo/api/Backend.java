package org.tilestereo.api;

import java.util.Locale;

/** Which implementation of the pixel operators runs. */
public enum Backend {
    /** The Java reference on the CPU. */
    CPU,
    /** The CUDA kernels; an error if no usable GPU is there. */
    CUDA,
    /** CUDA when a device and the native libraries load, else the CPU, said in one line. */
    AUTO;

    public static Backend parse(String s) {
        for (Backend b : values()) {
            if (b.name().toLowerCase(Locale.ROOT).equals(s.toLowerCase(Locale.ROOT))) return b;
        }
        throw new IllegalArgumentException("unknown backend '" + s + "'; expected cpu, cuda or auto");
    }
}

package org.tilestereo.api;

import java.util.Locale;

/** Which implementation of the pixel operators runs. */
public enum Backend {
    /** The Java reference on the CPU. */
    CPU,
    /** The CUDA kernels; an error if no usable GPU is there. */
    CUDA,
    /**
     * The CUDA kernels on the software device (a CPU emulation of the CUDA execution model): a test
     * device that runs the GPU code path where there is no GPU. Never chosen by auto; never fast.
     */
    CUDA_EMULATED,
    /** CUDA when a device and the native libraries load, else the CPU, said in one line. */
    AUTO;

    /** The spelling on the command line: cpu, cuda, cuda-emulated, auto. */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Backend parse(String s) {
        for (Backend b : values()) {
            if (b.optionName().equals(s.toLowerCase(Locale.ROOT))) return b;
        }
        throw new IllegalArgumentException("unknown backend '" + s + "'; expected cpu, cuda, cuda-emulated or auto");
    }
}

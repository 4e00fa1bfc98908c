package org.tilestereo.api;

import java.io.PrintStream;
import org.tilestereo.kernels.StereoKernels;
import org.tilestereo.kernels.java.JavaKernels;

/** Picks the operator implementation for a run, and says which and why when it had a choice. */
final class Backends {
    private Backends() {
    }

    static StereoKernels open(Backend choice, PrintStream log) throws org.tilestereo.io.InputException {
        if (choice == Backend.CPU) {
            return new JavaKernels();
        }
        String why = "the CUDA backend is not wired yet";
        if (choice == Backend.CUDA) {
            throw new org.tilestereo.io.InputException("--backend cuda: " + why);
        }
        log.println("backend: cpu (" + why + ")");
        return new JavaKernels();
    }
}

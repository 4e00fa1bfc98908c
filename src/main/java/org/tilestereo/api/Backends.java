package org.tilestereo.api;

import java.io.PrintStream;

import org.tilestereo.cuda.CudaKernels;
import org.tilestereo.cuda.CudaProbe;
import org.tilestereo.cuda.DeviceKind;
import org.tilestereo.io.InputException;
import org.tilestereo.kernels.StereoKernels;
import org.tilestereo.kernels.java.JavaKernels;

/**
 * Picks the operator implementation for a run. cpu is the Java reference; cuda is the GPU or an
 * error saying why it cannot be; auto is the GPU when the probe finds a usable one, else the CPU,
 * and says in one line which it took and why.
 */
final class Backends {
    private Backends() {
    }

    /** What a choice comes to, given what the CUDA probe found. */
    record Decision(boolean cuda, String line) {
    }

    static StereoKernels open(Backend choice, PrintStream log) throws InputException {
        DeviceKind kind = switch (choice) {
            case CPU -> null;
            case CUDA, AUTO -> DeviceKind.CUDA;
            case CUDA_EMULATED -> DeviceKind.SOFTWARE;
        };
        if (kind == null) {
            return new JavaKernels(); // the probe is not even run: cpu must work where CUDA would crash
        }
        Decision d = decide(choice, CudaProbe.probe(kind));
        if (!d.cuda()) {
            if (choice != Backend.AUTO) {
                throw new InputException(d.line());
            }
            log.println(d.line());
            return new JavaKernels();
        }
        StereoKernels kernels;
        try {
            kernels = CudaKernels.open(kind);
        } catch (RuntimeException e) {
            if (choice != Backend.AUTO) {
                throw new InputException("--backend " + choice.optionName() + ": the CUDA backend failed to start: " + e.getMessage(), e);
            }
            log.println("backend: cpu (the CUDA backend failed to start: " + e.getMessage() + ")");
            return new JavaKernels();
        }
        boolean say = switch (choice) {
            case AUTO, CUDA_EMULATED -> true; // what auto took; that the software device is not a GPU
            case CPU, CUDA -> false;
        };
        if (say) {
            log.println(d.line());
        }
        return kernels;
    }

    /** Pure: the choice and the probe's report in, the backend and the line to print out. */
    static Decision decide(Backend choice, CudaProbe.Report probe) {
        return switch (choice) {
            case CPU -> new Decision(false, "backend: cpu (asked for)");
            case CUDA -> probe.usable()
                    ? new Decision(true, "backend: cuda (" + gpuName(probe) + ")")
                    : new Decision(false, "--backend cuda: CUDA unavailable: " + probe.reason());
            case CUDA_EMULATED -> probe.usable()
                    ? new Decision(true, "backend: cuda-emulated (the CUDA kernels on the software device, a CPU emulation for tests: not a GPU, not fast)")
                    : new Decision(false, "--backend cuda-emulated: the software CUDA device is unavailable: " + probe.reason());
            case AUTO -> probe.usable()
                    ? new Decision(true, "backend: cuda (" + gpuName(probe) + ")")
                    : new Decision(false, "backend: cpu (CUDA unavailable: " + probe.reason() + ")");
        };
    }

    private static String gpuName(CudaProbe.Report probe) {
        return probe.current().name();
    }
}

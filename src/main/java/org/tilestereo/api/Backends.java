package org.tilestereo.api;

import java.io.PrintStream;

import org.tilestereo.io.InputException;
import org.tilestereo.kernels.DeviceBackend;
import org.tilestereo.kernels.StereoKernels;
import org.tilestereo.kernels.java.JavaKernels;

/**
 * Picks the operator implementation for a run. cpu is the Java reference; cuda is the GPU or an
 * error saying why it cannot be; cuda-emulated the CUDA kernels on the software device; auto is the
 * GPU when the probe finds a usable one, else the CPU, and says in one line which it took and why.
 * Device backends are found by their option ({@link DeviceBackend#find}), never named here.
 */
final class Backends {
    private Backends() {
    }

    /** What a choice comes to, given what the device backend's probe found. */
    record Decision(boolean cuda, String line) {
    }

    /** The device backend a choice asks for; null for the Java reference. */
    static String deviceOption(Backend choice) {
        return switch (choice) {
            case CPU -> null;
            case CUDA, AUTO -> "cuda";
            case CUDA_EMULATED -> "cuda-emulated";
        };
    }

    static StereoKernels open(Backend choice, PrintStream log) throws InputException {
        return open(choice, 0, log, false);
    }

    /**
     * verbose: the full reason when auto falls back to the CPU; otherwise its first clause (the
     * fallback is still said, in one short line, after the input has been read).
     */
    static StereoKernels open(Backend choice, int gpu, PrintStream log, boolean verbose) throws InputException {
        String option = deviceOption(choice);
        if (option == null) {
            return new JavaKernels(); // the probe is not even run: cpu must work where CUDA would crash
        }
        DeviceBackend backend = DeviceBackend.find(option);
        Decision d = decide(choice, backend.probe());
        boolean fallsBack = switch (choice) {
            case AUTO -> true; // auto falls back to the CPU; a device asked for by name is an error
            case CPU, CUDA, CUDA_EMULATED -> false;
        };
        if (!d.cuda()) {
            if (!fallsBack) {
                throw new InputException(d.line());
            }
            log.println(verbose ? d.line() : shortLine(d.line()));
            return new JavaKernels();
        }
        StereoKernels kernels;
        try {
            kernels = backend.open(gpu);
        } catch (RuntimeException e) {
            if (!fallsBack) {
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

    /**
     * A fallback line cut to its first clause: "backend: cpu (CUDA unavailable: no NVIDIA driver: cudaGetDeviceCount
     * failed: ...)" becomes "backend: cpu (CUDA unavailable: no NVIDIA driver; --verbose says more)".
     */
    static String shortLine(String line) {
        String prefix = "backend: cpu (CUDA unavailable: ";
        if (!line.startsWith(prefix)) {
            return line;
        }
        String reason = line.substring(prefix.length(), line.length() - 1);
        int cut = reason.indexOf(": ");
        return cut < 0 ? line : prefix + reason.substring(0, cut) + "; --verbose says more)";
    }

    /** Pure: the choice and the probe's report in, the backend and the line to print out. */
    static Decision decide(Backend choice, DeviceBackend.Report probe) {
        return switch (choice) {
            case CPU -> new Decision(false, "backend: cpu (asked for)");
            case CUDA -> probe.usable()
                    ? new Decision(true, "backend: cuda (" + probe.deviceName() + ")")
                    : new Decision(false, "--backend cuda: CUDA unavailable: " + probe.reason());
            case CUDA_EMULATED -> probe.usable()
                    ? new Decision(true, "backend: cuda-emulated (the CUDA kernels on the software device, a CPU emulation for tests: not a GPU, not fast)")
                    : new Decision(false, "--backend cuda-emulated: the software CUDA device is unavailable: " + probe.reason());
            case AUTO -> probe.usable()
                    ? new Decision(true, "backend: cuda (" + probe.deviceName() + ")")
                    : new Decision(false, "backend: cpu (CUDA unavailable: " + probe.reason() + ")");
        };
    }
}

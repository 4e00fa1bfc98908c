package org.tilestereo.runtime;

import org.tilestereo.cuda.CudaProbe;

/**
 * Whether one thing a runtime needs is there: what it is when it is ("TensorRT 10.15.1", "NVIDIA
 * GeForce RTX 4060 (sm_89)"), why not when it is not.
 */
public record Availability(boolean ok, String what, String reason) {

    public static Availability yes(String what) {
        return new Availability(true, what, "");
    }

    public static Availability no(String reason) {
        return new Availability(false, "", reason);
    }

    public static Availability of(TensorRtProbe.Status s) {
        return s.loaded() ? yes("TensorRT " + s.version()) : no("TensorRT unavailable: " + s.reason());
    }

    /**
     * A load failure in a few words: the library the dynamic linker missed ("no NVIDIA driver
     * (libcuda.so.1 not found)") rather than the whole linker message with its cache paths.
     */
    public static String shortReason(String reason) {
        String lib = TensorRtProbe.missingLibrary(reason);
        if (lib == null) {
            return reason;
        }
        return lib.startsWith("libcuda.so") ? "no NVIDIA driver (" + lib + " not found)" : lib + " not found";
    }

    /**
     * A GPU TensorRT can use: any CUDA device from sm_75 (TensorRT 10's oldest) whose runtime
     * bindings load. tilestereo's own kernel library is not needed for this.
     */
    public static Availability gpuOf(CudaProbe.Report r) {
        if (r.device() < 0 || r.devices().isEmpty()) {
            return no("no usable GPU: " + (r.reason().isEmpty() ? "no CUDA device" : shortReason(r.reason())));
        }
        CudaProbe.Device d = r.devices().get(r.device());
        if (d.computeCapability() < 75) {
            return no("GPU " + d.name() + " (sm_" + d.computeCapability() + ") is older than sm_75, TensorRT 10's oldest");
        }
        return yes(d.name() + " (sm_" + d.computeCapability() + ")");
    }
}

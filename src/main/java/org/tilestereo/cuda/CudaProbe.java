package org.tilestereo.cuda;

import java.util.ArrayList;
import java.util.List;

import org.bytedeco.cuda.cudart.cudaDeviceProp;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * Finds out, once per JVM, whether the CUDA backend can run here: tilestereo's native library, the
 * CUDA runtime bindings (bytedeco cuda presets), a driver and a device our kernels were compiled
 * for. {@link #probe()} never throws; when the answer is no, the reason says which step failed.
 * Only runtime functions that CUDA 13.0 has are called: machines may run the 13.0 runtime.
 */
public final class CudaProbe {
    /** Our kernels carry machine code from sm_75 up (and PTX for newer GPUs). */
    public static final int MIN_COMPUTE_CAPABILITY = 75;

    public record Device(int index, String name, int major, int minor, int multiprocessors,
                         long totalBytes, long freeBytes) {
        public int computeCapability() {
            return major * 10 + minor;
        }

        @Override
        public String toString() {
            return "#" + index + " " + name + " (sm_" + computeCapability() + ", " + multiprocessors + " SMs, "
                    + (freeBytes >> 20) + " of " + (totalBytes >> 20) + " MiB free)";
        }
    }

    /**
     * @param usable         the current device can run tilestereo's kernels
     * @param reason         why not ("" when usable)
     * @param driverVersion  CUDA version the driver supports (e.g. 13000), 0 when unknown
     * @param runtimeVersion version of the loaded CUDA runtime, 0 when unknown
     * @param device         index of the current device, -1 when there is none
     */
    public record Report(boolean usable, String reason, NativeLibrary.Status nativeLibrary, int driverVersion,
                         int runtimeVersion, int device, List<Device> devices) {
        /** The current device; only for a report that has one (device >= 0). */
        public Device current() {
            return devices.get(device);
        }

        public String summary() {
            StringBuilder s = new StringBuilder(usable ? "CUDA usable" : "CUDA unavailable: " + reason);
            s.append(" [driver ").append(version(driverVersion)).append(", runtime ").append(version(runtimeVersion));
            for (Device d : devices) {
                s.append("; ").append(d);
            }
            return s.append("]").toString();
        }

        private static String version(int v) {
            return v == 0 ? "unknown" : v / 1000 + "." + v % 1000 / 10;
        }
    }

    private static Report report;

    private CudaProbe() {
    }

    /** Probes on the first call (which creates the CUDA context when there is a device). */
    public static synchronized Report probe() {
        if (report == null) {
            try {
                report = run();
            } catch (Throwable e) {
                report = new Report(false, "CUDA probe failed: " + NativeLibrary.describe(e), NativeLibrary.status(),
                        0, 0, -1, List.of());
            }
        }
        return report;
    }

    /** The report when usable; otherwise IllegalStateException with the reason. */
    public static Report require() {
        Report r = probe();
        if (!r.usable()) {
            throw new IllegalStateException("CUDA backend unavailable: " + r.reason());
        }
        return r;
    }

    private static Report run() {
        // First, so that its bundled libcudart.so.13 is the one the presets below bind to.
        NativeLibrary.Status lib = NativeLibrary.status();
        try {
            Loader.load(cudart.class);
        } catch (Throwable e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            // The presets' JNI library links the driver (libcuda.so.1) directly.
            String reason = String.valueOf(root.getMessage()).contains("libcuda.so")
                    ? "no NVIDIA driver: " + root.getMessage()
                    : "CUDA runtime bindings (bytedeco cuda presets) failed to load: " + NativeLibrary.describe(e);
            return new Report(false, reason, lib, 0, 0, -1, List.of());
        }
        int[] v = new int[1];
        int driver = cudart.cudaDriverGetVersion(v) == cudart.cudaSuccess ? v[0] : 0;
        int runtime = cudart.cudaRuntimeGetVersion(v) == cudart.cudaSuccess ? v[0] : 0;

        int err = cudart.cudaGetDeviceCount(v);
        if (err != cudart.cudaSuccess) {
            cudart.cudaGetLastError(); // the failure is reported here; leave no error pending
            return new Report(false, "no CUDA device: cudaGetDeviceCount returned " + CudaException.describeCudaError(err),
                    lib, driver, runtime, -1, List.of());
        }
        int count = v[0];
        int[] current = new int[1];
        CudaException.check(cudart.cudaGetDevice(current), "cudaGetDevice");
        List<Device> devices = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            devices.add(describe(i));
        }
        CudaException.check(cudart.cudaSetDevice(current[0]), "cudaSetDevice(" + current[0] + ")");

        String reason = "";
        if (count == 0) {
            reason = "no CUDA device: cudaGetDeviceCount found 0";
        } else if (devices.get(current[0]).computeCapability() < MIN_COMPUTE_CAPABILITY) {
            Device d = devices.get(current[0]);
            reason = "device " + d + " is older than sm_" + MIN_COMPUTE_CAPABILITY + ", the oldest GPU tilestereo's kernels are built for";
        } else if (!lib.loaded()) {
            reason = lib.reason();
        }
        return new Report(reason.isEmpty(), reason, lib, driver, runtime, count == 0 ? -1 : current[0], List.copyOf(devices));
    }

    private static Device describe(int index) {
        try (cudaDeviceProp prop = new cudaDeviceProp(); SizeTPointer free = new SizeTPointer(1);
             SizeTPointer total = new SizeTPointer(1)) {
            CudaException.check(cudart.cudaGetDeviceProperties(prop, index), "cudaGetDeviceProperties(" + index + ")");
            CudaException.check(cudart.cudaSetDevice(index), "cudaSetDevice(" + index + ")");
            CudaException.check(cudart.cudaMemGetInfo(free, total), "cudaMemGetInfo on device " + index);
            return new Device(index, prop.name().getString(), prop.major(), prop.minor(), prop.multiProcessorCount(),
                    total.get(), free.get());
        }
    }
}

package org.tilestereo.cuda;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Finds out, once per JVM and device kind, whether the CUDA backend can run on it: tilestereo's
 * native library, the device's library, for a GPU a driver and a device our kernels were compiled
 * for. {@link #probe()} never throws; when the answer is no, the reason says which step failed.
 * Everything goes through the project's C API (ts_device_*), never the CUDA runtime directly, so
 * the same code drives a GPU and the software device. {@link #select} makes a kind the one the
 * process's streams, memory and operators use.
 */
public final class CudaProbe {
    /** Our kernels carry machine code from sm_75 up (and PTX for newer GPUs). */
    public static final int MIN_COMPUTE_CAPABILITY = 75;

    /** freeBytes: 0 (unknown) for a device other than the current one, which is not asked (it would need a context). */
    public record Device(int index, String name, int major, int minor, int multiprocessors,
                         long totalBytes, long freeBytes) {
        public int computeCapability() {
            return major * 10 + minor;
        }

        @Override
        public String toString() {
            return "#" + index + " " + name + " (sm_" + computeCapability() + ", " + multiprocessors + " SMs, "
                    + (freeBytes > 0 ? (freeBytes >> 20) + " of " + (totalBytes >> 20) + " MiB free)" : (totalBytes >> 20) + " MiB)");
        }
    }

    /**
     * @param usable         the current device can run tilestereo's kernels
     * @param reason         why not ("" when usable)
     * @param driverVersion  CUDA version the driver supports (e.g. 13000), 0 when unknown
     * @param runtimeVersion version of the loaded CUDA runtime, 0 when unknown
     * @param device         index of the current device, -1 when there is none
     */
    public record Report(DeviceKind kind, boolean usable, String reason, NativeLibrary.Status nativeLibrary, int driverVersion,
                         int runtimeVersion, int device, List<Device> devices) {
        /** The current device; only for a report that has one (device >= 0). */
        public Device current() {
            return devices.get(device);
        }

        public String summary() {
            String name = switch (kind) {
                case CUDA -> "CUDA";
                case SOFTWARE -> "software CUDA device (a CPU emulation for tests, not a GPU)";
            };
            StringBuilder s = new StringBuilder(usable ? name + " usable" : name + " unavailable: " + reason);
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

    private static final Map<DeviceKind, Report> REPORTS = new EnumMap<>(DeviceKind.class);

    private CudaProbe() {
    }

    /** What a real GPU offers here. */
    public static Report probe() {
        return probe(DeviceKind.CUDA);
    }

    /** What the device kind offers here; the first call per kind asks, later ones repeat the answer. */
    public static synchronized Report probe(DeviceKind kind) {
        return REPORTS.computeIfAbsent(kind, k -> {
            try {
                return run(k);
            } catch (Throwable e) {
                return new Report(k, false, "CUDA probe failed: " + NativeLibrary.describe(e), NativeLibrary.status(),
                        0, 0, -1, List.of());
            }
        });
    }

    /** The kind's report when usable; otherwise IllegalStateException with the reason. */
    public static Report require(DeviceKind kind) {
        Report r = probe(kind);
        if (!r.usable()) {
            throw new IllegalStateException(r.summary());
        }
        return r;
    }

    /** Makes kind the device of this process's streams, memory and operators; its report. */
    public static synchronized Report select(DeviceKind kind) {
        Report r = require(kind);
        CudaException.checkNative(TileStereoNative.ts_device_select(kind.nativeKind()), "ts_device_select(" + kind + ")");
        return r;
    }

    /**
     * Makes GPU index gpu the process's (every thread's, see ts_device_use) and describes it now, its
     * free memory included; the selected kind's report says which GPUs there are.
     */
    public static synchronized Device use(Report report, int gpu) {
        if (gpu >= report.devices().size()) {
            throw new IllegalArgumentException("--gpu " + gpu + ": this machine's " + report.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + " device has " + report.devices().size() + " GPU" + (report.devices().size() == 1 ? " (index 0)"
                    : "s (index 0 to " + (report.devices().size() - 1) + ")"));
        }
        CudaException.checkNative(TileStereoNative.ts_device_use(gpu), "ts_device_use(" + gpu + ")");
        return describe(gpu);
    }

    /** The selected device kind; IllegalStateException when none is (open the CUDA backend first). */
    public static DeviceKind requireSelected() {
        NativeLibrary.require();
        int selected = TileStereoNative.ts_device_selected();
        for (DeviceKind k : DeviceKind.values()) {
            if (k.nativeKind() == selected) {
                return k;
            }
        }
        throw new IllegalStateException("no CUDA device selected: open the CUDA backend (CudaProbe.select) first");
    }

    private static Report run(DeviceKind kind) {
        NativeLibrary.Status lib = NativeLibrary.status();
        if (!lib.loaded()) {
            return new Report(kind, false, lib.reason(), lib, 0, 0, -1, List.of());
        }
        // Probing must not move a process that already uses the other kind.
        int before = TileStereoNative.ts_device_selected();
        try {
            int status = TileStereoNative.ts_device_select(kind.nativeKind());
            if (status != TileStereoNative.TS_SUCCESS) {
                return new Report(kind, false, TileStereoNative.ts_last_error_message(), lib, 0, 0, -1, List.of());
            }
            return describeSelected(kind, lib);
        } finally {
            if (before >= 0 && before != kind.nativeKind()) {
                TileStereoNative.ts_device_select(before);
            }
        }
    }

    private static Report describeSelected(DeviceKind kind, NativeLibrary.Status lib) {
        int[] driver = new int[1];
        int[] runtime = new int[1];
        TileStereoNative.ts_device_versions(driver, runtime);
        int[] v = new int[1];
        if (TileStereoNative.ts_device_count(v) != TileStereoNative.TS_SUCCESS) {
            String why = TileStereoNative.ts_last_error_message();
            String reason = why.contains("cudaErrorInsufficientDriver") || why.contains("cudaErrorNoDevice") && driver[0] == 0
                    ? "no NVIDIA driver: " + why : "no CUDA device: " + why;
            return new Report(kind, false, reason, lib, driver[0], runtime[0], -1, List.of());
        }
        int count = v[0];
        int[] current = new int[1];
        CudaException.checkNative(TileStereoNative.ts_device_current(current), "ts_device_current");
        List<Device> devices = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            devices.add(describe(i));
        }
        CudaException.checkNative(TileStereoNative.ts_device_set(current[0]), "ts_device_set(" + current[0] + ")");

        String reason = "";
        if (count == 0) {
            reason = "no CUDA device: cudaGetDeviceCount found 0";
        } else if (kind == DeviceKind.CUDA && devices.get(current[0]).computeCapability() < MIN_COMPUTE_CAPABILITY) {
            Device d = devices.get(current[0]);
            reason = "device " + d + " is older than sm_" + MIN_COMPUTE_CAPABILITY + ", the oldest GPU tilestereo's kernels are built for";
        }
        return new Report(kind, reason.isEmpty(), reason, lib, driver[0], runtime[0], count == 0 ? -1 : current[0],
                List.copyOf(devices));
    }

    private static Device describe(int index) {
        byte[] name = new byte[256];
        int[] major = new int[1];
        int[] minor = new int[1];
        int[] sms = new int[1];
        long[] total = new long[1];
        long[] free = new long[1];
        CudaException.checkNative(TileStereoNative.ts_device_properties(index, name, name.length, major, minor, sms, total, free),
                "ts_device_properties(" + index + ")");
        int end = 0;
        while (end < name.length && name[end] != 0) {
            end++;
        }
        return new Device(index, new String(name, 0, end, StandardCharsets.UTF_8), major[0], minor[0], sms[0], total[0], free[0]);
    }
}

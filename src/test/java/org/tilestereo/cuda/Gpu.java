package org.tilestereo.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Locale;

/**
 * Gates of the GPU tests, and the check that no CUDA error is left behind. The GPU tests run on
 * the test device: a GPU where one is usable, else the software device (the same kernel sources on
 * the CPU), so that CI runs them too. -Dtilestereo.testDevice=cuda|software asks for one; asking for
 * the GPU where there is none skips the tests, saying why.
 */
public final class Gpu {
    private static DeviceKind chosen;

    private Gpu() {
    }

    /** The device the GPU tests run on here. */
    public static synchronized DeviceKind device() {
        if (chosen == null) {
            String asked = System.getProperty("tilestereo.testDevice", "auto").toLowerCase(Locale.ROOT);
            chosen = switch (asked) {
                case "cuda" -> DeviceKind.CUDA;
                case "software" -> DeviceKind.SOFTWARE;
                case "auto" -> CudaProbe.probe(DeviceKind.CUDA).usable() ? DeviceKind.CUDA : DeviceKind.SOFTWARE;
                default -> throw new IllegalArgumentException("tilestereo.testDevice: expected cuda, software or auto, got " + asked);
            };
            System.out.println("[tilestereo] GPU tests run on the " + CudaProbe.probe(chosen).summary());
        }
        return chosen;
    }

    /** The --backend value that runs the CUDA backend on the test device. */
    public static String backendOption() {
        return switch (device()) {
            case CUDA -> "cuda";
            case SOFTWARE -> "cuda-emulated";
        };
    }

    /** Skips the calling test, saying why, unless the test device and our native library are usable; selects it. */
    public static void require() {
        CudaProbe.Report r = CudaProbe.probe(device());
        if (!r.usable()) {
            System.out.println("[tilestereo] GPU test skipped, no usable device: " + r.summary());
        }
        assumeTrue(r.usable(), () -> "no usable device: " + r.summary());
        CudaProbe.select(device());
    }

    /** Skips the calling test unless the native library loaded (argument checks need no GPU); selects the test device. */
    static void requireLibrary() {
        NativeLibrary.Status lib = NativeLibrary.status();
        if (!lib.loaded()) {
            System.out.println("[tilestereo] native library test skipped: " + lib.reason());
        }
        assumeTrue(lib.loaded(), lib::reason);
        if (CudaProbe.probe(device()).usable()) {
            CudaProbe.select(device());
        }
    }

    /** Every queued kernel finished without error and no error is pending. */
    public static void assertNoErrorPending() {
        int sync = TileStereoNative.ts_device_synchronize();
        assertEquals(TileStereoNative.TS_SUCCESS, sync, () -> "ts_device_synchronize after the test: " + TileStereoNative.ts_last_error_message());
        int pending = TileStereoNative.ts_device_take_error();
        assertEquals(TileStereoNative.TS_SUCCESS, pending, () -> "device error pending: " + TileStereoNative.ts_last_error_message());
    }
}

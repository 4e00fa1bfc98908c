package org.tilestereo.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tilestereo.image.FloatMap;
import org.tilestereo.kernels.DisparityParams;
import org.tilestereo.kernels.java.DepthToDisparity;
import org.tilestereo.memory.Arena;

class DepthToDisparityGpuTest {
    private static final List<DisparityParams> PARAMS = List.of(
            DisparityParams.DEFAULT,
            new DisparityParams(5f, 0.3f, 2.5f),
            new DisparityParams(3.3f, 0.7f, -4f),
            new DisparityParams(20f, 0f, 10f),
            new DisparityParams(0.5f, 1f, -10f),
            new DisparityParams(0f, 0.5f, 1f));
    private static final int[][] SIZES = {{37, 23}, {641, 359}, {1, 1}, {1283, 1}, {1, 997}};

    private boolean usedGpu;

    @AfterEach
    void noCudaErrorPending() {
        if (usedGpu) Gpu.assertNoErrorPending();
    }

    /** Inputs in [0, 1] with the exact ends and the convergence plane among them. */
    private static float[] randomNormalized(int n, long seed) {
        Random random = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextFloat();
        }
        v[0] = 0f;
        v[n - 1] = 1f;
        if (n > 2) {
            v[n / 2] = 0.5f;
        }
        return v;
    }

    @Test
    void matchesTheJavaReference() {
        Gpu.require();
        usedGpu = true;
        try (GpuFixture f = new GpuFixture(16L << 20)) {
            for (int[] size : SIZES) {
                int w = size[0];
                int h = size[1];
                int n = w * h;
                FloatMap in = new FloatMap(w, h, randomNormalized(n, 31L * w + h));
                for (DisparityParams p : PARAMS) {
                    FloatMap expected = new FloatMap(w, h);
                    DepthToDisparity.apply(in, p, expected);
                    try (Arena.Scope s = f.scope()) {
                        DeviceBuffer din = f.upload(in.data(), "normalised depth");
                        DeviceBuffer dout = f.poisoned(4L * n, GpuFixture.POISON, "disparity");
                        DepthToDisparityGpu.launch(f.stream, din, w, h, p, dout);
                        compare(w + "x" + h + " " + p, expected.data(), f.floats(dout, n), p.divergencePercent() / 100f * w);
                    }
                }
            }
        }
    }

    @Test
    void runsInPlace() {
        Gpu.require();
        usedGpu = true;
        int w = 211;
        int h = 97;
        DisparityParams p = new DisparityParams(4f, 0.4f, 3f);
        FloatMap in = new FloatMap(w, h, randomNormalized(w * h, 7));
        FloatMap expected = new FloatMap(w, h);
        DepthToDisparity.apply(in, p, expected);
        try (GpuFixture f = new GpuFixture(1L << 20); Arena.Scope s = f.scope()) {
            DeviceBuffer buffer = f.upload(in.data(), "map");
            DepthToDisparityGpu.launch(f.stream, buffer, w, h, p, buffer);
            compare("in place", expected.data(), f.floats(buffer, w * h), p.divergencePercent() / 100f * w);
        }
    }

    /**
     * Within 1e-5 of the reference's magnitude; near zero disparity (curve close to convergence)
     * two float ulps of the curve, scaled to pixels, since relative error means nothing there.
     */
    private static void compare(String what, float[] expected, float[] actual, float pixelsPerUnit) {
        int exact = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float a = actual[i];
            assertFalse(Float.isNaN(a), () -> what + ": pixel left unwritten (NaN poison) or NaN result");
            double tolerance = 1e-5 * Math.abs(e) + 2 * Math.ulp(1f) * pixelsPerUnit;
            double diff = Math.abs((double) a - e);
            int at = i;
            assertTrue(diff <= tolerance, () -> what + ": pixel " + at + " is " + a + ", reference " + e);
            if (a == e) {
                exact++;
            } else {
                worst = Math.max(worst, diff / Math.max(Math.abs(e), 1e-30));
            }
        }
        System.out.printf("[tilestereo] depth_to_disparity %s: %d pixels, %d bit-exact, worst relative difference %.2e%n",
                what, expected.length, exact, worst);
    }

    /** Argument checks run on the host before any CUDA call, so they need the library but no GPU. */
    @Test
    void rejectsInvalidArgumentsBeforeTouchingCuda() {
        NativeLibrary.Status lib = NativeLibrary.status();
        if (!lib.loaded()) {
            System.out.println("[tilestereo] argument-check test skipped: " + lib.reason());
        }
        assumeTrue(lib.loaded(), lib::reason);
        long in = 0x10000L;   // never dereferenced: every call below must be rejected first
        long out = 0x20000L;
        expectInvalid("width is 0, expected a positive size",
                TileStereoNative.ts_depth_to_disparity(0, in, out, 0, 23, 2f, 0.5f, 0f));
        expectInvalid("height is -3, expected a positive size",
                TileStereoNative.ts_depth_to_disparity(0, in, out, 37, -3, 2f, 0.5f, 0f));
        expectInvalid("65536x32768 is 2147483648 pixels, expected at most 2147483647",
                TileStereoNative.ts_depth_to_disparity(0, in, out, 65536, 32768, 2f, 0.5f, 0f));
        expectInvalid("normalized is a null pointer, expected a device buffer",
                TileStereoNative.ts_depth_to_disparity(0, 0L, out, 37, 23, 2f, 0.5f, 0f));
        expectInvalid("disparity is a null pointer",
                TileStereoNative.ts_depth_to_disparity(0, in, 0L, 37, 23, 2f, 0.5f, 0f));
        expectInvalid("is not aligned to 4 bytes",
                TileStereoNative.ts_depth_to_disparity(0, in + 2, out, 37, 23, 2f, 0.5f, 0f));
        expectInvalid("divergence_percent is 25, expected 0..20",
                TileStereoNative.ts_depth_to_disparity(0, in, out, 37, 23, 25f, 0.5f, 0f));
        expectInvalid("convergence is nan, expected 0..1",
                TileStereoNative.ts_depth_to_disparity(0, in, out, 37, 23, 2f, Float.NaN, 0f));
        expectInvalid("foreground_scale is -11, expected -10..10",
                TileStereoNative.ts_depth_to_disparity(0, in, out, 37, 23, 2f, 0.5f, -11f));
        expectInvalid("overlap within 3404 bytes, expected the same buffer or disjoint ones",
                TileStereoNative.ts_depth_to_disparity(0, in, in + 4, 37, 23, 2f, 0.5f, 0f));

        int status = TileStereoNative.ts_depth_to_disparity(0, 0L, out, 37, 23, 2f, 0.5f, 0f);
        CudaException e = assertThrows(CudaException.class, () -> CudaException.checkNative(status, "ts_depth_to_disparity"));
        assertEquals("ts_depth_to_disparity failed: TS_ERROR_INVALID_ARGUMENT: ts_depth_to_disparity: normalized is a null "
                + "pointer, expected a device buffer", e.getMessage());
        assertEquals(TileStereoNative.TS_ERROR_INVALID_ARGUMENT, e.status());
    }

    private static void expectInvalid(String message, int status) {
        String actual = TileStereoNative.ts_last_error_message();
        assertEquals(TileStereoNative.TS_ERROR_INVALID_ARGUMENT, status, () -> "status for '" + message + "', got: " + actual);
        assertTrue(actual.startsWith("ts_depth_to_disparity: ") && actual.contains(message),
                () -> "message should say '" + message + "', got: " + actual);
    }

    /**
     * Where CUDA itself is missing (no driver or no device), a valid call reaches the launch and
     * must come back as TS_ERROR_CUDA naming the failed call, not crash. Not run where a device
     * exists: the made-up addresses would then be dereferenced.
     */
    @Test
    void cudaFailureComesBackAsAStatusWithoutADevice() {
        NativeLibrary.Status lib = NativeLibrary.status();
        assumeTrue(lib.loaded(), lib::reason);
        CudaProbe.Report r = CudaProbe.probe();
        assumeTrue(r.devices().isEmpty(), "skipped: a CUDA device exists, so the made-up pointers would be used");
        int selected = TileStereoNative.ts_device_select(TileStereoNative.TS_DEVICE_CUDA);
        String why = TileStereoNative.ts_last_error_message();
        if (selected != TileStereoNative.TS_SUCCESS) {
            System.out.println("[tilestereo] launch-failure check skipped: " + why);
        }
        assumeTrue(selected == TileStereoNative.TS_SUCCESS, why);
        int status = TileStereoNative.ts_depth_to_disparity(0, 0x10000L, 0x20000L, 37, 23, 2f, 0.5f, 0f);
        String message = TileStereoNative.ts_last_error_message();
        System.out.println("[tilestereo] without a device: " + TileStereoNative.ts_status_string(status) + ": " + message);
        assertEquals(TileStereoNative.TS_ERROR_CUDA, status, message);
        assertTrue(message.contains("launch_depth_to_disparity") && message.contains("failed: cudaError"), message);

        int ok = TileStereoNative.ts_depth_to_disparity(0, 0L, 0x20000L, 37, 23, 2f, 0.5f, 0f);
        assertEquals(TileStereoNative.TS_ERROR_INVALID_ARGUMENT, ok);
        assertFalse(TileStereoNative.ts_last_error_message().contains("cudaError"), "each call's message replaces the last");
    }
}

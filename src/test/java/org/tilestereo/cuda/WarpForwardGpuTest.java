package org.tilestereo.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.java.WarpForward;
import org.tilestereo.memory.Arena;

class WarpForwardGpuTest {
    /** Both directions, half and full disparity, and a factor that throws pixels off the frame. */
    private static final float[] FACTORS = {0.5f, -0.5f, 1f, -1f, 3.7f};
    private boolean usedGpu;

    @AfterEach
    void noCudaErrorPending() {
        if (usedGpu) Gpu.assertNoErrorPending();
    }

    private record Result(byte[] image, float[] target) {
    }

    private static Result gpu(GpuFixture f, RgbImage src, FloatMap disparity, float factor, int poison) {
        int w = src.width(), h = src.height();
        try (Arena.Scope s = f.scope()) {
            DeviceBuffer dSrc = f.upload(src.data(), "source");
            DeviceBuffer dDisp = f.upload(disparity.data(), "disparity");
            DeviceBuffer dDst = f.poisoned(3L * w * h, poison, "warped");
            DeviceBuffer dTarget = f.poisoned(4L * w * h, poison, "target disparity");
            DeviceBuffer dWork = f.poisoned(WarpForwardGpu.workspaceBytes(w, h), poison, "workspace");
            WarpForwardGpu.launch(f.stream, dSrc, dDisp, factor, dDst, dTarget, w, h, dWork);
            return new Result(f.bytes(dDst, 3 * w * h), f.floats(dTarget, w * h));
        }
    }

    /**
     * The z-buffer winner and so the target disparity and the holes are order-free: exact. Colours
     * are sums of float atomics in any order: within one level.
     */
    @Test
    void matchesTheJavaReference() {
        Gpu.require();
        usedGpu = true;
        try (GpuFixture f = new GpuFixture(64L << 20)) {
            for (int[] size : Inputs.SIZES) {
                int w = size[0], h = size[1];
                RgbImage src = Inputs.rgb(w, h, 7L * w + h);
                FloatMap disparity = Inputs.disparity(w, h, Math.max(4f, w / 20f), 11L * w + h);
                for (float factor : FACTORS) {
                    RgbImage expected = new RgbImage(w, h);
                    FloatMap expectedTarget = new FloatMap(w, h);
                    WarpForward.apply(src, disparity, factor, expected, expectedTarget);
                    for (int poison : new int[] {GpuFixture.POISON, 0x00}) {
                        Result r = gpu(f, src, disparity, factor, poison);
                        String what = "warp_forward " + w + "x" + h + " factor " + factor + " poison " + poison;
                        Compare.exactFloats(what + " target disparity", expectedTarget.data(), r.target());
                        Compare.withinBytes(what + " image", expected.data(), r.image(), 1);
                    }
                }
            }
        }
    }

    /** Zero disparity, or factor 0: every pixel lands on itself with weight 1, exactly. */
    @Test
    void zeroShiftIsTheIdentity() {
        Gpu.require();
        usedGpu = true;
        int w = 333, h = 41;
        RgbImage src = Inputs.rgb(w, h, 3);
        try (GpuFixture f = new GpuFixture(16L << 20)) {
            Result zeroD = gpu(f, src, Inputs.uniform(w, h, 0f), 2.5f, GpuFixture.POISON);
            Compare.exactBytes("warp_forward zero disparity", src.data(), zeroD.image());
            // Inputs.disparity holds NaN (unknown) pixels, which do not land even at factor 0: the
            // identity holds where the disparity is known, and elsewhere the pixel is a hole (black).
            FloatMap disparity = Inputs.disparity(w, h, 20f, 4);
            byte[] expected = src.data().clone();
            float[] d = disparity.data();
            int holes = 0;
            for (int i = 0; i < d.length; i++) {
                if (Float.isNaN(d[i])) {
                    expected[3 * i] = expected[3 * i + 1] = expected[3 * i + 2] = 0;
                    holes++;
                }
            }
            assertTrue(holes > 0, "the input has unknown disparities, so this case tests them");
            Result zeroFactor = gpu(f, src, disparity, 0f, GpuFixture.POISON);
            Compare.exactBytes("warp_forward factor 0", expected, zeroFactor.image());
        }
    }

    @Test
    void rejectsInvalidArgumentsBeforeTouchingCuda() {
        Gpu.requireLibrary();
        String op = "ts_warp_forward";
        long ws = WarpForwardGpu.workspaceBytes(37, 23);
        assertEquals(FrameBuffers.warpForwardWorkspace(37, 23), ws, "Java's workspace formula is the C API's");
        assertEquals(FrameBuffers.warpForwardWorkspace(1920, 1080), WarpForwardGpu.workspaceBytes(1920, 1080));
        assertEquals(0, TileStereoNative.ts_warp_forward_workspace_bytes(0, 5));
        FakePointers.expectInvalid(op, "factor is nan, expected a finite number", TileStereoNative.ts_warp_forward(0,
                FakePointers.A, FakePointers.B, Float.NaN, FakePointers.C, FakePointers.D, 37, 23, FakePointers.E, ws));
        FakePointers.expectInvalid(op, "workspace holds " + (ws - 1) + " bytes, expected at least " + ws,
                TileStereoNative.ts_warp_forward(0, FakePointers.A, FakePointers.B, 1f, FakePointers.C, FakePointers.D,
                        37, 23, FakePointers.E, ws - 1));
        FakePointers.expectInvalid(op, "workspace (0x5000000040) is not aligned to 256 bytes",
                TileStereoNative.ts_warp_forward(0, FakePointers.A, FakePointers.B, 1f, FakePointers.C, FakePointers.D,
                        37, 23, FakePointers.E + 64, ws));
        FakePointers.expectInvalid(op, "src (0x1000000000, 2553 bytes) and dst (0x1000000100, 2553 bytes) overlap",
                TileStereoNative.ts_warp_forward(0, FakePointers.A, FakePointers.B, 1f, FakePointers.A + 256, FakePointers.D,
                        37, 23, FakePointers.E, ws));
        // The kernels declare every buffer __restrict__: a written buffer overlapping any read one is refused.
        FakePointers.expectInvalid(op, "disparity (0x2000000000, 3404 bytes) and dst (0x2000000100, 2553 bytes) overlap",
                TileStereoNative.ts_warp_forward(0, FakePointers.A, FakePointers.B, 1f, FakePointers.B + 256, FakePointers.D,
                        37, 23, FakePointers.E, ws));
        FakePointers.expectInvalid(op, "src (0x1000000000, 2553 bytes) and workspace (0x1000000000, " + ws + " bytes) overlap",
                TileStereoNative.ts_warp_forward(0, FakePointers.A, FakePointers.B, 1f, FakePointers.C, FakePointers.D,
                        37, 23, FakePointers.A, ws));
        FakePointers.expectInvalid(op, "target_disparity is a null pointer", TileStereoNative.ts_warp_forward(0,
                FakePointers.A, FakePointers.B, 1f, FakePointers.C, 0, 37, 23, FakePointers.E, ws));
        if (FakePointers.noDevice()) {
            FakePointers.expectLaunchFailure("launch_warp_forward", TileStereoNative.ts_warp_forward(0,
                    FakePointers.A, FakePointers.B, -1f, FakePointers.C, FakePointers.D, 37, 23, FakePointers.E, ws));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WarpForwardGpu.launch(null,
                new DeviceBuffer(FakePointers.A, 2553, "source"), new DeviceBuffer(FakePointers.B, 100, "disparity"), 1f,
                new DeviceBuffer(FakePointers.C, 2553, "warped"), new DeviceBuffer(FakePointers.D, 3404, "target"), 37, 23,
                new DeviceBuffer(FakePointers.E, ws, "workspace")));
        assertEquals("warp_forward: disparity holds 100 bytes, needs 3404", e.getMessage());
    }
}

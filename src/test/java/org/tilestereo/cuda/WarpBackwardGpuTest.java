package org.tilestereo.cuda;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.java.WarpBackward;
import org.tilestereo.memory.Arena;

class WarpBackwardGpuTest {
    private boolean usedGpu;

    @AfterEach
    void noCudaErrorPending() {
        if (usedGpu) Gpu.assertNoErrorPending();
    }

    private static byte[] gpu(GpuFixture f, RgbImage src, FloatMap disparity, float factor, int poison) {
        int w = src.width(), h = src.height();
        try (Arena.Scope s = f.scope()) {
            DeviceBuffer dSrc = f.upload(src.data(), "source");
            DeviceBuffer dDisp = f.upload(disparity.data(), "disparity");
            DeviceBuffer dDst = f.poisoned(3L * w * h, poison, "warped");
            WarpBackwardGpu.launch(f.stream, dSrc, dDisp, factor, dDst, w, h);
            return f.bytes(dDst, 3 * w * h);
        }
    }

    @Test
    void matchesTheJavaReference() {
        Gpu.require();
        usedGpu = true;
        try (GpuFixture f = new GpuFixture(32L << 20)) {
            for (int[] size : Inputs.SIZES) {
                int w = size[0], h = size[1];
                RgbImage src = Inputs.rgb(w, h, 23L * w + h);
                FloatMap disparity = Inputs.disparity(w, h, Math.max(4f, w / 20f), 29L * w + h);
                for (float factor : new float[] {0.5f, -0.5f, 1f, -3.7f}) {
                    RgbImage expected = new RgbImage(w, h);
                    WarpBackward.apply(src, disparity, factor, expected);
                    for (int poison : new int[] {GpuFixture.POISON, 0x00}) {
                        Compare.withinBytes("warp_backward " + w + "x" + h + " factor " + factor + " poison " + poison,
                                expected.data(), gpu(f, src, disparity, factor, poison), 1);
                    }
                }
            }
            RgbImage src = Inputs.rgb(129, 31, 1);
            Compare.exactBytes("warp_backward zero disparity", src.data(), gpu(f, src, Inputs.uniform(129, 31, 0f), 2f, 0xFF));
        }
    }

    @Test
    void rejectsInvalidArgumentsBeforeTouchingCuda() {
        Gpu.requireLibrary();
        String op = "ts_warp_backward";
        FakePointers.expectInvalid(op, "factor is -inf, expected a finite number", TileStereoNative.ts_warp_backward(0,
                FakePointers.A, FakePointers.B, Float.NEGATIVE_INFINITY, FakePointers.C, 37, 23));
        FakePointers.expectInvalid(op, "disparity (0x2000000001) is not aligned to 4 bytes",
                TileStereoNative.ts_warp_backward(0, FakePointers.A, FakePointers.B + 1, 1f, FakePointers.C, 37, 23));
        FakePointers.expectInvalid(op, "src (0x1000000000, 2553 bytes) and dst (0x1000000009, 2553 bytes) overlap",
                TileStereoNative.ts_warp_backward(0, FakePointers.A, FakePointers.B, 1f, FakePointers.A + 9, 37, 23));
        if (FakePointers.noDevice()) {
            FakePointers.expectLaunchFailure("launch_warp_backward",
                    TileStereoNative.ts_warp_backward(0, FakePointers.A, FakePointers.B, 1f, FakePointers.C, 37, 23));
        }
    }
}

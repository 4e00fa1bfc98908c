package org.tilestereo.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.java.HoleFill;
import org.tilestereo.kernels.java.WarpForward;
import org.tilestereo.memory.Arena;

class HoleFillGpuTest {
    private boolean usedGpu;

    @AfterEach
    void noCudaErrorPending() {
        if (usedGpu) Gpu.assertNoErrorPending();
    }

    /** Holes as the forward warp leaves them, plus rows with no valid pixel and rows of one long hole. */
    @Test
    void matchesTheJavaReferenceExactly() {
        Gpu.require();
        usedGpu = true;
        try (GpuFixture f = new GpuFixture(64L << 20)) {
            for (int[] size : Inputs.SIZES) {
                int w = size[0], h = size[1];
                RgbImage src = Inputs.rgb(w, h, 5L * w + h);
                for (float factor : new float[] {1f, -2.5f}) {
                    RgbImage warped = new RgbImage(w, h);
                    FloatMap target = new FloatMap(w, h);
                    WarpForward.apply(src, Inputs.disparity(w, h, Math.max(6f, w / 15f), 9L * w + h), factor, warped, target);
                    float[] t = target.data();
                    for (int y = 0; y < h; y += 7) {
                        for (int x = 0; x < w; x++) t[y * w + x] = Float.NaN; // nothing to fill from
                    }
                    for (int y = 3; y < h; y += 11) {
                        for (int x = 0; x < w - 1; x++) t[y * w + x] = Float.NaN; // one valid pixel at the right end
                    }
                    RgbImage expected = warped.copy();
                    FloatMap expectedTarget = target.copy();
                    HoleFill.apply(expected, expectedTarget, src);
                    try (Arena.Scope s = f.scope()) {
                        DeviceBuffer dImg = f.upload(warped.data(), "warped");
                        DeviceBuffer dTarget = f.upload(target.data(), "target disparity");
                        DeviceBuffer dSrc = f.upload(src.data(), "source");
                        DeviceBuffer dWork = f.poisoned(HoleFillGpu.workspaceBytes(w, h), GpuFixture.POISON, "workspace");
                        HoleFillGpu.launch(f.stream, dImg, dTarget, dSrc, w, h, dWork);
                        String what = "hole_fill " + w + "x" + h + " factor " + factor;
                        Compare.exactBytes(what + " image", expected.data(), f.bytes(dImg, 3 * w * h));
                        Compare.exactFloats(what + " disparity", expectedTarget.data(), f.floats(dTarget, w * h));
                    }
                }
            }
        }
    }

    @Test
    void rejectsInvalidArgumentsBeforeTouchingCuda() {
        Gpu.requireLibrary();
        String op = "ts_hole_fill";
        long ws = HoleFillGpu.workspaceBytes(37, 23);
        assertEquals(FrameBuffers.holeFillWorkspace(37, 23), ws, "Java's workspace formula is the C API's");
        FakePointers.expectInvalid(op, "width is -1, expected a positive size", TileStereoNative.ts_hole_fill(0,
                FakePointers.A, FakePointers.B, FakePointers.C, -1, 23, FakePointers.E, ws));
        FakePointers.expectInvalid(op, "workspace is a null pointer", TileStereoNative.ts_hole_fill(0,
                FakePointers.A, FakePointers.B, FakePointers.C, 37, 23, 0, ws));
        FakePointers.expectInvalid(op, "img (0x1000000000, 2553 bytes) and src (0x1000000000, 2553 bytes) overlap",
                TileStereoNative.ts_hole_fill(0, FakePointers.A, FakePointers.B, FakePointers.A, 37, 23, FakePointers.E, ws));
        FakePointers.expectInvalid(op, "target_disparity (0x3000000000, 3404 bytes) and src (0x3000000000, 2553 bytes) overlap",
                TileStereoNative.ts_hole_fill(0, FakePointers.A, FakePointers.C, FakePointers.C, 37, 23, FakePointers.E, ws));
        FakePointers.expectInvalid(op, "workspace holds 12 bytes, expected at least " + ws, TileStereoNative.ts_hole_fill(0,
                FakePointers.A, FakePointers.B, FakePointers.C, 37, 23, FakePointers.E, 12));
        if (FakePointers.noDevice()) {
            FakePointers.expectLaunchFailure("launch_hole_fill", TileStereoNative.ts_hole_fill(0,
                    FakePointers.A, FakePointers.B, FakePointers.C, 37, 23, FakePointers.E, ws));
        }
    }
}

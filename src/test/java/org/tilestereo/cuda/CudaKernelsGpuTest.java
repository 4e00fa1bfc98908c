package org.tilestereo.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.DisparityParams;
import org.tilestereo.kernels.Layout;
import org.tilestereo.kernels.ModelInput;
import org.tilestereo.kernels.StereoKernels;
import org.tilestereo.kernels.TileGrid;
import org.tilestereo.kernels.java.JavaKernels;
import org.tilestereo.memory.PoolExhaustedException;

/**
 * The operator set through the StereoKernels interface (host arrays in and out), frame after
 * frame: results equal the Java reference's, and the pool allocates on the first frame of a size
 * and never again for frames of that size.
 */
class CudaKernelsGpuTest {
    private boolean usedGpu;

    @AfterEach
    void noCudaErrorPending() {
        if (usedGpu) Gpu.assertNoErrorPending();
    }

    /** One frame's calls, as the pipeline makes them, on both implementations. */
    private static void frame(StereoKernels gpu, int w, int h, long seed) {
        StereoKernels ref = new JavaKernels();
        String at = w + "x" + h + " frame " + seed;
        RgbImage src = Inputs.rgb(w, h, seed);
        TileGrid grid = TileGrid.of(w, h, 64, 48, 16);
        ModelInput input = ModelInput.imagenet(42, 28);
        float[] tilesRef = new float[grid.count() * input.floatsPerImage()];
        float[] tilesGpu = new float[tilesRef.length];
        ref.extractTiles(src, grid, 0, grid.count(), input, tilesRef);
        gpu.extractTiles(src, grid, 0, grid.count(), input, tilesGpu);
        Compare.relativeFloats("extractTiles " + at, tilesRef, tilesGpu, 1.0);

        float[] scale = new float[grid.count()];
        float[] shift = new float[grid.count()];
        for (int i = 0; i < scale.length; i++) {
            scale[i] = 1f + 0.01f * i;
            shift[i] = -0.02f * i;
        }
        FloatMap depthRef = new FloatMap(w, h), depthGpu = new FloatMap(w, h);
        ref.blendTiles(tilesRef, 42, 28, grid, scale, shift, depthRef);
        gpu.blendTiles(tilesRef, 42, 28, grid, scale, shift, depthGpu);
        Compare.relativeFloats("blendTiles " + at, depthRef.data(), depthGpu.data(), 1.0);

        float[] p = ref.depthPercentiles(depthRef, 2, 98);
        assertArrayEquals(p, gpu.depthPercentiles(depthRef, 2, 98), "depthPercentiles " + at);
        FloatMap normRef = new FloatMap(w, h), normGpu = new FloatMap(w, h);
        ref.normalizeDepth(depthRef, p[0], p[1], normRef);
        gpu.normalizeDepth(depthRef, p[0], p[1], normGpu);
        Compare.relativeFloats("normalizeDepth " + at, normRef.data(), normGpu.data(), 1.0);

        DisparityParams params = new DisparityParams(3f, 0.4f, 2f);
        FloatMap dispRef = new FloatMap(w, h), dispGpu = new FloatMap(w, h);
        ref.depthToDisparity(normRef, params, dispRef);
        gpu.depthToDisparity(normRef, params, dispGpu);
        Compare.relativeFloats("depthToDisparity " + at, dispRef.data(), dispGpu.data(), 1.0);

        RgbImage eyeRef = new RgbImage(w, h), eyeGpu = new RgbImage(w, h);
        FloatMap targetRef = new FloatMap(w, h), targetGpu = new FloatMap(w, h);
        ref.forwardWarp(src, dispRef, 0.5f, eyeRef, targetRef);
        gpu.forwardWarp(src, dispRef, 0.5f, eyeGpu, targetGpu);
        Compare.exactFloats("forwardWarp target disparity " + at, targetRef.data(), targetGpu.data());
        Compare.withinBytes("forwardWarp " + at, eyeRef.data(), eyeGpu.data(), 1);

        // Fill the reference's holes on both sides, so the comparison is of the fill alone.
        RgbImage filledGpu = eyeRef.copy();
        FloatMap filledTargetGpu = targetRef.copy();
        ref.fillHoles(eyeRef, targetRef, src);
        gpu.fillHoles(filledGpu, filledTargetGpu, src);
        Compare.exactBytes("fillHoles " + at, eyeRef.data(), filledGpu.data());
        Compare.exactFloats("fillHoles disparity " + at, targetRef.data(), filledTargetGpu.data());

        RgbImage backRef = new RgbImage(w, h), backGpu = new RgbImage(w, h);
        ref.backwardWarp(src, dispRef, -0.5f, backRef);
        gpu.backwardWarp(src, dispRef, -0.5f, backGpu);
        Compare.withinBytes("backwardWarp " + at, backRef.data(), backGpu.data(), 1);

        for (Layout layout : new Layout[] {Layout.SBS, Layout.HTB, Layout.ANAGLYPH}) {
            RgbImage outRef = new RgbImage(layout.outputWidth(w), layout.outputHeight(h));
            RgbImage outGpu = new RgbImage(layout.outputWidth(w), layout.outputHeight(h));
            ref.composeLayout(eyeRef, backRef, layout, outRef);
            gpu.composeLayout(eyeRef, backRef, layout, outGpu);
            Compare.withinBytes("composeLayout " + layout.cliName() + " " + at, outRef.data(), outGpu.data(), 1);
        }
    }

    @Test
    void framesMatchTheReferenceAndAllocateOnlyOnTheFirstFrameOfASize() {
        Gpu.require();
        usedGpu = true;
        try (CudaKernels gpu = CudaKernels.open(Gpu.device())) {
            gpu.poisonPool(0xFF);
            assertEquals(0, gpu.deviceAllocations(), "nothing is allocated before the first frame");
            frame(gpu, 321, 187, 1);
            int afterFirst = gpu.deviceAllocations();
            System.out.println("[tilestereo] pool after the first 321x187 frame: " + afterFirst + " allocation(s), "
                    + gpu.poolCapacity() + " bytes");
            assertTrue(afterFirst >= 1 && afterFirst <= 2, "one allocation, two when the tiles need more: " + afterFirst);
            gpu.poisonPool(0x00);
            for (long seed = 2; seed <= 4; seed++) {
                frame(gpu, 321, 187, seed);
                assertEquals(afterFirst, gpu.deviceAllocations(), "frame " + seed + " of the same size allocated");
            }
            frame(gpu, 643, 361, 5);
            int afterResize = gpu.deviceAllocations();
            assertTrue(afterResize - afterFirst <= 2, "a new frame size re-sizes once: " + afterFirst + " -> " + afterResize);
            frame(gpu, 643, 361, 6);
            frame(gpu, 321, 187, 7);
            assertEquals(afterResize, gpu.deviceAllocations(), "frames after the re-size allocated");
        }
    }

    @Test
    void aFixedPoolThatIsTooSmallSaysByHowMuch() {
        Gpu.require();
        usedGpu = true;
        try (CudaKernels gpu = CudaKernels.withPool(Gpu.device(), 1 << 20)) {
            RgbImage src = Inputs.rgb(1001, 999, 1);
            FloatMap d = Inputs.uniform(1001, 999, 1f);
            PoolExhaustedException e = assertThrows(PoolExhaustedException.class,
                    () -> gpu.forwardWarp(src, d, 1f, new RgbImage(1001, 999), new FloatMap(1001, 999)));
            assertTrue(e.getMessage().startsWith("device pool: this frame needs ") && e.getMessage().contains("1.0 MiB"),
                    e.getMessage());
            assertEquals(1, gpu.deviceAllocations());
            // Still usable for what fits.
            RgbImage small = Inputs.rgb(17, 9, 2);
            RgbImage out = new RgbImage(34, 9);
            gpu.composeLayout(small, small, Layout.SBS, out);
            RgbImage expected = new RgbImage(34, 9);
            new JavaKernels().composeLayout(small, small, Layout.SBS, expected);
            assertArrayEquals(expected.data(), out.data());
        }
    }
}

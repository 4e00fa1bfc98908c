package org.tilestereo.depth;

import org.tilestereo.runtime.OnnxRuntimeDepthModel;
import static org.junit.jupiter.api.Assertions.*;
import static org.tilestereo.depth.DepthTestModels.perPixel;
import static org.tilestereo.depth.DepthTestModels.write;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.ModelInput;
import org.tilestereo.kernels.StereoKernels;
import org.tilestereo.kernels.TileGrid;
import org.tilestereo.kernels.java.JavaKernels;
import org.tilestereo.onnx.OnnxModelBuilder;

class ModelDepthSourceTest {
    private static final float[] W = {0.3f, 0.59f, 0.11f};
    private static final float B = -0.2f;
    private static RgbImage photo;

    @TempDir
    Path dir;

    private final StereoKernels kernels = new JavaKernels();

    @BeforeAll
    static void loadPhoto() throws Exception {
        // an odd-sized region of a real photo: edges, flat areas and texture for the convolutions
        photo = TestPhotos.crop("photos/fruits.jpg", 101, 131, 301, 227);
    }

    private ModelDepthSource source(OnnxModelBuilder model, String name, Tiling tiling, boolean nativeResolution)
            throws DepthException {
        return ModelDepthSource.builder(kernels, OnnxRuntimeDepthModel.open(write(model, dir.resolve(name))))
                .tiling(tiling)
                .nativeResolution(nativeResolution)
                .build();
    }

    private FloatMap depth(OnnxModelBuilder model, Tiling tiling) throws DepthException {
        try (ModelDepthSource s = source(model, "m.onnx", tiling, true)) {
            DepthMap d = s.depthOf(photo);
            assertEquals(DepthKind.INVERSE, d.kind());
            assertEquals(photo.width(), d.values().width());
            assertEquals(photo.height(), d.values().height());
            return d.values();
        }
    }

    private static float range(FloatMap m) {
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (float v : m.data()) {
            assertTrue(Float.isFinite(v), "depth must be finite");
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return hi - lo;
    }

    private static float maxAbsDiff(FloatMap a, FloatMap b) {
        float max = 0f;
        for (int i = 0; i < a.data().length; i++) {
            max = Math.max(max, Math.abs(a.data()[i] - b.data()[i]));
        }
        return max;
    }

    @Test
    void tilesEqualTheWholeFrameWhenTheReceptiveFieldFitsInAQuarterOfTheOverlap() throws Exception {
        // radius 2 <= overlap/4 = 4; tiles run at their own size, so only the model's context differs
        Tiling tiling = new Tiling(64, 64, 16);
        for (OnnxModelBuilder model : List.of(DepthTestModels.symmetricConvStack(21), DepthTestModels.convRank3(22))) {
            FloatMap whole = depth(model, null);
            FloatMap tiled = depth(model, tiling);
            float range = range(whole), diff = maxAbsDiff(whole, tiled);
            System.out.printf("receptive field test: max |tiled - whole| = %.3g over a range of %.3g%n", diff, range);
            assertTrue(range > 0.1f, "the model should produce a varied map, range " + range);
            assertTrue(diff <= 1e-5f * range, "max difference " + diff + " over range " + range);
        }
    }

    @Test
    void tooLittleOverlapForTheReceptiveFieldShowsSeams() throws Exception {
        // the counter-check: overlap/4 = 1 < radius 2, so tile borders leak into the blend
        OnnxModelBuilder model = DepthTestModels.symmetricConvStack(21);
        FloatMap whole = depth(model, null);
        FloatMap tiled = depth(model, new Tiling(64, 64, 4));
        float range = range(whole), diff = maxAbsDiff(whole, tiled);
        System.out.printf("too little overlap: max |tiled - whole| = %.3g over a range of %.3g%n", diff, range);
        assertTrue(diff > 1e-3f * range, "expected seams, max difference only " + diff);
    }

    @Test
    void aPerPixelModelGivesExactlyTheSameDepthTiledAndUntiled() throws Exception {
        // a fixed batch of 3 also pads the single whole frame and the last partial batch of tiles
        OnnxModelBuilder model = perPixel(3, W, B);
        FloatMap whole = depth(model, null);
        for (Tiling t : List.of(new Tiling(64, 48, 16), new Tiling(100, 90, 24))) {
            assertArrayEquals(whole.data(), depth(model, t).data(), 0f, t.toString());
        }
    }

    @Test
    void theWholeFrameRunsAtTheDepthResolutionAndComesBackAtFrameSize() throws Exception {
        try (ModelDepthSource s = ModelDepthSource.builder(kernels,
                OnnxRuntimeDepthModel.open(write(perPixel("N", W, B), dir.resolve("pp.onnx")))).resolution(112).build()) {
            assertTrue(s.describe().endsWith("running pp.onnx at short side 112"), s.describe());
            FloatMap d = s.depthOf(photo).values();
            // 301x227: short side 112, long side 112 * 301/227 = 148.5 -> 154
            assertTrue(s.describe().endsWith("running pp.onnx at 154x112"), s.describe());

            // the same steps by hand: extract at 154x112, the 1x1 convolution, resize back
            ModelInput in = ModelInput.imagenet(154, 112);
            float[] x = new float[in.floatsPerImage()];
            TileGrid whole = TileGrid.whole(301, 227);
            kernels.tileExtract(photo, whole, 0, 1, in, x);
            int plane = 154 * 112;
            float[] y = new float[plane];
            for (int i = 0; i < plane; i++) {
                y[i] = W[0] * x[i] + W[1] * x[plane + i] + W[2] * x[2 * plane + i] + B;
            }
            FloatMap expected = new FloatMap(301, 227);
            kernels.tileBlend(y, 154, 112, whole, null, null, expected);
            float range = range(expected), diff = maxAbsDiff(expected, d);
            assertTrue(diff <= 1e-5f * range, "max difference " + diff + " over range " + range);
        }
    }

    @Test
    void tilesRunAtTheirSizeRoundedTo14AndStayCloseToTheWholeFrame() throws Exception {
        FloatMap whole = depth(perPixel("N", W, B), null);
        try (ModelDepthSource s = source(perPixel("N", W, B), "pp.onnx", new Tiling(64, 64, 16), false)) {
            FloatMap tiled = s.depthOf(photo).values();
            // 64 -> 70 (5 * 14), resampled there and back
            assertTrue(s.describe().contains("tiles of 64x64, overlap 16, at 70x70, batch 4"), s.describe());
            double sum = 0;
            for (int i = 0; i < whole.data().length; i++) {
                sum += Math.abs(whole.data()[i] - tiled.data()[i]);
            }
            double mean = sum / whole.data().length;
            float range = range(whole);
            System.out.printf("tiles at 70x70 vs whole frame: mean |diff| = %.3g, max %.3g, range %.3g%n",
                    mean, maxAbsDiff(whole, tiled), range);
            assertTrue(mean < 0.01 * range, "mean difference " + mean + " over range " + range);
        }
    }

    @Test
    void anAlignerScalesAndShiftsEachTileBeforeTheBlend() throws Exception {
        FloatMap whole = depth(perPixel("N", W, B), null);
        List<String> calls = new ArrayList<>();
        TileAligner doubleAndLift = new TileAligner() {
            @Override
            public int resolution() {
                return 56;
            }

            @Override
            public void align(FloatMap reference, TileGrid grid, float[] tileDepth, int dw, int dh, float[] scale,
                              float[] shift) {
                calls.add(grid.count() + " tiles of " + dw + "x" + dh + " against a pass of " + reference.size());
                for (int t = 0; t < grid.count(); t++) {
                    scale[t] = 2f;
                    shift[t] = 1f;
                }
            }
        };
        try (ModelDepthSource s = ModelDepthSource.builder(kernels,
                        OnnxRuntimeDepthModel.open(write(perPixel("N", W, B), dir.resolve("pp.onnx"))))
                .tiling(new Tiling(64, 64, 16)).nativeResolution(true).batch(5).aligner(doubleAndLift).build()) {
            FloatMap aligned = s.depthOf(photo).values();
            TileGrid grid = new Tiling(64, 64, 16).gridFor(301, 227);
            assertEquals(List.of(grid.count() + " tiles of 64x64 against a pass of 301x227"), calls);
            for (int i = 0; i < whole.data().length; i++) {
                assertEquals(2f * whole.data()[i] + 1f, aligned.data()[i], 1e-5f, "pixel " + i);
            }
        }
    }

    @Test
    void buffersCarryOverFramesAndANewFrameSizeIsReplanned() throws Exception {
        RgbImage small = TestPhotos.crop("photos/fruits.jpg", 10, 20, 97, 75);
        FloatMap expectedSmall;
        try (ModelDepthSource fresh = source(perPixel("N", W, B), "a.onnx", new Tiling(64, 48, 16), true)) {
            expectedSmall = fresh.depthOf(small).values();
        }
        try (ModelDepthSource s = source(perPixel("N", W, B), "b.onnx", new Tiling(64, 48, 16), true)) {
            FloatMap first = s.depthOf(photo).values();
            FloatMap second = s.depthOf(photo).values();
            assertNotSame(first, second, "each frame gets its own map");
            assertArrayEquals(first.data(), second.data(), 0f);
            FloatMap after = s.depthOf(small).values();
            assertEquals(97, after.width());
            assertEquals(75, after.height());
            assertArrayEquals(expectedSmall.data(), after.data(), 0f);
        }
    }

    @Test
    void metadataNormalisationReachesTheModel() throws Exception {
        // depth = the normalised red channel, so the model's mean/std are visible in the output
        OnnxModelBuilder red = perPixel("N", new float[] {1f, 0f, 0f}, 0f)
                .metadata("mean", "0.5,0,0").metadata("std", "0.25,1,1");
        FloatMap d = depth(red, null);
        for (int y = 0; y < photo.height(); y += 7) {
            for (int x = 0; x < photo.width(); x += 5) {
                float expected = (photo.get(x, y, 0) / 255f - 0.5f) / 0.25f;
                assertEquals(expected, d.get(x, y), 1e-6f, "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void closingTwiceIsSafeAndAClosedSourceRefusesFrames() throws Exception {
        ModelDepthSource s = source(perPixel("N", W, B), "c.onnx", null, false);
        s.close();
        s.close();
        assertThrows(IllegalStateException.class, () -> s.depthOf(photo));
    }
}

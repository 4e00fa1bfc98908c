package org.tilestereo.depth;

import org.tilestereo.plan.ModelInputSize;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.io.ImageFiles;
import org.tilestereo.kernels.ModelInput;
import org.tilestereo.kernels.TileGrid;
import org.tilestereo.kernels.java.JavaKernels;
import org.tilestereo.testing.Samples;

class WholeFrameAlignerTest {

    /**
     * A relative depth "model" with the flaw tiling has to cope with: every tile it sees gets its
     * own scale and shift (depth = (k%5+1) * luma + 3(k%5) for the k-th image); the whole frame,
     * recognisable by its size, gets plain luma.
     */
    static final int TILE = 224;

    static final class DriftingModel implements DepthModel {
        int images;

        @Override public String describe() { return "drifting test model"; }

        @Override public ModelInput inputFor(int width, int height, int resolution) {
            int[] s = ModelInputSize.forRegion(width, height, resolution, -1, -1);
            return new ModelInput(s[0], s[1], new float[3], new float[] {1, 1, 1});
        }

        @Override public ModelInput exactInput(int width, int height) {
            return new ModelInput(width, height, new float[3], new float[] {1, 1, 1});
        }

        @Override public int maxBatch() { return Integer.MAX_VALUE; }

        @Override public DepthBatch run(float[] nchw, int batch, ModelInput in) {
            int plane = in.width() * in.height();
            float[] out = new float[batch * plane];
            for (int b = 0; b < batch; b++, images++) {
                for (int i = 0; i < plane; i++) {
                    float luma = 0.3f * nchw[(b * 3) * plane + i] + 0.6f * nchw[(b * 3 + 1) * plane + i]
                            + 0.1f * nchw[(b * 3 + 2) * plane + i];
                    boolean tile = in.width() == TILE && in.height() == TILE;
                    out[b * plane + i] = tile ? (images % 5 + 1) * luma + 3 * (images % 5) : luma;
                }
            }
            return new DepthBatch(out, batch, in.width(), in.height());
        }

        @Override public void close() { }
    }

    private static FloatMap depth(RgbImage frame, boolean align) throws DepthException {
        JavaKernels k = new JavaKernels();
        DriftingModel model = new DriftingModel();
        ModelDepthSource.Builder b = ModelDepthSource.builder(k, model).tiling(new Tiling(TILE, TILE, 32));
        if (align) b.aligner(new WholeFrameAligner(252));
        try (ModelDepthSource s = b.build()) {
            return s.depthOf(frame).values();
        }
    }

    @Test
    void alignmentRemovesPerTileScaleAndShiftAndTheSeamScoreShowsIt() throws Exception {
        RgbImage frame = ImageFiles.readRgb(Samples.file("photos/leuvenA.jpg"));
        TileGrid grid = new Tiling(TILE, TILE, 32).gridFor(frame.width(), frame.height());
        double raw = SeamScore.of(depth(frame, false), grid);
        double aligned = SeamScore.of(depth(frame, true), grid);
        System.out.printf("seam score on leuvenA (%s): raw tiles %.3f, aligned %.3f%n", grid, raw, aligned);
        assertTrue(raw > 1.5, "unaligned drifting tiles must show seams, score " + raw);
        assertTrue(aligned <= 1.1, "aligned tiles must not, score " + aligned);
    }

    @Test
    void alignedTilesReproduceTheWholeFrameScale() throws Exception {
        RgbImage frame = ImageFiles.readRgb(Samples.file("photos/fruits.jpg"));
        FloatMap d = depth(frame, true);
        // The whole-frame pass gives luma in 0..1; tiles drift by up to 5x and +12 unless aligned.
        double sum = 0;
        for (float v : d.data()) sum += v;
        double mean = sum / d.data().length;
        assertTrue(mean > 0.05 && mean < 1.0, "aligned depth should be on the whole-frame scale, mean " + mean);
    }

    @Test
    void seamScoreOfASmoothMapIsAboutOne() {
        FloatMap ramp = new FloatMap(600, 400);
        for (int y = 0; y < 400; y++)
            for (int x = 0; x < 600; x++) ramp.set(x, y, 0.001f * x * x + 0.5f * y);
        double s = SeamScore.of(ramp, TileGrid.of(600, 400, 160, 160, 32));
        assertEquals(1.0, s, 0.1);
    }
}

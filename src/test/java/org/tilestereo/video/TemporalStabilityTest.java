package org.tilestereo.video;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tilestereo.depth.DepthKind;
import org.tilestereo.depth.DepthMap;
import org.tilestereo.depth.DepthSource;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.java.JavaKernels;
import org.tilestereo.pipeline.StageTimes;
import org.tilestereo.pipeline.StereoSettings;
import org.tilestereo.testing.Samples;

/** Depth range smoothing over time, the flicker score's definition, and smoothing lowering flicker. */
class TemporalStabilityTest {

    @Test
    void theRangeIsAnExponentialMovingAverageThatResetsAtCuts() {
        TemporalDepthRange r = new TemporalDepthRange(0.25f);
        assertArrayEquals(new float[] {1f, 5f}, r.apply(new float[] {1f, 5f}), "the first frame's range as it is");
        assertArrayEquals(new float[] {1.5f, 4f}, r.apply(new float[] {3f, 1f}), 1e-6f, "s + 0.25 (r - s)");
        assertArrayEquals(new float[] {1.5f, 4f}, r.apply(new float[] {Float.NaN, Float.NaN}), 1e-6f, "no depth: history kept");
        r.reset();
        assertArrayEquals(new float[] {7f, 9f}, r.apply(new float[] {7f, 9f}), "after a cut: the new shot's own range");
        TemporalDepthRange none = new TemporalDepthRange(1f);
        none.apply(new float[] {0f, 1f});
        assertArrayEquals(new float[] {2f, 3f}, none.apply(new float[] {2f, 3f}), "weight 1: no smoothing");
        assertThrows(IllegalArgumentException.class, () -> new TemporalDepthRange(0f));
    }

    @Test
    void flickerIsTheMeanDisparityChangeOnStillPixelsOverTheRange() {
        RgbImage still = new RgbImage(10, 10);
        FlickerMeter m = new FlickerMeter();
        for (int t = 0; t < 4; t++) {
            FloatMap d = new FloatMap(10, 10);
            d.fill(0.5f * t);
            m.add(still, d, 10f, false);
        }
        assertEquals(0.05, m.score(), 1e-9, "|0.5 px| / 10 px per pair");
        assertEquals(3, m.pairs());

        // Pixels whose picture changes are not still: their disparity may change.
        FlickerMeter moving = new FlickerMeter();
        RgbImage a = new RgbImage(10, 10), b = new RgbImage(10, 10);
        for (int y = 0; y < 5; y++) for (int x = 0; x < 10; x++) b.set(x, y, 0, 200);
        FloatMap d0 = new FloatMap(10, 10), d1 = new FloatMap(10, 10);
        for (int y = 0; y < 10; y++) for (int x = 0; x < 10; x++) d1.set(x, y, y < 5 ? 9f : 1f);
        moving.add(a, d0, 10f, false);
        moving.add(b, d1, 10f, false);
        assertEquals(0.1, moving.score(), 1e-9, "only the lower, unchanged half counts: 1 px / 10 px");

        FlickerMeter cut = new FlickerMeter();
        cut.add(a, d0, 10f, false);
        cut.add(a, d1, 10f, true);
        assertTrue(Double.isNaN(cut.score()), "no pair across a cut");
    }

    /**
     * A static shot whose depth model wobbles: an object covering 4% of the frame gets a random
     * depth every frame, which moves the frame's 98th percentile and with it the normalisation of
     * everything else. Per-frame normalisation passes that on as flicker of the whole picture; the
     * smoothed range holds it down.
     */
    @Test
    void smoothingTheRangeLowersFlickerOnAClipWithJitteredDepth() throws Exception {
        RgbImage frame = TestClips.frames(Samples.file("video/tree.avi"), 1).get(0);
        double raw = flicker(frame, null), smoothed = flicker(frame, new TemporalDepthRange(TemporalDepthRange.DEFAULT_WEIGHT));
        System.out.printf("flicker with jittered depth: per-frame range %.4f, smoothed range %.4f (%.0f%%)%n",
                raw, smoothed, 100 * smoothed / raw);
        assertTrue(raw > 0.02, "the jitter shows as flicker without smoothing: " + raw);
        assertTrue(smoothed < 0.6 * raw, "smoothing lowers it: " + smoothed + " vs " + raw);
    }

    private static double flicker(RgbImage frame, TemporalDepthRange range) throws Exception {
        StageTimes times = new StageTimes();
        FlickerMeter meter = new FlickerMeter();
        try (JavaKernels kernels = new JavaKernels(); DepthSource depth = new JitteredDepth(11)) {
            FrameConverterStage stage = new FrameConverterStage(kernels, depth, StereoSettings.defaults(), range, times);
            int[] size = FrameConverterStage.outputSize(StereoSettings.defaults().layout(), frame.width(), frame.height());
            for (int t = 0; t < 30; t++) {
                VideoFrame f = new VideoFrame(frame, new RgbImage(size[0], size[1]));
                stage.submit(f, done -> meter.add(done.input(), done.disparity(), done.disparityRange(), false));
            }
        }
        return meter.score();
    }

    /** Inverse depth: a left-to-right ramp 0..1, and a block at a random depth 0..3 each frame. */
    private static final class JitteredDepth implements DepthSource {
        private final Random random;

        JitteredDepth(long seed) {
            random = new Random(seed);
        }

        @Override
        public String describe() {
            return "jittered test depth";
        }

        @Override
        public DepthMap depthOf(RgbImage frame) {
            int w = frame.width(), h = frame.height();
            FloatMap d = new FloatMap(w, h);
            float block = 3f * random.nextFloat();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    boolean inBlock = x < w / 5 && y < h / 5;
                    d.set(x, y, inBlock ? block : x / (float) (w - 1));
                }
            }
            return new DepthMap(d, DepthKind.INVERSE);
        }
    }

    @Test
    void theStageResetsItsRangeAtACut() throws Exception {
        TemporalDepthRange range = new TemporalDepthRange(0.2f);
        RgbImage frame = new RgbImage(16, 8);
        float[] level = {0f};
        DepthSource depth = new DepthSource() {
            @Override
            public String describe() {
                return "ramp";
            }

            @Override
            public DepthMap depthOf(RgbImage f) {
                FloatMap d = new FloatMap(16, 8);
                for (int i = 0; i < d.data().length; i++) d.data()[i] = level[0] + (i % 16);
                return new DepthMap(d, DepthKind.INVERSE);
            }
        };
        try (JavaKernels kernels = new JavaKernels()) {
            FrameConverterStage stage = new FrameConverterStage(kernels, depth, StereoSettings.defaults(), range, new StageTimes());
            for (int t = 0; t < 3; t++) {
                VideoFrame f = new VideoFrame(frame, new RgbImage(32, 8));
                f.sceneCut = t == 2;
                level[0] = t == 2 ? 100f : 0f;
                stage.submit(f, done -> { });
            }
        }
        // A frame without depth returns the history: the range the last frame was normalised with.
        float lo = range.apply(new float[] {Float.NaN, Float.NaN})[0];
        assertTrue(lo > 99f, "the new shot starts from its own range (about 100), not 0.8 of the old one's: " + lo);
    }
}

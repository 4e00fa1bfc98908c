package org.tilestereo.video;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tilestereo.depth.DepthKind;
import org.tilestereo.depth.DepthMap;
import org.tilestereo.depth.DepthSource;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.DisparityParams;
import org.tilestereo.kernels.HostFrameOperators;
import org.tilestereo.kernels.Layout;
import org.tilestereo.kernels.java.JavaKernels;
import org.tilestereo.pipeline.Eyes;
import org.tilestereo.pipeline.FrameConverter;
import org.tilestereo.pipeline.FrameProgram;
import org.tilestereo.pipeline.FrameSlots;
import org.tilestereo.pipeline.ProgramSlots;
import org.tilestereo.pipeline.StageTimes;
import org.tilestereo.pipeline.StereoSettings;
import org.tilestereo.pipeline.WarpMode;
import org.tilestereo.testing.MovingScene;

/**
 * The streamed stage's scheduling, without a GPU: its slots are the frame programs on the host (the
 * Java reference), with a log of the calls. Its results must equal the synchronous stage's byte for byte, frames must come out in order, each frame's range must be
 * chosen only after the next frame was begun (that is the overlap), and the smoothing must see
 * the frames in order and restart at the cuts.
 */
class StreamedStageTest {
    private static final int W = 61, H = 37, FRAMES = 11;
    private static final boolean[] CUTS = new boolean[FRAMES];

    static {
        CUTS[0] = true;
        CUTS[6] = true;
    }

    /**
     * The frame programs on the host (the Java reference) as slots: the same program the device
     * slots run, with a log of the calls and a ready() that says "not yet" for a while, as a device's
     * queue would.
     */
    static final class JavaFrameSlots implements FrameSlots {
        private final ProgramSlots<HostFrameOperators.Buffer> slots;
        final List<String> calls = new ArrayList<>();
        private int readyCalls;

        JavaFrameSlots(StereoSettings settings, int count) {
            List<FrameProgram<HostFrameOperators.Buffer>> programs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                programs.add(new FrameProgram<>(new HostFrameOperators(new JavaKernels()), null, settings, W, H, true, null));
            }
            slots = new ProgramSlots<>(programs, count + " Java slots", () -> { });
        }

        @Override
        public int count() {
            return slots.count();
        }

        @Override
        public String describe() {
            return slots.describe();
        }

        @Override
        public boolean makesDepth() {
            return false;
        }

        @Override
        public void begin(int slot, RgbImage f) {
            throw new UnsupportedOperationException("these slots are given each frame's depth");
        }

        @Override
        public void begin(int slot, RgbImage f, DepthMap d) {
            calls.add("begin " + slot);
            slots.begin(slot, f, d);
        }

        @Override
        public float[] percentiles(int slot) {
            calls.add("percentiles " + slot);
            return slots.percentiles(slot);
        }

        @Override
        public void finish(int slot, float lo, float hi) {
            calls.add("finish " + slot);
            slots.finish(slot, lo, hi);
        }

        @Override
        public boolean ready(int slot) {
            // Not done for a while (the slots fill up and the stage must wait), then every other time
            // (frames leave early): both paths of the stage run.
            int n = readyCalls++;
            return slots.ready(slot) && n >= 5 && n % 2 == 0;
        }

        @Override
        public void collect(int slot, RgbImage out, FloatMap disparity) {
            calls.add("collect " + slot);
            slots.collect(slot, out, disparity);
        }

        @Override
        public void close() {
            slots.close();
        }
    }

    /** A slot used out of turn is refused, by whichever program runs in it. */
    @Test
    void aSlotUsedOutOfTurnIsRefused() {
        try (JavaFrameSlots slots = new JavaFrameSlots(StereoSettings.defaults(), 2)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> slots.finish(0, 0f, 1f));
            assertTrue(e.getMessage().contains("FREE, expected BEGUN"), e.getMessage());
        }
    }

    private static final StereoSettings[] CASES = {
            StereoSettings.defaults(),
            new StereoSettings(DisparityParams.DEFAULT, Eyes.RIGHT, Layout.HSBS, WarpMode.FORWARD),
            new StereoSettings(new DisparityParams(3f, 0.3f, 1f), Eyes.BOTH, Layout.ANAGLYPH, WarpMode.BACKWARD),
            new StereoSettings(DisparityParams.DEFAULT, Eyes.LEFT, Layout.LEFT, WarpMode.FORWARD),
            new StereoSettings(DisparityParams.DEFAULT, Eyes.BOTH, Layout.HTB, WarpMode.FORWARD),
    };

    @Test
    void streamedFramesEqualTheSynchronousStageInOrder() throws Exception {
        List<RgbImage> frames = MovingScene.frames(W, H, FRAMES, 5);
        for (StereoSettings s : CASES) {
            for (DepthKind kind : new DepthKind[] {DepthKind.INVERSE, DepthKind.METRIC}) {
                for (int slots : new int[] {2, 3}) {
                    String what = s + ", " + kind + ", " + slots + " slots";
                    int[] size = FrameConverterStage.outputSize(s.layout(), W, H);
                    StageHarness.Run expected = StageHarness.run(new FrameConverterStage(new JavaKernels(),
                            MovingScene.brightnessDepth(kind), s, new TemporalDepthRange(0.3f), new StageTimes()),
                            frames, CUTS, size[0], size[1]);
                    JavaFrameSlots java = new JavaFrameSlots(s, slots);
                    StreamedStage stage = new StreamedStage(java, MovingScene.brightnessDepth(kind), s,
                            new TemporalDepthRange(0.3f), new StageTimes(), true);
                    assertEquals(slots, stage.maxInFlight());
                    StageHarness.Run actual = StageHarness.run(stage, frames, CUTS, size[0], size[1]);

                    assertEquals(FRAMES, actual.frames().size(), what);
                    for (int i = 0; i < FRAMES; i++) {
                        StageHarness.Emitted a = actual.frames().get(i), e = expected.frames().get(i);
                        assertEquals(i, a.index(), what + ": frames leave in order");
                        assertArrayEquals(e.image(), a.image(), what + ": frame " + i);
                        assertArrayEquals(e.disparity(), a.disparity(), what + ": disparity of frame " + i);
                    }
                    assertTrue(actual.maxHeld() <= slots, what + ": held " + actual.maxHeld());
                    assertEquals(slots, actual.maxHeld(), what + ": every slot is used, so frames overlap");
                    assertEachRangeIsChosenAfterTheNextFrameBegan(java.calls, slots, what);
                }
            }
        }
    }

    /** Frame i's percentiles are read only after frame i+1 was begun (but for the last frame, at flush). */
    private static void assertEachRangeIsChosenAfterTheNextFrameBegan(List<String> calls, int slots, String what) {
        int begun = 0, chosen = 0;
        for (String c : calls) {
            if (c.startsWith("begin")) begun++;
            if (c.startsWith("percentiles")) {
                chosen++;
                if (chosen < FRAMES) {
                    assertEquals(chosen + 1, begun, what + ": range of frame " + (chosen - 1) + " chosen after " + begun
                            + " frames were begun: " + calls);
                }
            }
        }
        assertEquals(FRAMES, begun, what);
        assertEquals(FRAMES, chosen, what);
    }

    @Test
    void withoutSmoothingOrDisparityEachFrameUsesItsOwnRange() throws Exception {
        List<RgbImage> frames = MovingScene.frames(W, H, 5, 9);
        StereoSettings s = StereoSettings.defaults();
        int[] size = FrameConverterStage.outputSize(s.layout(), W, H);
        boolean[] noCuts = new boolean[5];
        StageHarness.Run expected = StageHarness.run(new FrameConverterStage(new JavaKernels(),
                MovingScene.brightnessDepth(DepthKind.INVERSE), s, null, new StageTimes()), frames, noCuts, size[0], size[1]);
        StageHarness.Run actual = StageHarness.run(new StreamedStage(new JavaFrameSlots(s, 2),
                MovingScene.brightnessDepth(DepthKind.INVERSE), s, null, new StageTimes(), false), frames, noCuts, size[0], size[1]);
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(expected.frames().get(i).image(), actual.frames().get(i).image(), "frame " + i);
            assertNull(actual.frames().get(i).disparity(), "no disparity reported unless asked");
        }
    }

    @Test
    void theStageTimesItsParts() throws Exception {
        StereoSettings s = StereoSettings.defaults();
        StageTimes times = new StageTimes();
        int[] size = FrameConverterStage.outputSize(s.layout(), W, H);
        StageHarness.run(new StreamedStage(new JavaFrameSlots(s, 2), MovingScene.brightnessDepth(DepthKind.INVERSE), s,
                new TemporalDepthRange(0.3f), times, false), MovingScene.frames(W, H, 4, 1), new boolean[4], size[0], size[1]);
        assertEquals(List.of("depth", "upload", "statistics", "queue", "download"), List.copyOf(times.totalsNanos().keySet()));
    }

    @Test
    void theWarmUpRunsTheDepthSourceOnceAtTheVideosSizeBeforeTheSlotsAreSized() throws Exception {
        List<String> seen = new ArrayList<>();
        DepthSource counting = new DepthSource() {
            @Override
            public String describe() {
                return "counting";
            }

            @Override
            public DepthMap depthOf(RgbImage frame) {
                seen.add(frame.size());
                return new DepthMap(new FloatMap(frame.width(), frame.height()), DepthKind.INVERSE);
            }
        };
        StageTimes times = new StageTimes();
        assertEquals(Long.MAX_VALUE, ConversionStages.warmUp(counting, 64, 48, times), "no plan, no budget: no cap");
        assertEquals(List.of("64x48"), seen);
        assertTrue(times.totalsNanos().containsKey("warm-up"), "the warm-up is timed on its own");
    }
}

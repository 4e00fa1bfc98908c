package org.tilestereo.video;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tilestereo.cuda.Compare;
import org.tilestereo.cuda.CudaKernels;
import org.tilestereo.cuda.Gpu;
import org.tilestereo.depth.DepthKind;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.DisparityParams;
import org.tilestereo.kernels.Layout;
import org.tilestereo.pipeline.Eyes;
import org.tilestereo.pipeline.StageTimes;
import org.tilestereo.pipeline.StereoSettings;
import org.tilestereo.pipeline.WarpMode;
import org.tilestereo.testing.MovingScene;

/**
 * The streamed CUDA stage against the synchronous one on the same GPU: frames in flight on several
 * streams through pinned slots must give what the CUDA operators called one after another give —
 * disparity bit for bit, colours within one level (the forward warp's float accumulation order is
 * free) — with the slots' device memory taken in one allocation.
 */
class StreamedSlotsGpuTest {
    private static final int W = 321, H = 177, FRAMES = 9;
    private boolean usedGpu;

    @AfterEach
    void noCudaErrorPending() {
        if (usedGpu) Gpu.assertNoErrorPending();
    }

    @Test
    void streamedFramesEqualTheSynchronousCudaStage() throws Exception {
        Gpu.require();
        usedGpu = true;
        boolean[] cuts = new boolean[FRAMES];
        cuts[0] = cuts[5] = true;
        List<RgbImage> frames = MovingScene.frames(W, H, FRAMES, 3);
        StereoSettings[] cases = {
                StereoSettings.defaults(),
                new StereoSettings(DisparityParams.DEFAULT, Eyes.RIGHT, Layout.HSBS, WarpMode.FORWARD),
                new StereoSettings(new DisparityParams(3f, 0.3f, 1f), Eyes.BOTH, Layout.ANAGLYPH, WarpMode.BACKWARD),
                new StereoSettings(DisparityParams.DEFAULT, Eyes.LEFT, Layout.LEFT, WarpMode.FORWARD),
                new StereoSettings(DisparityParams.DEFAULT, Eyes.BOTH, Layout.HTB, WarpMode.FORWARD),
        };
        try (CudaKernels kernels = CudaKernels.open(Gpu.device())) {
            for (StereoSettings s : cases) {
                for (DepthKind kind : new DepthKind[] {DepthKind.INVERSE, DepthKind.METRIC}) {
                    for (int count : new int[] {2, 3}) {
                        String what = s + ", " + kind + ", " + count + " slots";
                        int[] size = FrameConverterStage.outputSize(s.layout(), W, H);
                        StageHarness.Run expected = StageHarness.run(new FrameConverterStage(kernels,
                                MovingScene.brightnessDepth(kind), s, new TemporalDepthRange(0.3f), new StageTimes()),
                                frames, cuts, size[0], size[1]);
                        StageHarness.Run actual;
                        try (StreamedSlots slots = StreamedSlots.open(kernels, MovingScene.brightnessDepth(kind), W, H, s, count, true, Long.MAX_VALUE)) {
                            assertEquals(count, slots.count(), what);
                            actual = StageHarness.run(new StreamedStage(slots, MovingScene.brightnessDepth(kind), s,
                                    new TemporalDepthRange(0.3f), new StageTimes(), true), frames, cuts, size[0], size[1]);
                            assertEquals(1, slots.deviceAllocations(), what + ": one device allocation for the run");
                        }
                        // Frames whose results are back leave early, so a third slot need not fill; two must.
                        assertTrue(actual.maxHeld() >= 2 && actual.maxHeld() <= count,
                                what + ": frames in flight at once: " + actual.maxHeld());
                        for (int i = 0; i < FRAMES; i++) {
                            StageHarness.Emitted a = actual.frames().get(i), e = expected.frames().get(i);
                            assertEquals(i, a.index(), what);
                            Compare.exactFloats(what + " disparity of frame " + i, e.disparity(), a.disparity());
                            Compare.withinBytes(what + " frame " + i, e.image(), a.image(), 1);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aSlotUsedOutOfTurnIsRefused() {
        Gpu.require();
        usedGpu = true;
        try (CudaKernels kernels = CudaKernels.open(Gpu.device());
             StreamedSlots slots = StreamedSlots.open(kernels, MovingScene.brightnessDepth(DepthKind.INVERSE), W, H, StereoSettings.defaults(), 2, false,
                     Long.MAX_VALUE)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> slots.finish(0, 0f, 1f));
            assertTrue(e.getMessage().contains("FREE, expected BEGUN"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> slots.begin(0, new RgbImage(W + 1, H),
                    MovingScene.brightnessDepth(DepthKind.INVERSE).depthOf(new RgbImage(W + 1, H))));
        } catch (Exception e) {
            fail(e);
        }
    }
}

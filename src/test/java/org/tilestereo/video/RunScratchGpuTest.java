package org.tilestereo.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tilestereo.cuda.Compare;
import org.tilestereo.cuda.CudaKernels;
import org.tilestereo.cuda.DeviceBuffer;
import org.tilestereo.cuda.Gpu;
import org.tilestereo.depth.DepthBatch;
import org.tilestereo.depth.DepthModel;
import org.tilestereo.depth.ModelDepthSource;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.FrameOperators;
import org.tilestereo.kernels.ModelInput;
import org.tilestereo.kernels.java.JavaKernels;
import org.tilestereo.pipeline.FrameConverter;
import org.tilestereo.pipeline.StageTimes;
import org.tilestereo.pipeline.StereoSettings;
import org.tilestereo.testing.MovingScene;

/**
 * One owner of device memory per run: a depth runtime's scratch (TensorRT's context memory) is a
 * slice of the run's one allocation, given to the runtime once and shared by every slot, taken back
 * before the allocation is freed; the frames are those of the host run, and the run still makes
 * exactly one device allocation, for a video as for a photo.
 */
class RunScratchGpuTest {
    private static final int W = 203, H = 117, FRAMES = 7;
    private boolean usedGpu;

    @AfterEach
    void noCudaErrorPending() {
        if (usedGpu) Gpu.assertNoErrorPending();
    }

    /** A host model (depth = luma) that asks the run for scratch and records what it is given. */
    static final class ScratchModel implements DepthModel {
        static final long SCRATCH = 3L * 1024 * 1024 + 5;
        Object given;
        int gifts, releases;

        @Override public String describe() { return "scratch test model"; }
        @Override public ModelInput inputFor(int w, int h, int resolution) {
            double k = (double) resolution / Math.min(w, h);
            return ModelInput.imagenet((int) Math.round(w * k), (int) Math.round(h * k));
        }
        @Override public ModelInput exactInput(int w, int h) { return ModelInput.imagenet(w, h); }
        @Override public int maxBatch() { return Integer.MAX_VALUE; }
        @Override public long deviceScratchBytes() { return SCRATCH; }
        @Override public <B> void useDeviceScratch(FrameOperators<B> ops, B scratch) { given = scratch; gifts++; }
        @Override public void releaseDeviceScratch() { releases++; }

        @Override public DepthBatch run(float[] nchw, int batch, ModelInput in) {
            int plane = in.width() * in.height();
            float[] out = new float[batch * plane];
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < plane; i++) {
                    out[b * plane + i] = 2f + 0.3f * nchw[3 * b * plane + i] + 0.6f * nchw[(3 * b + 1) * plane + i]
                            + 0.1f * nchw[(3 * b + 2) * plane + i];
                }
            }
            return new DepthBatch(out, batch, in.width(), in.height());
        }

        @Override public void close() { }
    }

    @Test
    void theRuntimesScratchIsASliceOfTheRunsOneAllocation() throws Exception {
        Gpu.require();
        usedGpu = true;
        StereoSettings s = StereoSettings.defaults();
        boolean[] cuts = new boolean[FRAMES];
        cuts[0] = true;
        List<RgbImage> frames = MovingScene.frames(W, H, FRAMES, 11);
        int[] size = FrameConverterStage.outputSize(s.layout(), W, H);
        StageHarness.Run expected = StageHarness.run(new FrameConverterStage(new JavaKernels(),
                ModelDepthSource.builder(new JavaKernels(), new ScratchModel()).resolution(70).build(), s,
                new TemporalDepthRange(0.3f), new StageTimes()), frames, cuts, size[0], size[1]);
        try (CudaKernels kernels = CudaKernels.open(Gpu.device())) {
            ScratchModel model = new ScratchModel();
            ModelDepthSource depth = ModelDepthSource.builder(new JavaKernels(), model).resolution(70).build();
            StageHarness.Run actual;
            try (StreamedSlots slots = StreamedSlots.open(kernels, depth, W, H, s, 3, true, Long.MAX_VALUE)) {
                assertTrue(slots.makesDepth(), "each slot makes its frame's depth");
                assertEquals(1, model.gifts, "the scratch is given once, for all slots");
                DeviceBuffer scratch = (DeviceBuffer) model.given;
                assertTrue(scratch.bytes() >= ScratchModel.SCRATCH, scratch.toString());
                actual = StageHarness.run(new StreamedStage(slots, depth, s, new TemporalDepthRange(0.3f), new StageTimes(),
                        true), frames, cuts, size[0], size[1]);
                assertEquals(1, slots.deviceAllocations(), "one device allocation: slots, depth stages and the scratch");
                assertEquals(0, model.releases, "still in use while the slots are open");
            }
            assertEquals(1, model.releases, "taken back before the allocation is freed");
            for (int i = 0; i < FRAMES; i++) {
                Compare.exactFloats("disparity of frame " + i, expected.frames().get(i).disparity(),
                        actual.frames().get(i).disparity());
                Compare.withinBytes("frame " + i, expected.frames().get(i).image(), actual.frames().get(i).image(), 1);
            }

            ScratchModel photoModel = new ScratchModel();
            ModelDepthSource photoDepth = ModelDepthSource.builder(new JavaKernels(), photoModel).resolution(70).build();
            try (FrameConverter converter = new FrameConverter(kernels, photoDepth, s, new StageTimes())) {
                converter.convert(frames.get(0));
                Object first = photoModel.given;
                converter.convert(frames.get(1));
                assertEquals(1, converter.deviceAllocations(), "a photo run: one allocation");
                assertEquals(1, photoModel.gifts);
                assertSame(first, photoModel.given);
            }
            assertEquals(1, photoModel.releases);
        }
    }
}

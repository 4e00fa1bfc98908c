package org.tilestereo.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tilestereo.depth.DepthBatch;
import org.tilestereo.depth.DepthModel;
import org.tilestereo.depth.DepthStage;
import org.tilestereo.depth.ModelDepthSource;
import org.tilestereo.depth.Tiling;
import org.tilestereo.depth.WholeFrameAligner;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.DeviceQueues;
import org.tilestereo.kernels.FrameOperators;
import org.tilestereo.kernels.HostFrameOperators;
import org.tilestereo.kernels.Layout;
import org.tilestereo.kernels.ModelInput;
import org.tilestereo.kernels.java.JavaKernels;
import org.tilestereo.memory.Arena;

/**
 * The depth stage on the device (tile_extract into the model's input, the model's enqueue through
 * the host adapter, tile_blend with the aligner's scale and shift) gives exactly what it gives on
 * the Java reference, for whole frames and tiles, batches that do not divide the tiles, a model
 * with a fixed (padded) batch, and on a depth buffer poisoned beforehand.
 */
class DepthStageGpuTest {
    private boolean usedGpu;

    @AfterEach
    void noCudaErrorPending() {
        if (usedGpu) Gpu.assertNoErrorPending();
    }

    /**
     * A deterministic host "model": depth from the pixels' channels, with a per-run drift (as a
     * relative model gives each tile its own scale) and, optionally, a fixed batch it pads to.
     * Output is half the input's size in x, so the blend resamples.
     */
    static final class HalfWidthModel implements DepthModel {
        private final int fixedBatch;
        private int runs;

        HalfWidthModel(int fixedBatch) {
            this.fixedBatch = fixedBatch;
        }

        @Override public String describe() { return "half-width test model" + (fixedBatch > 0 ? ", batch " + fixedBatch : ""); }
        @Override public ModelInput inputFor(int w, int h, int resolution) {
            double k = (double) resolution / Math.min(w, h);
            return ModelInput.imagenet(Math.max(2, (int) Math.round(w * k)), Math.max(1, (int) Math.round(h * k)));
        }
        @Override public ModelInput exactInput(int w, int h) { return ModelInput.imagenet(w, h); }
        @Override public int maxBatch() { return fixedBatch > 0 ? fixedBatch : Integer.MAX_VALUE; }
        @Override public int paddedBatch(int batch) { return fixedBatch > 0 ? fixedBatch : batch; }

        @Override public DepthBatch run(float[] nchw, int batch, ModelInput in) {
            int w = in.width() / 2, h = in.height(), plane = in.width() * in.height();
            float[] out = new float[batch * w * h];
            for (int b = 0; b < batch; b++, runs++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int i = b * 3 * plane + y * in.width() + 2 * x;
                        float v = 0.5f * nchw[i] + 0.3f * nchw[i + plane] + 0.2f * nchw[i + 2 * plane];
                        out[(b * h + y) * w + x] = (1 + runs % 3) * v + runs % 5;
                    }
                }
            }
            return new DepthBatch(out, batch, w, h);
        }

        @Override public void close() { }
    }

    private static ModelDepthSource source(DepthModel model, Tiling tiling, int batch, boolean aligned) {
        ModelDepthSource.Builder b = ModelDepthSource.builder(new JavaKernels(), model).resolution(61).batch(batch);
        if (tiling != null) {
            b.tiling(tiling);
            if (aligned) b.aligner(new WholeFrameAligner(47));
        }
        return b.build();
    }

    @Test
    void theStageOnTheDeviceGivesExactlyTheReferenceDepth() throws Exception {
        Gpu.require();
        usedGpu = true;
        int[][] sizes = {{173, 91}, {300, 211}, {64, 64}};
        try (CudaKernels kernels = CudaKernels.open(Gpu.device())) {
            for (int[] size : sizes) {
                int w = size[0], h = size[1];
                RgbImage frame = Inputs.rgb(w, h, 31L * w + h);
                Object[][] cases = {
                        {"whole frame", null, 1, false, 0},
                        {"tiles of 64, batch 3, aligned", new Tiling(64, 64, 16), 3, true, 0},
                        {"tiles of 80x80, batch 2, raw", new Tiling(80, 80, 24), 2, false, 0},
                        {"tiles of 64, fixed batch 4, aligned", new Tiling(64, 64, 16), 4, true, 4},
                };
                for (Object[] c : cases) {
                    String what = c[0] + " on " + w + "x" + h;
                    Tiling tiling = (Tiling) c[1];
                    int batch = (Integer) c[2];
                    boolean aligned = (Boolean) c[3];
                    int fixed = (Integer) c[4];
                    float[] expected, actual;
                    int deviceAllocations;
                    try (ModelDepthSource reference = source(new HalfWidthModel(fixed), tiling, batch, aligned)) {
                        expected = reference.depthOf(frame).values().data();
                    }
                    try (ModelDepthSource device = source(new HalfWidthModel(fixed), tiling, batch, aligned)) {
                        DepthStage.Sizes z = device.stageSizes(w, h, false);
                        long frameBytes = 3L * w * h, depthBytes = 4L * w * h;
                        try (DeviceQueues<?> queues = kernels.openQueues(1, z.device() + Arena.need(frameBytes, depthBytes),
                                z.staging() + Arena.need(frameBytes, depthBytes), 0, Layout.SBS)) {
                            actual = run(queues.operators().get(0), device, frame);
                            deviceAllocations = queues.deviceAllocations();
                        }
                    }
                    assertEquals(1, deviceAllocations, what);
                    assertTrue(Arrays.stream(box(actual)).noneMatch(v -> Float.isNaN(v)), what + ": every pixel written");
                    Compare.exactFloats(what, expected, actual);
                }
            }
        }
    }

    private static Float[] box(float[] a) {
        Float[] b = new Float[a.length];
        for (int i = 0; i < a.length; i++) b[i] = a[i];
        return b;
    }

    /** The stage on ops, with the depth buffer poisoned (NaN) first: the frame up, the depth down. */
    private static <B> float[] run(FrameOperators<B> ops, ModelDepthSource source, RgbImage frame) throws Exception {
        int w = frame.width(), h = frame.height();
        try (DepthStage<B> stage = source.stageOn(ops, w, h, false)) {
            B f = ops.rgb(w, h, "frame");
            B d = ops.floats(w, h, "depth");
            ByteBuffer in = ops.staging(3L * w * h, "frame");
            ByteBuffer out = ops.staging(4L * w * h, "depth");
            in.duplicate().position(0).put(frame.data());
            ops.upload(in, f);
            float[] nan = new float[w * h];
            Arrays.fill(nan, Float.NaN);
            out.duplicate().order(out.order()).position(0).asFloatBuffer().put(nan);
            ops.upload(out, d);
            stage.enqueue(f, d);
            ops.download(d, out);
            try (FrameOperators.Mark m = ops.mark()) {
                m.record();
                m.await();
            }
            FloatMap depth = new FloatMap(w, h);
            out.duplicate().order(out.order()).position(0).asFloatBuffer().get(depth.data());
            return depth.data();
        }
    }

    /** The host operators' slices: the model's output lands at its offset, and operators refuse a slice. */
    @Test
    void hostSlicesAreWindowsOfTheirBuffer() {
        HostFrameOperators ops = new HostFrameOperators(new JavaKernels());
        HostFrameOperators.Buffer b = ops.floats(10, "ten");
        HostFrameOperators.Buffer part = ops.slice(b, 8, 12, "three from the third");
        ByteBuffer s = ops.staging(40, "values");
        s.asFloatBuffer().put(new float[] {1, 2, 3});
        ops.upload(s, part);
        ByteBuffer back = ops.staging(40, "back");
        ops.download(b, back);
        float[] all = new float[10];
        back.asFloatBuffer().get(all);
        Compare.exactFloats("slice upload", new float[] {0, 0, 1, 2, 3, 0, 0, 0, 0, 0}, all);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ops.slice(b, 36, 8, "past the end"));
    }
}

package org.tilestereo.pipeline;

import java.nio.ByteBuffer;

import org.tilestereo.depth.DepthException;
import org.tilestereo.depth.DepthKind;
import org.tilestereo.depth.DepthMap;
import org.tilestereo.depth.DepthStage;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.FrameOperators;
import org.tilestereo.kernels.Layout;
import org.tilestereo.kernels.OperatorSizes;
import org.tilestereo.memory.Arena;

/**
 * One frame's way from picture and depth to stereo, written once against {@link FrameOperators}:
 * depth normalisation, disparity, the eyes (forward warp and hole fill, or the backward warp), the
 * layout. Photos run it on the host or on a device synchronously (begin, percentiles, finish,
 * collect); video runs one per slot on its own queue so consecutive frames overlap. The buffers of
 * one frame are taken once, when the program is made; a frame allocates nothing.
 *
 * <p>Every choice the settings make is an exhaustive switch, so a new layout, depth kind or warp
 * fails to compile until this program handles it.
 *
 * @param <B> the device's buffer type
 */
public final class FrameProgram<B> implements AutoCloseable {

    /**
     * Bytes of one frame's buffers (0 = not needed with these settings): on the device, and in the
     * staging memory the device copies through. The one model of a frame's memory, for the
     * streamed slots' sizing as for the program itself.
     */
    public record Sizes(int width, int height, long frame, long depth, long statistics, long disparity, long leftEye,
                        long rightEye, long targetDisparity, long warpWorkspace, long fillWorkspace, long output,
                        long depthIn, long pinnedOutput, long pinnedDisparity, DepthStage.Sizes depthStage) {

        /** Device bytes, each buffer rounded as a pool rounds it, the depth stage's included. */
        public long device() {
            return Arena.need(frame, depth, statistics, disparity, leftEye, rightEye, targetDisparity, warpWorkspace,
                    fillWorkspace, output) + (depthStage == null ? 0 : depthStage.device());
        }

        /** Staging bytes: the frame and a given depth in, statistics, the result and the disparity out; the depth stage's. */
        public long staging() {
            return Arena.need(frame, depthIn, statistics, pinnedOutput, pinnedDisparity)
                    + (depthStage == null ? 0 : depthStage.staging());
        }
    }

    /**
     * The buffers a frame of width x height takes with these settings; keepDisparity: the disparity
     * comes back too; stage: the sizes of the depth stage that computes the depth on the device, or
     * null where the depth is given to each frame.
     */
    public static Sizes sizes(int width, int height, StereoSettings s, boolean keepDisparity, OperatorSizes ops,
                              DepthStage.Sizes stage) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("frame program: frame " + width + "x" + height + " is empty");
        }
        Layout layout = s.layout();
        long rgb = 3L * width * height, floats = 4L * width * height;
        boolean leftShown = switch (layout) {
            case LEFT, SBS, HSBS, TB, HTB, ANAGLYPH -> true;
            case RIGHT, DEPTH -> false;
        };
        boolean rightShown = switch (layout) {
            case RIGHT, SBS, HSBS, TB, HTB, ANAGLYPH -> true;
            case LEFT, DEPTH -> false;
        };
        long left = leftShown && s.eyes().leftFactor != 0f ? rgb : 0;
        long right = rightShown && s.eyes().rightFactor != 0f ? rgb : 0;
        boolean forward = switch (s.warp()) {
            case FORWARD -> left > 0 || right > 0;
            case BACKWARD -> false;
        };
        long output = switch (layout) {
            case SBS, HSBS, TB, HTB, ANAGLYPH -> 3L * layout.outputWidth(width) * layout.outputHeight(height);
            case LEFT, RIGHT, DEPTH -> 0; // the eye, or the normalised depth, comes back as it is
        };
        long pinnedOutput = switch (layout) {
            case SBS, HSBS, TB, HTB, ANAGLYPH -> output;
            case LEFT, RIGHT -> rgb;
            case DEPTH -> floats;
        };
        boolean eyes = layout != Layout.DEPTH;
        return new Sizes(width, height, rgb, floats, ops.statisticsBytes(), eyes ? floats : 0, left, right,
                forward ? floats : 0, forward ? ops.warpForwardWorkspaceBytes(width, height) : 0,
                forward ? ops.holeFillWorkspaceBytes(width, height) : 0, output, stage == null ? floats : 0, pinnedOutput,
                keepDisparity && eyes ? floats : 0, stage);
    }

    private final FrameOperators<B> ops;
    private final DepthStage<B> depthStage;
    private final StereoSettings settings;
    private final Sizes sizes;
    private final StageTimes times;
    private final B frame, depth, statistics, disparity, left, right, target, warpWork, fillWork, output;
    private final ByteBuffer inFrame, inDepth, outStatistics, outResult, outDisparity;
    private final FrameOperators.Mark statisticsBack, resultBack;
    /** Whether the frame begun last is normalised (model depth, or any depth for the depth layout). */
    private boolean normalised;
    private boolean givenDisparity;

    /**
     * @param depthStage the depth of each frame on ops's device ({@link #begin(RgbImage)}), made on ops for
     *                   this frame size; the program owns it. null: each frame is given its depth
     * @param times      where each operator's time is added (host programs, where a call is its work); null: not timed
     */
    public FrameProgram(FrameOperators<B> ops, DepthStage<B> depthStage, StereoSettings settings, int width, int height,
                        boolean keepDisparity, StageTimes times) {
        if (depthStage != null && (depthStage.shape().width() != width || depthStage.shape().height() != height)) {
            throw new IllegalArgumentException("frame program: the depth stage is for " + depthStage.shape().width() + "x"
                    + depthStage.shape().height() + ", the program for " + width + "x" + height);
        }
        this.ops = ops;
        this.depthStage = depthStage;
        this.settings = settings;
        this.sizes = sizes(width, height, settings, keepDisparity, ops, depthStage == null ? null : depthStage.sizes());
        this.times = times;
        Sizes z = sizes;
        frame = ops.rgb(width, height, "frame");
        depth = ops.floats(width, height, "depth, normalised in place");
        statistics = ops.statistics();
        disparity = z.disparity() > 0 ? ops.floats(width, height, "disparity") : null;
        left = z.leftEye() > 0 ? ops.rgb(width, height, "left eye") : null;
        right = z.rightEye() > 0 ? ops.rgb(width, height, "right eye") : null;
        target = z.targetDisparity() > 0 ? ops.floats(width, height, "target disparity") : null;
        warpWork = z.warpWorkspace() > 0 ? ops.bytes(z.warpWorkspace(), "z-buffer and accumulators") : null;
        fillWork = z.fillWorkspace() > 0 ? ops.bytes(z.fillWorkspace(), "nearest valid columns") : null;
        Layout l = settings.layout();
        output = z.output() > 0 ? ops.rgb(l.outputWidth(width), l.outputHeight(height), "composed frame") : null;
        inFrame = ops.staging(z.frame(), "frame");
        inDepth = z.depthIn() > 0 ? ops.staging(z.depthIn(), "depth") : null;
        outStatistics = ops.staging(z.statistics(), "depth statistics");
        outResult = ops.staging(z.pinnedOutput(), "result");
        outDisparity = z.pinnedDisparity() > 0 ? ops.staging(z.pinnedDisparity(), "disparity") : null;
        statisticsBack = ops.mark();
        resultBack = ops.mark();
    }

    public Sizes sizes() {
        return sizes;
    }

    /**
     * Copies the frame into staging and queues its upload, its depth by the program's depth stage,
     * the depth statistics and their way back. Returns once the depth model has what it needs (a
     * runtime on the host has run); the image may be reused once it returns.
     */
    public void begin(RgbImage image) throws DepthException {
        if (depthStage == null) {
            throw new IllegalStateException("frame program was made without a depth stage: give each frame its depth");
        }
        upload(image);
        if (times == null) {
            depthStage.enqueue(frame, depth);
        } else {
            times.run("depth", () -> depthStage.enqueue(frame, depth));
        }
        depthKind(DepthKind.INVERSE);
        queueStatistics();
    }

    /** Whether the program makes each frame's depth itself ({@link #begin(RgbImage)}). */
    public boolean makesDepth() {
        return depthStage != null;
    }

    /** The seam score of the last tiled frame, where the depth stage measures it; NaN otherwise. */
    public double lastSeamScore() {
        return depthStage == null ? Double.NaN : depthStage.lastSeamScore();
    }

    /**
     * Copies frame and depth into staging and queues their upload and, where the depth is to be
     * normalised, its statistics and their way back. Returns without waiting for the device; both
     * arguments may be reused once it returns.
     */
    public void begin(RgbImage image, DepthMap depthMap) {
        if (inDepth == null) {
            throw new IllegalStateException("frame program was made with a depth stage: it makes each frame's depth itself");
        }
        int w = sizes.width(), h = sizes.height();
        FloatMap d = depthMap.values();
        if (d.width() != w || d.height() != h) {
            throw new IllegalArgumentException("frame program: depth is " + d.size() + ", the program is for " + w + "x" + h);
        }
        upload(image);
        java.nio.FloatBuffer staged = inDepth.duplicate().order(inDepth.order()).position(0).asFloatBuffer();
        switch (depthMap.kind()) {
            // Metric depth grows with distance; the disparity mapping wants inverse depth (near = large).
            case METRIC -> {
                for (float v : d.data()) staged.put(v > 0f ? 1f / v : Float.NaN);
            }
            case INVERSE, DISPARITY -> staged.put(d.data());
        }
        depthKind(depthMap.kind());
        ops.upload(inDepth, normalised ? depth : disparity); // given disparities are pixels between the views, used as they are
        queueStatistics();
    }

    private void upload(RgbImage image) {
        int w = sizes.width(), h = sizes.height();
        if (image.width() != w || image.height() != h) {
            throw new IllegalArgumentException("frame program: frame is " + image.size() + ", the program is for " + w + "x" + h);
        }
        inFrame.duplicate().position(0).put(image.data());
        ops.upload(inFrame, frame);
    }

    /** What the frame's depth is: given disparity (used as it is) or depth to normalise. */
    private void depthKind(DepthKind kind) {
        givenDisparity = switch (kind) {
            case DISPARITY -> true;
            case INVERSE, METRIC -> false;
        };
        normalised = switch (settings.layout()) {
            case DEPTH -> true; // the output is the normalised map, of any kind of depth
            case SBS, HSBS, TB, HTB, ANAGLYPH, LEFT, RIGHT -> !givenDisparity;
        };
    }

    /** With the depth in place: where it is to be normalised, its statistics and their way back. */
    private void queueStatistics() {
        int w = sizes.width(), h = sizes.height();
        if (normalised) {
            timed("percentiles", () -> ops.depthStatistics(depth, w, h, StereoSettings.LOW_PERCENT,
                    StereoSettings.HIGH_PERCENT, statistics));
            ops.download(statistics, outStatistics);
            statisticsBack.record();
        }
    }

    /** The robust percentiles {lo, hi} of the frame begun last, once its statistics are back; null when it needs none. */
    public float[] percentiles() {
        if (!normalised) {
            return null;
        }
        statisticsBack.await();
        return ops.percentiles(outStatistics, StereoSettings.LOW_PERCENT, StereoSettings.HIGH_PERCENT);
    }

    /** Queues normalisation with [lo, hi] (ignored where {@link #percentiles} gave null), disparity, eyes, layout and the way back. */
    public void finish(float lo, float hi) {
        int w = sizes.width(), h = sizes.height();
        if (normalised) {
            timed("normalize", () -> ops.depthNormalize(depth, w, h, lo, hi, depth));
        }
        Layout layout = settings.layout();
        B result = switch (layout) {
            case DEPTH -> depth;
            case LEFT -> {
                toDisparity();
                yield eye(settings.eyes().leftFactor, left);
            }
            case RIGHT -> {
                toDisparity();
                yield eye(settings.eyes().rightFactor, right);
            }
            case SBS, HSBS, TB, HTB, ANAGLYPH -> {
                toDisparity();
                B l = eye(settings.eyes().leftFactor, left);
                B r = eye(settings.eyes().rightFactor, right);
                timed("layout", () -> ops.layoutCompose(l, r, w, h, layout, output));
                yield output;
            }
        };
        ops.download(result, outResult);
        if (outDisparity != null) {
            ops.download(disparity, outDisparity);
        }
        resultBack.record();
    }

    private void toDisparity() {
        if (!givenDisparity) {
            timed("disparity", () -> ops.depthToDisparity(depth, sizes.width(), sizes.height(), settings.disparity(), disparity));
        }
    }

    /** Queues one eye (factor 0: the frame itself) into dst and returns the buffer that holds it. */
    private B eye(float factor, B dst) {
        if (factor == 0f) {
            return frame;
        }
        int w = sizes.width(), h = sizes.height();
        return switch (settings.warp()) {
            case BACKWARD -> {
                timed("warp", () -> ops.warpBackward(frame, disparity, factor, dst, w, h));
                yield dst;
            }
            case FORWARD -> {
                timed("warp", () -> ops.warpForward(frame, disparity, factor, dst, target, w, h, warpWork));
                timed("fill", () -> ops.holeFill(dst, target, frame, w, h, fillWork));
                yield dst;
            }
        };
    }

    /** True when the finished frame's results are back, so {@link #collect} will not wait. */
    public boolean ready() {
        return resultBack.done();
    }

    /**
     * Waits for the results and copies them out: the image into image (eye layouts) or the
     * normalised depth into depthOut (the depth layout), and where disparityOut is not null the
     * disparity in pixels (the program must keep it).
     */
    public void collect(RgbImage image, FloatMap depthOut, FloatMap disparityOut) {
        resultBack.await();
        switch (settings.layout()) {
            case DEPTH -> outResult.duplicate().order(outResult.order()).position(0).asFloatBuffer().get(depthOut.data());
            case SBS, HSBS, TB, HTB, ANAGLYPH, LEFT, RIGHT -> {
                if (image.data().length != sizes.pinnedOutput()) {
                    throw new IllegalArgumentException("frame program: output holds " + image.data().length
                            + " bytes, the result " + sizes.pinnedOutput());
                }
                outResult.duplicate().position(0).get(image.data());
            }
        }
        if (disparityOut != null) {
            if (outDisparity == null) {
                throw new IllegalStateException("frame program was made without keeping the disparity");
            }
            outDisparity.duplicate().order(outDisparity.order()).position(0).asFloatBuffer().get(disparityOut.data());
        }
    }

    private void timed(String stage, Runnable call) {
        if (times == null) {
            call.run();
        } else {
            times.run(stage, call::run);
        }
    }

    /** Frees the marks and the depth stage; the buffers belong to the memory the operators were given. */
    @Override
    public void close() {
        try {
            statisticsBack.close();
        } finally {
            try {
                resultBack.close();
            } finally {
                if (depthStage != null) {
                    depthStage.close();
                }
            }
        }
    }
}

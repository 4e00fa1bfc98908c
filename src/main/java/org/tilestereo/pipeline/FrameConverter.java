package org.tilestereo.pipeline;

import org.tilestereo.depth.DepthException;
import org.tilestereo.depth.DepthMap;
import org.tilestereo.depth.DepthSource;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.depth.DepthStage;
import org.tilestereo.kernels.DeviceQueues;
import org.tilestereo.kernels.FrameOperators;
import org.tilestereo.kernels.HostFrameOperators;
import org.tilestereo.kernels.Layout;
import org.tilestereo.kernels.StereoKernels;

/**
 * One frame's way from picture to stereo, synchronously: the {@link FrameProgram} (the frame
 * algorithm, written once) on the operators' device where they have one (one queue, its buffers
 * in one allocation), else on host memory with the host-array calls; the depth is made by the
 * source's depth stage on the same operators, or given to each frame by a source without one.
 * Buffers are kept between frames of the same size, so a video allocates them once.
 */
public final class FrameConverter implements AutoCloseable {
    private final StereoKernels kernels;
    private final DepthSource depth;
    private final StereoSettings settings;
    private final StageTimes times;
    private final RangeFilter rangeFilter;
    private final boolean measureSeams;
    private FrameProgram<?> program;
    private DeviceQueues<?> queues;
    private boolean staged;
    private FloatMap lastDisparity;
    private int w = -1, h = -1;
    private FloatMap normalized, disparity;
    private RgbImage output;
    /** The last frame's {lo, hi} where its depth had no spread, else null (see lastFlatDepth). */
    private float[] lastFlat;

    /** For photos: each frame's range on its own, and a tiled frame's seam score measured ({@link #lastSeamScore}). */
    public FrameConverter(StereoKernels kernels, DepthSource depth, StereoSettings settings, StageTimes times) {
        this(kernels, depth, settings, times, RangeFilter.NONE, true);
    }

    /**
     * With a filter on each frame's depth percentiles (video smooths them over time); measureSeams:
     * the seam score of tiled frames is measured, which brings every frame's depth back to the host
     * (photos; video has no use for it).
     */
    public FrameConverter(StereoKernels kernels, DepthSource depth, StereoSettings settings, StageTimes times,
                          RangeFilter rangeFilter, boolean measureSeams) {
        this.measureSeams = measureSeams;
        this.kernels = kernels;
        this.depth = depth;
        this.settings = settings;
        this.times = times;
        this.rangeFilter = rangeFilter;
    }

    /**
     * Turns a frame's measured depth range {lo, hi} (the robust percentiles) into the range it is
     * normalised with. A photo uses its own; a video smooths the range over time so that depth does
     * not pump from frame to frame.
     */
    @FunctionalInterface
    public interface RangeFilter {
        RangeFilter NONE = range -> range;

        float[] apply(float[] range);
    }

    /** The disparity (pixels) of the last frame converted, null for the depth layout; reused by the next frame. */
    public FloatMap disparity() {
        return lastDisparity;
    }

    /**
     * Where the last frame's depth had no spread ({lo, hi} with hi not above lo, so both eyes come out
     * the same picture), else null; always null for given disparities.
     */
    public float[] lastFlatDepth() {
        return lastFlat;
    }

    /** How well the last frame's tiles agreed where they overlap; NaN for whole frames or given depth. */
    public double lastSeamScore() {
        return program == null ? Double.NaN : staged ? program.lastSeamScore() : depth.lastSeamScore();
    }

    /** What a frame became: an image for eye layouts, or the normalised depth for {@link Layout#DEPTH}. */
    public record Result(RgbImage image, FloatMap depth) {
    }

    public Result convert(RgbImage frame) throws DepthException {
        allocate(frame.width(), frame.height());
        if (queues != null) {
            // On a device a call only queues its work: the frame is timed as a whole.
            return times.time("device frame", () -> run(frame));
        }
        return run(frame);
    }

    private Result run(RgbImage frame) throws DepthException {
        if (staged) {
            program.begin(frame);
        } else {
            DepthMap d = times.time("depth", () -> depth.depthOf(frame));
            program.begin(frame, d);
        }
        float[] measured = program.percentiles(); // null for given disparities, used as they are
        lastFlat = measured == null ? null
                : !(measured[1] > measured[0]) ? measured : null;
        float[] range = measured == null ? new float[] {Float.NaN, Float.NaN} : rangeFilter.apply(measured);
        program.finish(range[0], range[1]);
        return switch (settings.layout()) {
            case DEPTH -> {
                program.collect(null, normalized, null);
                lastDisparity = null;
                yield new Result(null, normalized);
            }
            case SBS, HSBS, TB, HTB, ANAGLYPH, LEFT, RIGHT -> {
                program.collect(output, null, disparity);
                lastDisparity = disparity;
                yield new Result(output, null);
            }
        };
    }

    private void allocate(int width, int height) throws DepthException {
        if (width == w && height == h) {
            return;
        }
        close();
        if (kernels.hasDeviceMemory()) {
            DepthStage.Sizes stage = depth.stageSizes(width, height, measureSeams);
            FrameProgram.Sizes z = FrameProgram.sizes(width, height, settings, true, kernels.deviceOperatorSizes(), stage);
            long scratch = depth.deviceScratchBytes();
            queues = kernels.openQueues(1, z.device(), z.staging(), scratch, settings.layout());
            program = programOn(queues.operators().get(0), width, height, null);
            if (scratch > 0) {
                giveScratch(queues);
            }
        } else {
            program = programOn(new HostFrameOperators(kernels), width, height, times);
        }
        w = width;
        h = height;
        Layout l = settings.layout();
        normalized = new FloatMap(w, h);
        disparity = new FloatMap(w, h);
        output = switch (l) {
            case DEPTH -> null;
            case LEFT, RIGHT -> new RgbImage(w, h);
            case SBS, HSBS, TB, HTB, ANAGLYPH -> new RgbImage(l.outputWidth(w), l.outputHeight(h));
        };
    }

    /** The program on ops, with the source's depth stage there when it has one. */
    private <B> FrameProgram<B> programOn(FrameOperators<B> ops, int width, int height, StageTimes timed)
            throws DepthException {
        DepthStage<B> stage = depth.stageOn(ops, width, height, measureSeams);
        staged = stage != null;
        try {
            return new FrameProgram<>(ops, stage, settings, width, height, true, timed);
        } catch (RuntimeException e) {
            if (stage != null) stage.close();
            throw e;
        }
    }

    private <B> void giveScratch(DeviceQueues<B> q) {
        depth.useDeviceScratch(q.operators().get(0), q.shared());
    }

    /** Device allocations made for the frames so far (the queues' one allocation; 0 on the host). */
    public int deviceAllocations() {
        return queues == null ? 0 : queues.deviceAllocations();
    }

    /** Frees the program and, on a device, its queue and memory; safe to call twice. The depth source stays open. */
    @Override
    public void close() {
        try {
            if (program != null) program.close();
        } finally {
            program = null;
            w = h = -1;
            if (queues != null) {
                DeviceQueues<?> q = queues;
                queues = null;
                try {
                    if (q.shared() != null) depth.releaseDeviceScratch();
                } finally {
                    q.close();
                }
            }
        }
    }
}

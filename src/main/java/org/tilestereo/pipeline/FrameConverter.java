package org.tilestereo.pipeline;

import org.tilestereo.depth.DepthException;
import org.tilestereo.depth.DepthMap;
import org.tilestereo.depth.DepthSource;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.HostFrameOperators;
import org.tilestereo.kernels.Layout;
import org.tilestereo.kernels.StereoKernels;

/**
 * One frame's way from picture to stereo, synchronously: depth from the source, then the
 * {@link FrameProgram} (the frame algorithm, written once) on host memory with the operator set's
 * host-array calls. Its buffers are kept between frames of the same size, so a video allocates them
 * once.
 */
public final class FrameConverter {
    private final StereoKernels kernels;
    private final DepthSource depth;
    private final StereoSettings settings;
    private final StageTimes times;
    private final RangeFilter rangeFilter;
    private FrameProgram<HostFrameOperators.Buffer> program;
    private FloatMap lastDisparity;
    private int w = -1, h = -1;
    private FloatMap normalized, disparity;
    private RgbImage output;

    public FrameConverter(StereoKernels kernels, DepthSource depth, StereoSettings settings, StageTimes times) {
        this(kernels, depth, settings, times, RangeFilter.NONE);
    }

    /** With a filter on each frame's depth percentiles: video smooths them over time. */
    public FrameConverter(StereoKernels kernels, DepthSource depth, StereoSettings settings, StageTimes times,
                          RangeFilter rangeFilter) {
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

    /** What a frame became: an image for eye layouts, or the normalised depth for {@link Layout#DEPTH}. */
    public record Result(RgbImage image, FloatMap depth) {
    }

    public Result convert(RgbImage frame) throws DepthException {
        allocate(frame.width(), frame.height());
        DepthMap d = times.time("depth", () -> depth.depthOf(frame));
        program.begin(frame, d);
        float[] measured = program.percentiles(); // null for given disparities, used as they are
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

    private void allocate(int width, int height) {
        if (width == w && height == h) {
            return;
        }
        w = width;
        h = height;
        if (program != null) {
            program.close();
        }
        program = new FrameProgram<>(new HostFrameOperators(kernels), settings, w, h, true, times);
        Layout l = settings.layout();
        normalized = new FloatMap(w, h);
        disparity = new FloatMap(w, h);
        output = switch (l) {
            case DEPTH -> null;
            case LEFT, RIGHT -> new RgbImage(w, h);
            case SBS, HSBS, TB, HTB, ANAGLYPH -> new RgbImage(l.outputWidth(w), l.outputHeight(h));
        };
    }
}

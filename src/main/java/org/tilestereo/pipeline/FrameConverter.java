package org.tilestereo.pipeline;

import org.tilestereo.depth.DepthException;
import org.tilestereo.depth.DepthKind;
import org.tilestereo.depth.DepthMap;
import org.tilestereo.depth.DepthSource;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.Layout;
import org.tilestereo.kernels.StereoKernels;

/**
 * One frame's way from picture to stereo: depth, disparity, the synthesized eye(s), the layout.
 * Works maps are kept between frames of the same size, so a video allocates them once.
 */
public final class FrameConverter {
    private final StereoKernels kernels;
    private final DepthSource depth;
    private final StereoSettings settings;
    private final StageTimes times;
    private final RangeFilter rangeFilter;
    private FloatMap lastDisparity;
    private int w = -1, h = -1;
    private FloatMap normalized, disparity, targetDisparity, inverse;
    private RgbImage leftEye, rightEye, output;

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
        // Exhaustive switches: a new layout, depth kind or warp fails to compile until handled here.
        return switch (settings.layout()) {
            case DEPTH -> {
                normalize(d);
                lastDisparity = null;
                yield new Result(null, normalized);
            }
            case LEFT -> new Result(eye(frame, disparityOf(d), settings.eyes().leftFactor, leftEye), null);
            case RIGHT -> new Result(eye(frame, disparityOf(d), settings.eyes().rightFactor, rightEye), null);
            case SBS, HSBS, TB, HTB, ANAGLYPH -> {
                FloatMap pixels = disparityOf(d);
                RgbImage left = eye(frame, pixels, settings.eyes().leftFactor, leftEye);
                RgbImage right = eye(frame, pixels, settings.eyes().rightFactor, rightEye);
                times.run("layout", () -> kernels.layoutCompose(left, right, settings.layout(), output));
                yield new Result(output, null);
            }
        };
    }

    /** Disparity in pixels: given disparities as they are, depth normalised and mapped. Kept for the next frame. */
    private FloatMap disparityOf(DepthMap d) {
        lastDisparity = switch (d.kind()) {
            // Given disparities are pixels between the views and are used as they are.
            case DISPARITY -> d.values();
            case INVERSE, METRIC -> {
                normalize(d);
                times.run("disparity", () -> kernels.depthToDisparity(normalized, settings.disparity(), disparity));
                yield disparity;
            }
        };
        return lastDisparity;
    }

    private void normalize(DepthMap d) {
        FloatMap v = switch (d.kind()) {
            case INVERSE, DISPARITY -> d.values(); // larger = nearer already
            case METRIC -> {
                // Metric depth grows with distance; the disparity mapping wants inverse depth (near = large).
                float[] src = d.values().data(), dst = inverse.data();
                for (int i = 0; i < src.length; i++) {
                    dst[i] = src[i] > 0f ? 1f / src[i] : Float.NaN;
                }
                yield inverse;
            }
        };
        float[] range = rangeFilter.apply(times.time("percentiles",
                () -> kernels.depthPercentiles(v, StereoSettings.LOW_PERCENT, StereoSettings.HIGH_PERCENT)));
        times.run("normalize", () -> kernels.depthNormalize(v, range[0], range[1], normalized));
    }

    private RgbImage eye(RgbImage frame, FloatMap pixels, float factor, RgbImage dst) {
        if (factor == 0f) {
            return frame;
        }
        // Switch expressions (not statements) are checked for exhaustiveness by javac.
        return switch (settings.warp()) {
            case BACKWARD -> {
                times.run("warp", () -> kernels.warpBackward(frame, pixels, factor, dst));
                yield dst;
            }
            case FORWARD -> {
                times.run("warp", () -> kernels.warpForward(frame, pixels, factor, dst, targetDisparity));
                times.run("fill", () -> kernels.holeFill(dst, targetDisparity, frame));
                yield dst;
            }
        };
    }

    private void allocate(int width, int height) {
        if (width == w && height == h) {
            return;
        }
        w = width;
        h = height;
        normalized = new FloatMap(w, h);
        disparity = new FloatMap(w, h);
        targetDisparity = new FloatMap(w, h);
        inverse = new FloatMap(w, h);
        leftEye = new RgbImage(w, h);
        rightEye = new RgbImage(w, h);
        Layout l = settings.layout();
        output = switch (l) {
            case DEPTH, LEFT, RIGHT -> null;
            case SBS, HSBS, TB, HTB, ANAGLYPH -> new RgbImage(l.outputWidth(w), l.outputHeight(h));
        };
    }
}

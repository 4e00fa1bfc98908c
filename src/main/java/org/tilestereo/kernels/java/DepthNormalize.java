package org.tilestereo.kernels.java;

import org.tilestereo.image.FloatMap;
import org.tilestereo.kernels.Parallel;

/** Reference of operator depth_normalize (cuda/depth_normalize.cu): percentiles, then a per-pixel map to 0..1. */
public final class DepthNormalize {
    /** Histogram resolution of the percentile estimate: 1/4096 of the range is far below one disparity pixel. */
    public static final int BINS = 4096;

    private DepthNormalize() {
    }

    /**
     * Low and high percentiles of the finite values: min and max, then a histogram of BINS bins over
     * [min, max]; the p-th percentile is the lower edge of the bin where the cumulative count first
     * reaches p% of the values, plus the linear share of that bin. A flat or empty map gives {min, min}.
     */
    public static float[] percentiles(FloatMap depth, float lowPercent, float highPercent) {
        if (!(lowPercent >= 0 && lowPercent < highPercent && highPercent <= 100)) {
            throw new IllegalArgumentException("depth_normalize: percentiles must satisfy 0 <= low < high <= 100, got "
                    + lowPercent + ", " + highPercent);
        }
        float[] v = depth.data();
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (float value : v) {
            if (Float.isFinite(value)) {
                float x = value == 0f ? 0f : value; // -0 counts as +0, as in the CUDA twin
                if (x < min) min = x;
                if (x > max) max = x;
            }
        }
        if (min == Float.POSITIVE_INFINITY) {
            return new float[] {0f, 0f};
        }
        if (!(max > min)) {
            return new float[] {min, min};
        }
        long[] hist = new long[BINS];
        float scale = BINS / (max - min);
        long n = 0;
        for (float x : v) {
            if (Float.isFinite(x)) {
                hist[bin(x, min, scale)]++;
                n++;
            }
        }
        return new float[] {fromHistogram(hist, n, lowPercent, min, max), fromHistogram(hist, n, highPercent, min, max)};
    }

    /** The bin of x; shared with the CUDA twin's formula so both count the same way. */
    static int bin(float x, float min, float scale) {
        int b = (int) ((x - min) * scale);
        return b < 0 ? 0 : (b >= BINS ? BINS - 1 : b);
    }

    /**
     * The percent-th percentile from a histogram of BINS bins over [min, max] holding n values: the
     * rule of {@link #percentiles}, shared with the CUDA twin, which counts on the GPU and calls this.
     */
    public static float fromHistogram(long[] hist, long n, float percent, float min, float max) {
        double target = percent / 100.0 * n;
        long cumulative = 0;
        double binWidth = (max - (double) min) / BINS;
        for (int b = 0; b < BINS; b++) {
            long next = cumulative + hist[b];
            if (next >= target && hist[b] > 0) {
                double share = (target - cumulative) / hist[b];
                return (float) (min + (b + Math.max(0.0, share)) * binWidth);
            }
            cumulative = next;
        }
        return max;
    }

    public static void apply(FloatMap depth, float lo, float hi, FloatMap out) {
        Sizes.requireSame("depth_normalize", depth.width(), depth.height(), out.width(), out.height());
        float[] in = depth.data();
        float[] o = out.data();
        int w = depth.width();
        boolean flat = !(hi > lo);
        float inv = flat ? 0f : 1f / (hi - lo);
        Parallel.forEach(depth.height(), y -> {
            for (int i = y * w, end = i + w; i < end; i++) {
                float x = in[i];
                float n;
                if (!Float.isFinite(x)) {
                    n = 0f;
                } else if (flat) {
                    n = 0.5f;
                } else {
                    n = (x - lo) * inv;
                    n = n < 0f ? 0f : (n > 1f ? 1f : n);
                }
                o[i] = n;
            }
        });
    }
}

package org.tilestereo.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.tilestereo.kernels.java.DepthNormalize;

/**
 * Operator depth_normalize on the GPU (cuda/depth_normalize.cu), the twin of
 * {@link DepthNormalize}: the GPU counts (min, max, a histogram), the host takes the percentiles
 * from the counts with the reference's own {@link DepthNormalize#fromHistogram}, so equal counts
 * give equal percentiles.
 */
public final class DepthNormalizeGpu {
    static final String OP = "depth_normalize";
    /** ts_depth_stats: min and max (floats), then TS_DEPTH_HISTOGRAM_BINS unsigned counts. */
    public static final int STATS_BYTES = 8 + 4 * TileStereoNative.TS_DEPTH_HISTOGRAM_BINS;

    private DepthNormalizeGpu() {
    }

    /** Queues min, max and the histogram of depth (width x height floats) into stats (STATS_BYTES). */
    public static void launchHistogram(CudaStream stream, DeviceBuffer depth, int width, int height, DeviceBuffer stats) {
        depth.require(OP, (long) Math.max(0, width) * Math.max(0, height) * Float.BYTES);
        stats.require(OP, STATS_BYTES);
        NativeLibrary.require();
        CudaException.checkNative(TileStereoNative.ts_depth_histogram(stream.address(), depth.address(), width, height,
                stats.address()), "ts_depth_histogram");
    }

    /** Queues clamp((d - lo) / (hi - lo), 0, 1) of depth into out (may be the same buffer). */
    public static void launchNormalize(CudaStream stream, DeviceBuffer depth, int width, int height, float lo, float hi,
                                       DeviceBuffer out) {
        long bytes = (long) Math.max(0, width) * Math.max(0, height) * Float.BYTES;
        depth.require(OP, bytes);
        out.require(OP, bytes);
        NativeLibrary.require();
        CudaException.checkNative(TileStereoNative.ts_depth_normalize(stream.address(), depth.address(), out.address(),
                width, height, lo, hi), "ts_depth_normalize");
    }

    /** {lo, hi} from downloaded ts_depth_stats, by the rule of {@link DepthNormalize#percentiles}. */
    public static float[] percentiles(byte[] stats, float lowPercent, float highPercent) {
        requirePercents(lowPercent, highPercent);
        if (stats.length < STATS_BYTES) {
            throw new IllegalArgumentException(OP + ": statistics hold " + stats.length + " bytes, need " + STATS_BYTES);
        }
        ByteBuffer b = ByteBuffer.wrap(stats).order(ByteOrder.nativeOrder());
        float min = b.getFloat(0);
        float max = b.getFloat(4);
        if (min == Float.POSITIVE_INFINITY) {
            return new float[] {0f, 0f};
        }
        if (!(max > min)) {
            return new float[] {min, min};
        }
        long[] hist = new long[DepthNormalize.BINS];
        long n = 0;
        for (int i = 0; i < hist.length; i++) {
            hist[i] = Integer.toUnsignedLong(b.getInt(8 + 4 * i));
            n += hist[i];
        }
        return new float[] {DepthNormalize.fromHistogram(hist, n, lowPercent, min, max),
                DepthNormalize.fromHistogram(hist, n, highPercent, min, max)};
    }

    /** The reference's check, with its message, so both backends reject the same way. */
    static void requirePercents(float lowPercent, float highPercent) {
        if (!(lowPercent >= 0 && lowPercent < highPercent && highPercent <= 100)) {
            throw new IllegalArgumentException("depth_normalize: percentiles must satisfy 0 <= low < high <= 100, got "
                    + lowPercent + ", " + highPercent);
        }
    }
}

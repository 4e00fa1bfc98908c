package org.tilestereo.kernels.java;

import java.util.Arrays;

import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.Parallel;
import org.tilestereo.kernels.StereoKernels;

/**
 * Java reference of warp_forward (see {@link StereoKernels#warpForward}).
 *
 * <p>Built as the three passes a CUDA kernel needs, so that one can reproduce it step by step:
 * <ol>
 *   <li>z-buffer: every splat tap does an unsigned 64-bit min of {@link #depthKey} into its target;
 *       the smallest key is the nearest surface (largest d), ties going to the smaller source column;</li>
 *   <li>accumulate: every tap whose d is within {@link StereoKernels#SURFACE_TOLERANCE} of its
 *       target's winner adds weight * colour and weight;</li>
 *   <li>resolve: colour = (int) (acc / wsum + 0.5f) clamped to 0..255, black where nothing landed;
 *       targetDisparity = the winner's d, NaN where nothing landed.</li>
 * </ol>
 * A source pixel at x with disparity d lands at {@code t = x + factor * d} (float multiply, then
 * float add; a CUDA port must not contract this into an FMA) and splats onto floor(t) with weight
 * 1 - f and floor(t) + 1 with weight f, f = t - floor(t). Taps with weight 0 or outside the row are
 * skipped. Source pixels with a non-finite d have nowhere to go and are skipped.
 *
 * <p>Rows are independent: a pixel only ever moves along its row. Pass 2 adds in source order here;
 * float atomics on a GPU add in any order, so a CUDA result may differ by one code where a colour
 * sits on a rounding step. The winner and targetDisparity are order-free and must match exactly.
 */
public final class WarpForward {

    /** The z-buffer value of a target no splat reached: the largest unsigned 64-bit key. */
    static final long EMPTY = -1L;

    /** Marks a source pixel that splats nowhere (off the row, or no finite disparity). */
    private static final int NO_TAP = Integer.MIN_VALUE;

    private WarpForward() {
    }

    public static void apply(RgbImage src, FloatMap disparity, float factor, RgbImage dst, FloatMap targetDisparity) {
        int w = src.width();
        int h = src.height();
        requireSize("disparity", disparity.width(), disparity.height(), w, h);
        requireSize("destination image", dst.width(), dst.height(), w, h);
        requireSize("target disparity", targetDisparity.width(), targetDisparity.height(), w, h);
        if (!Float.isFinite(factor)) {
            throw new IllegalArgumentException("warp factor must be finite, got " + factor);
        }
        if (src.data() == dst.data()) {
            throw new IllegalArgumentException("forward warp cannot run in place: source and destination share one buffer");
        }
        Parallel.forEach(h, y -> warpRow(src.data(), disparity.data(), factor, dst.data(), targetDisparity.data(), w, y));
    }

    /**
     * The z-buffer key of a splat: in the high word the disparity mapped so that unsigned order is
     * nearest (largest d) first, in the low word the source column so that equal disparities go to
     * the smaller index. This is what an atomicMin on unsigned long long gives on the GPU.
     */
    static long depthKey(float d, int sourceX) {
        int bits = Float.floatToRawIntBits(d);
        // Standard float-to-sortable-unsigned mapping: negatives flip all bits, positives set the sign bit.
        int ascending = bits < 0 ? ~bits : bits | 0x80000000;
        int nearestFirst = ~ascending;
        return ((long) nearestFirst << 32) | (sourceX & 0xffffffffL);
    }

    /** The disparity a {@link #depthKey} was made from. */
    static float keyDisparity(long key) {
        int ascending = ~(int) (key >>> 32);
        int bits = ascending < 0 ? ascending & 0x7fffffff : ~ascending;
        return Float.intBitsToFloat(bits);
    }

    private static void warpRow(byte[] src, float[] disp, float factor, byte[] dst, float[] targetDisp, int w, int y) {
        Scratch s = Scratch.forWidth(w);
        long[] zbuf = s.zbuf;
        int[] tap = s.tap;
        float[] frac = s.frac;
        float[] acc = s.acc;
        float[] wsum = s.wsum;
        int row = y * w;
        Arrays.fill(zbuf, 0, w, EMPTY);
        Arrays.fill(acc, 0, 3 * w, 0f);
        Arrays.fill(wsum, 0, w, 0f);

        // Pass 1: where each source pixel lands, and the z-buffer.
        for (int x = 0; x < w; x++) {
            tap[x] = NO_TAP;
            float d = canonical(disp[row + x]);
            if (!Float.isFinite(d)) {
                continue;
            }
            float t = x + factor * d;
            if (!(t > -1f && t < w)) {
                continue;
            }
            int i0 = (int) t;
            if (t < i0) {
                i0--; // floor for t in (-1, 0)
            }
            float f = t - i0;
            tap[x] = i0;
            frac[x] = f;
            long key = depthKey(d, x);
            if (i0 >= 0 && f < 1f && Long.compareUnsigned(key, zbuf[i0]) < 0) {
                zbuf[i0] = key;
            }
            int i1 = i0 + 1;
            if (i1 < w && f > 0f && Long.compareUnsigned(key, zbuf[i1]) < 0) {
                zbuf[i1] = key;
            }
        }
        for (int i = 0; i < w; i++) {
            targetDisp[row + i] = zbuf[i] == EMPTY ? Float.NaN : keyDisparity(zbuf[i]);
        }

        // Pass 2: accumulate the splats of the winning surface.
        for (int x = 0; x < w; x++) {
            int i0 = tap[x];
            if (i0 == NO_TAP) {
                continue;
            }
            float d = canonical(disp[row + x]);
            float f = frac[x];
            int p = 3 * (row + x);
            if (i0 >= 0 && f < 1f) {
                splat(src, p, d, 1f - f, targetDisp[row + i0], acc, wsum, i0);
            }
            int i1 = i0 + 1;
            if (i1 < w && f > 0f) {
                splat(src, p, d, f, targetDisp[row + i1], acc, wsum, i1);
            }
        }

        // Pass 3: resolve.
        for (int i = 0; i < w; i++) {
            int q = 3 * (row + i);
            float ws = wsum[i];
            if (ws > 0f) {
                dst[q] = (byte) toByte(acc[3 * i] / ws);
                dst[q + 1] = (byte) toByte(acc[3 * i + 1] / ws);
                dst[q + 2] = (byte) toByte(acc[3 * i + 2] / ws);
            } else {
                dst[q] = 0;
                dst[q + 1] = 0;
                dst[q + 2] = 0;
            }
        }
    }

    private static void splat(byte[] src, int p, float d, float weight, float winnerD,
                              float[] acc, float[] wsum, int target) {
        if (!(d >= winnerD - StereoKernels.SURFACE_TOLERANCE)) {
            return;
        }
        acc[3 * target] += weight * (src[p] & 0xff);
        acc[3 * target + 1] += weight * (src[p + 1] & 0xff);
        acc[3 * target + 2] += weight * (src[p + 2] & 0xff);
        wsum[target] += weight;
    }

    /** -0 and +0 are the same disparity; one bit pattern keeps their tie broken by source index. */
    private static float canonical(float d) {
        return d == 0f ? 0f : d;
    }

    private static int toByte(float v) {
        int i = (int) (v + 0.5f);
        return i < 0 ? 0 : (i > 255 ? 255 : i);
    }

    private static void requireSize(String what, int w, int h, int expectedW, int expectedH) {
        if (w != expectedW || h != expectedH) {
            throw new IllegalArgumentException("forward warp: " + what + " is " + w + "x" + h + "; expected "
                    + expectedW + "x" + expectedH + " like the source image");
        }
    }

    /** Per-thread row buffers, so a frame allocates nothing per row or pixel once warm. */
    private static final class Scratch {
        private static final ThreadLocal<Scratch> LOCAL = new ThreadLocal<>();

        final long[] zbuf;
        final int[] tap;
        final float[] frac;
        final float[] acc;
        final float[] wsum;

        private Scratch(int w) {
            zbuf = new long[w];
            tap = new int[w];
            frac = new float[w];
            acc = new float[3 * w];
            wsum = new float[w];
        }

        static Scratch forWidth(int w) {
            Scratch s = LOCAL.get();
            if (s == null || s.zbuf.length < w) {
                s = new Scratch(w);
                LOCAL.set(s);
            }
            return s;
        }
    }
}

package org.tilestereo.kernels.java;

import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.Parallel;
import org.tilestereo.kernels.StereoKernels;

/**
 * Java reference of warp_backward (see {@link StereoKernels#warpBackward}):
 * {@code dst(x) = src(sx)} with {@code sx = x - factor * d(x)} (float multiply, then float subtract),
 * sx clamped to [0, width - 1] and sampled as {@code a + f * (b - a)} between floor(sx) and the next
 * pixel, then rounded with {@code (int) (v + 0.5f)}.
 *
 * <p>It reads the disparity at the target pixel as if it were the source's, which is what makes it
 * simple and hole-free, and also why object edges bend: use it where speed matters more than edges.
 * A non-finite disparity means the pixel stays where it is (no shift).
 */
public final class WarpBackward {

    private WarpBackward() {
    }

    public static void apply(RgbImage src, FloatMap disparity, float factor, RgbImage dst) {
        int w = src.width();
        int h = src.height();
        if (disparity.width() != w || disparity.height() != h) {
            throw new IllegalArgumentException("backward warp: disparity is " + disparity.size()
                    + "; expected " + src.size() + " like the source image");
        }
        if (dst.width() != w || dst.height() != h) {
            throw new IllegalArgumentException("backward warp: destination image is " + dst.size()
                    + "; expected " + src.size() + " like the source image");
        }
        if (!Float.isFinite(factor)) {
            throw new IllegalArgumentException("warp factor must be finite, got " + factor);
        }
        if (src.data() == dst.data()) {
            throw new IllegalArgumentException("backward warp cannot run in place: source and destination share one buffer");
        }
        Parallel.forEach(h, y -> warpRow(src.data(), disparity.data(), factor, dst.data(), w, y));
    }

    private static void warpRow(byte[] src, float[] disp, float factor, byte[] dst, int w, int y) {
        int row = y * w;
        float maxX = w - 1;
        for (int x = 0; x < w; x++) {
            float d = disp[row + x];
            float sx = Float.isFinite(d) ? x - factor * d : x;
            sx = sx < 0f ? 0f : (sx > maxX ? maxX : sx);
            int i0 = (int) sx;
            float f = sx - i0;
            int i1 = i0 + 1 < w ? i0 + 1 : i0;
            int a = 3 * (row + i0);
            int b = 3 * (row + i1);
            int q = 3 * (row + x);
            for (int c = 0; c < 3; c++) {
                float va = src[a + c] & 0xff;
                float vb = src[b + c] & 0xff;
                int v = (int) (va + f * (vb - va) + 0.5f);
                dst[q + c] = (byte) (v < 0 ? 0 : (v > 255 ? 255 : v));
            }
        }
    }
}

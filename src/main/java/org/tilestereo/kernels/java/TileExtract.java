package org.tilestereo.kernels.java;

import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.ModelInput;
import org.tilestereo.kernels.Parallel;
import org.tilestereo.kernels.TileGrid;

/**
 * Reference of operator tile_extract (cuda/tile_extract.cu): tiles of the frame, reflect-101 padded
 * beyond its borders, resampled bilinearly to the model input and normalised, into a batched NCHW
 * buffer. The untiled frame is the one-tile case, so whole-frame preprocessing is the same code.
 */
public final class TileExtract {
    private TileExtract() {
    }

    public static void apply(RgbImage src, TileGrid grid, int first, int count, ModelInput input, float[] out) {
        if (src.width() != grid.imageWidth || src.height() != grid.imageHeight) {
            throw new IllegalArgumentException("tile_extract: image is " + src.size() + " but the grid was planned for "
                    + grid.imageWidth + "x" + grid.imageHeight);
        }
        if (first < 0 || count < 1 || first + count > grid.count()) {
            throw new IllegalArgumentException("tile_extract: tiles [" + first + ", " + (first + count)
                    + ") outside the grid's " + grid.count());
        }
        int plane = input.width() * input.height();
        Sizes.requireLength("tile_extract", "output", out.length, (long) count * 3 * plane);
        int iw = input.width(), ih = input.height();
        float scaleX = (float) grid.tileWidth / iw;
        float scaleY = (float) grid.tileHeight / ih;
        float[] mean = input.mean(), std = input.std();
        byte[] px = src.data();
        int w = src.width(), h = src.height();
        Parallel.forEach(count * ih, row -> {
            int k = row / ih, oy = row % ih;
            int tile = first + k;
            float sy = grid.tileY(tile) + (oy + 0.5f) * scaleY - 0.5f;
            int y0 = (int) Math.floor(sy);
            float fy = sy - y0;
            int r0 = reflect101(y0, h) * w, r1 = reflect101(y0 + 1, h) * w;
            int tx = grid.tileX(tile);
            int base = k * 3 * plane + oy * iw;
            for (int ox = 0; ox < iw; ox++) {
                float sx = tx + (ox + 0.5f) * scaleX - 0.5f;
                int x0 = (int) Math.floor(sx);
                float fx = sx - x0;
                int c0 = reflect101(x0, w), c1 = reflect101(x0 + 1, w);
                for (int c = 0; c < 3; c++) {
                    float top = lerp(px[(r0 + c0) * 3 + c] & 0xff, px[(r0 + c1) * 3 + c] & 0xff, fx);
                    float bottom = lerp(px[(r1 + c0) * 3 + c] & 0xff, px[(r1 + c1) * 3 + c] & 0xff, fx);
                    float v = lerp(top, bottom, fy);
                    out[base + c * plane + ox] = (v / 255f - mean[c]) / std[c];
                }
            }
        });
    }

    static float lerp(float a, float b, float f) {
        return a + f * (b - a);
    }

    /** Mirror index p into [0, n) without repeating the edge (…2 1 | 0 1 2 … n-1 | n-2 …), any distance. */
    public static int reflect101(int p, int n) {
        if (p >= 0 && p < n) {
            return p;
        }
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(p, period);
        return m < n ? m : period - m;
    }
}

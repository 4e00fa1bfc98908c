package org.tilestereo.kernels.java;

import org.tilestereo.image.FloatMap;
import org.tilestereo.kernels.Parallel;
import org.tilestereo.kernels.TileGrid;

/**
 * Reference of operator tile_blend (cuda/tile_blend.cu): tile depth maps back onto the frame with
 * feathered weights. With the one-tile grid it is the bilinear resize of a model's output to the
 * frame. Blending as base + weighted deviations keeps agreeing tiles exact (no rounding from
 * sum(w v) / sum(w)), which is what makes "tiled equals untiled" testable to the bit.
 */
public final class TileBlend {
    private TileBlend() {
    }

    public static void apply(float[] tileDepth, int depthWidth, int depthHeight, TileGrid grid,
                             float[] scale, float[] shift, FloatMap out) {
        if (out.width() != grid.imageWidth || out.height() != grid.imageHeight) {
            throw new IllegalArgumentException("tile_blend: output is " + out.size() + " but the grid was planned for "
                    + grid.imageWidth + "x" + grid.imageHeight);
        }
        if (depthWidth < 1 || depthHeight < 1) {
            throw new IllegalArgumentException("tile_blend: tile depth size must be positive, got " + depthWidth + "x" + depthHeight);
        }
        int plane = depthWidth * depthHeight;
        Sizes.requireLength("tile_blend", "tile depth", tileDepth.length, (long) grid.count() * plane);
        if (scale != null) Sizes.requireLength("tile_blend", "scale", scale.length, grid.count());
        if (shift != null) Sizes.requireLength("tile_blend", "shift", shift.length, grid.count());
        int w = grid.imageWidth;
        float sx = (float) depthWidth / grid.tileWidth;
        float sy = (float) depthHeight / grid.tileHeight;
        int stepX = grid.tileWidth - grid.overlap, stepY = grid.tileHeight - grid.overlap;
        float[] o = out.data();
        Parallel.forEach(grid.imageHeight, y -> {
            int rowLo = Math.max(0, ceilDiv(y - grid.originY - grid.tileHeight + 1, stepY));
            int rowHi = Math.min(grid.rows - 1, Math.floorDiv(y - grid.originY, stepY));
            for (int x = 0; x < w; x++) {
                int colLo = Math.max(0, ceilDiv(x - grid.originX - grid.tileWidth + 1, stepX));
                int colHi = Math.min(grid.cols - 1, Math.floorDiv(x - grid.originX, stepX));
                float base = 0f, sumW = 0f, sumDev = 0f;
                boolean haveBase = false;
                for (int r = rowLo; r <= rowHi; r++) {
                    int ty = grid.originY + r * stepY;
                    float wy = TileGrid.weight1d(y, ty, grid.tileHeight, grid.overlap);
                    if (wy == 0f) continue;
                    for (int c = colLo; c <= colHi; c++) {
                        int tx = grid.originX + c * stepX;
                        float wgt = wy * TileGrid.weight1d(x, tx, grid.tileWidth, grid.overlap);
                        if (wgt == 0f) continue;
                        int t = r * grid.cols + c;
                        float v = sample(tileDepth, t * plane, depthWidth, depthHeight,
                                (x - tx + 0.5f) * sx - 0.5f, (y - ty + 0.5f) * sy - 0.5f);
                        if (scale != null) v *= scale[t];
                        if (shift != null) v += shift[t];
                        if (!haveBase) {
                            base = v;
                            haveBase = true;
                        }
                        sumW += wgt;
                        sumDev += wgt * (v - base);
                    }
                }
                o[y * w + x] = haveBase ? base + sumDev / sumW : Float.NaN;
            }
        });
    }

    /** Bilinear sample of one tile's map, clamped to that map's edge. */
    static float sample(float[] d, int offset, int dw, int dh, float u, float v) {
        u = u < 0f ? 0f : (u > dw - 1 ? dw - 1 : u);
        v = v < 0f ? 0f : (v > dh - 1 ? dh - 1 : v);
        int x0 = (int) u, y0 = (int) v;
        float fx = u - x0, fy = v - y0;
        int x1 = Math.min(x0 + 1, dw - 1), y1 = Math.min(y0 + 1, dh - 1);
        float top = TileExtract.lerp(d[offset + y0 * dw + x0], d[offset + y0 * dw + x1], fx);
        float bottom = TileExtract.lerp(d[offset + y1 * dw + x0], d[offset + y1 * dw + x1], fx);
        return TileExtract.lerp(top, bottom, fy);
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}

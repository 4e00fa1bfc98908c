package org.tilestereo.depth;

import org.tilestereo.image.FloatMap;
import org.tilestereo.kernels.TileGrid;

/**
 * How visible tile seams are in a blended depth map: the mean depth gradient magnitude in the
 * blend zones (where two or more tiles have weight, i.e. across the tile borders) divided by the
 * mean gradient magnitude everywhere else inside the tiles. About 1 means the borders look like the
 * rest of the picture; tiles that disagree make the blend zones steeper and the score larger.
 */
public final class SeamScore {
    private SeamScore() {
    }

    public static double of(FloatMap depth, TileGrid grid) {
        if (grid.count() < 2) {
            return 1.0;
        }
        int w = depth.width(), h = depth.height();
        boolean[] borderCol = blendZones(w, grid.originX, grid.tileWidth, grid.overlap, grid.cols);
        boolean[] borderRow = blendZones(h, grid.originY, grid.tileHeight, grid.overlap, grid.rows);
        double border = 0, inside = 0;
        long nBorder = 0, nInside = 0;
        float[] d = depth.data();
        for (int y = 0; y < h - 1; y++) {
            for (int x = 0; x < w - 1; x++) {
                int i = y * w + x;
                double gx = d[i + 1] - d[i], gy = d[i + w] - d[i];
                double g = Math.sqrt(gx * gx + gy * gy);
                if (!Double.isFinite(g)) continue;
                if (borderCol[x] || borderCol[x + 1] || borderRow[y] || borderRow[y + 1]) {
                    border += g;
                    nBorder++;
                } else {
                    inside += g;
                    nInside++;
                }
            }
        }
        if (nBorder == 0 || nInside == 0 || inside == 0) {
            return 1.0;
        }
        return (border / nBorder) / (inside / nInside);
    }

    /** Pixels along one axis where more than one tile has a non-zero blend weight. */
    private static boolean[] blendZones(int n, int origin, int tile, int overlap, int count) {
        boolean[] zone = new boolean[n];
        int step = tile - overlap;
        for (int p = 0; p < n; p++) {
            int covering = 0;
            for (int k = 0; k < count; k++) {
                int t0 = origin + k * step;
                if (p >= t0 && p < t0 + tile && TileGrid.weight1d(p, t0, tile, overlap) > 0f) {
                    covering++;
                }
            }
            zone[p] = covering > 1;
        }
        return zone;
    }
}

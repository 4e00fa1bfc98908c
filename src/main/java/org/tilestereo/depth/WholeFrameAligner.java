package org.tilestereo.depth;

import org.tilestereo.image.FloatMap;
import org.tilestereo.kernels.TileGrid;

/**
 * Aligns tiles to a low-resolution pass over the whole frame. A relative depth model gives every
 * tile its own scale and shift (it only sees the tile), so blending raw tiles shows seams; the
 * whole-frame pass sees the global layout but not the detail. The tiles' (scale, shift) pairs are
 * one least-squares fit: to the whole-frame depth over each tile, and to each other where
 * neighbours blend, which keeps the tiles' detail and the whole frame's geometry.
 */
public final class WholeFrameAligner implements TileAligner {
    /** Samples per tile side used for the fit: enough for two parameters, cheap at any tile size. */
    static final int SAMPLES = 64;
    /** How much more a mismatch at a seam costs than a mismatch against the blurred whole-frame pass. */
    static final double SEAM_WEIGHT = 4.0;

    private final int resolution;

    /** The whole-frame pass runs the same model at this short-side resolution. */
    public WholeFrameAligner(int resolution) {
        if (resolution < 1) {
            throw new IllegalArgumentException("whole-frame pass resolution must be positive, got " + resolution);
        }
        this.resolution = resolution;
    }

    @Override
    public int resolution() {
        return resolution;
    }

    @Override
    public void align(FloatMap reference, TileGrid grid, float[] tileDepth, int depthWidth, int depthHeight,
                      float[] scale, float[] shift) {
        solve(reference, tileDepth, depthWidth, depthHeight, grid, scale, shift);
    }

    /**
     * Least squares over all tiles at once: each tile's (scale, shift) should map its depth onto the
     * whole-frame pass (mean squared error over the tile), and neighbouring tiles should agree where
     * they blend (mean squared difference over the blend zone, weighted {@link #SEAM_WEIGHT}). Fitting
     * tiles one by one matches each to the blurred reference but lets neighbours disagree at the
     * seam; the joint fit trades a little of the former for the latter. A tiny pull towards (1, 0)
     * keeps flat tiles (sky, walls) well posed.
     */
    private static void solve(FloatMap reference, float[] tileDepth, int dw, int dh, TileGrid grid, float[] scale, float[] shift) {
        int n = grid.count();
        double[][] a = new double[2 * n][2 * n];
        double[] b = new double[2 * n];
        int plane = dw * dh;
        for (int t = 0; t < n; t++) {
            int x0 = Math.max(0, grid.tileX(t)), x1 = Math.min(grid.imageWidth, grid.tileX(t) + grid.tileWidth);
            int y0 = Math.max(0, grid.tileY(t)), y1 = Math.min(grid.imageHeight, grid.tileY(t) + grid.tileHeight);
            double[] sums = new double[5];  // n, v, r, vv, vr
            int stepX = Math.max(1, (x1 - x0) / SAMPLES), stepY = Math.max(1, (y1 - y0) / SAMPLES);
            for (int y = y0; y < y1; y += stepY) {
                for (int x = x0; x < x1; x += stepX) {
                    float v = tileValue(tileDepth, t * plane, dw, dh, grid, t, x, y), r = reference.get(x, y);
                    if (!Float.isFinite(v) || !Float.isFinite(r)) continue;
                    sums[0]++; sums[1] += v; sums[2] += r; sums[3] += (double) v * v; sums[4] += (double) v * r;
                }
            }
            if (sums[0] > 0) {
                double k = 1.0 / sums[0];
                a[2 * t][2 * t] += sums[3] * k;
                a[2 * t][2 * t + 1] += sums[1] * k;
                a[2 * t + 1][2 * t] += sums[1] * k;
                a[2 * t + 1][2 * t + 1] += 1.0;
                b[2 * t] += sums[4] * k;
                b[2 * t + 1] += sums[2] * k;
            }
            double ridge = 1e-6 * Math.max(1e-12, a[2 * t][2 * t]) + 1e-12;
            a[2 * t][2 * t] += ridge;
            b[2 * t] += ridge;
            a[2 * t + 1][2 * t + 1] += 1e-12;
        }
        for (int t = 0; t < n; t++) {
            for (int u = t + 1; u < n; u++) {
                addSeam(tileDepth, plane, dw, dh, grid, t, u, a);
            }
        }
        double[] z = Gauss.solve(a, b);
        for (int t = 0; t < n; t++) {
            boolean ok = Double.isFinite(z[2 * t]) && Double.isFinite(z[2 * t + 1]);
            scale[t] = ok ? (float) z[2 * t] : 1f;
            shift[t] = ok ? (float) z[2 * t + 1] : 0f;
        }
    }

    /** Neighbours' agreement over the pixels where both have blend weight. */
    private static void addSeam(float[] tileDepth, int plane, int dw, int dh, TileGrid grid, int t, int u, double[][] a) {
        int x0 = Math.max(Math.max(0, grid.tileX(t)), grid.tileX(u));
        int x1 = Math.min(Math.min(grid.imageWidth, grid.tileX(t) + grid.tileWidth), grid.tileX(u) + grid.tileWidth);
        int y0 = Math.max(Math.max(0, grid.tileY(t)), grid.tileY(u));
        int y1 = Math.min(Math.min(grid.imageHeight, grid.tileY(t) + grid.tileHeight), grid.tileY(u) + grid.tileHeight);
        if (x0 >= x1 || y0 >= y1) return;
        int stepX = Math.max(1, (x1 - x0) / SAMPLES), stepY = Math.max(1, (y1 - y0) / SAMPLES);
        double count = 0, vt = 0, vu = 0, tt = 0, uu = 0, tu = 0;
        for (int y = y0; y < y1; y += stepY) {
            for (int x = x0; x < x1; x += stepX) {
                if (weight(grid, t, x, y) == 0f || weight(grid, u, x, y) == 0f) continue;
                float p = tileValue(tileDepth, t * plane, dw, dh, grid, t, x, y);
                float q = tileValue(tileDepth, u * plane, dw, dh, grid, u, x, y);
                if (!Float.isFinite(p) || !Float.isFinite(q)) continue;
                count++; vt += p; vu += q; tt += (double) p * p; uu += (double) q * q; tu += (double) p * q;
            }
        }
        if (count == 0) return;
        double k = SEAM_WEIGHT / count;
        // residual a_t p + b_t - a_u q - b_u; gradient (p, 1, -q, -1) over (a_t, b_t, a_u, b_u)
        int at = 2 * t, bt = 2 * t + 1, au = 2 * u, bu = 2 * u + 1;
        a[at][at] += k * tt; a[at][bt] += k * vt; a[at][au] -= k * tu; a[at][bu] -= k * vt;
        a[bt][at] += k * vt; a[bt][bt] += k * count; a[bt][au] -= k * vu; a[bt][bu] -= k * count;
        a[au][at] -= k * tu; a[au][bt] -= k * vu; a[au][au] += k * uu; a[au][bu] += k * vu;
        a[bu][at] -= k * vt; a[bu][bt] -= k * count; a[bu][au] += k * vu; a[bu][bu] += k * count;
    }

    private static float weight(TileGrid g, int t, int x, int y) {
        return TileGrid.weight1d(x, g.tileX(t), g.tileWidth, g.overlap) * TileGrid.weight1d(y, g.tileY(t), g.tileHeight, g.overlap);
    }

    /** Tile t's depth at image pixel (x, y), nearest sample of its map. */
    private static float tileValue(float[] tileDepth, int offset, int dw, int dh, TileGrid g, int t, int x, int y) {
        int u = clamp((int) ((x - g.tileX(t) + 0.5f) * dw / g.tileWidth), dw);
        int v = clamp((int) ((y - g.tileY(t) + 0.5f) * dh / g.tileHeight), dh);
        return tileDepth[offset + v * dw + u];
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : (i >= n ? n - 1 : i);
    }
}

package org.tilestereo.depth;

import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.ModelInput;
import org.tilestereo.kernels.StereoKernels;
import org.tilestereo.kernels.TileGrid;

/**
 * Aligns tiles to a low-resolution pass over the whole frame. A relative depth model gives every
 * tile its own scale and shift (it only sees the tile), so blending raw tiles shows seams; the
 * whole-frame pass sees the global layout but not the detail. Each tile's (scale, shift) is the
 * least-squares fit of its depth to the whole-frame depth over the image pixels the tile covers,
 * which keeps the tiles' detail and the whole frame's geometry.
 */
public final class WholeFrameAligner implements TileAligner {
    /** Samples per tile side used for the fit: enough for two parameters, cheap at any tile size. */
    static final int SAMPLES = 64;

    private final StereoKernels kernels;
    private final DepthModel model;
    private final int resolution;
    private float[] input = new float[0];
    private FloatMap reference;

    /** The whole-frame pass runs the same model at this short-side resolution. */
    public WholeFrameAligner(StereoKernels kernels, DepthModel model, int resolution) {
        this.kernels = kernels;
        this.model = model;
        this.resolution = resolution;
    }

    /** The low-resolution whole-frame depth of the last aligned frame, at frame size. */
    public FloatMap reference() {
        return reference;
    }

    @Override
    public void align(RgbImage frame, TileGrid grid, float[] tileDepth, int depthWidth, int depthHeight,
                      float[] scale, float[] shift) throws DepthException {
        int w = frame.width(), h = frame.height();
        TileGrid whole = TileGrid.whole(w, h);
        ModelInput in = model.inputFor(w, h, resolution);
        if (input.length < in.floatsPerImage()) {
            input = new float[in.floatsPerImage()];
        }
        kernels.extractTiles(frame, whole, 0, 1, in, input);
        DepthBatch low = model.run(input, 1, in);
        if (reference == null || reference.width() != w || reference.height() != h) {
            reference = new FloatMap(w, h);
        }
        kernels.blendTiles(low.values(), low.width(), low.height(), whole, null, null, reference);
        int plane = depthWidth * depthHeight;
        for (int t = 0; t < grid.count(); t++) {
            fit(tileDepth, t * plane, depthWidth, depthHeight, grid, t, scale, shift);
        }
    }

    private void fit(float[] tileDepth, int offset, int dw, int dh, TileGrid grid, int t, float[] scale, float[] shift) {
        int tx = grid.tileX(t), ty = grid.tileY(t);
        int x0 = Math.max(0, tx), x1 = Math.min(grid.imageWidth, tx + grid.tileWidth);
        int y0 = Math.max(0, ty), y1 = Math.min(grid.imageHeight, ty + grid.tileHeight);
        int stepX = Math.max(1, (x1 - x0) / SAMPLES), stepY = Math.max(1, (y1 - y0) / SAMPLES);
        float sx = (float) dw / grid.tileWidth, sy = (float) dh / grid.tileHeight;
        double n = 0, sv = 0, sr = 0, svv = 0, svr = 0;
        for (int y = y0; y < y1; y += stepY) {
            int tyPixel = clamp((int) ((y - ty + 0.5f) * sy), dh);
            for (int x = x0; x < x1; x += stepX) {
                float v = tileDepth[offset + tyPixel * dw + clamp((int) ((x - tx + 0.5f) * sx), dw)];
                float r = reference.get(x, y);
                if (!Float.isFinite(v) || !Float.isFinite(r)) continue;
                n++;
                sv += v;
                sr += r;
                svv += (double) v * v;
                svr += (double) v * r;
            }
        }
        if (n < 2) {
            scale[t] = 1f;
            shift[t] = 0f;
            return;
        }
        double var = svv - sv * sv / n;
        double cov = svr - sv * sr / n;
        // A flat tile (sky, a wall) has no scale to fit: keep its shape, match the level.
        double a = var > 1e-12 * Math.max(1.0, svv) ? cov / var : 1.0;
        scale[t] = (float) a;
        shift[t] = (float) ((sr - a * sv) / n);
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : (i >= n ? n - 1 : i);
    }
}

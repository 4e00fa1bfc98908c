package org.tilestereo.cuda;

import java.util.Random;

import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;

/** Random inputs of the GPU tests: odd sizes, edges and the special values the operators must handle. */
final class Inputs {
    /** Odd sizes, a single pixel, a single row and a single column among them. */
    static final int[][] SIZES = {{37, 23}, {641, 359}, {1, 1}, {1283, 3}, {2, 997}, {255, 257}};

    private Inputs() {
    }

    static RgbImage rgb(int w, int h, long seed) {
        RgbImage img = new RgbImage(w, h);
        new Random(seed).nextBytes(img.data());
        return img;
    }

    /**
     * A disparity map like a scene's: a smooth background ramp, rectangles in front of it (the edges
     * that make occlusions and holes), a sprinkle of NaN (unknown) and of exact 0 and -0.
     */
    static FloatMap disparity(int w, int h, float range, long seed) {
        Random r = new Random(seed);
        float[] d = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                d[y * w + x] = range * (0.3f * x / Math.max(1, w - 1) - 0.2f) + 0.01f * r.nextFloat();
            }
        }
        for (int k = 0; k < 6; k++) {
            int x0 = r.nextInt(w), y0 = r.nextInt(h);
            int x1 = Math.min(w, x0 + 1 + r.nextInt(Math.max(1, w / 3)));
            int y1 = Math.min(h, y0 + 1 + r.nextInt(Math.max(1, h / 3)));
            float near = range * (0.2f + 0.8f * r.nextFloat());
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    d[y * w + x] = near;
                }
            }
        }
        for (int i = 0; i < d.length; i++) {
            int p = r.nextInt(200);
            if (p == 0) d[i] = Float.NaN;
            else if (p == 1) d[i] = 0f;
            else if (p == 2) d[i] = -0f;
        }
        return new FloatMap(w, h, d);
    }

    static FloatMap uniform(int w, int h, float v) {
        FloatMap m = new FloatMap(w, h);
        m.fill(v);
        return m;
    }
}

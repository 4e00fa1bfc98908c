package org.tilestereo.testing;

import java.util.Random;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;

/** Random inputs for operator tests: odd sizes, every value range, reproducible by seed. */
public final class TestImages {
    private TestImages() {
    }

    public static RgbImage randomRgb(int w, int h, long seed) {
        byte[] b = new byte[w * h * 3];
        new Random(seed).nextBytes(b);
        return new RgbImage(w, h, b);
    }

    public static FloatMap randomMap(int w, int h, float lo, float hi, long seed) {
        Random r = new Random(seed);
        float[] d = new float[w * h];
        for (int i = 0; i < d.length; i++) {
            d[i] = lo + r.nextFloat() * (hi - lo);
        }
        return new FloatMap(w, h, d);
    }
}

package org.tilestereo.kernels.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;

class WarpForwardTest {

    static final byte POISON = (byte) 0x5a;
    static final float POISON_D = -12345f;

    static RgbImage randomImage(int w, int h, long seed) {
        RgbImage img = new RgbImage(w, h);
        new Random(seed).nextBytes(img.data());
        return img;
    }

    static RgbImage poisoned(int w, int h) {
        RgbImage img = new RgbImage(w, h);
        java.util.Arrays.fill(img.data(), POISON);
        return img;
    }

    static FloatMap poisonedMap(int w, int h) {
        FloatMap m = new FloatMap(w, h);
        m.fill(POISON_D);
        return m;
    }

    static FloatMap uniform(int w, int h, float d) {
        FloatMap m = new FloatMap(w, h);
        m.fill(d);
        return m;
    }

    /** One row image with grey levels given per pixel (R = G = B), for hand-made cases. */
    static RgbImage row(int... levels) {
        RgbImage img = new RgbImage(levels.length, 1);
        for (int x = 0; x < levels.length; x++) {
            for (int c = 0; c < 3; c++) {
                img.set(x, 0, c, levels[x]);
            }
        }
        return img;
    }

    static FloatMap rowMap(float... d) {
        return new FloatMap(d.length, 1, d.clone());
    }

    private static void assertPixel(RgbImage img, int x, int y, int r, int g, int b) {
        assertEquals(r, img.get(x, y, 0), "R at " + x + "," + y);
        assertEquals(g, img.get(x, y, 1), "G at " + x + "," + y);
        assertEquals(b, img.get(x, y, 2), "B at " + x + "," + y);
    }

    private static void assertHole(RgbImage img, FloatMap target, int x, int y) {
        assertTrue(Float.isNaN(target.get(x, y)), "target disparity at " + x + "," + y + " should be NaN, is " + target.get(x, y));
        assertPixel(img, x, y, 0, 0, 0);
    }

    @Test
    void zeroDisparityIsTheIdentity() {
        // 37 rows: enough to take the parallel path.
        RgbImage src = randomImage(53, 37, 1);
        for (float factor : new float[]{1f, -1f, 3.7f}) {
            RgbImage dst = poisoned(53, 37);
            FloatMap target = poisonedMap(53, 37);
            WarpForward.apply(src, uniform(53, 37, 0f), factor, dst, target);
            assertArrayEquals(src.data(), dst.data(), "factor " + factor);
            for (float v : target.data()) {
                assertEquals(0f, v);
            }
        }
    }

    @Test
    void integerUniformShiftMovesPixelsExactly() {
        int w = 41;
        int h = 19;
        RgbImage src = randomImage(w, h, 2);
        RgbImage dst = poisoned(w, h);
        FloatMap target = poisonedMap(w, h);
        WarpForward.apply(src, uniform(w, h, 3f), 1f, dst, target);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < 3; x++) {
                assertHole(dst, target, x, y);
            }
            for (int x = 3; x < w; x++) {
                assertPixel(dst, x, y, src.get(x - 3, y, 0), src.get(x - 3, y, 1), src.get(x - 3, y, 2));
                assertEquals(3f, target.get(x, y));
            }
        }

        // factor -1: x - d, the right eye of the Middlebury convention
        dst = poisoned(w, h);
        target = poisonedMap(w, h);
        WarpForward.apply(src, uniform(w, h, 3f), -1f, dst, target);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w - 3; x++) {
                assertPixel(dst, x, y, src.get(x + 3, y, 0), src.get(x + 3, y, 1), src.get(x + 3, y, 2));
            }
            for (int x = w - 3; x < w; x++) {
                assertHole(dst, target, x, y);
            }
        }
    }

    @Test
    void nearerSurfaceWinsTheZBuffer() {
        // Far background (d = 0, levels 10..) with a near object (d = 4, level 200+) at x = 10..13.
        int w = 24;
        int[] levels = new int[w];
        float[] d = new float[w];
        for (int x = 0; x < w; x++) {
            levels[x] = 10 + x;
        }
        for (int x = 10; x < 14; x++) {
            levels[x] = 200 + x;
            d[x] = 4f;
        }
        RgbImage src = row(levels);
        RgbImage dst = poisoned(w, 1);
        FloatMap target = poisonedMap(w, 1);
        WarpForward.apply(src, rowMap(d), 1f, dst, target);
        for (int x = 0; x < 10; x++) {
            assertPixel(dst, x, 0, 10 + x, 10 + x, 10 + x);
            assertEquals(0f, target.get(x, 0));
        }
        for (int x = 10; x < 14; x++) {
            assertHole(dst, target, x, 0); // disoccluded background nobody saw
        }
        for (int x = 14; x < 18; x++) {
            // the object covers background pixels 14..17, which landed there too
            int obj = 200 + x - 4;
            assertPixel(dst, x, 0, obj, obj, obj);
            assertEquals(4f, target.get(x, 0));
        }
        for (int x = 18; x < w; x++) {
            assertPixel(dst, x, 0, 10 + x, 10 + x, 10 + x);
        }
    }

    @Test
    void splatsWithinTheSurfaceToleranceBlendAndFartherOnesDoNot() {
        // Three sources land on target 3: x=1 (d=2, the winner), x=2 (d=1, within 1 of it), x=3 (d=0, too far).
        RgbImage src = row(0, 100, 51, 250, 0, 0, 0, 0);
        float[] d = {0, 2, 1, 0, 0, 0, 0, 0};
        RgbImage dst = poisoned(8, 1);
        FloatMap target = poisonedMap(8, 1);
        WarpForward.apply(src, rowMap(d), 1f, dst, target);
        int avg = (int) ((100 + 51) / 2f + 0.5f); // 75.5 rounds to 76
        assertPixel(dst, 3, 0, avg, avg, avg);
        assertEquals(2f, target.get(3, 0));
        assertPixel(dst, 0, 0, 0, 0, 0);
        assertEquals(0f, target.get(0, 0));
        assertHole(dst, target, 1, 0);
        assertHole(dst, target, 2, 0);
    }

    @Test
    void halfPixelShiftAveragesNeighbours() {
        int w = 29;
        int h = 17;
        RgbImage src = randomImage(w, h, 3);
        RgbImage dst = poisoned(w, h);
        FloatMap target = poisonedMap(w, h);
        WarpForward.apply(src, uniform(w, h, 0.5f), 1f, dst, target);
        for (int y = 0; y < h; y++) {
            // Target 0 only gets half of source 0: normalised, that is source 0 itself.
            assertPixel(dst, 0, y, src.get(0, y, 0), src.get(0, y, 1), src.get(0, y, 2));
            for (int x = 1; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    int expected = (int) ((src.get(x - 1, y, c) + src.get(x, y, c)) / 2f + 0.5f);
                    assertEquals(expected, dst.get(x, y, c), "pixel " + x + "," + y + " channel " + c);
                }
                assertEquals(0.5f, target.get(x, y));
            }
        }
    }

    @Test
    void quarterPixelShiftWeighsTheTwoTaps() {
        // Sources 1 and 2 (levels 0 and 200) at t = 1.25 and 2.25: target 2 gets 0.25*0 + 0.75*200 over weight 1.
        RgbImage src = row(0, 0, 200, 0);
        RgbImage dst = poisoned(4, 1);
        FloatMap target = poisonedMap(4, 1);
        WarpForward.apply(src, rowMap(0.25f, 0.25f, 0.25f, 0.25f), 1f, dst, target);
        assertEquals(150, dst.get(2, 0, 0));
        assertEquals(50, dst.get(3, 0, 0)); // 0.25*200 + 0.75*0 over 1
        assertEquals(0, dst.get(0, 0, 0));
    }

    @Test
    void pixelsLeavingTheRowAndNonFiniteDisparitiesAreDropped() {
        RgbImage src = row(10, 20, 30, 40, 50);
        float[] d = {-1f, Float.NaN, 100f, Float.POSITIVE_INFINITY, 0f};
        RgbImage dst = poisoned(5, 1);
        FloatMap target = poisonedMap(5, 1);
        WarpForward.apply(src, rowMap(d), 1f, dst, target);
        for (int x = 0; x < 4; x++) {
            assertHole(dst, target, x, 0);
        }
        assertPixel(dst, 4, 0, 50, 50, 50);
    }

    @Test
    void depthKeyOrdersNearestFirstThenSmallerSourceIndex() {
        float[] ascending = {Float.NEGATIVE_INFINITY, -300f, -1.5f, -1e-30f, 0f, 1e-30f, 0.25f, 1f, 7.5f, 512f};
        for (int i = 1; i < ascending.length; i++) {
            long far = WarpForward.depthKey(ascending[i - 1], 0);
            long near = WarpForward.depthKey(ascending[i], 4000);
            assertTrue(Long.compareUnsigned(near, far) < 0, ascending[i] + " should win over " + ascending[i - 1]);
        }
        for (float v : ascending) {
            assertTrue(Long.compareUnsigned(WarpForward.depthKey(v, 3), WarpForward.depthKey(v, 4)) < 0, "tie at " + v);
            assertTrue(Long.compareUnsigned(WarpForward.depthKey(v, 3), WarpForward.EMPTY) < 0, "empty must lose to " + v);
            assertEquals(v, WarpForward.keyDisparity(WarpForward.depthKey(v, 17)));
        }
    }

    @Test
    void rejectsMismatchedSizesAndInPlaceUse() {
        RgbImage src = randomImage(8, 4, 4);
        FloatMap d = uniform(8, 4, 1f);
        assertThrows(IllegalArgumentException.class, () -> WarpForward.apply(src, uniform(7, 4, 0f), 1f, new RgbImage(8, 4), new FloatMap(8, 4)));
        assertThrows(IllegalArgumentException.class, () -> WarpForward.apply(src, d, 1f, new RgbImage(8, 5), new FloatMap(8, 4)));
        assertThrows(IllegalArgumentException.class, () -> WarpForward.apply(src, d, 1f, new RgbImage(8, 4), new FloatMap(9, 4)));
        assertThrows(IllegalArgumentException.class, () -> WarpForward.apply(src, d, Float.NaN, new RgbImage(8, 4), new FloatMap(8, 4)));
        assertThrows(IllegalArgumentException.class, () -> WarpForward.apply(src, d, 1f, src, new FloatMap(8, 4)));
    }
}

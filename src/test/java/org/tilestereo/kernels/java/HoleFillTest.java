package org.tilestereo.kernels.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.tilestereo.kernels.java.WarpForwardTest.poisoned;
import static org.tilestereo.kernels.java.WarpForwardTest.poisonedMap;
import static org.tilestereo.kernels.java.WarpForwardTest.randomImage;
import static org.tilestereo.kernels.java.WarpForwardTest.row;
import static org.tilestereo.kernels.java.WarpForwardTest.rowMap;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;

class HoleFillTest {

    /** A background ramp (d = 0, level 10 + x) with a near object (d = 4, level 200 + x) at x = 10..13. */
    private static RgbImage scene() {
        int[] levels = new int[24];
        for (int x = 0; x < levels.length; x++) {
            levels[x] = x >= 10 && x < 14 ? 200 + x : 10 + x;
        }
        return row(levels);
    }

    private static FloatMap sceneDisparity() {
        float[] d = new float[24];
        for (int x = 10; x < 14; x++) {
            d[x] = 4f;
        }
        return rowMap(d);
    }

    private static void assertGrey(RgbImage img, int x, int level) {
        for (int c = 0; c < 3; c++) {
            assertEquals(level, img.get(x, 0, c), "channel " + c + " at x=" + x);
        }
    }

    @Test
    void holeBehindAnObjectTakesTheBackgroundSide() {
        // Object moves right by 4: the hole at 10..13 has background (pixel 9) left and the object right.
        RgbImage src = scene();
        RgbImage img = poisoned(24, 1);
        FloatMap target = poisonedMap(24, 1);
        WarpForward.apply(src, sceneDisparity(), 1f, img, target);
        HoleFill.apply(img, target, src);
        for (int x = 10; x < 14; x++) {
            assertGrey(img, x, 10 + 9);
            assertEquals(0f, target.get(x, 0));
        }
        assertGrey(img, 14, 200 + 10); // the object's edge is untouched
    }

    @Test
    void holeOnTheOtherSideTakesTheBackgroundToo() {
        // Object moves left by 4 (right eye): the hole at 10..13 has the object left and background 14 right.
        RgbImage src = scene();
        RgbImage img = poisoned(24, 1);
        FloatMap target = poisonedMap(24, 1);
        WarpForward.apply(src, sceneDisparity(), -1f, img, target);
        assertEquals(4f, target.get(9, 0));
        HoleFill.apply(img, target, src);
        for (int x = 10; x < 14; x++) {
            assertGrey(img, x, 10 + 14);
            assertEquals(0f, target.get(x, 0));
        }
        assertGrey(img, 9, 200 + 13);
    }

    @Test
    void holesAtTheRowEndsTakeTheOnlyNeighbour() {
        RgbImage img = row(0, 0, 77, 88, 0);
        FloatMap d = rowMap(Float.NaN, Float.NaN, 5f, 1f, Float.NaN);
        HoleFill.apply(img, d, row(1, 2, 3, 4, 5));
        assertGrey(img, 0, 77);
        assertGrey(img, 1, 77);
        assertGrey(img, 4, 88);
        assertArrayEquals(new float[]{5f, 5f, 5f, 1f, 1f}, d.data());
    }

    @Test
    void equallyFarNeighboursFillFromTheLeft() {
        RgbImage img = row(30, 0, 0, 60);
        FloatMap d = rowMap(2f, Float.NaN, Float.NaN, 2f);
        HoleFill.apply(img, d, row(0, 0, 0, 0));
        assertGrey(img, 1, 30);
        assertGrey(img, 2, 30);
    }

    @Test
    void rowWithoutValidPixelsKeepsTheSourceRow() {
        RgbImage img = poisoned(3, 2);
        img.set(0, 1, 0, 9);
        FloatMap d = new FloatMap(3, 2, new float[]{Float.NaN, Float.NaN, Float.NaN, 9f, 9f, 9f});
        RgbImage src = randomImage(3, 2, 5);
        byte[] keptRow = java.util.Arrays.copyOfRange(img.data(), 9, 18);
        HoleFill.apply(img, d, src);
        assertArrayEquals(java.util.Arrays.copyOfRange(src.data(), 0, 9), java.util.Arrays.copyOfRange(img.data(), 0, 9));
        assertArrayEquals(keptRow, java.util.Arrays.copyOfRange(img.data(), 9, 18), "a row without holes must not change");
        assertArrayEquals(new float[]{0f, 0f, 0f, 9f, 9f, 9f}, d.data());
    }

    @Test
    void noHoleSurvivesARandomWarp() {
        int w = 67;
        int h = 31;
        RgbImage src = randomImage(w, h, 6);
        FloatMap disp = new FloatMap(w, h);
        Random r = new Random(7);
        for (int i = 0; i < disp.data().length; i++) {
            disp.data()[i] = r.nextFloat() * 12f;
        }
        RgbImage img = poisoned(w, h);
        FloatMap target = poisonedMap(w, h);
        WarpForward.apply(src, disp, -1f, img, target);
        RgbImage warped = img.copy();
        FloatMap warpedTarget = target.copy();
        HoleFill.apply(img, target, src);
        for (int i = 0; i < w * h; i++) {
            assertFalse(Float.isNaN(target.data()[i]), "NaN left at index " + i);
            if (!Float.isNaN(warpedTarget.data()[i])) {
                assertEquals(warpedTarget.data()[i], target.data()[i], "a valid disparity changed at " + i);
                for (int c = 0; c < 3; c++) {
                    assertEquals(warped.data()[3 * i + c], img.data()[3 * i + c], "a valid pixel changed at " + i);
                }
            }
        }
    }

    @Test
    void rejectsMismatchedSizes() {
        assertThrows(IllegalArgumentException.class, () -> HoleFill.apply(new RgbImage(4, 3), new FloatMap(4, 2), new RgbImage(4, 3)));
        assertThrows(IllegalArgumentException.class, () -> HoleFill.apply(new RgbImage(4, 3), new FloatMap(4, 3), new RgbImage(3, 3)));
    }
}

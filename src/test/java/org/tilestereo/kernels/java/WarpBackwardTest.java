package org.tilestereo.kernels.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.tilestereo.kernels.java.WarpForwardTest.poisoned;
import static org.tilestereo.kernels.java.WarpForwardTest.randomImage;
import static org.tilestereo.kernels.java.WarpForwardTest.row;
import static org.tilestereo.kernels.java.WarpForwardTest.rowMap;
import static org.tilestereo.kernels.java.WarpForwardTest.uniform;

import org.junit.jupiter.api.Test;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;

class WarpBackwardTest {

    @Test
    void zeroDisparityIsTheIdentity() {
        RgbImage src = randomImage(45, 33, 11);
        for (float factor : new float[]{1f, -1f, 2.5f}) {
            RgbImage dst = poisoned(45, 33);
            WarpBackward.apply(src, uniform(45, 33, 0f), factor, dst);
            assertArrayEquals(src.data(), dst.data(), "factor " + factor);
        }
    }

    @Test
    void integerUniformShiftMovesPixelsExactlyAndClampsAtTheEdge() {
        int w = 38;
        int h = 21;
        RgbImage src = randomImage(w, h, 12);
        RgbImage dst = poisoned(w, h);
        WarpBackward.apply(src, uniform(w, h, 3f), 1f, dst);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sx = Math.max(x - 3, 0);
                for (int c = 0; c < 3; c++) {
                    assertEquals(src.get(sx, y, c), dst.get(x, y, c), "pixel " + x + "," + y);
                }
            }
        }
        dst = poisoned(w, h);
        WarpBackward.apply(src, uniform(w, h, 3f), -1f, dst);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sx = Math.min(x + 3, w - 1);
                for (int c = 0; c < 3; c++) {
                    assertEquals(src.get(sx, y, c), dst.get(x, y, c), "pixel " + x + "," + y);
                }
            }
        }
    }

    @Test
    void halfPixelShiftAveragesNeighbours() {
        int w = 27;
        int h = 18;
        RgbImage src = randomImage(w, h, 13);
        RgbImage dst = poisoned(w, h);
        WarpBackward.apply(src, uniform(w, h, 0.5f), 1f, dst);
        for (int y = 0; y < h; y++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(src.get(0, y, c), dst.get(0, y, c), "x=0 clamps to the edge pixel");
            }
            for (int x = 1; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    int a = src.get(x - 1, y, c);
                    int b = src.get(x, y, c);
                    assertEquals((int) (a + 0.5f * (b - a) + 0.5f), dst.get(x, y, c), "pixel " + x + "," + y);
                }
            }
        }
    }

    @Test
    void readsTheDisparityAtTheTargetPixel() {
        // Only pixel 2 has a disparity: it fetches from 2 - 1.25 = 0.75, i.e. 0.25*10 + 0.75*90 = 70.
        RgbImage src = row(10, 90, 20, 30);
        RgbImage dst = poisoned(4, 1);
        WarpBackward.apply(src, rowMap(0f, 0f, 1.25f, Float.NaN), 1f, dst);
        assertEquals(10, dst.get(0, 0, 0));
        assertEquals(90, dst.get(1, 0, 0));
        assertEquals(70, dst.get(2, 0, 0));
        assertEquals(30, dst.get(3, 0, 1), "a NaN disparity leaves the pixel in place");
    }

    @Test
    void rejectsMismatchedSizesAndInPlaceUse() {
        RgbImage src = randomImage(6, 5, 14);
        FloatMap d = uniform(6, 5, 1f);
        assertThrows(IllegalArgumentException.class, () -> WarpBackward.apply(src, uniform(6, 4, 0f), 1f, new RgbImage(6, 5)));
        assertThrows(IllegalArgumentException.class, () -> WarpBackward.apply(src, d, 1f, new RgbImage(5, 5)));
        assertThrows(IllegalArgumentException.class, () -> WarpBackward.apply(src, d, Float.POSITIVE_INFINITY, new RgbImage(6, 5)));
        assertThrows(IllegalArgumentException.class, () -> WarpBackward.apply(src, d, 1f, src));
    }
}

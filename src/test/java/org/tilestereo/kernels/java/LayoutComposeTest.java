package org.tilestereo.kernels.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tilestereo.kernels.java.WarpForwardTest.poisoned;
import static org.tilestereo.kernels.java.WarpForwardTest.randomImage;

import org.junit.jupiter.api.Test;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.Layout;

class LayoutComposeTest {

    /** A w x h image whose channel c at (x, y) is base + 10 * y + x + c (small values, easy to read). */
    private static RgbImage numbered(int w, int h, int base) {
        RgbImage img = new RgbImage(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    img.set(x, y, c, base + 10 * y + x + c);
                }
            }
        }
        return img;
    }

    private static RgbImage filled(int w, int h, int r, int g, int b) {
        RgbImage img = new RgbImage(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.set(x, y, 0, r);
                img.set(x, y, 1, g);
                img.set(x, y, 2, b);
            }
        }
        return img;
    }

    private static RgbImage compose(RgbImage l, RgbImage r, Layout layout) {
        RgbImage out = poisoned(layout.outputWidth(l.width()), layout.outputHeight(l.height()));
        LayoutCompose.apply(l, r, layout, out);
        return out;
    }

    private static void assertPixel(RgbImage img, int x, int y, int r, int g, int b) {
        assertEquals(r, img.get(x, y, 0), "R at " + x + "," + y);
        assertEquals(g, img.get(x, y, 1), "G at " + x + "," + y);
        assertEquals(b, img.get(x, y, 2), "B at " + x + "," + y);
    }

    @Test
    void sbsPutsTheLeftEyeLeft() {
        RgbImage l = numbered(3, 2, 0);
        RgbImage r = numbered(3, 2, 100);
        RgbImage out = compose(l, r, Layout.SBS);
        assertEquals(6, out.width());
        assertEquals(2, out.height());
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                assertPixel(out, x, y, 10 * y + x, 10 * y + x + 1, 10 * y + x + 2);
                assertPixel(out, x + 3, y, 100 + 10 * y + x, 101 + 10 * y + x, 102 + 10 * y + x);
            }
        }
    }

    @Test
    void tbPutsTheLeftEyeOnTop() {
        RgbImage l = numbered(3, 2, 0);
        RgbImage r = numbered(3, 2, 100);
        RgbImage out = compose(l, r, Layout.TB);
        assertEquals(3, out.width());
        assertEquals(4, out.height());
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                assertPixel(out, x, y, 10 * y + x, 10 * y + x + 1, 10 * y + x + 2);
                assertPixel(out, x, y + 2, 100 + 10 * y + x, 101 + 10 * y + x, 102 + 10 * y + x);
            }
        }
    }

    @Test
    void hsbsOfAnEvenWidthAveragesPairs() {
        RgbImage l = new RgbImage(4, 1, new byte[]{1, 2, 3, 2, 4, 6, 9, 9, 9, 100, 0, (byte) 255});
        RgbImage r = new RgbImage(4, 1, new byte[]{0, 0, 0, 1, 1, 1, 50, 60, 70, 51, 61, 71});
        RgbImage out = compose(l, r, Layout.HSBS);
        assertEquals(4, out.width());
        // (1+2)/2 = 1.5 -> 2, (2+4)/2 = 3, (3+6)/2 = 4.5 -> 5; (9+100)/2 = 54.5 -> 55, 4.5 -> 5, 132
        assertPixel(out, 0, 0, 2, 3, 5);
        assertPixel(out, 1, 0, 55, 5, 132);
        assertPixel(out, 2, 0, 1, 1, 1); // 0.5 -> 1
        assertPixel(out, 3, 0, 51, 61, 71); // 50.5 -> 51, 60.5 -> 61, 70.5 -> 71
    }

    @Test
    void hsbsOfAnOddWidthSamplesAtTheScaledCentres() {
        // Width 5 -> 2 columns per eye, scale 2.5: samples at x = 0.75 and 3.25.
        RgbImage l = new RgbImage(5, 1, new byte[]{0, 0, 0, 100, 100, 100, 0, 0, 0, 40, 40, 40, (byte) 200, (byte) 200, (byte) 200});
        RgbImage r = new RgbImage(5, 1, new byte[]{8, 8, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        RgbImage out = compose(l, r, Layout.HSBS);
        assertEquals(4, out.width());
        assertPixel(out, 0, 0, 75, 75, 75); // 0 + 0.75 * 100
        assertPixel(out, 1, 0, 80, 80, 80); // 40 + 0.25 * 160
        assertPixel(out, 2, 0, 2, 2, 2); // 8 + 0.75 * -8 = 2
        assertPixel(out, 3, 0, 0, 0, 0);
    }

    @Test
    void htbOfAnOddHeightSamplesAtTheScaledCentres() {
        // Height 3 -> 1 row per eye, scale 3: the sample at y = 1.0 is the middle row exactly.
        RgbImage l = numbered(2, 3, 0);
        RgbImage r = numbered(2, 3, 100);
        RgbImage out = compose(l, r, Layout.HTB);
        assertEquals(2, out.width());
        assertEquals(2, out.height());
        for (int x = 0; x < 2; x++) {
            assertPixel(out, x, 0, 10 + x, 11 + x, 12 + x);
            assertPixel(out, x, 1, 110 + x, 111 + x, 112 + x);
        }

        // Height 5 -> 2 rows, samples at y = 0.75 and 3.25.
        RgbImage l5 = numbered(1, 5, 0); // rows 0, 10, 20, 30, 40 (+ channel)
        RgbImage r5 = filled(1, 5, 200, 201, 202);
        RgbImage out5 = compose(l5, r5, Layout.HTB);
        assertEquals(4, out5.height());
        assertPixel(out5, 0, 0, 8, 9, 10); // 7.5 + 0.5 -> 8
        assertPixel(out5, 0, 1, 33, 34, 35); // 32.5 -> 33
        assertPixel(out5, 0, 2, 200, 201, 202);
        assertPixel(out5, 0, 3, 200, 201, 202);
    }

    @Test
    void htbOfAnEvenHeightAveragesRowPairs() {
        RgbImage l = numbered(3, 4, 0);
        RgbImage r = numbered(3, 4, 50);
        RgbImage out = compose(l, r, Layout.HTB);
        assertEquals(4, out.height());
        for (int x = 0; x < 3; x++) {
            // rows y and y + 1 differ by 10, so each pair averages to a whole 5 more than its top row
            assertPixel(out, x, 0, 5 + x, 6 + x, 7 + x);
            assertPixel(out, x, 1, 25 + x, 26 + x, 27 + x);
            assertPixel(out, x, 2, 55 + x, 56 + x, 57 + x);
            assertPixel(out, x, 3, 75 + x, 76 + x, 77 + x);
        }
    }

    @Test
    void anaglyphOfIdenticalGreyEyesStaysGrey() {
        // Grey g decodes to l; Dubois' rows sum to 0.999 (R), 1.000 (G), 1.000 (B) over both eyes, so
        // out = (0.999 l, l, l). For 128: l = 0.215861, R = 0.215645 -> 127.94 -> 128.
        // For 255: R = 0.999 -> 1.055 * 0.999^(1/2.4) - 0.055 = 0.99956 -> 254.89 -> 255.
        for (int g : new int[]{0, 1, 64, 128, 200, 255}) {
            RgbImage grey = filled(3, 2, g, g, g);
            RgbImage out = compose(grey, grey.copy(), Layout.ANAGLYPH);
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 3; x++) {
                    assertPixel(out, x, y, g, g, g);
                }
            }
        }
    }

    @Test
    void anaglyphAppliesDuboisMatricesInLinearLight() {
        RgbImage black = filled(2, 2, 0, 0, 0);
        // Left pure red: linear (1, 0, 0) -> (0.456, -0.040, -0.015) -> clamp (0.456, 0, 0);
        // 1.055 * 0.456^(1/2.4) - 0.055 = 0.70559 -> 179.93 -> 180. (In gamma space it would be 116.)
        assertPixel(compose(filled(2, 2, 255, 0, 0), black, Layout.ANAGLYPH), 1, 1, 180, 0, 0);
        // Left pure blue: column 3 of the left matrix, (0.176, -0.016, -0.005) -> 0.45654 -> 116.42 -> 116.
        assertPixel(compose(filled(2, 2, 0, 0, 255), black, Layout.ANAGLYPH), 0, 1, 116, 0, 0);
        // Right pure green: (-0.088, 0.734, -0.113) -> (0, 0.734, 0) -> 0.87245 -> 222.48 -> 222.
        assertPixel(compose(black, filled(2, 2, 0, 255, 0), Layout.ANAGLYPH), 1, 0, 0, 222, 0);
        // Right pure blue: (-0.002, -0.018, 1.226) clamps to (0, 0, 1) -> 255.
        assertPixel(compose(black, filled(2, 2, 0, 0, 255), Layout.ANAGLYPH), 0, 0, 0, 0, 255);
    }

    @Test
    void srgbTransferFunctionRoundTripsEveryCode() {
        for (int code = 0; code < 256; code++) {
            assertEquals(code, LayoutCompose.linearToSrgbByte(LayoutCompose.srgbToLinear(code)), "code " + code);
        }
        assertEquals(0.21586050f, LayoutCompose.srgbToLinear(128), 1e-7f);
        assertEquals(10f / 255f / 12.92f, LayoutCompose.srgbToLinear(10), 1e-9f);
    }

    @Test
    void srgbEncodingMatchesTheFormulaRounded() {
        for (int i = 0; i <= 200_000; i++) {
            float v = i / 200_000f;
            double e = v <= 0.0031308 ? 12.92 * v : 1.055 * Math.pow(v, 1 / 2.4) - 0.055;
            double scaled = e * 255 + 0.5;
            if (Math.abs(scaled - Math.rint(scaled)) < 1e-4) {
                continue; // on a rounding step: either code is right to float precision
            }
            assertEquals((int) scaled, LayoutCompose.linearToSrgbByte(v), "linear " + v);
        }
        assertEquals(0, LayoutCompose.linearToSrgbByte(-0.2f));
        assertEquals(0, LayoutCompose.linearToSrgbByte(Float.NaN));
        assertEquals(255, LayoutCompose.linearToSrgbByte(1.3f));
    }

    @Test
    void leftAndRightCopyOneEye() {
        RgbImage l = randomImage(7, 5, 21);
        RgbImage r = randomImage(7, 5, 22);
        assertArrayEquals(l.data(), compose(l, r, Layout.LEFT).data());
        assertArrayEquals(r.data(), compose(l, r, Layout.RIGHT).data());
    }

    @Test
    void everyLayoutWritesEveryPixelOfLargeOddImages() {
        // 33 x 35: odd sizes, and enough rows for the parallel path. Poison must not survive anywhere.
        RgbImage l = filled(33, 35, 1, 2, 3);
        RgbImage r = filled(33, 35, 4, 5, 6);
        for (Layout layout : Layout.values()) {
            if (layout == Layout.DEPTH) {
                continue;
            }
            RgbImage out = compose(l, r, layout);
            for (byte b : out.data()) {
                assertTrue(b != WarpForwardTest.POISON, layout + " left a pixel unwritten");
            }
        }
    }

    @Test
    void rejectsDepthMismatchedEyesAndWrongOutputSizes() {
        RgbImage l = new RgbImage(4, 3);
        RgbImage r = new RgbImage(4, 3);
        IllegalArgumentException depth = assertThrows(IllegalArgumentException.class,
                () -> LayoutCompose.apply(l, r, Layout.DEPTH, new RgbImage(4, 3)));
        assertTrue(depth.getMessage().contains("depth"), depth.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LayoutCompose.apply(l, new RgbImage(4, 2), Layout.SBS, new RgbImage(8, 3)));
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> LayoutCompose.apply(l, r, Layout.SBS, new RgbImage(4, 3)));
        assertTrue(size.getMessage().contains("8x3"), size.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LayoutCompose.apply(l, r, Layout.TB, new RgbImage(4, 3)));
        assertThrows(IllegalArgumentException.class,
                () -> LayoutCompose.apply(new RgbImage(1, 3), new RgbImage(1, 3), Layout.HSBS, new RgbImage(1, 3)));
        assertThrows(IllegalArgumentException.class,
                () -> LayoutCompose.apply(new RgbImage(3, 1), new RgbImage(3, 1), Layout.HTB, new RgbImage(3, 1)));
        assertThrows(IllegalArgumentException.class, () -> LayoutCompose.apply(l, r, Layout.ANAGLYPH, l));
    }
}

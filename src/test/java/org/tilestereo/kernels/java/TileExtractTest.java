package org.tilestereo.kernels.java;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.ModelInput;
import org.tilestereo.kernels.TileGrid;
import org.tilestereo.testing.TestImages;

class TileExtractTest {
    private static final ModelInput RAW_33 = new ModelInput(33, 21, new float[] {0, 0, 0}, new float[] {1, 1, 1});

    @Test
    void wholeFrameAtNativeSizeCopiesPixelsExactly() {
        RgbImage img = TestImages.randomRgb(33, 21, 1);
        float[] out = new float[RAW_33.floatsPerImage()];
        java.util.Arrays.fill(out, Float.NaN);
        TileExtract.apply(img, TileGrid.whole(33, 21), 0, 1, RAW_33, out);
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < 21; y++)
                for (int x = 0; x < 33; x++)
                    assertEquals(img.get(x, y, c) / 255f, out[(c * 21 + y) * 33 + x], 0f);
    }

    @Test
    void normalisationUsesMeanAndStd() {
        RgbImage img = new RgbImage(2, 2);
        java.util.Arrays.fill(img.data(), (byte) 255);
        ModelInput in = ModelInput.imagenet(2, 2);
        float[] out = new float[in.floatsPerImage()];
        TileExtract.apply(img, TileGrid.whole(2, 2), 0, 1, in, out);
        assertEquals((1f - 0.485f) / 0.229f, out[0], 1e-6);
        assertEquals((1f - 0.406f) / 0.225f, out[8], 1e-6);
    }

    @Test
    void tilesBeyondTheBorderAreReflect101Padding() {
        int w = 41, h = 29;
        RgbImage img = TestImages.randomRgb(w, h, 2);
        TileGrid g = TileGrid.of(w, h, 36, 24, 8);
        ModelInput in = new ModelInput(36, 24, new float[3], new float[] {1, 1, 1});
        float[] out = new float[g.count() * in.floatsPerImage()];
        java.util.Arrays.fill(out, Float.NaN);
        TileExtract.apply(img, g, 0, g.count(), in, out);
        for (int t = 0; t < g.count(); t++) {
            for (int y = 0; y < 24; y++) {
                for (int x = 0; x < 36; x++) {
                    int sx = TileExtract.reflect101(g.tileX(t) + x, w), sy = TileExtract.reflect101(g.tileY(t) + y, h);
                    for (int c = 0; c < 3; c++) {
                        assertEquals(img.get(sx, sy, c) / 255f, out[((t * 3 + c) * 24 + y) * 36 + x], 0f);
                    }
                }
            }
        }
    }

    @Test
    void reflect101MirrorsWithoutRepeatingTheEdge() {
        assertEquals(1, TileExtract.reflect101(-1, 5));
        assertEquals(2, TileExtract.reflect101(-2, 5));
        assertEquals(3, TileExtract.reflect101(5, 5));
        assertEquals(0, TileExtract.reflect101(8, 5));
        assertEquals(1, TileExtract.reflect101(9, 5));
        assertEquals(0, TileExtract.reflect101(-7, 1));
    }

    @Test
    void downscaleByTwoAveragesPixelPairs() {
        RgbImage img = new RgbImage(4, 2);
        int[] vals = {10, 20, 30, 50};
        for (int y = 0; y < 2; y++)
            for (int x = 0; x < 4; x++)
                for (int c = 0; c < 3; c++) img.set(x, y, c, vals[x]);
        ModelInput in = new ModelInput(2, 1, new float[3], new float[] {1, 1, 1});
        float[] out = new float[in.floatsPerImage()];
        TileExtract.apply(img, TileGrid.whole(4, 2), 0, 1, in, out);
        assertEquals(15f / 255f, out[0], 1e-7);
        assertEquals(40f / 255f, out[1], 1e-7);
    }

    @Test
    void badArgumentsNameTheProblem() {
        RgbImage img = TestImages.randomRgb(10, 10, 3);
        var e = assertThrows(IllegalArgumentException.class,
                () -> TileExtract.apply(img, TileGrid.whole(11, 10), 0, 1, RAW_33, new float[RAW_33.floatsPerImage()]));
        assertTrue(e.getMessage().contains("tile_extract"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> TileExtract.apply(img, TileGrid.whole(10, 10), 0, 1, RAW_33, new float[5]));
        assertThrows(IllegalArgumentException.class,
                () -> TileExtract.apply(img, TileGrid.whole(10, 10), 0, 2, RAW_33, new float[2 * RAW_33.floatsPerImage()]));
    }
}

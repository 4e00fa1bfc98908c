package org.tilestereo.kernels.java;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.ModelInput;
import org.tilestereo.kernels.TileGrid;
import org.tilestereo.testing.TestImages;

class TileBlendTest {

    /** A per-pixel "depth model": any function of the pixel's own channels. */
    private static float[] perPixelModel(float[] nchw, int batch, int w, int h) {
        int plane = w * h;
        float[] depth = new float[batch * plane];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < plane; i++) {
                float r = nchw[(b * 3) * plane + i], g = nchw[(b * 3 + 1) * plane + i], bl = nchw[(b * 3 + 2) * plane + i];
                float v = 0.3f * r + 0.59f * g + 0.11f * bl;
                depth[b * plane + i] = v * v + 0.25f * bl;
            }
        }
        return depth;
    }

    @Test
    void tilingThenBlendingAPerPixelOperationEqualsTheUntiledResultExactly() {
        int w = 301, h = 227;
        RgbImage img = TestImages.randomRgb(w, h, 7);
        ModelInput wholeIn = ModelInput.imagenet(w, h);
        float[] wholeInput = new float[wholeIn.floatsPerImage()];
        TileExtract.apply(img, TileGrid.whole(w, h), 0, 1, wholeIn, wholeInput);
        FloatMap untiled = new FloatMap(w, h);
        TileBlend.apply(perPixelModel(wholeInput, 1, w, h), w, h, TileGrid.whole(w, h), null, null, untiled);

        for (int[] t : new int[][] {{96, 80, 16}, {64, 64, 24}, {128, 100, 32}}) {
            TileGrid g = TileGrid.of(w, h, t[0], t[1], t[2]);
            ModelInput tileIn = ModelInput.imagenet(t[0], t[1]);
            float[] input = new float[g.count() * tileIn.floatsPerImage()];
            TileExtract.apply(img, g, 0, g.count(), tileIn, input);
            FloatMap tiled = new FloatMap(w, h);
            tiled.fill(Float.NaN);
            TileBlend.apply(perPixelModel(input, g.count(), t[0], t[1]), t[0], t[1], g, null, null, tiled);
            assertArrayEquals(untiled.data(), tiled.data(), 0f, g.toString());
        }
    }

    @Test
    void wholeGridUpsamplesBilinearlyAndHitsSamplesOnPixelCentres() {
        float[] d = {0f, 1f, 2f, 3f};  // 2x2
        FloatMap out = new FloatMap(4, 4);
        TileBlend.apply(d, 2, 2, TileGrid.whole(4, 4), null, null, out);
        // source coordinate of x=0 is -0.25 -> clamped to 0; x=1 -> 0.25
        assertEquals(0f, out.get(0, 0), 0f);
        assertEquals(0.25f, out.get(1, 0), 1e-7);
        assertEquals(0.75f, out.get(2, 0), 1e-7);
        assertEquals(1f, out.get(3, 0), 0f);
        assertEquals(3f, out.get(3, 3), 0f);
        assertEquals(0.5f + 0.25f, out.get(1, 1), 1e-6);
    }

    @Test
    void scaleAndShiftAlignEachTile() {
        int w = 90, h = 70;
        TileGrid g = TileGrid.of(w, h, 48, 40, 8);
        float[] tiles = new float[g.count() * 48 * 40];
        float[] scale = new float[g.count()], shift = new float[g.count()];
        for (int t = 0; t < g.count(); t++) {
            // each tile sees the constant 1 at its own scale and shift; alignment undoes it
            scale[t] = 0.5f * (t + 1);
            shift[t] = 2f - scale[t] * (1f + t);
            Arrays.fill(tiles, t * 48 * 40, (t + 1) * 48 * 40, 1f + t);
        }
        FloatMap out = new FloatMap(w, h);
        TileBlend.apply(tiles, 48, 40, g, scale, shift, out);
        for (float v : out.data()) assertEquals(2f, v, 1e-5f);
    }

    @Test
    void badSizesAreRefused() {
        TileGrid g = TileGrid.of(90, 70, 48, 40, 8);
        var e = assertThrows(IllegalArgumentException.class,
                () -> TileBlend.apply(new float[10], 48, 40, g, null, null, new FloatMap(90, 70)));
        assertTrue(e.getMessage().contains("tile depth"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> TileBlend.apply(new float[g.count() * 48 * 40], 48, 40, g, null, null, new FloatMap(91, 70)));
    }
}

package org.tilestereo.kernels;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class TileGridTest {

    @Test
    void gridCoversImageWithHalfOverlapPaddingOnEverySide() {
        for (int[] s : new int[][] {{1282, 1110}, {3840, 2160}, {101, 67}, {512, 512}}) {
            TileGrid g = TileGrid.of(s[0], s[1], 256, 192, 32);
            assertTrue(g.tileX(0) <= -16, "left padding " + g.tileX(0));
            assertTrue(g.tileY(0) <= -16, "top padding " + g.tileY(0));
            int last = g.count() - 1;
            assertTrue(g.tileX(last) + g.tileWidth >= s[0] + 16, "right padding");
            assertTrue(g.tileY(last) + g.tileHeight >= s[1] + 16, "bottom padding");
        }
    }

    @Test
    void weightsOfTilesCoveringAPixelSumToOne() {
        TileGrid g = TileGrid.of(700, 300, 128, 96, 24);
        for (int y = 0; y < 300; y += 7) {
            for (int x = 0; x < 700; x++) {
                double sum = 0;
                for (int t = 0; t < g.count(); t++) {
                    int tx = g.tileX(t), ty = g.tileY(t);
                    if (x >= tx && x < tx + g.tileWidth && y >= ty && y < ty + g.tileHeight) {
                        sum += TileGrid.weight1d(x, tx, g.tileWidth, g.overlap) * TileGrid.weight1d(y, ty, g.tileHeight, g.overlap);
                    }
                }
                assertEquals(1.0, sum, 1e-6, "at " + x + "," + y);
            }
        }
    }

    @Test
    void weightIsZeroInTheQuarterOverlapBandAtATileEdge() {
        assertEquals(0f, TileGrid.weight1d(0, 0, 100, 16));
        assertEquals(0f, TileGrid.weight1d(3, 0, 100, 16));
        assertEquals(1f, TileGrid.weight1d(50, 0, 100, 16));
        assertEquals(0f, TileGrid.weight1d(99, 0, 100, 16));
        assertEquals(1f, TileGrid.weight1d(5, 0, 100, 0));
    }

    @Test
    void badTilingIsRefusedWithTheReason() {
        var e = assertThrows(IllegalArgumentException.class, () -> TileGrid.of(100, 100, 30, 30, 16));
        assertTrue(e.getMessage().contains("twice the overlap"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TileGrid.of(100, 100, 64, 64, 5));
        assertThrows(IllegalArgumentException.class, () -> TileGrid.whole(0, 5));
    }
}

package org.tilestereo.memory;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ArenaTest {

    @Test
    void allocationsAreAlignedAndPacked() {
        Arena a = new Arena("pool", 4096);
        assertEquals(0, a.allocate(1, "a"));
        assertEquals(256, a.allocate(300, "b"));
        assertEquals(768, a.allocate(256, "c"));
        assertEquals(1024, a.used());
    }

    @Test
    void scopesReleaseInStackOrderAndCloseTwiceSafely() {
        Arena a = new Arena("pool", 1 << 20);
        a.allocate(1000, "weights");
        long before = a.used();
        for (int frame = 0; frame < 3; frame++) {
            try (Arena.Scope s = a.scope()) {
                a.allocate(5000, "frame");
                try (Arena.Scope inner = a.scope()) {
                    a.allocate(7000, "tile");
                }
                assertEquals(before + Arena.aligned(5000), a.used());
                s.close();
                s.close();
            }
            assertEquals(before, a.used());
        }
        assertEquals(before + Arena.aligned(5000) + Arena.aligned(7000), a.peak());
    }

    @Test
    void closingOutOfOrderIsRefused() {
        Arena a = new Arena("pool", 1 << 20);
        Arena.Scope outer = a.scope();
        Arena.Scope inner = a.scope();
        assertThrows(IllegalStateException.class, outer::close);
        inner.close();
        outer.close();
    }

    @Test
    void askingForMoreThanThePoolHoldsSaysTheSizes() {
        Arena a = new Arena("device pool", 10 * Bytes.MiB);
        a.allocate(4 * Bytes.MiB, "weights");
        PoolExhaustedException e = assertThrows(PoolExhaustedException.class, () -> a.allocate(7 * Bytes.MiB, "tile batch"));
        assertTrue(e.getMessage().contains("tile batch needs 7.0 MiB but only 6.0 MiB of 10.0 MiB are free (4.0 MiB in use)"),
                e.getMessage());
        assertEquals(7 * Bytes.MiB, e.requested);
    }

    @Test
    void sizesParseAndFormat() {
        assertEquals(8 * Bytes.GiB, Bytes.parse("8GiB"));
        assertEquals(8 * Bytes.GiB, Bytes.parse("8G"));
        assertEquals(512 * Bytes.MiB, Bytes.parse("512MB"));
        assertEquals((long) (1.5 * Bytes.GiB), Bytes.parse("1.5g"));
        assertEquals(100, Bytes.parse("100"));
        assertThrows(IllegalArgumentException.class, () -> Bytes.parse("eight"));
        assertEquals("1.50 GiB", Bytes.format((long) (1.5 * Bytes.GiB)));
    }
}

package org.tilestereo.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.tilestereo.memory.PoolExhaustedException;

class RingCursorTest {

    @Test
    void reservationsFollowEachOtherAndWrapAfterTheRingEmpties() {
        RingCursor ring = new RingCursor(4096);
        int[] drains = new int[1];
        Runnable drain = () -> drains[0]++;
        assertEquals(0, ring.reserve(1000, drain));
        assertEquals(1024, ring.reserve(2000, drain));
        assertEquals(3072, ring.reserve(1024, drain));
        assertEquals(0, drains[0]);
        assertEquals(0, ring.reserve(10, drain), "full: wait for the stream, start over");
        assertEquals(1, drains[0]);
        assertEquals(1, ring.wraps());
        ring.reset();
        assertEquals(0, ring.reserve(4096, drain), "a whole-ring piece fits an empty ring");
        assertEquals(1, drains[0]);
    }

    @Test
    void aPieceLargerThanTheRingIsAnErrorWithTheSizes() {
        RingCursor ring = new RingCursor(4096);
        PoolExhaustedException e = assertThrows(PoolExhaustedException.class, () -> ring.reserve(5000, () -> { }));
        assertEquals("pinned ring: a transfer of 4.9 KiB does not fit its 4.0 KiB; transfers are split into pieces of at most"
                + " the ring's size", e.getMessage());
    }
}

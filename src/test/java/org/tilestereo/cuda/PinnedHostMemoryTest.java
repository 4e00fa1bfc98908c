package org.tilestereo.cuda;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tilestereo.memory.Bytes;
import org.tilestereo.memory.PoolExhaustedException;

/** More pinned memory than one block holds is the pool-exhausted case (the caller asks for less), not a crash. */
class PinnedHostMemoryTest {

    @Test
    void moreThanTwoGiBIsPoolExhaustedBeforeAnyDeviceCall() {
        PoolExhaustedException e = assertThrows(PoolExhaustedException.class, () -> PinnedHostMemory.allocate(3 * Bytes.GiB));
        assertTrue(e.getMessage().contains("at most 2 GiB"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PinnedHostMemory.allocate(0));
    }
}

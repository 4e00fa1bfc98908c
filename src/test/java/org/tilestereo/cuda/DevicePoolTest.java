package org.tilestereo.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tilestereo.memory.Arena;
import org.tilestereo.memory.PoolExhaustedException;

/** The pool's bookkeeping, with an allocator that hands out addresses and counts: no GPU needed. */
class DevicePoolTest {

    /** Hands out 4 GiB apart addresses and records every allocation and free. */
    static final class CountingAllocator implements DeviceAllocator {
        final List<Long> allocated = new ArrayList<>();
        final List<Long> freed = new ArrayList<>();
        private long next = 1L << 32;

        @Override
        public long allocate(long bytes) {
            long a = next;
            next += 1L << 32;
            allocated.add(bytes);
            return a;
        }

        @Override
        public void free(long address) {
            freed.add(address);
        }
    }

    @Test
    void subAllocatesAlignedAndReleasesPerScope() {
        CountingAllocator device = new CountingAllocator();
        try (DevicePool pool = DevicePool.fixed(device, 10_000)) {
            assertEquals(List.of(10_240L), device.allocated, "one block, rounded up to the alignment");
            long base;
            try (Arena.Scope frame = pool.scope()) {
                DeviceBuffer a = pool.allocate(3, "a");
                DeviceBuffer b = pool.allocate(300, "b");
                base = a.address();
                assertEquals(base + 256, b.address());
                assertEquals(0, b.address() % 256);
                assertEquals(768, pool.used());
            }
            assertEquals(0, pool.used());
            try (Arena.Scope frame = pool.scope()) {
                assertEquals(base, pool.allocate(5000, "c").address(), "the next frame reuses the same memory");
            }
            assertEquals(1, pool.deviceAllocations());
        }
        assertEquals(1, device.freed.size());
    }

    @Test
    void askingForMoreThanAFixedPoolHoldsNamesTheSizes() {
        try (DevicePool pool = DevicePool.fixed(new CountingAllocator(), 1 << 20)) {
            PoolExhaustedException e = assertThrows(PoolExhaustedException.class, () -> pool.reserve(3L << 20));
            assertEquals("device pool: this frame needs 3.0 MiB but the pool holds 1.0 MiB (2.0 MiB missing)", e.getMessage());
            assertEquals(3L << 20, e.requested);
            try (Arena.Scope frame = pool.scope()) {
                pool.allocate(700 << 10, "tile depth");
                PoolExhaustedException f = assertThrows(PoolExhaustedException.class, () -> pool.allocate(400 << 10, "warped image"));
                assertEquals("device pool: warped image needs 400.0 KiB but only 324.0 KiB of 1.0 MiB are free (700.0 KiB in use)",
                        f.getMessage());
            }
        }
    }

    @Test
    void aGrowablePoolAllocatesOnlyWhenAFrameNeedsMore() {
        CountingAllocator device = new CountingAllocator();
        try (DevicePool pool = DevicePool.growable(device, 0)) {
            assertEquals(0, pool.deviceAllocations());
            pool.reserve(5000);
            pool.reserve(5000);
            pool.reserve(100);
            assertEquals(1, pool.deviceAllocations());
            try (Arena.Scope frame = pool.scope()) {
                pool.allocate(10, "x");
                assertThrows(IllegalStateException.class, () -> pool.reserve(1 << 20), "no growing while buffers are in use");
            }
            pool.reserve(1 << 20);
            assertEquals(2, pool.deviceAllocations());
            assertEquals(1, device.freed.size(), "the old block is freed before the new one is allocated");
        }
        assertEquals(2, device.freed.size());
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseFails() {
        CountingAllocator device = new CountingAllocator();
        DevicePool pool = DevicePool.fixed(device, 4096);
        pool.close();
        pool.close();
        assertEquals(1, device.freed.size());
        assertThrows(IllegalStateException.class, () -> pool.allocate(1, "x"));
    }
}

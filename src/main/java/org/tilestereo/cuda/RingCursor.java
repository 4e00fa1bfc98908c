package org.tilestereo.cuda;

import org.tilestereo.memory.Arena;
import org.tilestereo.memory.Bytes;
import org.tilestereo.memory.PoolExhaustedException;

/**
 * The bookkeeping of the pinned host ring: reservations follow each other (256-byte aligned) from
 * the start of the ring to its end; one that does not fit before the end waits until the ring is
 * free again (the caller's {@code onWrap}: synchronise the stream, finish the pending downloads)
 * and goes to the start. Pure bookkeeping, so it is tested without a GPU.
 */
final class RingCursor {
    private final long capacity;
    private long head;
    private int wraps;

    RingCursor(long capacity) {
        if (capacity < Arena.ALIGNMENT) {
            throw new IllegalArgumentException("pinned ring: capacity must be at least " + Arena.ALIGNMENT + " bytes, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** The offset of bytes in the ring; runs onWrap first when they do not fit before its end. */
    long reserve(long bytes, Runnable onWrap) {
        long size = Arena.aligned(Math.max(bytes, 1));
        if (size > capacity) {
            throw new PoolExhaustedException("pinned ring: a transfer of " + Bytes.format(bytes) + " does not fit its "
                    + Bytes.format(capacity) + "; transfers are split into pieces of at most the ring's size",
                    size, capacity - head, capacity);
        }
        if (head + size > capacity) {
            onWrap.run();
            wraps++;
            head = 0;
        }
        long offset = head;
        head += size;
        return offset;
    }

    /** The largest piece one reservation can take. */
    long capacity() {
        return capacity;
    }

    /** Everything reserved is done with (the stream was synchronised). */
    void reset() {
        head = 0;
    }

    long used() {
        return head;
    }

    /** How often a transfer had to wait for the ring to empty: a ring too small for a frame's traffic. */
    int wraps() {
        return wraps;
    }
}

package org.tilestereo.memory;

import java.util.Locale;

/**
 * The bookkeeping of one contiguous block (the run's single device allocation, or its pinned host
 * buffer): allocations bump an offset aligned to {@link #ALIGNMENT}, and scopes give it back in
 * stack order, so a frame's buffers are released by closing the frame's scope. Nothing here touches
 * memory; the owner of the block adds the base address. One block, no free list, so nothing can
 * fragment.
 */
public final class Arena {
    /** cudaMalloc returns 256-byte aligned memory; keeping every sub-allocation so aligned suits any vector load. */
    public static final long ALIGNMENT = 256;

    private final String name;
    private final long capacity;
    private long top;
    private long peak;
    private int openScopes;

    public Arena(String name, long capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException(name + ": capacity must be positive, got " + capacity);
        }
        this.name = name;
        this.capacity = capacity;
    }

    /** Bytes rounded up to the alignment. */
    public static long aligned(long bytes) {
        return (bytes + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /** What buffers of these sizes take from an arena, each rounded as {@link #allocate} rounds it (0: not taken). */
    public static long need(long... sizes) {
        long total = 0;
        for (long s : sizes) {
            if (s > 0) {
                total += aligned(s);
            }
        }
        return total;
    }

    /**
     * Reserves bytes and returns their offset from the block's start (a multiple of the alignment).
     * Asking for more than is free is an error that says how much was asked, what is free and what
     * the block holds.
     */
    public long allocate(long bytes, String what) {
        if (bytes < 0) {
            throw new IllegalArgumentException(name + ": " + what + " asks for a negative size " + bytes);
        }
        long size = aligned(Math.max(bytes, 1));
        if (size > capacity - top) {
            throw new PoolExhaustedException(String.format(Locale.ROOT,
                    "%s: %s needs %s but only %s of %s are free (%s in use)",
                    name, what, Bytes.format(size), Bytes.format(capacity - top), Bytes.format(capacity), Bytes.format(top)),
                    size, capacity - top, capacity);
        }
        long offset = top;
        top += size;
        peak = Math.max(peak, top);
        return offset;
    }

    /** A scope: everything allocated after it opened is released when it closes. Close is idempotent. */
    public Scope scope() {
        openScopes++;
        return new Scope(top, openScopes);
    }

    public long used() { return top; }

    public long peak() { return peak; }

    public long capacity() { return capacity; }

    public long free() { return capacity - top; }

    public String name() { return name; }

    /** A mark in the arena; closing it releases what came after, and must happen in stack order. */
    public final class Scope implements AutoCloseable {
        private final long mark;
        private final int depth;
        private boolean closed;

        private Scope(long mark, int depth) {
            this.mark = mark;
            this.depth = depth;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            if (depth != openScopes) {
                throw new IllegalStateException(name + ": scopes must close in reverse order of opening");
            }
            closed = true;
            openScopes--;
            top = mark;
        }
    }
}

package org.tilestereo.cuda;

import org.tilestereo.memory.Arena;
import org.tilestereo.memory.Bytes;
import org.tilestereo.memory.PoolExhaustedException;

/**
 * The run's device memory: one allocation, sub-allocated with 256-byte alignment by an
 * {@link Arena} and given back per frame by closing a {@link #scope()}. Nothing is freed or
 * allocated between frames, so nothing fragments and a frame costs no cudaMalloc.
 *
 * <p>A fixed pool ({@link #fixed}) never allocates again: asking for more than it holds is a
 * {@link PoolExhaustedException} with the sizes. A growable pool ({@link #growable}) replaces its
 * block by a bigger one when {@link #reserve} is asked for more than it holds, which a run does
 * when the frame size changes, not per frame; {@link #deviceAllocations()} counts the blocks, so a
 * test can see that frames after the first allocate nothing.
 */
public final class DevicePool implements AutoCloseable {
    private final DeviceAllocator allocator;
    private final boolean growable;
    private long base;
    private Arena arena;
    private int allocations;
    private boolean closed;

    private DevicePool(DeviceAllocator allocator, long capacity, boolean growable) {
        this.allocator = allocator;
        this.growable = growable;
        if (capacity > 0) {
            allocateBlock(capacity);
        }
    }

    /** A pool of exactly capacity bytes, allocated now. */
    public static DevicePool fixed(DeviceAllocator allocator, long capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("device pool: capacity must be positive, got " + capacity);
        }
        return new DevicePool(allocator, capacity, false);
    }

    /** A pool that allocates on the first {@link #reserve} (initialCapacity 0) or now, and grows on demand. */
    public static DevicePool growable(DeviceAllocator allocator, long initialCapacity) {
        return new DevicePool(allocator, Math.max(0, initialCapacity), true);
    }

    /**
     * Makes sure the pool holds at least bytes in all; call it when nothing is allocated (between
     * frames). A growable pool frees its block and allocates one of bytes; a fixed one throws
     * {@link PoolExhaustedException} naming both sizes.
     */
    public void reserve(long bytes) {
        requireOpen();
        if (bytes <= capacity()) {
            return;
        }
        if (!growable) {
            throw new PoolExhaustedException("device pool: this frame needs " + Bytes.format(bytes) + " but the pool holds "
                    + Bytes.format(capacity()) + " (" + Bytes.format(bytes - capacity()) + " missing)",
                    bytes, capacity() - used(), capacity());
        }
        if (used() != 0) {
            throw new IllegalStateException("device pool: cannot grow to " + Bytes.format(bytes) + " while "
                    + Bytes.format(used()) + " are in use; reserve between frames");
        }
        freeBlock();
        allocateBlock(bytes);
    }

    /** A 256-byte aligned buffer of bytes from the pool, valid until the enclosing scope closes. */
    public DeviceBuffer allocate(long bytes, String what) {
        requireOpen();
        if (arena == null) {
            throw new PoolExhaustedException("device pool: " + what + " needs " + Bytes.format(bytes)
                    + " but the pool holds nothing yet (reserve first)", bytes, 0, 0);
        }
        return new DeviceBuffer(base + arena.allocate(bytes, what), bytes, what);
    }

    /** The whole block, e.g. to poison it in tests; null before the first allocation. */
    DeviceBuffer whole() {
        return arena == null ? null : new DeviceBuffer(base, arena.capacity(), "device pool");
    }

    /** Everything allocated after this call is released when the scope closes. */
    public Arena.Scope scope() {
        requireOpen();
        if (arena == null) {
            throw new IllegalStateException("device pool: nothing reserved yet");
        }
        return arena.scope();
    }

    public boolean isGrowable() {
        return growable;
    }

    /** How many device allocations this pool has made: 1 for a run whose frame size never changed. */
    public int deviceAllocations() {
        return allocations;
    }

    public long capacity() {
        return arena == null ? 0 : arena.capacity();
    }

    public long used() {
        return arena == null ? 0 : arena.used();
    }

    public long peak() {
        return arena == null ? 0 : arena.peak();
    }

    /** Frees the device block; safe to call twice. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            freeBlock();
        }
    }

    private void allocateBlock(long bytes) {
        long size = Arena.aligned(bytes);
        base = allocator.allocate(size);
        allocations++;
        arena = new Arena("device pool", size);
    }

    private void freeBlock() {
        if (arena != null) {
            long b = base;
            arena = null;
            base = 0;
            allocator.free(b);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("device pool used after close()");
        }
    }
}

package org.tilestereo.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.bytedeco.javacpp.Pointer;

import org.tilestereo.memory.Bytes;
import org.tilestereo.memory.PoolExhaustedException;

/**
 * Page-locked host memory (ts_malloc_host: cudaMallocHost on a GPU): the only host memory the GPU copies from and to
 * asynchronously, at full bus speed. One owner; {@link #close()} frees it and is safe to call twice.
 */
public final class PinnedHostMemory implements AutoCloseable {
    private Pointer pointer;
    private final ByteBuffer buffer;

    private PinnedHostMemory(Pointer pointer, long bytes) {
        this.pointer = pointer;
        this.buffer = pointer.capacity(bytes).limit(bytes).asByteBuffer().order(ByteOrder.nativeOrder());
    }

    /**
     * At most 2 GiB: the block is also seen as one ByteBuffer. More is a PoolExhaustedException, the
     * case callers already meet by asking for less (the streamed stage falls back to frame by frame).
     */
    public static PinnedHostMemory allocate(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("pinned host memory: size must be positive, got " + bytes);
        }
        if (bytes > Integer.MAX_VALUE) {
            throw new PoolExhaustedException("pinned host memory: " + Bytes.format(bytes) + " asked for, one block holds at most 2 GiB",
                    bytes, Integer.MAX_VALUE, Integer.MAX_VALUE);
        }
        CudaProbe.requireSelected();
        long[] p = new long[1];
        CudaException.checkNative(TileStereoNative.ts_malloc_host(p, bytes), "ts_malloc_host(" + Bytes.format(bytes) + ")");
        return new PinnedHostMemory(CudaMemory.at(p[0]), bytes);
    }

    public long address() {
        return live().address();
    }

    public long bytes() {
        return buffer.capacity();
    }

    /** The whole block as a buffer in native byte order; callers take duplicates for their own positions. */
    ByteBuffer buffer() {
        live();
        return buffer;
    }

    /** A native-order view of the block from offset to its end; each call its own position and limit. */
    public ByteBuffer view(long offset) {
        ByteBuffer b = buffer().duplicate();
        b.position((int) offset);
        return b.slice().order(buffer.order());
    }

    @Override
    public void close() {
        if (pointer != null) {
            Pointer p = pointer;
            pointer = null;
            CudaException.checkNative(TileStereoNative.ts_free_host(p.address()), "ts_free_host");
        }
    }

    private Pointer live() {
        if (pointer == null) {
            throw new IllegalStateException("pinned host memory used after close()");
        }
        return pointer;
    }
}

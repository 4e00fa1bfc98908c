package org.tilestereo.runtime;

import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.Pointer;
import org.tilestereo.cuda.CudaException;
import org.tilestereo.cuda.CudaMemory;
import org.tilestereo.memory.Arena;
import org.tilestereo.memory.Bytes;
import org.tilestereo.memory.PoolExhaustedException;

/**
 * One block of device memory with the pool's bookkeeping ({@link Arena}): the TensorRT context's
 * scratch memory and the engine's input and output buffers are taken from it, so a model costs one
 * cudaMalloc per engine, none per frame. The block is either allocated here (and freed on close) or
 * a slice of a pool someone else owns.
 */
final class DeviceBlock implements AutoCloseable {
    private final long base;
    private final Arena arena;
    private final boolean owned;
    private boolean closed;

    private DeviceBlock(long base, long capacity, boolean owned, String name) {
        this.base = base;
        this.arena = new Arena(name, capacity);
        this.owned = owned;
    }

    /** cudaMalloc of bytes (rounded up to the pool alignment). */
    static DeviceBlock allocate(long bytes, String name) {
        Pointer p = new Pointer();
        long size = Arena.aligned(Math.max(bytes, 1));
        int status = cudart.cudaMalloc(p, size);
        if (status == cudart.cudaErrorMemoryAllocation) {
            // Out of memory is the planner's case (it re-plans smaller), not a CUDA failure; the error
            // is cleared so that the next call is not blamed for it.
            cudart.cudaGetLastError();
            throw new PoolExhaustedException(name + ": the GPU has no " + Bytes.format(size) + " left", size, 0, 0);
        }
        CudaException.check(status, "cudaMalloc(" + size + " bytes) for " + name);
        return new DeviceBlock(p.address(), size, true, name);
    }

    /** A view of device memory owned elsewhere (a slice of the run's pool). */
    static DeviceBlock over(long address, long capacity, String name) {
        if (address == 0 || address % Arena.ALIGNMENT != 0) {
            throw new IllegalArgumentException(name + ": device address must be non-null and " + Arena.ALIGNMENT + "-byte aligned");
        }
        return new DeviceBlock(address, capacity, false, name);
    }

    /** Reserves bytes and returns their device address. */
    long take(long bytes, String what) {
        return base + arena.allocate(bytes, what);
    }

    long capacity() {
        return arena.capacity();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (owned) {
                CudaException.check(cudart.cudaFree(CudaMemory.at(base)), "cudaFree");
            }
        }
    }
}

package org.tilestereo.cuda;

/**
 * Where a {@link DevicePool} gets its one block: cudaMalloc on a GPU ({@link #cuda()}), or, in
 * tests of the pool's bookkeeping, anything that hands out addresses.
 */
public interface DeviceAllocator {

    /** Allocates bytes and returns the address of the first; throws when the memory is not there. */
    long allocate(long bytes);

    void free(long address);

    /** cudaMalloc / cudaFree on the current device. */
    static DeviceAllocator cuda() {
        return CudaMemory.DEVICE;
    }
}

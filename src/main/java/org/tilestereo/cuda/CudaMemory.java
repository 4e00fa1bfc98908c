package org.tilestereo.cuda;

import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.SizeTPointer;

import org.tilestereo.memory.Bytes;

/** Device allocations and asynchronous copies through the CUDA runtime (bytedeco cuda presets). */
final class CudaMemory {
    static final DeviceAllocator DEVICE = new DeviceAllocator() {
        @Override
        public long allocate(long bytes) {
            CudaProbe.require(); // loads the bundled CUDA runtime before the presets bind to one
            Pointer p = new Pointer();
            int err = cudart.cudaMalloc(p, bytes);
            if (err != cudart.cudaSuccess) {
                cudart.cudaGetLastError(); // reported here; leave nothing pending
                throw new CudaException("cudaMalloc(" + bytes + " bytes = " + Bytes.format(bytes) + ")", err,
                        CudaException.describeCudaError(err));
            }
            return p.address();
        }

        @Override
        public void free(long address) {
            CudaException.check(cudart.cudaFree(at(address)), "cudaFree");
        }
    };

    private CudaMemory() {
    }

    /** A JavaCPP pointer to an address that JavaCPP did not allocate (device or pinned memory). */
    static Pointer at(long address) {
        return new At(address);
    }

    /**
     * A named subclass, not an anonymous one: inside an anonymous Pointer, the name "address" means
     * the inherited field, so {@code address = address} would assign the field to itself.
     */
    private static final class At extends Pointer {
        At(long value) {
            this.address = value;
        }
    }

    static void copyToDevice(long device, long host, long bytes, CudaStream stream) {
        CudaException.check(cudart.cudaMemcpyAsync(at(device), at(host), bytes, cudart.cudaMemcpyHostToDevice,
                stream.handle()), "cudaMemcpyAsync host to device (" + bytes + " bytes)");
    }

    static void copyToHost(long host, long device, long bytes, CudaStream stream) {
        CudaException.check(cudart.cudaMemcpyAsync(at(host), at(device), bytes, cudart.cudaMemcpyDeviceToHost,
                stream.handle()), "cudaMemcpyAsync device to host (" + bytes + " bytes)");
    }

    /** Queues a device-to-device copy of bytes from src to dst on stream. */
    static void copyOnDevice(long dst, long src, long bytes, CudaStream stream) {
        CudaException.check(cudart.cudaMemcpyAsync(at(dst), at(src), bytes, cudart.cudaMemcpyDeviceToDevice,
                stream.handle()), "cudaMemcpyAsync device to device (" + bytes + " bytes)");
    }

    /** Queues setting every byte of the buffer to value. */
    static void fill(DeviceBuffer buffer, int value, CudaStream stream) {
        CudaException.check(cudart.cudaMemsetAsync(at(buffer.address()), value, buffer.bytes(), stream.handle()),
                "cudaMemsetAsync " + buffer.what() + " (" + buffer.bytes() + " bytes)");
    }

    /** Free bytes of the current device now (cudaMemGetInfo): what a stage sized after the model loaded may take. */
    static long freeBytes() {
        CudaProbe.require();
        try (SizeTPointer free = new SizeTPointer(1); SizeTPointer total = new SizeTPointer(1)) {
            CudaException.check(cudart.cudaMemGetInfo(free, total), "cudaMemGetInfo");
            return free.get();
        }
    }
}

package org.tilestereo.cuda;

import java.util.concurrent.atomic.AtomicLong;

import org.bytedeco.javacpp.Pointer;

import org.tilestereo.memory.Bytes;

/** Device allocations and asynchronous copies on the selected device, through the project's C API. */
public final class CudaMemory {
    /** Device allocations made through {@link #DEVICE} in this process: what "one allocation per run" is checked with. */
    private static final AtomicLong ALLOCATIONS = new AtomicLong();

    public static final DeviceAllocator DEVICE = new DeviceAllocator() {
        @Override
        public long allocate(long bytes) {
            CudaProbe.requireSelected();
            long[] p = new long[1];
            CudaException.checkNative(TileStereoNative.ts_malloc(p, bytes), "ts_malloc(" + bytes + " bytes = " + Bytes.format(bytes) + ")");
            ALLOCATIONS.incrementAndGet();
            return p[0];
        }

        @Override
        public void free(long address) {
            CudaException.checkNative(TileStereoNative.ts_free(address), "ts_free");
        }
    };

    private CudaMemory() {
    }

    /** How many device allocations the Java side has made in this process so far. */
    public static long deviceAllocations() {
        return ALLOCATIONS.get();
    }

    /** A JavaCPP pointer to an address that JavaCPP did not allocate (device or pinned memory). */
    public static Pointer at(long address) {
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

    public static void copyToDevice(long device, long host, long bytes, CudaStream stream) {
        copy(device, host, bytes, TileStereoNative.TS_COPY_HOST_TO_DEVICE, stream, "host to device");
    }

    public static void copyToHost(long host, long device, long bytes, CudaStream stream) {
        copy(host, device, bytes, TileStereoNative.TS_COPY_DEVICE_TO_HOST, stream, "device to host");
    }

    /** Queues a device-to-device copy of bytes from src to dst on stream. */
    public static void copyOnDevice(long dst, long src, long bytes, CudaStream stream) {
        copy(dst, src, bytes, TileStereoNative.TS_COPY_DEVICE_TO_DEVICE, stream, "device to device");
    }

    private static void copy(long dst, long src, long bytes, int direction, CudaStream stream, String what) {
        CudaException.checkNative(TileStereoNative.ts_memcpy_async(stream.address(), dst, src, bytes, direction),
                "ts_memcpy_async " + what + " (" + bytes + " bytes)");
    }

    /** Queues setting every byte of the buffer to value. */
    public static void fill(DeviceBuffer buffer, int value, CudaStream stream) {
        CudaException.checkNative(TileStereoNative.ts_memset_async(stream.address(), buffer.address(), value, buffer.bytes()),
                "ts_memset_async " + buffer.what() + " (" + buffer.bytes() + " bytes)");
    }

    /** Free bytes of the current device now (cudaMemGetInfo): what a stage sized after the model loaded may take. */
    public static long freeBytes() {
        CudaProbe.requireSelected();
        long[] free = new long[1];
        long[] total = new long[1];
        CudaException.checkNative(TileStereoNative.ts_mem_get_info(free, total), "ts_mem_get_info");
        return free[0];
    }
}

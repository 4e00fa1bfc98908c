package org.tilestereo.cuda;

import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * A float buffer in device memory with one owner: one cudaMalloc, one cudaFree in {@link #close()}.
 * Until the memory pool exists this is how the CUDA operators get their buffers. Copies go through
 * pageable host memory: cudaMemcpyAsync returns once the host side has been read or written, so the
 * Java array may be reused right after each call.
 */
public final class DeviceFloats implements AutoCloseable {
    private Pointer pointer;
    private final long count;

    private DeviceFloats(Pointer pointer, long count) {
        this.pointer = pointer;
        this.count = count;
    }

    public static DeviceFloats allocate(long count) {
        if (count <= 0) {
            throw new IllegalArgumentException("device buffer size must be positive, got " + count + " floats");
        }
        CudaProbe.require(); // also loads the bundled CUDA runtime before the presets bind to one
        Pointer p = new Pointer();
        CudaException.check(cudart.cudaMalloc(p, count * Float.BYTES), "cudaMalloc(" + count * Float.BYTES + " bytes)");
        return new DeviceFloats(p, count);
    }

    public long count() {
        return count;
    }

    /** The device address of the first float. */
    public long address() {
        return live().address();
    }

    /** Copies src[0 .. src.length) to the start of this buffer, queued on stream. */
    public void upload(float[] src, CudaStream stream) {
        requireFits(src.length);
        try (FloatPointer host = new FloatPointer(src)) {
            CudaException.check(cudart.cudaMemcpyAsync(live(), host, (long) src.length * Float.BYTES,
                    cudart.cudaMemcpyHostToDevice, stream.handle()), "cudaMemcpyAsync host to device");
        }
    }

    /** Copies the first dst.length floats of this buffer into dst; returns when dst is filled. */
    public void download(float[] dst, CudaStream stream) {
        requireFits(dst.length);
        try (FloatPointer host = new FloatPointer(dst.length)) {
            CudaException.check(cudart.cudaMemcpyAsync(host, live(), (long) dst.length * Float.BYTES,
                    cudart.cudaMemcpyDeviceToHost, stream.handle()), "cudaMemcpyAsync device to host");
            stream.synchronize();
            host.get(dst);
        }
    }

    /** Frees the device memory; safe to call twice. */
    @Override
    public void close() {
        if (pointer != null) {
            Pointer p = pointer;
            pointer = null;
            CudaException.check(cudart.cudaFree(p), "cudaFree");
        }
    }

    private Pointer live() {
        if (pointer == null) {
            throw new IllegalStateException("device buffer used after close()");
        }
        return pointer;
    }

    private void requireFits(int length) {
        if (length > count) {
            throw new IllegalArgumentException("host array of " + length + " floats does not fit a device buffer of " + count);
        }
    }
}

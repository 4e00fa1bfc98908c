package org.tilestereo.cuda;

import java.util.Arrays;

import org.tilestereo.memory.Arena;

/**
 * A stream, a growable pool and a pinned ring for the GPU tests, with uploads, downloads and
 * poisoned outputs. One scope per case: {@link #scope()} releases its buffers.
 */
final class GpuFixture implements AutoCloseable {
    /** Every byte 0xFF: NaN as floats, 255 as colours; the tests also run a second poison. */
    static final int POISON = 0xFF;

    final CudaStream stream;
    final DevicePool pool;
    final Transfers transfers;

    GpuFixture(long poolBytes) {
        stream = CudaStream.create();
        pool = DevicePool.growable(DeviceAllocator.cuda(), poolBytes);
        transfers = new Transfers(stream, 8L << 20); // small, so large tests go through the ring in pieces
    }

    Arena.Scope scope() {
        return pool.scope();
    }

    DeviceBuffer upload(byte[] data, String what) {
        DeviceBuffer b = pool.allocate(data.length, what);
        transfers.upload(data, b);
        return b;
    }

    DeviceBuffer upload(float[] data, String what) {
        DeviceBuffer b = pool.allocate(4L * data.length, what);
        transfers.upload(data, b);
        return b;
    }

    /** A buffer whose every byte is value, so what a kernel leaves unwritten shows. */
    DeviceBuffer poisoned(long bytes, int value, String what) {
        DeviceBuffer b = pool.allocate(bytes, what);
        CudaMemory.fill(b, value, stream);
        return b;
    }

    byte[] bytes(DeviceBuffer b, int n) {
        byte[] out = new byte[n];
        transfers.download(b, out);
        transfers.finish();
        return out;
    }

    float[] floats(DeviceBuffer b, int n) {
        float[] out = new float[n];
        Arrays.fill(out, -7.5e30f); // host side too: a download that wrote nothing shows
        transfers.download(b, out);
        transfers.finish();
        return out;
    }

    @Override
    public void close() {
        try {
            transfers.close();
        } finally {
            try {
                pool.close();
            } finally {
                stream.close();
            }
        }
    }
}

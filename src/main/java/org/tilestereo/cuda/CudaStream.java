package org.tilestereo.cuda;

/** One owned stream of the selected device (non-blocking with respect to the legacy default stream). */
public final class CudaStream implements AutoCloseable {
    private long stream;

    private CudaStream(long stream) {
        this.stream = stream;
    }

    public static CudaStream create() {
        CudaProbe.requireSelected();
        long[] s = new long[1];
        CudaException.checkNative(TileStereoNative.ts_stream_create(s), "ts_stream_create");
        return new CudaStream(s[0]);
    }

    /** The cudaStream_t as an address, for {@link TileStereoNative}. */
    public long address() {
        if (stream == 0) {
            throw new IllegalStateException("CUDA stream used after close()");
        }
        return stream;
    }

    public void synchronize() {
        CudaException.checkNative(TileStereoNative.ts_stream_synchronize(address()), "ts_stream_synchronize");
    }

    /** Destroys the stream; safe to call twice. Work already queued still completes. */
    @Override
    public void close() {
        if (stream != 0) {
            long s = stream;
            stream = 0;
            CudaException.checkNative(TileStereoNative.ts_stream_destroy(s), "ts_stream_destroy");
        }
    }
}

package org.tilestereo.cuda;

import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.global.cudart;

/** One owned CUDA stream (non-blocking with respect to the legacy default stream). */
public final class CudaStream implements AutoCloseable {
    private CUstream_st stream;

    private CudaStream(CUstream_st stream) {
        this.stream = stream;
    }

    public static CudaStream create() {
        CudaProbe.require(); // also loads the bundled CUDA runtime before the presets bind to one
        CUstream_st s = new CUstream_st();
        CudaException.check(cudart.cudaStreamCreateWithFlags(s, cudart.cudaStreamNonBlocking), "cudaStreamCreateWithFlags");
        return new CudaStream(s);
    }

    /** The cudaStream_t for the bytedeco cuda presets. */
    public CUstream_st handle() {
        if (stream == null) {
            throw new IllegalStateException("CUDA stream used after close()");
        }
        return stream;
    }

    /** The cudaStream_t as an address, for {@link TileStereoNative}. */
    public long address() {
        return handle().address();
    }

    public void synchronize() {
        CudaException.check(cudart.cudaStreamSynchronize(handle()), "cudaStreamSynchronize");
    }

    /** Destroys the stream; safe to call twice. Work already queued still completes. */
    @Override
    public void close() {
        if (stream != null) {
            CUstream_st s = stream;
            stream = null;
            CudaException.check(cudart.cudaStreamDestroy(s), "cudaStreamDestroy");
        }
    }
}

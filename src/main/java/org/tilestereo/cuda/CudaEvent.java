package org.tilestereo.cuda;

import org.bytedeco.cuda.cudart.CUevent_st;
import org.bytedeco.cuda.global.cudart;

/** One owned CUDA event with timing enabled: a mark in a stream whose time can be compared with another's. */
public final class CudaEvent implements AutoCloseable {
    private CUevent_st event;

    private CudaEvent(CUevent_st event) {
        this.event = event;
    }

    public static CudaEvent create() {
        CudaProbe.require(); // loads the bundled CUDA runtime before the presets bind to one
        CUevent_st e = new CUevent_st();
        CudaException.check(cudart.cudaEventCreate(e), "cudaEventCreate");
        return new CudaEvent(e);
    }

    /** Queues this event on stream: it completes when the work queued before it has. */
    public void record(CudaStream stream) {
        CudaException.check(cudart.cudaEventRecord(live(), stream.handle()), "cudaEventRecord");
    }

    /** Waits until the event has completed. */
    public void synchronize() {
        CudaException.check(cudart.cudaEventSynchronize(live()), "cudaEventSynchronize");
    }

    /** True when the work queued before the event has completed; does not wait. */
    public boolean query() {
        int err = cudart.cudaEventQuery(live());
        if (err == cudart.cudaErrorNotReady) {
            return false;
        }
        CudaException.check(err, "cudaEventQuery");
        return true;
    }

    /** Milliseconds from start to this event; both must have completed (about 0.5 microsecond resolution). */
    public float millisSince(CudaEvent start) {
        float[] ms = new float[1];
        CudaException.check(cudart.cudaEventElapsedTime(ms, start.live(), live()), "cudaEventElapsedTime");
        return ms[0];
    }

    @Override
    public void close() {
        if (event != null) {
            CUevent_st e = event;
            event = null;
            CudaException.check(cudart.cudaEventDestroy(e), "cudaEventDestroy");
        }
    }

    private CUevent_st live() {
        if (event == null) {
            throw new IllegalStateException("CUDA event used after close()");
        }
        return event;
    }
}

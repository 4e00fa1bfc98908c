package org.tilestereo.cuda;

/** One owned event with timing enabled: a mark in a stream whose time can be compared with another's. */
public final class CudaEvent implements AutoCloseable {
    private long event;

    private CudaEvent(long event) {
        this.event = event;
    }

    public static CudaEvent create() {
        CudaProbe.requireSelected();
        long[] e = new long[1];
        CudaException.checkNative(TileStereoNative.ts_event_create(e), "ts_event_create");
        return new CudaEvent(e[0]);
    }

    /** Queues this event on stream: it completes when the work queued before it has. */
    public void record(CudaStream stream) {
        CudaException.checkNative(TileStereoNative.ts_event_record(live(), stream.address()), "ts_event_record");
    }

    /** Waits until the event has completed. */
    public void synchronize() {
        CudaException.checkNative(TileStereoNative.ts_event_synchronize(live()), "ts_event_synchronize");
    }

    /** True when the work queued before the event has completed; does not wait. */
    public boolean query() {
        int status = TileStereoNative.ts_event_query(live());
        if (status == TileStereoNative.TS_NOT_READY) {
            return false;
        }
        CudaException.checkNative(status, "ts_event_query");
        return true;
    }

    /** Milliseconds from start to this event; both must have completed (about 0.5 microsecond resolution on a GPU). */
    public float millisSince(CudaEvent start) {
        float[] ms = new float[1];
        CudaException.checkNative(TileStereoNative.ts_event_elapsed_ms(ms, start.live(), live()), "ts_event_elapsed_ms");
        return ms[0];
    }

    @Override
    public void close() {
        if (event != 0) {
            long e = event;
            event = 0;
            CudaException.checkNative(TileStereoNative.ts_event_destroy(e), "ts_event_destroy");
        }
    }

    private long live() {
        if (event == 0) {
            throw new IllegalStateException("CUDA event used after close()");
        }
        return event;
    }
}

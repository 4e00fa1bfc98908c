package org.tilestereo.depth;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

import org.tilestereo.kernels.FrameOperators;

/**
 * Where a depth model's {@link DepthModel#enqueue} runs: the operators' queue, whose buffers hold
 * the model's input and receive its depth, and, for a runtime that computes on the host (ONNX
 * Runtime on the CPU), the one staging area its input comes back through and its depth goes out
 * through. A runtime on the device (TensorRT) uses the buffers where they lie and never touches
 * the staging. Made once per depth stage, before the first frame; a frame allocates nothing.
 *
 * @param <B> the device's buffer type
 */
public final class DepthQueue<B> implements AutoCloseable {
    private final FrameOperators<B> ops;
    private final ByteBuffer staging;
    private final FrameOperators.Mark back;
    private float[] host = new float[0];

    /** stagingBytes: the larger of a run's input and output, or 0 for a runtime on the device. */
    DepthQueue(FrameOperators<B> ops, long stagingBytes) {
        this.ops = ops;
        this.staging = stagingBytes > 0 ? ops.staging(stagingBytes, "depth model input and output") : null;
        this.back = ops.mark();
    }

    /** The operators the queue belongs to (a device runtime finds its stream through them). */
    public FrameOperators<B> operators() {
        return ops;
    }

    /**
     * The first floats of src on the host: queues the copy and waits for it (everything queued
     * before on this queue, such as the tile_extract that wrote src, is done too). The array is the
     * queue's and the next call overwrites it.
     */
    public float[] toHost(B src, int floats) {
        ByteBuffer s = requireStaging(floats);
        ops.download(src, s);
        back.record();
        back.await();
        if (host.length < floats) {
            host = new float[floats];
        }
        s.duplicate().order(s.order()).position(0).asFloatBuffer().get(host, 0, floats);
        return host;
    }

    /** Queues copying the first floats of src into the start of dst (which must hold them). */
    public void toDevice(float[] src, int floats, B dst) {
        ByteBuffer s = requireStaging(floats);
        FloatBuffer f = s.duplicate().order(s.order()).position(0).asFloatBuffer();
        f.put(src, 0, floats);
        ops.upload(s, ops.slice(dst, 0, (long) floats * Float.BYTES, "depth model output"));
    }

    private ByteBuffer requireStaging(int floats) {
        if (staging == null) {
            throw new IllegalStateException("this depth queue has no host staging: the model was sized as one running on the device");
        }
        if ((long) floats * Float.BYTES > staging.capacity()) {
            throw new IllegalArgumentException("depth model: " + floats + " floats do not fit the " + staging.capacity()
                    + " bytes of staging planned for it");
        }
        return staging;
    }

    @Override
    public void close() {
        back.close();
    }
}

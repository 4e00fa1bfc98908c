package org.tilestereo.video;

/**
 * The middle of the video pipeline: decoded frames in, stereo frames out, in order. The pipeline
 * runs it on its own thread, between the decoding and the encoding threads.
 *
 * <p>A synchronous stage ({@link FrameConverterStage}) converts each frame inside {@link #submit}
 * and emits it at once. A streamed GPU stage may hold up to {@link #maxInFlight()} frames: copy the
 * input into a pinned host ring slot, queue upload, kernels and download on a stream, and emit the
 * frame once its download has completed; the pipeline gives it that many frame slots beyond its
 * queues, so uploads, kernels and downloads of consecutive frames overlap. The frame's
 * {@link VideoFrame#sceneCut()} tells the stage to restart its temporal smoothing.
 */
public interface ConversionStage extends AutoCloseable {

    /** Where a finished frame goes; frames must be emitted in the order they were submitted. */
    @FunctionalInterface
    interface Emitter {
        void emit(VideoFrame frame) throws Exception;
    }

    /** One line for logs: what converts, on what. */
    String describe();

    /** How many submitted frames the stage may hold before emitting them (1 for a synchronous stage). */
    int maxInFlight();

    /** Converts frame.input() into frame.output(), now or later; emits every frame that finished. */
    void submit(VideoFrame frame, Emitter done) throws Exception;

    /** Finishes and emits every frame still held. */
    void flush(Emitter done) throws Exception;

    @Override
    default void close() {
    }
}

package org.tilestereo.kernels;

import java.nio.ByteBuffer;

/**
 * The operators of one device on buffers in that device's memory, queued in order on one queue
 * (a CUDA stream; the Java reference runs each call at once). Data moves between the host and the
 * device only by {@link #upload} and {@link #download}, through staging memory the device copies
 * from and to (pinned host memory for a GPU), so every crossing is explicit. The frame program
 * (pipeline.FrameProgram) is written once against this interface.
 *
 * <p>Buffers come from the memory the set was given when it was made: a run takes its device
 * memory once, before the first frame.
 *
 * @param <B> the device's buffer type
 */
public interface FrameOperators<B> extends OperatorSizes, AutoCloseable {

    /** An 8-bit RGB image of width x height in device memory. */
    B rgb(int width, int height, String what);

    /** width x height floats in device memory. */
    B floats(int width, int height, String what);

    /** count floats in device memory that are not a map (a model's tensors, per-tile values). */
    B floats(long count, String what);

    /** bytes of device memory for a workspace. */
    B bytes(long bytes, String what);

    /**
     * bytes of buffer from offset, as a buffer of its own that shares the memory: where a depth model
     * writes one batch of a frame's tiles. Only copies ({@link #upload}, {@link #download}) and depth
     * models take slices; the operators take whole buffers.
     */
    B slice(B buffer, long offset, long bytes, String what);

    /** A buffer of {@link #statisticsBytes()} for {@link #depthStatistics}. */
    B statistics();

    /** Host memory of bytes that the device copies from and to; native byte order, position 0. */
    ByteBuffer staging(long bytes, String what);

    /** Queues copying dst's size from the start of src (staging memory) into dst. */
    void upload(ByteBuffer src, B dst);

    /** Queues copying src into the start of dst (staging memory); dst holds it once a later mark is done. */
    void download(B src, ByteBuffer dst);

    /** A point in the queue that can be waited for. */
    Mark mark();

    /** A point in the queue: done when the work queued before its last {@link #record} has finished. */
    interface Mark extends AutoCloseable {
        void record();

        boolean done();

        void await();

        @Override
        void close();
    }

    /**
     * tile_extract: tiles [first, first + count) of grid, sampled from frame (the grid's image, 8-bit
     * RGB) and normalised for input, into out as NCHW floats, tile k at {@code k * input.floatsPerImage()};
     * the rule is StereoKernels#tileExtract's.
     */
    void tileExtract(B frame, TileGrid grid, int first, int count, ModelInput input, B out);

    /**
     * tile_blend: every grid tile's depth (depthWidth x depthHeight floats each, tile-major) mapped
     * back onto the grid's image, aligned by scale and shift (grid.count() floats each, or null for
     * identity) and blended into out (the grid's image, floats); the rule is StereoKernels#tileBlend's.
     */
    void tileBlend(B tileDepth, int depthWidth, int depthHeight, TileGrid grid, B scale, B shift, B out);

    /** depth_normalize, statistics: what {@link #percentiles} needs of the finite values of depth. */
    void depthStatistics(B depth, int width, int height, float lowPercent, float highPercent, B statistics);

    /** The robust percentiles {lo, hi} from the statistics, once downloaded into staging memory. */
    float[] percentiles(ByteBuffer statistics, float lowPercent, float highPercent);

    /** depth_normalize, per pixel; out may be depth (in place). */
    void depthNormalize(B depth, int width, int height, float lo, float hi, B out);

    void depthToDisparity(B normalized, int width, int height, DisparityParams params, B disparity);

    void warpForward(B src, B disparity, float factor, B dst, B targetDisparity, int width, int height, B workspace);

    void holeFill(B img, B targetDisparity, B src, int width, int height, B workspace);

    void warpBackward(B src, B disparity, float factor, B dst, int width, int height);

    /** layout_compose of two width x height eyes into out (layout.outputWidth x outputHeight); not for the depth layout. */
    void layoutCompose(B left, B right, int width, int height, Layout layout, B out);

    /** Waits for the queue; frees what the set made for itself (not the memory it was given). Safe to call twice. */
    @Override
    void close();
}

package org.tilestereo.pipeline;

import org.tilestereo.depth.DepthException;
import org.tilestereo.depth.DepthMap;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;

/**
 * The device side of a streamed conversion: {@link #count()} independent slots, each with its own
 * stream, device buffers and pinned host area, so consecutive frames' uploads, kernels and
 * downloads overlap. A frame goes through a slot in three steps, the first two only queueing work:
 * {@link #begin} (frame and depth to the device, depth statistics back), {@link #finish}
 * (normalise with the range the host chose from the statistics, disparity, eyes, layout, results
 * back), {@link #collect} (wait, copy the results out). The scheduler (video's StreamedStage)
 * decides which slot a frame takes and when; a slot holds one frame at a time.
 */
public interface FrameSlots extends AutoCloseable {

    /** How many frames can be in flight at once. */
    int count();

    /** One line for logs: where the slots live and what they hold. */
    String describe();

    /** Whether each slot makes its frame's depth itself ({@link #begin(int, RgbImage)}): the depth source has a stage on the device. */
    boolean makesDepth();

    /**
     * Copies the frame into slot's pinned area and queues its upload, its depth (the slot's depth
     * stage) and the depth statistics; returns once the depth model has what it needs. Only where
     * {@link #makesDepth}.
     */
    void begin(int slot, RgbImage frame) throws DepthException;

    /**
     * Copies frame and depth (inverse or metric depth at the frame's size) into slot's pinned area
     * and queues their upload and the depth statistics; returns without waiting for the device.
     * Both arguments may be reused by the caller once this returns.
     */
    void begin(int slot, RgbImage frame, DepthMap depth);

    /** Waits for slot's depth statistics and returns its robust percentiles {lo, hi} ({@link StereoSettings#LOW_PERCENT}..HIGH). */
    float[] percentiles(int slot);

    /** Queues normalisation with [lo, hi], disparity, the eyes, the layout and the downloads; returns at once. */
    void finish(int slot, float lo, float hi);

    /** True when slot's finished work has completed, so {@link #collect} will not wait. */
    boolean ready(int slot);

    /**
     * Waits for slot's results and copies the composed frame into out and, where disparity is not
     * null, the frame's disparity (pixels) into it. The slot is free afterwards.
     */
    void collect(int slot, RgbImage out, FloatMap disparity);

    /** Waits for all queued work, then frees streams and memory; safe to call twice. */
    @Override
    void close();
}

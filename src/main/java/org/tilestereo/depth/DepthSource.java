package org.tilestereo.depth;

import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.FrameOperators;
import org.tilestereo.plan.Plan;

/**
 * Where a frame's depth comes from: a model run by a runtime, or a given depth map (RGB-D input).
 * Implementations own their native resources; close() is safe to call twice.
 */
public interface DepthSource extends AutoCloseable {

    /** One line for logs: what runs, on what. */
    String describe();

    /** The depth of this frame, at the frame's size. */
    DepthMap depthOf(RgbImage frame) throws DepthException;

    /**
     * The sizes of {@link #stageOn}'s stage for frames of width x height, before any memory is
     * taken; null for a source whose depth is made on the host (a given map), which has no stage.
     */
    default DepthStage.Sizes stageSizes(int width, int height, boolean measureSeams) throws DepthException {
        return null;
    }

    /**
     * The depth stage of a frame program on ops's device, taking its buffers from ops now; null for
     * a source whose depth is made on the host. measureSeams: tiled frames' seam score is measured
     * (the blended depth comes back to the host each frame; photos).
     */
    default <B> DepthStage<B> stageOn(FrameOperators<B> ops, int width, int height, boolean measureSeams)
            throws DepthException {
        return null;
    }

    /** Device bytes the source's runtime wants from the run, shared by all its stages (after stageSizes); 0: none. */
    default long deviceScratchBytes() {
        return 0;
    }

    /** Gives the runtime its scratch in the run's allocation on ops's device (see DepthModel#useDeviceScratch). */
    default <B> void useDeviceScratch(FrameOperators<B> ops, B scratch) {
    }

    /** The run's scratch is about to be freed. */
    default void releaseDeviceScratch() {
    }

    /** The memory plan the source follows, once it has made one (a planned source); null for the others. */
    default Plan plan() {
        return null;
    }

    /** How well the last frame's tiles agreed where they overlap (a planned, tiled source); NaN when not measured. */
    default double lastSeamScore() {
        return Double.NaN;
    }

    @Override
    default void close() {
    }
}

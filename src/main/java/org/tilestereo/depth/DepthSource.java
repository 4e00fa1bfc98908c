package org.tilestereo.depth;

import org.tilestereo.image.RgbImage;
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

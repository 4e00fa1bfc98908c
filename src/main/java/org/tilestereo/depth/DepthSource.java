package org.tilestereo.depth;

import org.tilestereo.image.RgbImage;

/**
 * Where a frame's depth comes from: a model run by a runtime, or a given depth map (RGB-D input).
 * Implementations own their native resources; close() is safe to call twice.
 */
public interface DepthSource extends AutoCloseable {

    /** One line for logs: what runs, on what. */
    String describe();

    /** The depth of this frame, at the frame's size. */
    DepthMap depthOf(RgbImage frame) throws DepthException;

    @Override
    default void close() {
    }
}

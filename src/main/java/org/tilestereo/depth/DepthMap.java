package org.tilestereo.depth;

import org.tilestereo.image.FloatMap;

/** A depth map at the frame's size, and what its values mean. */
public record DepthMap(FloatMap values, DepthKind kind) {
}

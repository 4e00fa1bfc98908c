package org.tilestereo.api;

import java.nio.file.Path;
import org.tilestereo.depth.DepthKind;

/** Where a conversion's depth comes from. */
public sealed interface DepthSpec {

    /** A depth map file that goes with the input (RGB-D). Values are divided by scale. */
    record Given(Path file, DepthKind kind, float scale) implements DepthSpec {
    }

    /**
     * A monocular depth model (ONNX), run at the given short-side resolution; tileSize 0 runs the
     * whole frame at once, otherwise tiles of tileSize source pixels with the given overlap.
     */
    record Model(Path file, int resolution, int tileSize, int tileOverlap) implements DepthSpec {
    }
}

package org.tilestereo.api;

import java.nio.file.Path;
import org.tilestereo.depth.DepthKind;
import org.tilestereo.runtime.RuntimeOptions;

/** Where a conversion's depth comes from. */
public sealed interface DepthSpec {

    /** A depth map file that goes with the input (RGB-D). Values are divided by scale. */
    record Given(Path file, DepthKind kind, float scale) implements DepthSpec {
    }

    /**
     * A monocular depth model (an ONNX file, or the name of a downloadable model such as
     * depth-anything-v2-small), run at the given short-side resolution; tileSize 0 runs the whole
     * frame at once, otherwise tiles of tileSize source pixels with the given overlap. runtime says
     * which runtime runs it (TensorRT, ONNX Runtime or the first that works) and how. With a
     * vramBudget (e.g. "8GiB"), or on the CUDA backend with the GPU's free memory, the run is
     * planned: the model sees the frame at its own resolution, whole or in tiles, as the plan says.
     */
    record Model(Path file, int resolution, int tileSize, int tileOverlap, RuntimeOptions runtime, String vramBudget)
            implements DepthSpec {
        public Model {
            java.util.Objects.requireNonNull(runtime, "runtime");
        }

        /** With the default runtime choice (auto, FP16, default caches) and no memory plan. */
        public Model(Path file, int resolution, int tileSize, int tileOverlap) {
            this(file, resolution, tileSize, tileOverlap, RuntimeOptions.DEFAULT, null);
        }

        public Model(Path file, int resolution, int tileSize, int tileOverlap, RuntimeOptions runtime) {
            this(file, resolution, tileSize, tileOverlap, runtime, null);
        }
    }
}

package org.tilestereo.api;

import java.nio.file.Path;
import java.util.Objects;
import org.tilestereo.pipeline.StereoSettings;

/** One conversion as a library caller describes it; the CLI builds the same thing from arguments. */
public record ConvertOptions(Path input, Path output, boolean overwrite, DepthSpec depth,
                             StereoSettings stereo, Backend backend, boolean verbose) {
    public ConvertOptions {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(depth, "depth");
        Objects.requireNonNull(stereo, "stereo");
        Objects.requireNonNull(backend, "backend");
    }
}

package org.tilestereo.api;

import java.nio.file.Path;
import java.util.Objects;
import org.tilestereo.pipeline.StereoSettings;

/** One conversion as a library caller describes it; the CLI builds the same thing from arguments. */
public record ConvertOptions(Path input, Path output, boolean overwrite, DepthSpec depth,
                             StereoSettings stereo, Backend backend, boolean verbose, VideoOptions video) {
    public ConvertOptions {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(depth, "depth");
        Objects.requireNonNull(stereo, "stereo");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(video, "video");
    }

    /** A photo conversion, or a video with the default video options. */
    public ConvertOptions(Path input, Path output, boolean overwrite, DepthSpec depth,
                          StereoSettings stereo, Backend backend, boolean verbose) {
        this(input, output, overwrite, depth, stereo, backend, verbose, VideoOptions.DEFAULT);
    }

    /** The same conversion for another input and output (a folder's files). */
    public ConvertOptions withFiles(Path in, Path out) {
        return new ConvertOptions(in, out, overwrite, depth, stereo, backend, verbose, video);
    }
}

package org.tilestereo.api;

import java.nio.file.Path;
import java.util.Objects;
import org.tilestereo.pipeline.StereoSettings;

/**
 * One conversion as a library caller describes it; the CLI builds the same thing from arguments.
 *
 * @param gpu the CUDA device to run on where the backend is a GPU (0 = the first; a cluster task's is
 *            the one Spark assigned it)
 */
public record ConvertOptions(Path input, Path output, boolean overwrite, DepthSpec depth,
                             StereoSettings stereo, Backend backend, boolean verbose, VideoOptions video, int gpu) {
    public ConvertOptions {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(depth, "depth");
        Objects.requireNonNull(stereo, "stereo");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(video, "video");
        if (gpu < 0) throw new IllegalArgumentException("gpu must be a device index (0 or more), got " + gpu);
    }

    /** On the first GPU. */
    public ConvertOptions(Path input, Path output, boolean overwrite, DepthSpec depth,
                          StereoSettings stereo, Backend backend, boolean verbose, VideoOptions video) {
        this(input, output, overwrite, depth, stereo, backend, verbose, video, 0);
    }

    /** A photo conversion, or a video with the default video options. */
    public ConvertOptions(Path input, Path output, boolean overwrite, DepthSpec depth,
                          StereoSettings stereo, Backend backend, boolean verbose) {
        this(input, output, overwrite, depth, stereo, backend, verbose, VideoOptions.DEFAULT);
    }

    /** The same conversion for another input and output (a folder's files). */
    public ConvertOptions withFiles(Path in, Path out) {
        return new ConvertOptions(in, out, overwrite, depth, stereo, backend, verbose, video, gpu);
    }
}

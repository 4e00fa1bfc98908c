package org.tilestereo.api;

import java.nio.file.Path;
import java.util.List;
import org.tilestereo.video.VideoPipeline;

/**
 * What a video conversion did.
 *
 * @param frames        frames written
 * @param warnings      damage found in the input (one line each; empty for a sound input)
 * @param audio         what happened to each audio track (copied / re-encoded to AAC / dropped)
 * @param flicker       the flicker score (see FlickerMeter), NaN if not measured
 */
public record VideoReport(Path output, String backend, String stage, String encoder, int width, int height,
                          long frames, long sceneCuts, double flicker, List<String> warnings, List<String> audio,
                          VideoPipeline.Result pipeline) {
    public double fps() {
        return pipeline.fps();
    }
}

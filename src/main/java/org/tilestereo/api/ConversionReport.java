package org.tilestereo.api;

import java.nio.file.Path;
import org.tilestereo.pipeline.StageTimes;

/** What a conversion did: where the result went, what ran, and how long each stage took. */
public record ConversionReport(Path output, String backend, String depthSource, int width, int height, StageTimes times) {
}

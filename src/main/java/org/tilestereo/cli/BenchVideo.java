package org.tilestereo.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.tilestereo.video.VideoBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench video}: end-to-end frames per second of a clip and its 1080p upscale, with the share per stage. */
@Command(name = "video", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Converts the sample clip and a 1080p upscale of it end to end and reports frames per second,",
                "the depth engine's own throughput beside it, and the share of time per stage."})
public final class BenchVideo implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "The depth model to convert with: an ONNX file, a named model or a replica (replica:vits), as for convert.")
    String model;

    @Option(names = "--clip", paramLabel = "VIDEO", defaultValue = "../shared/data/Megamind.avi",
            description = "The clip. Default: ${DEFAULT-VALUE}.")
    Path clip;

    @Option(names = "--depth-resolution", paramLabel = "PIXELS", defaultValue = "518", description = "Default: ${DEFAULT-VALUE}.")
    int resolution;

    @Option(names = "--frames-1080p", paramLabel = "N", defaultValue = "120", description = "Frames of the 1080p run. Default: ${DEFAULT-VALUE}.")
    int frames1080;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        Path file = Cli.modelFile(model);
        List<VideoBenchmark.Figures> all = VideoBenchmark.run(file, clip, resolution, frames1080, System.out);
        if (json != null) {
            Files.writeString(json, VideoBenchmark.toJson(all, file, resolution), StandardCharsets.UTF_8);
            System.out.println("wrote " + json);
        }
        return Cli.OK;
    }
}

package org.tilestereo.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.tilestereo.io.InputException;
import org.tilestereo.io.Installation;
import org.tilestereo.bench.VideoBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/** {@code bench video}: end-to-end frames per second of a clip and its 1080p upscale, with the share per stage. */
@Command(name = "video", mixinStandardHelpOptions = true, sortOptions = false, defaultValueProvider = BenchVideo.SampleClip.class,
        description = {"Converts the sample clip and a 1080p upscale of it end to end and reports frames per second,",
                "the depth engine's own throughput beside it, and the share of time per stage."})
public final class BenchVideo implements Callable<Integer> {
    /** The default clip, under the installation's samples/. */
    static final String SAMPLE_CLIP = "video/Megamind.avi";

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "The depth model to convert with: an ONNX file, a named model or a replica (replica:vits), as for convert.")
    String model;

    @Option(names = "--clip", paramLabel = "VIDEO",
            description = "The clip. Default: the installation's sample clip, ${DEFAULT-VALUE}.")
    Path clip;

    @Option(names = "--depth-resolution", paramLabel = "PIXELS", defaultValue = "518", description = "Default: ${DEFAULT-VALUE}.")
    int resolution;

    @Option(names = "--frames-1080p", paramLabel = "N", defaultValue = "120", description = "Frames of the 1080p run. Default: ${DEFAULT-VALUE}.")
    int frames1080;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
    Path json;

    /**
     * --clip's default: the sample clip of the installation, not of the working folder. picocli's
     * defaultValue is a constant, so it is computed here, which also puts the real path in --help.
     * Null (no default, and "null" in --help: picocli's ${DEFAULT-VALUE:-...} does not ask this
     * provider) where the installation's layout is unknown; clip() then says why.
     */
    public static final class SampleClip implements IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec arg) {
            if (!(arg instanceof OptionSpec o) || !o.longestName().equals("--clip")) {
                return null;
            }
            try {
                return Installation.samplePath(SAMPLE_CLIP).toString();
            } catch (InputException e) {
                return null;
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        Path video = clip();
        Path file = Cli.modelFile(model);
        List<VideoBenchmark.Figures> all = VideoBenchmark.run(file, video, resolution, frames1080, System.out);
        if (json != null) {
            org.tilestereo.io.OutputFile.writeString(json, VideoBenchmark.toJson(all, file, resolution), true);
            System.out.println("wrote " + json);
        }
        return Cli.OK;
    }

    /** The clip to measure, checked before the model is resolved (which may download or build one). */
    private Path clip() throws InputException {
        // clip is null only where SampleClip found no installation; samplePath then says why in one line.
        Path video = clip != null ? clip : Installation.samplePath(SAMPLE_CLIP);
        if (!Files.isRegularFile(video)) {
            throw new InputException("clip " + video + ": no such file");
        }
        return video;
    }
}

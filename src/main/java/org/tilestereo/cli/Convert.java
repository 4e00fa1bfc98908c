package org.tilestereo.cli;

import org.tilestereo.plan.Precision;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tilestereo.api.Backend;
import org.tilestereo.api.ConversionException;
import org.tilestereo.api.ConvertOptions;
import org.tilestereo.api.FolderConversion;
import org.tilestereo.api.VideoConversion;
import org.tilestereo.api.VideoOptions;
import org.tilestereo.api.DepthSpec;
import org.tilestereo.runtime.DepthRuntime;
import org.tilestereo.runtime.RuntimeOptions;
import org.tilestereo.api.ImageConversion;
import org.tilestereo.depth.DepthKind;
import org.tilestereo.kernels.DisparityParams;
import org.tilestereo.kernels.Layout;
import org.tilestereo.pipeline.Eyes;
import org.tilestereo.pipeline.StereoSettings;
import org.tilestereo.pipeline.WarpMode;
import org.tilestereo.video.MediaFiles;
import org.tilestereo.video.Timecode;
import org.tilestereo.video.VideoCodec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code convert INPUT -o OUTPUT}: a photo to stereo. Thin: it checks arguments and calls the api. */
@Command(name = "convert", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Converts a photo, a video or a folder of them to stereo 3D.",
                "Depth comes from a depth map (--depth) or an ONNX depth model (--model)."},
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {"0:success", "1:the conversion failed (the message names the file and the problem)",
                "2:usage error"})
public final class Convert implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INPUT",
            description = "The photo (PNG, JPEG, BMP), the video (any file FFmpeg reads) or a folder of them.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUTPUT",
            description = "The result: a photo's .png, .jpg, .bmp (the depth layout needs .png); a video's .mp4 or .mkv;"
                    + " for a folder, the folder for the results (name.LAYOUT.ext).")
    Path output;

    @Option(names = {"-y", "--overwrite"},
            description = "Replace OUTPUT if it exists; for a folder, convert again the files already converted.")
    boolean overwrite;

    @Option(names = "--layout", paramLabel = "LAYOUT", defaultValue = "sbs",
            description = "sbs, hsbs, tb, htb, anaglyph, left, right or depth (16-bit PNG). Default: ${DEFAULT-VALUE}.")
    String layout;

    @Option(names = "--eyes", paramLabel = "EYES", defaultValue = "both",
            description = "both: INPUT is the centre, each eye moves half the disparity; right: INPUT is the left eye and the"
                    + " right one is synthesized; left: the reverse. Default: ${DEFAULT-VALUE}.")
    String eyes;

    @Option(names = "--warp", paramLabel = "WARP", defaultValue = "forward",
            description = "forward (z-buffered splatting + background hole fill) or backward (gather). Default: ${DEFAULT-VALUE}.")
    String warp;

    @Option(names = "--divergence", paramLabel = "PERCENT", defaultValue = "2.0",
            description = "Disparity range from far to near in %% of the width, 0..20. Default: ${DEFAULT-VALUE}.")
    float divergence;

    @Option(names = "--convergence", paramLabel = "0..1", defaultValue = "0.5",
            description = "Depth of the screen plane: 0 = farthest, 1 = nearest. Default: ${DEFAULT-VALUE}.")
    float convergence;

    @Option(names = "--foreground-scale", paramLabel = "S", defaultValue = "0",
            description = "Depth curve, -10..10: 0 linear, > 0 gives the foreground more depth. Default: ${DEFAULT-VALUE}.")
    float foregroundScale;

    @Option(names = "--depth", paramLabel = "FILE", description = "A depth map of INPUT (8 or 16-bit grayscale image).")
    Path depthFile;

    @Option(names = "--depth-kind", paramLabel = "KIND", defaultValue = "inverse",
            description = "inverse (larger = nearer), metric (larger = farther) or disparity (pixels between the views;"
                    + " used as is, 0 = unknown). Default: ${DEFAULT-VALUE}.")
    String depthKind;

    @Option(names = "--depth-scale", paramLabel = "S", defaultValue = "1",
            description = "Divide depth map values by S (e.g. 256 for 16-bit disparity). Default: ${DEFAULT-VALUE}.")
    float depthScale;

    @Option(names = "--model", paramLabel = "FILE|NAME", description = "An ONNX depth model (relative inverse depth), or the name of"
            + " one to download once: depth-anything-v2-small, depth-anything-v2-base or depth-anything-v2-large.")
    Path model;

    @Option(names = "--runtime", paramLabel = "RUNTIME", defaultValue = "auto",
            description = "tensorrt (GPU), onnxruntime (CPU) or auto (TensorRT where it loads and a GPU is usable). Default: ${DEFAULT-VALUE}.")
    String runtime;

    @Option(names = "--precision", paramLabel = "PRECISION", defaultValue = "fp16",
            description = "TensorRT engine precision: fp16 or int8. Default: ${DEFAULT-VALUE}.")
    String precision;

    @Option(names = "--calibration", paramLabel = "DIR",
            description = "Images for INT8 calibration (default: the input itself).")
    Path calibration;

    @Option(names = "--engine-cache", paramLabel = "DIR",
            description = "Where TensorRT engines are kept (default: $TILESTEREO_CACHE/engines or ~/.cache/tilestereo/engines).")
    Path engineCache;

    @Option(names = "--model-cache", paramLabel = "DIR",
            description = "Where named models are downloaded (default: $TILESTEREO_CACHE/models or ~/.cache/tilestereo/models).")
    Path modelCache;

    @Option(names = "--depth-resolution", paramLabel = "PIXELS", defaultValue = "518",
            description = "Short side of the model input, rounded to a multiple of 14. Default: ${DEFAULT-VALUE}.")
    int depthResolution;

    @Option(names = "--vram-budget", paramLabel = "SIZE",
            description = "Plan the run to fit this much GPU memory (e.g. 8GiB): the model sees the frame at its own"
                    + " resolution, whole or in aligned tiles as the plan says. On the CUDA backend the GPU's free memory"
                    + " is the budget when this is not given.")
    String vramBudget;

    static final int MAX_DEPTH_RESOLUTION = 4096;
    static final int MAX_TILE = 8192;

    @Option(names = "--tile", paramLabel = "PIXELS", defaultValue = "0",
            description = "Run the model on tiles of this many source pixels (0 = whole frame). Default: ${DEFAULT-VALUE}.")
    int tile;

    @Option(names = "--tile-overlap", paramLabel = "PIXELS", defaultValue = "64",
            description = "Overlap between tiles, even. Default: ${DEFAULT-VALUE}.")
    int tileOverlap;

    @Option(names = "--backend", paramLabel = "BACKEND", defaultValue = "auto",
            description = {"cpu, cuda, cuda-emulated or auto (CUDA where a GPU and the libraries load). Default: ${DEFAULT-VALUE}.",
                    "cuda-emulated runs the CUDA kernels on the software device, a CPU emulation of CUDA for testing: not a GPU, slow."})
    String backend;

    @Option(names = "--gpu", paramLabel = "INDEX", defaultValue = "0",
            description = "Which GPU to run on, by CUDA device index (nvidia-smi's order unless CUDA_DEVICE_ORDER says"
                    + " otherwise). Default: ${DEFAULT-VALUE}; a cluster task runs on the GPU Spark assigned it.")
    int gpu;

    @Option(names = "--codec", paramLabel = "CODEC", defaultValue = "h264",
            description = "Video: h264, h265 or ffv1 (lossless RGB, MKV only; --crf does not apply). Default: ${DEFAULT-VALUE}.")
    String codec;

    @Option(names = "--crf", paramLabel = "0..51", defaultValue = "" + VideoOptions.DEFAULT_CRF,
            description = "Video quality, lower is better (constant quantiser where the encoder has no CRF). Default: ${DEFAULT-VALUE}.")
    int crf;

    @Option(names = "--start", paramLabel = "TIME", description = "Video: start this far in (seconds, or [h:]m:s).")
    String start;

    @Option(names = "--duration", paramLabel = "TIME", description = "Video: convert this much (seconds, or [h:]m:s).")
    String duration;

    @Option(names = {"-v", "--verbose"}, description = "Say what runs and print the time per stage (video: and the flicker score).")
    boolean verbose;

    @Override
    public Integer call() throws ConversionException {
        ConvertOptions options = options();
        PrintStream log = System.err;
        try {
            if (Files.isDirectory(input)) {
                FolderConversion.run(options, log);
            } else if (isVideo()) {
                VideoConversion.run(options, log);
            } else {
                refuseGiven(" is for videos; " + input.getFileName() + " is converted as a photo",
                        "--start", "--duration", "--codec", "--crf");
                ImageConversion.run(options, log);
            }
        } catch (OutOfMemoryError e) {
            throw new ConversionException(input + ": not enough Java heap for this image; raise it with"
                    + " TILESTEREO_JAVA_OPTS=-Xmx16g", null);
        }
        return Cli.OK;
    }

    /**
     * The options convert takes, from its command-line arguments (INPUT -o OUTPUT and the rest), as a
     * library call: for a program that converts many inputs with one set of options (the cluster job).
     * A bad argument is a picocli ParameterException naming the option.
     */
    public static ConvertOptions parse(String... args) {
        Convert c = new Convert();
        CommandLine cl = new CommandLine(c);
        cl.parseArgs(args);
        return c.options();
    }

    /** Arguments to options; anything out of range is a usage error naming the option. */
    ConvertOptions options() {
        DisparityParams disparity;
        try {
            disparity = new DisparityParams(divergence, convergence, foregroundScale);
        } catch (IllegalArgumentException e) {
            throw usage("--" + e.getMessage());
        }
        StereoSettings stereo = new StereoSettings(disparity, parse("--eyes", eyes, Eyes::parse),
                parse("--layout", layout, Layout::parse), parse("--warp", warp, WarpMode::parse));
        Backend b = parse("--backend", backend, Backend::parse);
        org.tilestereo.runtime.OnnxRuntimeEnvironment.showWarnings(verbose);
        if (gpu < 0) {
            throw usage("--gpu must be a GPU index (0 or more), got " + gpu);
        }
        if (b == Backend.CPU && spec.commandLine().getParseResult().hasMatchedOption("--gpu")) {
            throw usage("--gpu picks the GPU of --backend cuda or auto; it means nothing with --backend cpu");
        }
        return new ConvertOptions(input, output, overwrite, depthSpec(), stereo, b, verbose, videoOptions(), gpu);
    }

    /** A video by its name, or, for a name that is neither photo nor video, when a video is asked for. */
    private boolean isVideo() {
        MediaFiles.Kind kind = MediaFiles.kindOf(input);
        return kind == MediaFiles.Kind.VIDEO
                || kind == MediaFiles.Kind.OTHER && MediaFiles.kindOf(output) == MediaFiles.Kind.VIDEO;
    }

    private VideoOptions videoOptions() {
        if (crf < 0 || crf > 51) {
            throw usage("--crf must be within 0..51, got " + crf);
        }
        long startMicros = start == null ? 0 : parse("--start", start, Timecode::parseMicros);
        long durationMicros = duration == null ? 0 : parse("--duration", duration, Timecode::parseMicros);
        if (duration != null && durationMicros <= 0) {
            throw usage("--duration must be longer than 0, got " + duration);
        }
        return VideoOptions.DEFAULT.withCodec(parse("--codec", codec, VideoCodec::parse)).withCrf(crf)
                .withRange(startMicros, durationMicros);
    }

    private <T> T parse(String option, String value, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw usage(option + ": " + e.getMessage());
        }
    }

    private DepthSpec depthSpec() {
        if (depthFile != null && model != null) {
            throw usage("--depth and --model exclude each other: give a depth map or a model");
        }
        if (depthFile == null && model == null) {
            throw usage("give a depth source: --depth FILE (a depth map) or --model FILE (an ONNX depth model)");
        }
        if (depthFile != null) {
            // Options of the model path mean nothing with a given depth map: refused, never silently ignored.
            refuseGiven(" goes with --model (it sets how a model makes depth); --depth gives the depth map",
                    "--vram-budget", "--depth-resolution", "--tile", "--tile-overlap", "--runtime", "--precision",
                    "--calibration", "--engine-cache");
            if (!(depthScale > 0f) || !Float.isFinite(depthScale)) {
                throw usage("--depth-scale must be a positive number, got " + depthScale);
            }
            return new DepthSpec.Given(depthFile, parse("--depth-kind", depthKind, DepthKind::parse), depthScale);
        }
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        if (parsed.hasMatchedOption("--depth-kind") || parsed.hasMatchedOption("--depth-scale")) {
            throw usage("--depth-kind and --depth-scale describe a depth map: they go with --depth, not --model");
        }
        // Limits from arithmetic, before any work: a ViT at 4096 pixels a side already has 85,849 tokens
        // (a 44 GiB attention matrix per layer at FP16); a tile larger than 8192 is never smaller than the
        // frame it would cut.
        if (depthResolution < 14 || depthResolution > MAX_DEPTH_RESOLUTION) {
            throw usage("--depth-resolution must be within 14.." + MAX_DEPTH_RESOLUTION + ", got " + depthResolution);
        }
        if (tile < 0 || tile > MAX_TILE) {
            throw usage("--tile must be 0 (whole frame) or a tile size in pixels up to " + MAX_TILE + ", got " + tile);
        }
        if (tile > 0 && (tileOverlap < 4 || tileOverlap % 2 != 0 || tile <= 2 * tileOverlap)) {
            throw usage("--tile-overlap must be even, at least 4 and less than half of --tile, got " + tileOverlap
                    + " with --tile " + tile);
        }
        Precision p = parse("--precision", precision, Precision::parseEngine);
        if (calibration != null && p != Precision.INT8) {
            throw usage("--calibration goes with --precision int8");
        }
        if (calibration != null && !java.nio.file.Files.isReadable(calibration)) {
            throw usage("--calibration " + calibration + ": no such file or folder (or not readable)");
        }
        RuntimeOptions run = new RuntimeOptions(parse("--runtime", runtime, DepthRuntime::parse), p, calibration, engineCache,
                modelCache, 0);
        if (vramBudget != null) {
            if (tile > 0) {
                throw usage("--tile and --vram-budget exclude each other: the plan chooses the tiles");
            }
            try {
                org.tilestereo.memory.Bytes.parse(vramBudget);
            } catch (IllegalArgumentException e) {
                throw usage("--vram-budget: " + e.getMessage());
            }
        }
        return new DepthSpec.Model(model, depthResolution, tile, tileOverlap, run, vramBudget);
    }

    /** A usage error for the first of these options the user gave, where it means nothing: "OPTION" + why. */
    private void refuseGiven(String why, String... options) {
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        for (String option : options) {
            if (given.hasMatchedOption(option)) {
                throw usage(option + why);
            }
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(new Convert(), args));
    }
}

package org.tilestereo.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.tilestereo.depth.DepthBatch;
import org.tilestereo.depth.DepthException;
import org.tilestereo.depth.DepthModel;
import org.tilestereo.runtime.OnnxRuntimeDepthModel;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.io.ImageFiles;
import org.tilestereo.io.InputException;
import org.tilestereo.io.Installation;
import org.tilestereo.kernels.ModelInput;
import org.tilestereo.kernels.TileGrid;
import org.tilestereo.kernels.java.JavaKernels;
import org.tilestereo.models.DownloadException;
import org.tilestereo.models.ModelFiles;
import org.tilestereo.plan.Precision;
import org.tilestereo.runtime.DepthDifference;
import org.tilestereo.runtime.DepthModels;
import org.tilestereo.runtime.DepthRuntime;
import org.tilestereo.runtime.EngineCacheKey;
import org.tilestereo.runtime.InputShape;
import org.tilestereo.runtime.RuntimeOptions;
import org.tilestereo.runtime.RuntimeSelection;
import org.tilestereo.runtime.TensorRtDepthModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Benchmarks a depth model on each runtime this machine has: ONNX Runtime (CPU), and TensorRT at
 * FP16 and INT8. For each: latency per frame (the whole frame at the depth resolution, model only)
 * and per tile (a batch of tiles, divided by the batch); for TensorRT also the engine build time,
 * the engine's device memory for the frame and tile shapes, and how far INT8 depth is from FP16
 * depth (AbsRel over the sample photos). A runtime that is not there is reported as unavailable
 * with the reason; no number is ever made up.
 */
@Command(name = "model", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Times a depth model with ONNX Runtime and TensorRT (FP16, INT8) on sample photos.")
public final class ModelBenchmark implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "FILE|NAME", description = "An ONNX depth model or a model name.")
    Path model;

    /** The default photos, under the installation's samples/: the aloe view and three ordinary photos. */
    static final List<String> DEFAULT_PHOTOS = List.of("aloe/aloeL.jpg", "photos/building.jpg", "photos/fruits.jpg", "photos/leuvenA.jpg");

    @Option(names = "--photos", split = ",", paramLabel = "FILE",
            description = "Sample photos (default: samples/aloe/aloeL.jpg and samples/photos/*.jpg of the installation).")
    List<Path> photos;

    @Option(names = "--depth-resolution", defaultValue = "518", paramLabel = "PIXELS", description = "Whole-frame short side. Default: ${DEFAULT-VALUE}.")
    int resolution;

    @Option(names = "--tile", defaultValue = "518", paramLabel = "PIXELS", description = "Tile size. Default: ${DEFAULT-VALUE}.")
    int tile;

    @Option(names = "--batch", defaultValue = "4", paramLabel = "N", description = "Tiles per run. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--runs", defaultValue = "5", paramLabel = "N", description = "Timed runs per measurement (median). Default: ${DEFAULT-VALUE}.")
    int runs;

    @Option(names = "--calibration", paramLabel = "DIR", description = "INT8 calibration images (default: the sample photos).")
    Path calibration;

    @Option(names = "--engine-cache", paramLabel = "DIR", description = "TensorRT engine folder.")
    Path engineCache;

    @Option(names = "--model-cache", paramLabel = "DIR", description = "Named-model folder.")
    Path modelCache;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    /** One runtime's figures; a null figure was not measured, and reason says why when nothing was. */
    public record Column(String runtime, String reason, Double buildSeconds, Double msPerFrame, Double msPerTile,
                         Long frameDeviceBytes, Long tileDeviceBytes) {
        static Column unavailable(String runtime, String reason) {
            return new Column(runtime, reason, null, null, null, null, null);
        }

        boolean measured() {
            return reason.isEmpty();
        }
    }

    /** The benchmark's outcome: a column per runtime, INT8-vs-FP16 AbsRel (null when not measured) and why. */
    public record Result(String model, List<String> photos, String frameShape, String tileShape, List<Column> columns,
                         Double int8VersusFp16AbsRel, String absRelNote) {
    }

    @Override
    public Integer call() throws Exception {
        Result r = run(System.out);
        print(r, System.out);
        if (json != null) {
            org.tilestereo.io.OutputFile.writeString(json, toJson(r), true);
        }
        return 0; // the exit status of `bench model`
    }

    Result run(PrintStream log) throws DepthException, InputException, IOException {
        if (runs < 1 || batch < 1 || tile < 14 || resolution < 14) {
            throw new IllegalArgumentException("--runs and --batch must be at least 1, --tile and --depth-resolution at least 14");
        }
        Path file;
        try {
            file = ModelFiles.standard(modelCache, log).resolve(model);
        } catch (DownloadException e) {
            throw new DepthException(e.getMessage(), e);
        }
        List<Path> files = photos != null && !photos.isEmpty() ? photos : defaultPhotos();
        List<RgbImage> images = new ArrayList<>();
        for (Path p : files) {
            images.add(ImageFiles.readRgb(p));
        }
        RgbImage first = images.get(0);
        List<Column> columns = new ArrayList<>();
        Map<Precision, List<float[]>> depths = new LinkedHashMap<>();

        String frameShape, tileShape;
        try (OnnxRuntimeDepthModel ort = OnnxRuntimeDepthModel.open(file)) {
            ModelInput frameIn = ort.inputFor(first.width(), first.height(), resolution);
            ModelInput tileIn = ort.inputFor(tile, tile, tile);
            int tiles = Math.min(batch, ort.maxBatch());
            frameShape = new InputShape(1, frameIn.height(), frameIn.width()).toString();
            tileShape = new InputShape(tiles, tileIn.height(), tileIn.width()).toString();
            columns.add(measure("onnxruntime (CPU)", ort, first, frameIn, tileIn, tiles, null));
        }

        RuntimeSelection trt;
        try {
            trt = DepthModels.select(DepthRuntime.TENSORRT);
        } catch (DepthException e) {
            trt = null;
            String why = e.getMessage().replaceFirst("^--runtime tensorrt: ", "");
            columns.add(Column.unavailable("tensorrt fp16", why));
            columns.add(Column.unavailable("tensorrt int8", why));
        }
        String absRelNote = "";
        if (trt != null) {
            for (Precision p : Precision.values()) {
                RuntimeOptions o = new RuntimeOptions(DepthRuntime.TENSORRT, p, p == Precision.INT8 ? calibrationFolder(files) : null,
                        engineCache, modelCache, 0);
                try (TensorRtDepthModel m = TensorRtDepthModel.open(file, o, batch, log)) {
                    ModelInput frameIn = m.inputFor(first.width(), first.height(), resolution);
                    ModelInput tileIn = m.inputFor(tile, tile, tile);
                    int tiles = Math.min(batch, m.maxBatch());
                    InputShape fs = new InputShape(1, frameIn.height(), frameIn.width());
                    InputShape ts = new InputShape(tiles, tileIn.height(), tileIn.width());
                    List<InputShape> shapes = new ArrayList<>(List.of(ts, fs));
                    for (RgbImage img : images) {
                        ModelInput in = m.inputFor(img.width(), img.height(), resolution);
                        shapes.add(new InputShape(1, in.height(), in.width()));
                    }
                    m.prepare(shapes);
                    Column c = measure("tensorrt " + p.option(), m, first, frameIn, tileIn, tiles, m);
                    columns.add(new Column(c.runtime(), "", m.lastBuildSeconds() >= 0 ? m.lastBuildSeconds() : null,
                            c.msPerFrame(), c.msPerTile(), m.activationBytes(fs), m.activationBytes(ts)));
                    depths.put(p, wholeFrameDepths(m, images));
                } catch (DepthException | RuntimeException e) {
                    columns.add(Column.unavailable("tensorrt " + p.option(), e.getMessage()));
                }
            }
        }
        Double absRel = null;
        if (depths.size() == 2) {
            double sum = 0;
            List<float[]> fp16 = depths.get(Precision.FP16), int8 = depths.get(Precision.INT8);
            for (int i = 0; i < fp16.size(); i++) {
                sum += DepthDifference.absRel(int8.get(i), fp16.get(i), fp16.get(i).length);
            }
            absRel = sum / fp16.size();
        } else {
            absRelNote = "needs both TensorRT engines";
        }
        return new Result(file.toString(), files.stream().map(Path::toString).toList(), frameShape, tileShape, columns, absRel, absRelNote);
    }

    private Column measure(String name, DepthModel m, RgbImage frame, ModelInput frameIn, ModelInput tileIn, int tiles,
                           TensorRtDepthModel trt) throws DepthException {
        float[] frameInput = new float[frameIn.floatsPerImage()];
        float[] tileInput = new float[tiles * tileIn.floatsPerImage()];
        try (JavaKernels k = new JavaKernels()) {
            k.tileExtract(frame, TileGrid.whole(frame.width(), frame.height()), 0, 1, frameIn, frameInput);
            TileGrid grid = TileGrid.of(frame.width(), frame.height(), tile, tile, Math.max(4, (tile / 8) & ~1));
            k.tileExtract(frame, grid, 0, Math.min(tiles, grid.count()), tileIn, tileInput);
        }
        double frameMs = median(() -> m.run(frameInput, 1, frameIn));
        double tileMs = median(() -> m.run(tileInput, tiles, tileIn)) / tiles;
        return new Column(name, "", null, frameMs, tileMs, null, null);
    }

    private interface Work {
        void run() throws DepthException;
    }

    private double median(Work w) throws DepthException {
        w.run(); // warm-up: first-run allocations and lazy initialisation are not latency
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            w.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        return runs % 2 == 1 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2;
    }

    private List<float[]> wholeFrameDepths(DepthModel m, List<RgbImage> images) throws DepthException {
        List<float[]> out = new ArrayList<>();
        try (JavaKernels k = new JavaKernels()) {
            for (RgbImage img : images) {
                ModelInput in = m.inputFor(img.width(), img.height(), resolution);
                float[] x = new float[in.floatsPerImage()];
                TileGrid whole = TileGrid.whole(img.width(), img.height());
                k.tileExtract(img, whole, 0, 1, in, x);
                DepthBatch d = m.run(x, 1, in);
                FloatMap depth = new FloatMap(img.width(), img.height());
                k.tileBlend(d.values(), d.width(), d.height(), whole, null, null, depth);
                out.add(depth.data().clone());
            }
        }
        return out;
    }

    /** --calibration, else the folder of the first photo (the sample photos calibrate themselves). */
    private Path calibrationFolder(List<Path> files) {
        return calibration != null ? calibration : files.get(0).toAbsolutePath().getParent();
    }

    /** The installation's sample photos (not the working folder's); a missing one is a one-line error naming it. */
    static List<Path> defaultPhotos() throws InputException {
        List<Path> out = new ArrayList<>();
        try {
            for (String name : DEFAULT_PHOTOS) {
                out.add(Installation.sample(name));
            }
        } catch (InputException e) {
            throw new InputException(e.getMessage() + "; pass photos with --photos", e);
        }
        return out;
    }

    static void print(Result r, PrintStream out) {
        out.println("model " + r.model() + "; frame input " + r.frameShape() + ", tile input " + r.tileShape() + "; photos "
                + String.join(", ", r.photos()));
        out.println(String.format(Locale.ROOT, "%-20s %12s %12s %12s %14s %14s", "runtime", "build s", "ms/frame", "ms/tile",
                "MiB frame", "MiB tiles"));
        for (Column c : r.columns()) {
            if (!c.measured()) {
                out.println(String.format(Locale.ROOT, "%-20s unavailable: %s", c.runtime(), c.reason()));
                continue;
            }
            out.println(String.format(Locale.ROOT, "%-20s %12s %12.2f %12.2f %14s %14s", c.runtime(),
                    c.buildSeconds() == null ? (c.runtime().startsWith("tensorrt") ? "cached" : "-") : String.format(Locale.ROOT, "%.1f", c.buildSeconds()),
                    c.msPerFrame(), c.msPerTile(), mib(c.frameDeviceBytes()), mib(c.tileDeviceBytes())));
        }
        out.println("INT8 vs FP16 depth, AbsRel: " + (r.int8VersusFp16AbsRel() == null ? "not measured (" + r.absRelNote() + ")"
                : String.format(Locale.ROOT, "%.4f", r.int8VersusFp16AbsRel())));
    }

    private static String mib(Long bytes) {
        return bytes == null ? "-" : String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
    }

    static String toJson(Result r) {
        StringBuilder s = new StringBuilder("{\"model\":").append(EngineCacheKey.quote(r.model()))
                .append(",\"frame_shape\":\"").append(r.frameShape()).append("\",\"tile_shape\":\"").append(r.tileShape())
                .append("\",\"columns\":[");
        for (int i = 0; i < r.columns().size(); i++) {
            Column c = r.columns().get(i);
            s.append(i > 0 ? "," : "").append("{\"runtime\":").append(EngineCacheKey.quote(c.runtime()))
                    .append(",\"unavailable\":").append(c.measured() ? "null" : EngineCacheKey.quote(c.reason()))
                    .append(",\"build_s\":").append(c.buildSeconds()).append(",\"ms_per_frame\":").append(c.msPerFrame())
                    .append(",\"ms_per_tile\":").append(c.msPerTile()).append(",\"frame_device_bytes\":").append(c.frameDeviceBytes())
                    .append(",\"tile_device_bytes\":").append(c.tileDeviceBytes()).append('}');
        }
        return s.append("],\"int8_vs_fp16_absrel\":").append(r.int8VersusFp16AbsRel()).append("}\n").toString();
    }

    /** For tests and callers that set the options themselves. */
    static ModelBenchmark of(Path model, List<Path> photos, int resolution, int tile, int batch, int runs) {
        ModelBenchmark b = new ModelBenchmark();
        b.model = model;
        b.photos = photos;
        b.resolution = resolution;
        b.tile = tile;
        b.batch = batch;
        b.runs = runs;
        return b;
    }
}

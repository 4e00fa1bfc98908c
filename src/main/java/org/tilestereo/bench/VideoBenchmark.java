package org.tilestereo.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.tilestereo.cuda.CudaKernels;
import org.tilestereo.cuda.CudaProbe;
import org.tilestereo.depth.DepthSource;
import org.tilestereo.depth.ModelDepthSource;
import org.tilestereo.runtime.OnnxRuntimeDepthModel;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.Parallel;
import org.tilestereo.kernels.StereoKernels;
import org.tilestereo.kernels.java.JavaKernels;
import org.tilestereo.pipeline.StageTimes;
import org.tilestereo.pipeline.StereoSettings;
import org.tilestereo.runtime.DepthModels;
import org.tilestereo.runtime.RuntimeOptions;
import org.tilestereo.video.AudioPacket;
import org.tilestereo.video.Cancellation;
import org.tilestereo.video.Container;
import org.tilestereo.video.ConversionStage;
import org.tilestereo.video.ConversionStages;
import org.tilestereo.video.FrameConverterStage;
import org.tilestereo.video.SceneCutDetector;
import org.tilestereo.video.StageReport;
import org.tilestereo.video.TemporalDepthRange;
import org.tilestereo.video.VideoCodec;
import org.tilestereo.video.VideoInfo;
import org.tilestereo.video.VideoPipeline;
import org.tilestereo.video.VideoReader;
import org.tilestereo.video.VideoWriter;

/**
 * End-to-end video benchmark: frames per second of the whole pipeline (decode, depth, stereo,
 * encode, overlapped) for a clip and for a 1080p version of it made by upscaling, the share of
 * time per stage, and the depth engine's own throughput on the same frames, so the ratio says how
 * much of the engine's speed the pipeline keeps.
 *
 * <pre>
 * tilestereo bench video --model depth.onnx [--clip VIDEO (default: samples/video/Megamind.avi)]
 *      [--depth-resolution 518] [--frames-1080p 120] [--json results.json]
 * </pre>
 *
 * The CPU (Java operators, ONNX Runtime) is always measured; the GPU (CUDA operators in the
 * streamed stage, TensorRT where it loads) where one is usable, and otherwise the reason is printed.
 */
public final class VideoBenchmark {
    private VideoBenchmark() {
    }

    /** One clip's figures. */
    public record Figures(String clip, int width, int height, long frames, String backend, double depthFps,
                          double pipelineFps, double wallSeconds, List<StageReport.Row> stages, Map<String, double[]> threads) {
        public double ratio() {
            return pipelineFps / depthFps;
        }
    }

    /**
     * Measures clip, then its 1080p upscale (first frames1080 frames), on the CPU and, where a GPU
     * is usable, on the GPU; prints the table as it goes.
     */
    public static List<Figures> run(Path model, Path clip, int resolution, int frames1080, PrintStream out) throws Exception {
        Path work = Files.createTempDirectory("tilestereo-bench");
        try {
            CudaProbe.Report gpu = CudaProbe.probe();
            out.printf(Locale.ROOT, "video benchmark: %d cores, Java %s; depth model %s at short side %d; %s%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), model.getFileName(),
                    resolution, gpu.usable() ? "gpu: " + gpu.current().name()
                            : "no GPU figures: " + gpu.reason() + "; the CPU runs alone");
            Path big = work.resolve("clip-1080p.mp4");
            long t0 = System.nanoTime();
            int made = upscale(clip, big, 1920, 1080, frames1080);
            out.printf(Locale.ROOT, "made %s: %d frames of 1920x1080 by upscaling (%.1f s)%n", big.getFileName(), made,
                    (System.nanoTime() - t0) / 1e9);
            List<Figures> figures = new ArrayList<>();
            for (boolean onGpu : gpu.usable() ? new boolean[] {false, true} : new boolean[] {false}) {
                figures.add(measure(model, clip, resolution, onGpu, work, out));
                figures.add(measure(model, big, resolution, onGpu, work, out));
            }
            out.println();
            out.printf(Locale.ROOT, "%-16s %-9s %7s %8s %11s %12s %7s%n", "clip", "size", "frames", "backend", "depth fps",
                    "pipeline fps", "ratio");
            for (Figures f : figures) {
                out.printf(Locale.ROOT, "%-16s %-9s %7d %8s %11.2f %12.2f %6.0f%%%n", f.clip(), f.width() + "x" + f.height(),
                        f.frames(), f.backend(), f.depthFps(), f.pipelineFps(), 100 * f.ratio());
            }
            return figures;
        } finally {
            deleteTree(work);
        }
    }

    /**
     * One clip end to end: on the CPU the Java operators and ONNX Runtime; on the GPU the CUDA
     * operators (streamed stage) and the depth runtime auto chooses (TensorRT where it loads).
     */
    private static Figures measure(Path model, Path clip, int resolution, boolean gpu, Path work, PrintStream out) throws Exception {
        StereoSettings settings = StereoSettings.defaults();
        try (StereoKernels kernels = gpu ? CudaKernels.open() : new JavaKernels();
             DepthSource depth = ModelDepthSource.builder(kernels, gpu
                     ? DepthModels.open(model, RuntimeOptions.DEFAULT, ModelDepthSource.DEFAULT_BATCH, out)
                     : OnnxRuntimeDepthModel.open(model)).resolution(resolution).build()) {
            double depthFps = depthThroughput(clip, depth, 40);
            VideoPipeline.Result r;
            int[] size;
            try (VideoReader reader = VideoReader.open(clip, 0, 0)) {
                VideoInfo info = reader.info();
                size = FrameConverterStage.outputSize(settings.layout(), info.width(), info.height());
                StageTimes convert = new StageTimes();
                try (ConversionStage stage = ConversionStages.open(kernels, depth, settings,
                        new TemporalDepthRange(TemporalDepthRange.DEFAULT_WEIGHT), convert, info.width(), info.height(), false, out);
                     VideoWriter writer = VideoWriter.open(work.resolve("out.mp4"), Container.MP4, VideoCodec.H264, 20,
                             size[0], size[1], reader)) {
                    out.printf(Locale.ROOT, "%n%s on %s: %s%n", clip.getFileName(), kernels.name(), stage.describe());
                    r = new VideoPipeline(reader, stage, writer, size[0], size[1], convert, new Cancellation(), null,
                            new SceneCutDetector(SceneCutDetector.DEFAULT_MIN_SCORE), null, 3, 0).run();
                }
                out.printf(Locale.ROOT, "%s (%dx%d -> %dx%d sbs, %d frames): pipeline %.2f fps (%.1f s), depth engine alone %.2f fps%n",
                        clip.getFileName(), info.width(), info.height(), size[0], size[1], r.frames(), r.fps(),
                        r.wallNanos() / 1e9, depthFps);
                StageReport.print(r, out);
                return new Figures(clip.getFileName().toString(), info.width(), info.height(), r.frames(), kernels.name(),
                        depthFps, r.fps(), r.wallNanos() / 1e9, StageReport.rows(r), StageReport.utilisation(r));
            }
        }
    }

    /** Frames per second of the depth source alone on the clip's first frames (after one warm-up frame). */
    static double depthThroughput(Path clip, DepthSource depth, int frames) throws Exception {
        List<RgbImage> images = new ArrayList<>();
        try (VideoReader reader = VideoReader.open(clip, 0, 0)) {
            List<AudioPacket> audio = new ArrayList<>();
            while (images.size() < frames + 1) {
                RgbImage img = new RgbImage(reader.info().width(), reader.info().height());
                boolean more = reader.read(img, audio);
                for (AudioPacket p : audio) p.free();
                audio.clear();
                if (!more) break;
                images.add(img);
            }
        }
        depth.depthOf(images.get(0));
        long t0 = System.nanoTime();
        for (int i = 1; i < images.size(); i++) depth.depthOf(images.get(i));
        return (images.size() - 1) / ((System.nanoTime() - t0) / 1e9);
    }

    /** Writes the clip's first frames bilinearly upscaled to width x height (its audio copied along). */
    static int upscale(Path clip, Path target, int width, int height, int frames) throws Exception {
        try (VideoReader reader = VideoReader.open(clip, 0, 0);
             VideoWriter writer = VideoWriter.open(target, Container.MP4, VideoCodec.H264, 16, width, height, reader)) {
            RgbImage src = new RgbImage(reader.info().width(), reader.info().height()), dst = new RgbImage(width, height);
            List<AudioPacket> audio = new ArrayList<>();
            int n = 0;
            while (n < frames && reader.read(src, audio)) {
                for (AudioPacket p : audio) writer.writeAudio(p);
                audio.clear();
                resize(src, dst);
                writer.writeFrame(dst, reader.pts());
                n++;
            }
            for (AudioPacket p : audio) p.free();
            writer.finish();
            return n;
        }
    }

    private static void resize(RgbImage src, RgbImage dst) {
        int sw = src.width(), sh = src.height(), dw = dst.width(), dh = dst.height();
        byte[] s = src.data(), d = dst.data();
        Parallel.forEach(dh, y -> {
            float fy = Math.max(0f, Math.min(sh - 1f, (y + 0.5f) * sh / dh - 0.5f));
            int y0 = (int) fy, y1 = Math.min(sh - 1, y0 + 1);
            float wy = fy - y0;
            for (int x = 0; x < dw; x++) {
                float fx = Math.max(0f, Math.min(sw - 1f, (x + 0.5f) * sw / dw - 0.5f));
                int x0 = (int) fx, x1 = Math.min(sw - 1, x0 + 1);
                float wx = fx - x0;
                for (int c = 0; c < 3; c++) {
                    float a = s[(y0 * sw + x0) * 3 + c] & 0xff, b = s[(y0 * sw + x1) * 3 + c] & 0xff;
                    float e = s[(y1 * sw + x0) * 3 + c] & 0xff, f = s[(y1 * sw + x1) * 3 + c] & 0xff;
                    float top = a + wx * (b - a), bottom = e + wx * (f - e);
                    d[(y * dw + x) * 3 + c] = (byte) (int) (top + wy * (bottom - top) + 0.5f);
                }
            }
        });
    }

    public static String toJson(List<Figures> figures, Path model, int resolution) {
        StringBuilder s = new StringBuilder("{\n");
        CudaProbe.Report gpu = CudaProbe.probe();
        String gpuName = gpu.usable() ? gpu.current().name() : "none (" + gpu.reason() + ")";
        s.append(String.format(Locale.ROOT, "  \"gpu\": \"%s\",\n", gpuName.replace("\\", "/").replace("\"", "'")));
        s.append(String.format(Locale.ROOT, "  \"cores\": %d,\n  \"java\": \"%s\",\n  \"model\": \"%s\",\n  \"depth_resolution\": %d,\n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                model.getFileName().toString().replace("\"", ""), resolution));
        s.append("  \"clips\": [\n");
        for (int i = 0; i < figures.size(); i++) {
            Figures f = figures.get(i);
            s.append(String.format(Locale.ROOT, "    {\"clip\": \"%s\", \"width\": %d, \"height\": %d, \"frames\": %d, \"backend\": \"%s\","
                            + " \"depth_fps\": %.3f, \"pipeline_fps\": %.3f, \"ratio\": %.4f, \"wall_s\": %.3f,%n",
                    f.clip().replace("\"", ""), f.width(), f.height(), f.frames(), f.backend(), f.depthFps(), f.pipelineFps(),
                    f.ratio(), f.wallSeconds()));
            s.append("     \"stages\": [");
            for (int j = 0; j < f.stages().size(); j++) {
                StageReport.Row r = f.stages().get(j);
                s.append(j == 0 ? "" : ", ").append(String.format(Locale.ROOT,
                        "{\"thread\": \"%s\", \"stage\": \"%s\", \"ms_per_frame\": %.3f, \"share\": %.4f}",
                        r.thread(), r.stage(), r.millisPerFrame(), r.share()));
            }
            s.append("],\n     \"threads\": {");
            int k = 0;
            for (Map.Entry<String, double[]> e : f.threads().entrySet()) {
                s.append(k++ == 0 ? "" : ", ").append(String.format(Locale.ROOT, "\"%s\": {\"busy\": %.4f, \"waiting\": %.4f}",
                        e.getKey(), e.getValue()[0], e.getValue()[1]));
            }
            s.append("}}").append(i + 1 < figures.size() ? ",\n" : "\n");
        }
        return s.append("  ]\n}\n").toString();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}

package org.tilestereo.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

import org.tilestereo.cuda.CudaProbe;

/**
 * The operator benchmark: every operator at every size, on the GPU (when there is one and it was
 * not declined) and with the Java reference, with bytes moved and bandwidth.
 */
public final class Benchmark {
    public static final int WARMUP = 3;

    /** sizes: {width, height} pairs; json: where to write the JSON, or null. */
    public record Options(List<int[]> sizes, int repeat, boolean cpuOnly, Path json) {
    }

    private Benchmark() {
    }

    public static BenchReport run(Options o, PrintStream log) throws IOException {
        String gpuMissing;
        GpuBench gpu = null;
        if (o.cpuOnly()) {
            gpuMissing = "--cpu-only: the GPU was not measured";
        } else {
            CudaProbe.Report probe = CudaProbe.probe(); // before any CUDA class: it loads the bundled runtime
            gpuMissing = probe.usable() ? null : "CUDA unavailable: " + probe.reason();
            if (probe.usable()) {
                gpu = GpuBench.open();
            }
        }
        List<BenchResult> results = new ArrayList<>();
        String name = null, cc = null;
        try {
            if (gpu != null) {
                name = gpu.device().name();
                cc = gpu.device().major() + "" + gpu.device().minor();
            }
            for (int[] size : o.sizes()) {
                log.println("bench: " + size[0] + "x" + size[1] + " ...");
                BenchFrame frame = new BenchFrame(size[0], size[1]);
                GpuBench.FrameTimes times = gpu == null ? null
                        : gpu.measure(frame, List.copyOf(EnumSet.allOf(OperatorCase.class)), WARMUP, o.repeat());
                for (OperatorCase c : OperatorCase.values()) {
                    double javaMs = JavaBench.medianMillis(c, frame, WARMUP, o.repeat());
                    results.add(new BenchResult(c, frame.width, frame.height, c.bytesMoved(frame),
                            times == null ? null : times.millis().get(c), times == null ? null : times.copyGBps(), javaMs));
                }
            }
        } finally {
            if (gpu != null) {
                gpu.close();
            }
        }
        String threads = ForkJoinPool.commonPool().getParallelism() + 1 + " threads";
        BenchReport report = new BenchReport(name, cc, gpuMissing, WARMUP, o.repeat(), threads, results);
        if (o.json() != null) {
            Path parent = o.json().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                org.tilestereo.io.OutputFile.writeString(o.json(), report.toJson(), true);
            } catch (org.tilestereo.io.InputException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return report;
    }

    /** "1920x1080,3840x2160" to size pairs; a clear message for anything else. */
    public static List<int[]> parseSizes(String s) {
        List<int[]> sizes = new ArrayList<>();
        for (String part : s.split(",")) {
            String[] wh = part.trim().toLowerCase(java.util.Locale.ROOT).split("x");
            try {
                if (wh.length != 2) throw new NumberFormatException();
                int w = Integer.parseInt(wh[0].trim()), h = Integer.parseInt(wh[1].trim());
                if (w < 1 || h < 1 || (long) w * h > 100_000_000L) {
                    throw new IllegalArgumentException("size " + part.trim() + " is out of range (1 to 100 megapixels)");
                }
                sizes.add(new int[] {w, h});
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + part.trim() + "' is not a size; write WIDTHxHEIGHT, e.g. 1920x1080");
            }
        }
        return sizes;
    }
}

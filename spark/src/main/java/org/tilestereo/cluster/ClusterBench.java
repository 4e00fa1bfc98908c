package org.tilestereo.cluster;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tilestereo.api.VideoConversion;
import org.tilestereo.api.VideoSegment;
import org.tilestereo.api.VideoSegments;
import org.tilestereo.cli.Convert;
import org.tilestereo.image.RgbImage;
import org.tilestereo.video.VideoCodec;
import org.tilestereo.video.VideoReader;
import org.tilestereo.video.VideoWriter;

/**
 * {@code tilestereo cluster bench [--input VIDEO] [--copies N] [--segment-seconds S] [--masters local[1],local[2]]
 * [convert's options]}: makes a longer clip (the input N times over, one continuous timeline, H.264
 * in NUT, no audio), converts it once with convert (one machine, one process) and then with the
 * cluster job on each master, and prints a Markdown table: wall time, fps, speedup over the first
 * master, warm-up frames and the job's overhead over the plain convert. Every figure is measured on
 * the machine it runs on; nothing is estimated.
 */
public final class ClusterBench {
    private ClusterBench() {
    }

    public static void main(String[] args) throws Exception {
        Path input = Path.of("samples/video/Megamind.avi");
        int copies = 4;
        double segmentSeconds = 10;
        List<String> masters = List.of("local[1]", "local[2]");
        List<String> options = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--input" -> input = Path.of(args[++i]);
                case "--copies" -> copies = Integer.parseInt(args[++i]);
                case "--segment-seconds" -> segmentSeconds = Double.parseDouble(args[++i]);
                case "--masters" -> masters = List.of(args[++i].split(","));
                default -> options.add(args[i]);
            }
        }
        Path work = Files.createTempDirectory("tilestereo-cluster-bench-");
        Path clip = work.resolve("long.nut");
        long frames = concatenate(input, copies, clip);
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "clip: %s %d times over: %d frames (%s)%n", input.getFileName(), copies, frames, clip);

        Path single = work.resolve("single.sbs.mkv");
        long t0 = System.nanoTime();
        VideoConversion.run(Convert.parse(ClusterConvert.args(options, clip, single).toArray(String[]::new)),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        double singleSeconds = (System.nanoTime() - t0) / 1e9;
        org.tilestereo.api.ConvertOptions clipOptions = Convert.parse(ClusterConvert.args(options, clip, single)
                .toArray(String[]::new));
        int warmUp = VideoSegments.warmUpFrames(clipOptions.video());
        // The split every cluster run below makes: the job's own plan for this clip and segment length.
        List<VideoSegment> plan = VideoSegments.plan(clipOptions, Math.round(segmentSeconds * 1e6));
        int segments = plan.size();
        long warm = plan.stream().mapToLong(VideoSegment::warmUpFrames).sum();

        out.println();
        out.println("| run | wall s | fps | speedup | segments | warm-up frames | over convert |");
        out.println("|---|---:|---:|---:|---:|---:|---:|");
        out.printf(Locale.ROOT, "| convert (one process) | %.1f | %.2f | | | | |%n", singleSeconds, frames / singleSeconds);
        double first = 0;
        for (String master : masters) {
            Path dir = work.resolve("out-" + master.replaceAll("[^a-z0-9]", ""));
            List<String> a = new ArrayList<>(List.of("convert", clip.toString(), "-o", dir.toString(), "--master", master,
                    "--segment-seconds", Double.toString(segmentSeconds)));
            a.addAll(options);
            ByteArrayOutputStream said = new ByteArrayOutputStream();
            PrintStream err = System.err;
            System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
            long t = System.nanoTime();
            int status;
            try {
                status = ClusterMain.run(a.toArray(String[]::new));
            } finally {
                System.setErr(err);
            }
            double seconds = (System.nanoTime() - t) / 1e9;
            String log = said.toString(StandardCharsets.UTF_8);
            if (status != 0) throw new IllegalStateException(master + " failed:\n" + log);
            if (first == 0) first = seconds;
            out.printf(Locale.ROOT, "| cluster %s | %.1f | %.2f | %.2f | %d | %d (%.1f%% of %d) | %+.1f s |%n", master, seconds,
                    frames / seconds, first / seconds, segments, warm, 100.0 * warm / frames, frames, seconds - singleSeconds);
            err.println(log.lines().filter(l -> l.startsWith("cluster: long.nut") || l.startsWith("cluster: converted"))
                    .reduce("", (x, y) -> x + y + "\n"));
        }
        out.printf(Locale.ROOT, "%nwarm-up per segment after the first: %d frames (the depth range's memory and the cut"
                + " detector's); work files in %s%n", warmUp, work);
        out.printf(Locale.ROOT, "model load (once per task slot of an executor): %.2f s%n", modelLoadSeconds(clip, work, options));
    }

    /**
     * The time a task slot pays once to load its model: a one-frame photo converted with fresh
     * resources minus the same photo with the resources already open (the frame's own time).
     */
    static double modelLoadSeconds(Path clip, Path work, List<String> options) throws Exception {
        Path photo = work.resolve("frame.png");
        try (VideoReader r = VideoReader.open(clip, 0, 0)) {
            RgbImage img = new RgbImage(r.info().width(), r.info().height());
            r.read(img, new ArrayList<>());
            org.tilestereo.io.ImageOutput.writeRgb(img, photo, true);
        }
        org.tilestereo.api.ConvertOptions o = Convert.parse(ClusterConvert.args(stripVideoOptions(options), photo,
                work.resolve("frame.sbs.png")).toArray(String[]::new));
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try (org.tilestereo.api.RunResources resources = new org.tilestereo.api.RunResources(o, quiet)) {
            long t0 = System.nanoTime();
            org.tilestereo.api.ImageConversion.run(o.withFiles(photo, work.resolve("a.sbs.png")), quiet, resources);
            long t1 = System.nanoTime();
            org.tilestereo.api.ImageConversion.run(o.withFiles(photo, work.resolve("b.sbs.png")), quiet, resources);
            long t2 = System.nanoTime();
            return Math.max(0, (t1 - t0) - (t2 - t1)) / 1e9;
        }
    }

    /** convert's options without those that only a video takes (a photo refuses them). */
    private static List<String> stripVideoOptions(List<String> options) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            String o = options.get(i);
            if (List.of("--codec", "--crf", "--start", "--duration").contains(o)) {
                i++;
            } else {
                kept.add(o);
            }
        }
        return kept;
    }

    /** Writes input copies times over into one H.264 NUT file with one continuous timeline; returns its frames. */
    static long concatenate(Path input, int copies, Path clip) throws Exception {
        long frames = 0, offset = 0;
        VideoWriter writer = null;
        try {
            for (int c = 0; c < copies; c++) {
                try (VideoReader r = VideoReader.open(input, 0, 0)) {
                    if (writer == null) {
                        writer = VideoWriter.openSegment(clip, VideoCodec.H264, 18, r.info().width(), r.info().height(), r);
                    }
                    RgbImage img = new RgbImage(r.info().width(), r.info().height());
                    long last = 0, step = 1;
                    while (r.read(img, new ArrayList<>())) {
                        if (r.framesRead() == 2) step = r.pts() - last;
                        last = r.pts();
                        writer.writeFrame(img, offset + last);
                        frames++;
                    }
                    offset += last + step;
                }
            }
            writer.finish();
        } finally {
            if (writer != null) writer.close();
        }
        return frames;
    }
}

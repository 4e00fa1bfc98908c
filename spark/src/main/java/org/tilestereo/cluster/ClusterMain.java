package org.tilestereo.cluster;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.tilestereo.api.ConversionException;
import org.tilestereo.api.ConvertOptions;
import org.tilestereo.api.FolderConversion;
import org.tilestereo.api.VideoSegment;
import org.tilestereo.api.VideoSegments;
import org.tilestereo.cli.Convert;
import org.tilestereo.io.InputException;
import org.tilestereo.video.MediaFiles;

/**
 * {@code tilestereo cluster convert INPUT... -o OUTDIR [--master URL] [--segment-seconds S] [convert's
 * options]}: the inputs (files or folders; paths or Hadoop URIs: file://, hdfs://, s3a://) come first,
 * then the options; {@code --master} is Spark's (default {@code local[*]}, this JVM; {@code local[N,F]}
 * retries a crashed task up to F-1 times, as clusters do by default; under spark-submit the master it
 * gives), {@code --segment-seconds} the length videos are split into (default 10), every other option
 * is convert's and applies to every file. Exit 0 when every file converted, 1 when any failed (each
 * said in one line), 2 for a usage error.
 */
public final class ClusterMain {
    static final String SEGMENTS = ".tilestereo-segments";

    private ClusterMain() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    /** A video of the job: its segments and the segment files they become (relative to the output folder). */
    private record VideoJob(String name, String input, String result, List<VideoSegment> segments, List<String> files) {
    }

    static int run(String... args) throws Exception {
        PrintStream err = System.err;
        if (args.length == 0 || !args[0].equals("convert")) {
            err.println("cluster: usage: cluster convert INPUT... -o OUTDIR [--master URL] [--segment-seconds S] [convert's options]");
            return 2;
        }
        List<String> inputs = new ArrayList<>();
        List<String> options = new ArrayList<>();
        String master = null, outDir = null;
        double segmentSeconds = 10;
        int i = 1;
        while (i < args.length && !args[i].startsWith("-")) {
            inputs.add(args[i++]);
        }
        while (i < args.length) {
            String a = args[i];
            boolean ours = a.equals("-o") || a.equals("--output") || a.equals("--master") || a.equals("--segment-seconds");
            if (!ours) {
                options.add(a);
                i++;
                continue;
            }
            if (i + 1 >= args.length) {
                err.println("cluster: " + a + " needs a value");
                return 2;
            }
            String v = args[i + 1];
            switch (a) {
                case "-o", "--output" -> outDir = v;
                case "--master" -> master = v;
                default -> {
                    try {
                        segmentSeconds = Double.parseDouble(v);
                    } catch (NumberFormatException e) {
                        segmentSeconds = -1;
                    }
                    if (!(segmentSeconds >= 0.5 && segmentSeconds <= 3600)) {
                        err.println("cluster: --segment-seconds must be a number of seconds within 0.5..3600, got " + v);
                        return 2;
                    }
                }
            }
            i += 2;
        }
        if (inputs.isEmpty() || outDir == null) {
            err.println("cluster: give the inputs first and -o OUTDIR (a folder for the results)");
            return 2;
        }
        Storage storage = new Storage(hadoopSettings());
        String out = Storage.uri(outDir);
        List<String> files = new ArrayList<>();
        for (String in : inputs) {
            String uri = Storage.uri(in);
            if (!storage.exists(uri)) {
                err.println("cluster: " + in + ": no such file or folder");
                return 1;
            }
            if (storage.isFolder(uri)) {
                for (String f : storage.list(uri)) {
                    String name = Storage.name(f);
                    if (!name.startsWith(".") && MediaFiles.kindOf(Path.of(name)) != MediaFiles.Kind.OTHER) files.add(f);
                }
            } else {
                files.add(uri);
            }
        }
        // The options are parsed once here, so a bad one fails before Spark starts; the layout and codec name the results.
        ConvertOptions probe;
        try {
            probe = Convert.parse(ClusterConvert.args(options, Path.of("x.png"), Path.of("probe.png")).toArray(String[]::new));
        } catch (RuntimeException e) {
            err.println("cluster: " + e.getMessage());
            return 2;
        }
        Map<Path, String> byName = new LinkedHashMap<>();
        List<Path> names = new ArrayList<>();
        for (String f : files) {
            Path name = Path.of(Storage.name(f));
            if (byName.put(name, f) != null) {
                err.println("cluster: two inputs are named " + name + "; their results would collide, give them apart");
                return 1;
            }
            names.add(name);
        }
        Map<Path, String> results = FolderConversion.outputNames(names, probe.stereo().layout(), probe.video().codec(), err);
        storage.makeFolder(out);
        // What the results depend on: convert's options but those that change no pixel (-y, -v).
        List<String> resultOptions = new ArrayList<>(options);
        resultOptions.removeAll(List.of("-y", "--overwrite", "-v", "--verbose"));
        Manifest manifest = Manifest.of(storage, out, String.join(" ", resultOptions));

        long segmentMicros = Math.round(segmentSeconds * 1e6);
        List<ClusterConvert.Unit> units = new ArrayList<>();
        List<VideoJob> videos = new ArrayList<>();
        int skipped = 0, photos = 0, segmentsSkipped = 0, refused = 0;
        long totalFrames = 0;
        for (Path name : names) {
            String input = byName.get(name), result = results.get(name);
            if (manifest.vouchesFor(result)) {
                skipped++;
                continue;
            }
            if (!probe.overwrite() && storage.exists(Storage.child(out, result))) {
                // Not this job's (the manifest does not vouch for it): replaced only when asked, as convert does.
                err.println("error: " + Storage.child(out, result) + ": already exists; give -y to replace it");
                refused++;
                continue;
            }
            if (MediaFiles.kindOf(name) == MediaFiles.Kind.VIDEO) {
                List<VideoSegment> segments;
                try {
                    ConvertOptions o = Convert.parse(ClusterConvert.args(options, storage.local(input), Path.of(result))
                            .toArray(String[]::new));
                    segments = VideoSegments.plan(o, segmentMicros);
                } catch (InputException e) {
                    err.println("error: " + e.getMessage());
                    return 1;
                }
                List<String> segmentFiles = new ArrayList<>();
                for (VideoSegment s : segments) {
                    String file = SEGMENTS + "/" + result + "/" + String.format(Locale.ROOT, "segment-%05d.nut", s.index());
                    segmentFiles.add(file);
                    if (!manifest.vouchesFor(file)) {
                        units.add(new ClusterConvert.Unit(name + "#" + s.index(), input, file, result, s));
                        totalFrames += s.frames();
                    } else {
                        segmentsSkipped++;
                    }
                }
                videos.add(new VideoJob(name.toString(), input, result, segments, segmentFiles));
            } else {
                units.add(new ClusterConvert.Unit(name.toString(), input, result, result, null));
                photos++;
                totalFrames++;
            }
        }

        Map<String, List<ClusterConvert.Outcome>> outcomes = new HashMap<>();
        int photoFailed = 0, retried = 0;
        long loads = 0;
        if (!units.isEmpty()) {
            // Anything at a unit's name now is not vouched for: an older run's, which this run replaces.
            for (ClusterConvert.Unit u : units) {
                storage.delete(Storage.child(out, u.file()), false);
            }
            SparkSession.Builder builder = SparkSession.builder().appName("tilestereo cluster convert");
            SparkConf given = new SparkConf();
            if (master != null || !given.contains("spark.master")) builder.master(master != null ? master : "local[*]");
            if (!given.contains("spark.ui.enabled")) builder.config("spark.ui.enabled", "false");
            // Running tasks' frame counts reach the progress bar with the executors' heartbeats.
            if (!given.contains("spark.executor.heartbeatInterval")) builder.config("spark.executor.heartbeatInterval", "2s");
            SparkSession spark = builder.getOrCreate();
            try {
                JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                LongAccumulator frames = sc.sc().longAccumulator("tilestereo frames");
                LongAccumulator modelLoads = sc.sc().longAccumulator("tilestereo model loads");
                ClusterProgress progress = new ClusterProgress(frames, totalFrames, err, System.console() != null);
                sc.sc().addSparkListener(progress);
                JavaFutureAction<List<ClusterConvert.Outcome>> job = ClusterConvert.start(sc, units,
                        new ClusterConvert.Job(List.copyOf(options), probe.backend() != org.tilestereo.api.Backend.CPU, out,
                                storage, frames, modelLoads));
                while (!job.isDone()) {
                    progress.tick();
                    Thread.sleep(200);
                }
                List<ClusterConvert.Outcome> done;
                try {
                    done = job.get();
                } catch (ExecutionException e) {
                    progress.breakLine();
                    // Tasks that finished published their files: a rerun finds them in the manifest and does the rest.
                    for (ClusterConvert.Unit u : units) {
                        if (storage.exists(Storage.child(out, u.file()))) manifest.record(u.file());
                    }
                    manifest.write();
                    err.println("cluster: the job failed (" + firstLine(e.getCause()) + "); what finished is kept, a rerun does the rest");
                    return 1;
                }
                progress.finish();
                loads = modelLoads.value();
                for (ClusterConvert.Outcome o : done) {
                    if (o.attempt() > 0) retried++;
                    if (o.error() != null) {
                        if (!o.unit().isSegment()) photoFailed++;
                        err.println("error: " + o.error());
                    } else {
                        manifest.record(o.unit().file());
                    }
                    outcomes.computeIfAbsent(o.unit().result(), k -> new ArrayList<>()).add(o);
                }
            } finally {
                spark.stop();
                manifest.write();
            }
        }
        int joined = 0, videoFailed = 0;
        for (VideoJob v : videos) {
            long t0 = System.currentTimeMillis();
            boolean complete = true;
            for (String f : v.files()) complete &= manifest.vouchesFor(f);
            if (!complete) {
                videoFailed++;
                continue;
            }
            try {
                join(storage, out, v, options, err);
            } catch (ConversionException e) {
                err.println("error: " + e.getMessage());
                videoFailed++;
                continue;
            }
            manifest.record(v.result());
            for (String f : v.files()) manifest.forget(f);
            manifest.write();
            storage.delete(Storage.child(out, SEGMENTS + "/" + v.result()), true);
            joined++;
            summarize(v, outcomes.getOrDefault(v.result(), List.of()), System.currentTimeMillis() - t0, err);
        }
        if (videoFailed == 0 && !videos.isEmpty()) {
            storage.delete(Storage.child(out, SEGMENTS), true);
        }
        int tried = photos + videos.size() + refused;
        int converted = photos - photoFailed + joined;
        int anyFailed = photoFailed + videoFailed + refused;
        err.println("cluster: converted " + converted + " of " + tried + " files into " + outDir
                + (videos.isEmpty() ? "" : " (" + videos.size() + (videos.size() == 1 ? " video" : " videos") + " in "
                + videos.stream().mapToInt(v -> v.segments().size()).sum() + " segments)")
                + (skipped > 0 ? ", skipped " + skipped + " already finished" : "")
                + (segmentsSkipped > 0 ? ", skipped " + segmentsSkipped + " segment" + (segmentsSkipped > 1 ? "s" : "")
                + " finished before" : "") + (anyFailed > 0 ? ", failed " + anyFailed : "")
                + (retried > 0 ? ", " + retried + " task" + (retried > 1 ? "s" : "") + " retried by Spark after a crash" : "")
                + (loads > 0 ? "; models loaded: " + loads : ""));
        return anyFailed == 0 ? 0 : 1;
    }

    /** Joins a video's segments into its result: fetched to this machine, joined, published. */
    private static void join(Storage storage, String out, VideoJob v, List<String> options, PrintStream err)
            throws ConversionException, java.io.IOException {
        Path scratch = Files.createTempDirectory("tilestereo-join-");
        try {
            List<Path> segments = new ArrayList<>();
            for (String f : v.files()) segments.add(storage.local(Storage.child(out, f)));
            Path result = scratch.resolve(Storage.name(v.result()));
            ConvertOptions o = Convert.parse(ClusterConvert.args(options, storage.local(v.input()), result)
                    .toArray(String[]::new));
            VideoSegments.Joined j = VideoSegments.join(o, segments, err);
            for (String note : j.audioNotes()) {
                if (!note.endsWith(": copied")) err.println("note: " + v.name() + ": " + note);
            }
            storage.publish(result, Storage.child(out, v.result()));
        } finally {
            ClusterConvert.deleteTree(scratch);
        }
    }

    /** One line per video: frames, segments, time from its first segment's start to the end of its join, retries. */
    private static void summarize(VideoJob v, List<ClusterConvert.Outcome> outcomes, long joinMillis, PrintStream err) {
        long frames = outcomes.stream().mapToLong(ClusterConvert.Outcome::frames).sum();
        long before = v.segments().size() - outcomes.size();
        long first = outcomes.stream().mapToLong(ClusterConvert.Outcome::startMillis).min().orElse(0);
        long last = outcomes.stream().mapToLong(ClusterConvert.Outcome::endMillis).max().orElse(0);
        long retried = outcomes.stream().filter(o -> o.attempt() > 0).count();
        long warm = v.segments().stream().mapToLong(VideoSegment::warmUpFrames).sum();
        double seconds = (last - first + joinMillis) / 1e3;
        err.println(String.format(Locale.ROOT, "cluster: %s: %d segments (%d warm-up frames)%s; %d frames converted, %.1f s"
                        + " from its first segment to its join (%.1f fps)%s",
                v.name(), v.segments().size(), warm, before > 0 ? ", " + before + " finished before" : "", frames, seconds,
                frames / Math.max(1e-3, seconds), retried > 0 ? ", " + retried + " segment" + (retried > 1 ? "s" : "") + " retried" : ""));
    }

    private static String firstLine(Throwable t) {
        String m = t == null ? "unknown" : String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** spark.hadoop.* settings given to Spark (spark-submit --conf, or system properties), for Hadoop's file systems. */
    private static Map<String, String> hadoopSettings() {
        Map<String, String> s = new HashMap<>();
        for (scala.Tuple2<String, String> kv : new SparkConf().getAllWithPrefix("spark.hadoop.")) s.put(kv._1(), kv._2());
        return s;
    }
}

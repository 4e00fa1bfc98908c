package org.tilestereo.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.tilestereo.api.ConversionException;
import org.tilestereo.api.ConvertOptions;
import org.tilestereo.api.FolderConversion;
import org.tilestereo.api.ImageConversion;
import org.tilestereo.api.RunResources;
import org.tilestereo.api.VideoConversion;
import org.tilestereo.cli.Convert;
import org.tilestereo.video.MediaFiles;

/**
 * convert, spread over a Spark cluster: every photo and every video of the inputs is one task, run
 * with the options convert takes, on whichever executor Spark gives it; the results are named as a
 * folder run names them, in one output folder. Spark's local mode inside this JVM is the default, so
 * it runs with nothing installed.
 *
 * <p>This is the first part of issue 14: whole files as work units, a model loaded once per task
 * running at the same time in an executor, results a rerun does not redo (a manifest). Not yet:
 * videos split into segments at keyframes with a warm-up window, a manifest for reruns, fault injection, one progress bar, GPU
 * scheduling (see the issue).
 */
public final class ClusterConvert {
    /** One unit of work: an input and the result it becomes. */
    record Unit(String input, String output) implements Serializable {
    }

    /** What a task did: the result written, or the one-line reason it was not; attempt 0 unless Spark retried it. */
    record Outcome(String input, String output, String error, int attempt) implements Serializable {
    }

    /**
     * Test only: the input file name whose task crashes on its first attempt (system property), so a
     * retry by Spark can be seen to give the same result. A marker beside the result remembers the crash
     * across attempts and is removed when the retry succeeds.
     */
    static final String FAIL_ONCE = "tilestereo.cluster.failOnce";

    private ClusterConvert() {
    }

    /**
     * The units for the inputs (files, or folders whose photos and videos are taken), each named
     * {@code name.LAYOUT.ext} in outDir as a folder run names them.
     *
     * @param convertArgs convert's options (everything but INPUT and -o)
     */
    static List<Unit> units(List<Path> inputs, Path outDir, List<String> convertArgs, PrintStream log) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                try (Stream<Path> s = Files.list(in)) {
                    s.filter(Files::isRegularFile).filter(p -> MediaFiles.kindOf(p) != MediaFiles.Kind.OTHER)
                            .filter(p -> !p.getFileName().toString().startsWith(".")).sorted().forEach(files::add);
                }
            } else {
                files.add(in);
            }
        }
        // The layout decides the result's name; parse the options once here so a bad one fails before Spark starts.
        ConvertOptions probe = Convert.parse(args(convertArgs, files.isEmpty() ? Path.of("x.png") : files.get(0),
                outDir.resolve("probe.png")).toArray(String[]::new));
        Map<Path, String> names = FolderConversion.outputNames(files, probe.stereo().layout(), log);
        List<Unit> units = new ArrayList<>();
        for (Path f : files) {
            units.add(new Unit(f.toAbsolutePath().toString(), outDir.resolve(names.get(f)).toAbsolutePath().toString()));
        }
        return units;
    }

    static List<String> args(List<String> convertArgs, Path in, Path out) {
        List<String> a = new ArrayList<>();
        a.add(in.toString());
        a.add("-o");
        a.add(out.toString());
        a.addAll(convertArgs);
        return a;
    }

    /** Runs the units as Spark tasks, one per partition, and returns what each did, in the units' order. */
    static List<Outcome> run(SparkSession spark, List<Unit> units, List<String> convertArgs) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<String> options = List.copyOf(convertArgs);
        return sc.parallelize(units, Math.max(1, units.size())).map(u -> convert(u, options)).collect();
    }

    /**
     * The backends and models of this executor JVM, per set of options, idle between tasks: a task
     * borrows one (or opens one when all are busy) and gives it back, so a model is loaded once per task
     * running at the same time, not once per task, and never used by two tasks at once. They last as
     * long as the executor's JVM.
     */
    private static final Map<List<String>, java.util.concurrent.ConcurrentLinkedDeque<RunResources>> IDLE =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** One task: convert's own code on one file, its failure kept as a line (Spark retries only what crashes). */
    static Outcome convert(Unit u, List<String> convertArgs) {
        Path in = Path.of(u.input()), out = Path.of(u.output());
        org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
        int attempt = task == null ? 0 : task.attemptNumber();
        Path crashed = out.resolveSibling("." + out.getFileName() + ".crashed-once");
        if (in.getFileName().toString().equals(System.getProperty(FAIL_ONCE))) {
            try {
                if (!Files.exists(crashed)) {
                    Files.createFile(crashed);
                    throw new IllegalStateException("test fault: the task of " + in.getFileName() + " crashes once on purpose");
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        try {
            ConvertOptions o = Convert.parse(args(convertArgs, in, out).toArray(String[]::new));
            var idle = IDLE.computeIfAbsent(List.copyOf(convertArgs), k -> new java.util.concurrent.ConcurrentLinkedDeque<>());
            RunResources shared = idle.pollFirst();
            if (shared == null) {
                shared = new RunResources(o, System.err);
            }
            try {
                if (MediaFiles.kindOf(in) == MediaFiles.Kind.VIDEO) {
                    VideoConversion.run(o, System.err, shared);
                } else {
                    ImageConversion.run(o, System.err, shared);
                }
            } finally {
                idle.addFirst(shared);
            }
            deleteQuietly(crashed);
            return new Outcome(u.input(), u.output(), null, attempt);
        } catch (ConversionException e) {
            deleteQuietly(crashed);
            return new Outcome(u.input(), u.output(), e.getMessage(), attempt);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a marker of the test switch only
        }
    }
}

package org.tilestereo.cluster;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.util.LongAccumulator;
import org.tilestereo.api.ConversionException;
import org.tilestereo.api.ConvertOptions;
import org.tilestereo.api.ImageConversion;
import org.tilestereo.api.RunResources;
import org.tilestereo.api.VideoConversion;
import org.tilestereo.api.VideoSegment;
import org.tilestereo.cli.Convert;

/**
 * convert, spread over a Spark cluster. The work units are every photo and every segment of every
 * video (split at key frames about every --segment-seconds, see VideoSegments); each is one Spark
 * task run with the options convert takes, on whichever executor Spark gives it, into a local
 * scratch folder, then published to shared storage ({@link Storage}). The driver joins a video's
 * segments once all are there. Spark's local mode inside this JVM is the default, so it runs with
 * nothing installed.
 */
final class ClusterConvert {
    /**
     * One unit of work: a photo (segment null) or one segment of a video, its input (a URI), and the
     * file it becomes (relative to the output folder): the result of a photo, the segment file of a video.
     *
     * @param name   what the job calls it: the photo's file name, or the video's file name and #N
     * @param result the video's final result (relative), for a segment; the photo's result otherwise
     */
    record Unit(String name, String input, String file, String result, VideoSegment segment) implements Serializable {
        boolean isSegment() {
            return segment != null;
        }
    }

    /** What a task did: its unit, the one-line reason it failed (null when it worked), Spark's attempt, frames, when. */
    record Outcome(Unit unit, String error, int attempt, long frames, long startMillis, long endMillis)
            implements Serializable {
    }

    /**
     * Test only: the unit name (a photo's file name, or FILE#N for segment N of a video) whose task
     * crashes on its first attempt (system property), so a retry by Spark can be seen to give the same
     * result. A marker in the output folder remembers the crash across attempts.
     */
    static final String FAIL_ONCE = "tilestereo.cluster.failOnce";

    private ClusterConvert() {
    }

    static List<String> args(List<String> convertArgs, Path in, Path out) {
        List<String> a = new ArrayList<>();
        a.add(in.toString());
        a.add("-o");
        a.add(out.toString());
        a.addAll(convertArgs);
        return a;
    }

    /**
     * What a task needs besides its unit; sent with every task.
     *
     * @param usesGpu the options' backend may run on a GPU (not --backend cpu): a task's assigned GPU becomes its --gpu
     */
    record Job(List<String> convertArgs, boolean usesGpu, String outFolder, Storage storage, LongAccumulator frames,
               LongAccumulator loads) implements Serializable {
    }

    /** Runs the units as Spark tasks, one per partition, asynchronously; the outcomes come in the units' order. */
    static org.apache.spark.api.java.JavaFutureAction<List<Outcome>> start(JavaSparkContext sc, List<Unit> units, Job job) {
        return sc.parallelize(units, Math.max(1, units.size())).map(u -> convert(u, job)).collectAsync();
    }

    /**
     * The backends and models of this executor JVM, per set of options, idle between tasks: a task
     * borrows one (or opens one when all are busy) and gives it back, so an executor loads a model
     * once per task slot it runs at the same time (once, on a GPU executor with one task at a time)
     * and its tasks reuse it; one run owns its device memory, never two tasks at once. They last as
     * long as the executor's JVM.
     */
    private static final Map<List<String>, ConcurrentLinkedDeque<RunResources>> IDLE = new ConcurrentHashMap<>();

    /** One task: convert's own code on one photo or segment; a conversion's failure is kept as a line (Spark retries only what crashes). */
    static Outcome convert(Unit u, Job job) throws IOException {
        long start = System.currentTimeMillis();
        TaskContext task = TaskContext.get();
        int attempt = task == null ? 0 : task.attemptNumber();
        String gpu = gpuAddress(task);
        String crashed = Storage.child(job.outFolder(), ".tilestereo-crashed-once-" + u.name().replaceAll("[^A-Za-z0-9._-]", "_"));
        if (u.name().equals(System.getProperty(FAIL_ONCE)) && !job.storage().exists(crashed)) {
            job.storage().writeString(crashed, "");
            throw new IllegalStateException("test fault: the task of " + u.name() + " crashes once on purpose");
        }
        Path scratch = Files.createTempDirectory("tilestereo-task-");
        long[] frames = {0};
        try {
            Path in = job.storage().local(u.input());
            List<String> args = new ArrayList<>(job.convertArgs());
            if (gpu != null && job.usesGpu()) {
                // The GPU Spark gave this task is its CUDA device, and the VRAM plan is made for that device.
                args.add("--gpu");
                args.add(gpu);
            }
            Path localResult = scratch.resolve(Storage.name(u.result()));
            ConvertOptions o = Convert.parse(args(args, in, localResult).toArray(String[]::new));
            var idle = IDLE.computeIfAbsent(List.copyOf(args), k -> new ConcurrentLinkedDeque<>());
            RunResources shared = idle.pollFirst();
            if (shared == null) {
                shared = new RunResources(o, System.err);
                job.loads().add(1);
            }
            try {
                Path made;
                if (u.isSegment()) {
                    made = scratch.resolve("segment.nut");
                    VideoConversion.runSegment(o, u.segment(), made, System.err, shared, () -> {
                        frames[0]++;
                        job.frames().add(1);
                    });
                } else {
                    ImageConversion.run(o, System.err, shared);
                    made = localResult;
                    frames[0] = 1;
                    job.frames().add(1);
                }
                job.storage().publish(made, Storage.child(job.outFolder(), u.file()));
            } finally {
                idle.addFirst(shared);
            }
            job.storage().delete(crashed, false);
            return new Outcome(u, null, attempt, frames[0], start, System.currentTimeMillis());
        } catch (ConversionException e) {
            job.storage().delete(crashed, false);
            return new Outcome(u, e.getMessage(), attempt, frames[0], start, System.currentTimeMillis());
        } finally {
            deleteTree(scratch);
        }
    }

    /** The first GPU address Spark assigned to this task (spark.task.resource.gpu.amount), or null without one. */
    static String gpuAddress(TaskContext task) {
        if (task == null) return null;
        scala.Option<ResourceInformation> gpu = task.resources().get("gpu");
        if (gpu.isEmpty() || gpu.get().addresses().length == 0) return null;
        return gpu.get().addresses()[0];
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a scratch folder under the temporary directory
        }
    }
}

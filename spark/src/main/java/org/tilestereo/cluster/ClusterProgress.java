package org.tilestereo.cluster;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;
import org.tilestereo.video.ProgressReporter;
import scala.Tuple4;
import scala.jdk.javaapi.CollectionConverters;

/**
 * One progress bar for a whole cluster job, on the driver: frames written of all frames (a photo
 * counts as one), fps and ETA. Tasks add each written frame to an accumulator; Spark reports running
 * tasks' accumulators with the executors' heartbeats and finished tasks' with their end, and this
 * listener adds both up. A failed attempt's frames are dropped (its retry writes them again).
 */
final class ClusterProgress extends SparkListener {
    private static final int BAR = 30;
    private final long accumulatorId;
    private final long total;
    private final PrintStream out;
    private final boolean terminal;
    private final AtomicLong finished = new AtomicLong();
    private final Map<Long, Long> running = new ConcurrentHashMap<>();
    private final long startNanos = System.nanoTime();
    private long lastPrint = Long.MIN_VALUE;
    private boolean drawn;

    ClusterProgress(LongAccumulator frames, long total, PrintStream out, boolean terminal) {
        this.accumulatorId = frames.id();
        this.total = total;
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
        for (Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> t
                : CollectionConverters.asJava(update.accumUpdates())) {
            long value = valueOf(t._4());
            if (value >= 0) running.put((Long) t._1(), value);
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        running.remove(end.taskInfo().taskId());
        if (end.taskInfo().successful()) {
            long value = valueOf(end.taskInfo().accumulables());
            if (value > 0) finished.addAndGet(value);
        }
    }

    private long valueOf(scala.collection.Seq<AccumulableInfo> infos) {
        for (AccumulableInfo a : CollectionConverters.asJava(infos)) {
            if (a.id() == accumulatorId) {
                Object v = a.update().isDefined() ? a.update().get() : a.value().isDefined() ? a.value().get() : null;
                if (v instanceof Number n) return n.longValue();
            }
        }
        return -1;
    }

    /** Frames written so far: finished tasks' and running tasks' last reported counts. */
    long frames() {
        long f = finished.get();
        for (long v : running.values()) f += v;
        return Math.min(total, f);
    }

    /** Redraws the bar (terminal: at most twice a second; a log: a line every 10 s). */
    synchronized void tick() {
        long now = System.nanoTime();
        long interval = terminal ? 500_000_000L : 10_000_000_000L;
        if (lastPrint != Long.MIN_VALUE && now - lastPrint < interval) return;
        lastPrint = now;
        print(now, false);
    }

    synchronized void finish() {
        print(System.nanoTime(), true);
    }

    private void print(long now, boolean last) {
        long done = last ? Math.max(frames(), finished.get()) : frames();
        // The total is counted from packets; decoded frames can differ by one at a segment's ends.
        long all = last ? done : total;
        double seconds = (now - startNanos) / 1e9;
        double fps = done / Math.max(1e-9, seconds);
        double share = all == 0 ? 1 : (double) done / all;
        int filled = (int) Math.round(share * BAR);
        String eta = fps > 0 && done < all ? ProgressReporter.clockTime((all - done) / fps) : "-";
        String line = String.format(Locale.ROOT, "cluster: [%s%s] %d/%d frames %3.0f%%, %.1f fps, %s elapsed, ETA %s",
                "#".repeat(filled), ".".repeat(BAR - filled), done, all, 100 * share, fps, ProgressReporter.clockTime(seconds), eta);
        if (terminal) {
            out.print("\r" + line);
            drawn = true;
            if (last) {
                out.println();
                drawn = false;
            }
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Ends a drawn bar before other lines are printed. */
    synchronized void breakLine() {
        if (drawn) {
            out.println();
            drawn = false;
        }
    }
}

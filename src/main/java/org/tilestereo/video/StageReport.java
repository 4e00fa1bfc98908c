package org.tilestereo.video;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tilestereo.pipeline.StageTimes;

/**
 * Where a pipeline run's time went. Stages run on three threads at once, so each stage is shown
 * with its thread; a thread's busy share of the wall time says which one bounds throughput (the
 * one near 100%), its waiting share how long it sat idle on a queue.
 */
public final class StageReport {
    private StageReport() {
    }

    /** One stage: its thread, total time, time per frame and share of the sum of all stage times. */
    public record Row(String thread, String stage, double millis, double millisPerFrame, double share) {
    }

    public static List<Row> rows(VideoPipeline.Result r) {
        Map<String, StageTimes> threads = threads(r);
        double sum = 0;
        for (StageTimes t : threads.values()) for (long ns : t.totalsNanos().values()) sum += ns;
        List<Row> rows = new ArrayList<>();
        long frames = Math.max(1, r.frames());
        for (Map.Entry<String, StageTimes> e : threads.entrySet()) {
            for (Map.Entry<String, Long> s : e.getValue().totalsNanos().entrySet()) {
                double ms = s.getValue() / 1e6;
                rows.add(new Row(e.getKey(), s.getKey(), ms, ms / frames, sum == 0 ? 0 : s.getValue() / sum));
            }
        }
        return rows;
    }

    /**
     * Busy and waiting time of each thread as fractions of the wall time; busy is the thread's
     * running time less its waits on queues, so it includes work no stage timer covers.
     */
    public static Map<String, double[]> utilisation(VideoPipeline.Result r) {
        Map<String, double[]> m = new LinkedHashMap<>();
        String[] names = {"decode", "convert", "encode"};
        for (int i = 0; i < 3; i++) {
            m.put(names[i], new double[] {r.busyNanos()[i] / (double) r.wallNanos(), r.waitNanos()[i] / (double) r.wallNanos()});
        }
        return m;
    }

    private static Map<String, StageTimes> threads(VideoPipeline.Result r) {
        Map<String, StageTimes> m = new LinkedHashMap<>();
        m.put("decode", r.decode());
        m.put("convert", r.convert());
        m.put("encode", r.encode());
        return m;
    }

    public static void print(VideoPipeline.Result r, PrintStream out) {
        out.printf(Locale.ROOT, "  %-8s %-12s %10s %9s %6s%n", "thread", "stage", "total ms", "ms/frame", "share");
        for (Row row : rows(r)) {
            out.printf(Locale.ROOT, "  %-8s %-12s %10.1f %9.2f %5.1f%%%n", row.thread(), row.stage(), row.millis(),
                    row.millisPerFrame(), 100 * row.share());
        }
        StringBuilder s = new StringBuilder("  threads busy/waiting (of ").append(String.format(Locale.ROOT, "%.1f s", r.wallNanos() / 1e9)).append(" wall):");
        for (Map.Entry<String, double[]> e : utilisation(r).entrySet()) {
            s.append(String.format(Locale.ROOT, " %s %.0f%%/%.0f%%", e.getKey(), 100 * e.getValue()[0], 100 * e.getValue()[1]));
        }
        out.println(s);
    }
}

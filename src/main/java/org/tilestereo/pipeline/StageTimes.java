package org.tilestereo.pipeline;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Wall time per named stage, accumulated over frames, in first-seen order. */
public final class StageTimes {
    private final Map<String, long[]> nanos = new LinkedHashMap<>();

    /** Runs a stage and adds its time. */
    public <T, E extends Exception> T time(String stage, ThrowingSupplier<T, E> body) throws E {
        long t0 = System.nanoTime();
        try {
            return body.get();
        } finally {
            add(stage, System.nanoTime() - t0);
        }
    }

    public <E extends Exception> void run(String stage, ThrowingRunnable<E> body) throws E {
        long t0 = System.nanoTime();
        try {
            body.run();
        } finally {
            add(stage, System.nanoTime() - t0);
        }
    }

    public void add(String stage, long ns) {
        nanos.computeIfAbsent(stage, k -> new long[2]);
        long[] v = nanos.get(stage);
        v[0] += ns;
        v[1]++;
    }

    public Map<String, Long> totalsNanos() {
        Map<String, Long> m = new LinkedHashMap<>();
        nanos.forEach((k, v) -> m.put(k, v[0]));
        return m;
    }

    public void print(PrintStream out) {
        long total = 0;
        for (long[] v : nanos.values()) total += v[0];
        for (Map.Entry<String, long[]> e : nanos.entrySet()) {
            out.printf(Locale.ROOT, "  %-12s %9.1f ms  %5.1f%%%n", e.getKey(), e.getValue()[0] / 1e6,
                    total == 0 ? 0.0 : 100.0 * e.getValue()[0] / total);
        }
        out.printf(Locale.ROOT, "  %-12s %9.1f ms%n", "total", total / 1e6);
    }

    @FunctionalInterface
    public interface ThrowingSupplier<T, E extends Exception> {
        T get() throws E;
    }

    @FunctionalInterface
    public interface ThrowingRunnable<E extends Exception> {
        void run() throws E;
    }
}

package org.tilestereo.models;

import java.io.PrintStream;
import java.util.Locale;

/** A progress bar for a terminal: one line, redrawn with a carriage return at most 10 times a second. */
final class ProgressBar implements DownloadProgress {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private String what;
    private long from, total, startNanos, lastDraw;
    private boolean drawn;

    ProgressBar(PrintStream out) {
        this.out = out;
    }

    @Override
    public void started(String what, long from, long total) {
        this.what = what;
        this.from = from;
        this.total = total;
        this.startNanos = System.nanoTime();
        this.lastDraw = 0;
        draw(from, true);
    }

    @Override
    public void advanced(long done) {
        draw(done, done >= total);
    }

    @Override
    public void stopped() {
        if (drawn) {
            out.println();
            drawn = false;
        }
    }

    private void draw(long done, boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        out.print("\r" + line(what, done, total, (done - from) / Math.max(1e-9, (now - startNanos) / 1e9)));
        out.flush();
        drawn = true;
    }

    static String line(String what, long done, long total, double bytesPerSecond) {
        double f = total > 0 ? Math.min(1, done / (double) total) : 0;
        int filled = (int) Math.round(f * WIDTH);
        return String.format(Locale.ROOT, "%s [%s%s] %3d%% %s of %s, %s/s", what, "#".repeat(filled),
                "-".repeat(WIDTH - filled), Math.round(f * 100), mb(done), mb(total), mb((long) bytesPerSecond));
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}

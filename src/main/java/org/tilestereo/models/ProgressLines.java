package org.tilestereo.models;

import java.io.PrintStream;
import java.util.Locale;

/** Progress for output that is not a terminal: a line at each tenth of the file, or every 10 s. */
final class ProgressLines implements DownloadProgress {
    private static final long EVERY_NANOS = 10_000_000_000L;

    private final PrintStream out;
    private String what;
    private long total, lastNanos;
    private int lastTenth;

    ProgressLines(PrintStream out) {
        this.out = out;
    }

    @Override
    public void started(String what, long from, long total) {
        this.what = what;
        this.total = total;
        this.lastNanos = System.nanoTime();
        this.lastTenth = tenth(from);
        out.println(from > 0
                ? String.format(Locale.ROOT, "%s: resuming at %s of %s", what, ProgressBar.mb(from), ProgressBar.mb(total))
                : String.format(Locale.ROOT, "%s: downloading %s", what, ProgressBar.mb(total)));
    }

    @Override
    public void advanced(long done) {
        int t = tenth(done);
        long now = System.nanoTime();
        if (t > lastTenth || now - lastNanos >= EVERY_NANOS) {
            lastTenth = t;
            lastNanos = now;
            out.println(String.format(Locale.ROOT, "%s: %d%% (%s of %s)", what, Math.round(100.0 * done / total),
                    ProgressBar.mb(done), ProgressBar.mb(total)));
        }
    }

    @Override
    public void stopped() {
    }

    private int tenth(long done) {
        return total > 0 ? (int) (10 * done / total) : 0;
    }
}

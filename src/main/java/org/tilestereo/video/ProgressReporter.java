package org.tilestereo.video;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a long conversion on stderr. On a terminal: one bar redrawn in place (frames, share
 * done, fps, ETA), at most five times a second. Otherwise (a log file, a CI job, a pipe): a plain
 * line after the first frame and then every {@code interval}, so logs stay readable.
 *
 * <p>The share done is media time converted over media time to convert, not frames over the
 * frames a header declares: a variable-frame-rate file (tree.avi stores 68 pictures in 444 frame
 * slots) would otherwise never reach 100%. fps and ETA are measured from the first finished frame
 * on, as the first one carries the start-up (model warm-up, encoder set-up).
 */
public final class ProgressReporter {
    private static final int BAR = 30;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final String label;
    private final long durationMicros;
    private long start, firstDone, firstPosition, position, lastPrint = Long.MIN_VALUE, frames;
    private boolean drawn;

    /**
     * @param durationMicros media time to convert (0 if unknown: no share done or ETA)
     * @param terminal       draw a bar in place instead of printing lines
     */
    public ProgressReporter(PrintStream out, String label, long durationMicros, boolean terminal, long intervalMillis,
                            LongSupplier clock) {
        this.out = out;
        this.label = label;
        this.durationMicros = Math.max(0, durationMicros);
        this.terminal = terminal;
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.clock = clock;
    }

    /** Plain lines every 10 s, or a bar when the console is a terminal. */
    public static ProgressReporter forConsole(PrintStream out, String label, long durationMicros) {
        return new ProgressReporter(out, label, durationMicros, System.console() != null, 10_000, System::nanoTime);
    }

    /**
     * Prints nothing and runs perFrame after every finished frame: a segment of a cluster job, whose
     * driver shows one bar for the whole job.
     */
    public static ProgressReporter silent(Runnable perFrame) {
        ProgressReporter p = new ProgressReporter(null, "", 0, false, Long.MAX_VALUE / 2_000_000L, System::nanoTime);
        p.perFrame = perFrame;
        return p;
    }

    private Runnable onFirstFrame, perFrame;

    /**
     * Runs once when the first frame is done, before its progress line: what the run had to say about
     * its choices waits until it has got somewhere, so a failure on the way is said first.
     */
    public synchronized void onFirstFrame(Runnable r) {
        this.onFirstFrame = r;
    }

    /** Call when the run starts (before the first frame). */
    public synchronized void start() {
        start = clock.getAsLong();
    }

    /** Call after each finished frame, with the media time up to which the output is now complete. */
    public synchronized void frameDone(long positionMicros) {
        frames++;
        position = Math.max(position, positionMicros);
        long now = clock.getAsLong();
        if (frames == 1) {
            firstDone = now;
            firstPosition = position;
            if (onFirstFrame != null) {
                onFirstFrame.run();
                onFirstFrame = null;
            }
        }
        if (perFrame != null) perFrame.run();
        if (out == null) return;
        boolean due = terminal ? now - lastPrint >= REDRAW_NANOS : frames == 1 || now - lastPrint >= intervalNanos;
        if (lastPrint == Long.MIN_VALUE || due) {
            print(now, false);
            lastPrint = now;
        }
    }

    /** Call once at the end: the final state, and the bar's line closed. */
    public synchronized void finish() {
        if (frames > 0 && out != null) {
            print(clock.getAsLong(), true);
        }
    }

    public synchronized long frames() {
        return frames;
    }

    private void print(long now, boolean last) {
        if (last) {
            double fps = frames / Math.max(1e-9, (now - start) / 1e9);
            String line = String.format(Locale.ROOT, "%s: %s in %s, %.1f fps", label, count(),
                    clockTime((now - start) / 1e9), fps);
            if (terminal) {
                out.print("\r" + line + " ".repeat(40));
                out.println();
                drawn = false;
            } else {
                out.println("progress: " + line);
            }
            out.flush();
            return;
        }
        double since = (now - firstDone) / 1e9;
        String rate = frames > 1 && since > 0 ? String.format(Locale.ROOT, ", %.1f fps", (frames - 1) / since) : "";
        double done = durationMicros > 0 ? Math.min(1.0, position / (double) durationMicros) : Double.NaN;
        String eta = "";
        if (!Double.isNaN(done) && frames > 1 && since > 0 && position > firstPosition) {
            double mediaPerSecond = (position - firstPosition) / since;
            eta = ", ETA " + clockTime(Math.max(0, durationMicros - position) / mediaPerSecond);
        }
        String pct = Double.isNaN(done) ? "" : String.format(Locale.ROOT, " (%d%%)", (int) (100 * done));
        if (terminal) {
            StringBuilder bar = new StringBuilder("[");
            int filled = Double.isNaN(done) ? 0 : (int) (BAR * done);
            for (int i = 0; i < BAR; i++) bar.append(i < filled ? '#' : '-');
            bar.append(']');
            out.print(String.format(Locale.ROOT, "\r%s %s %s%s%s%s   ", label, bar, count(), pct, rate, eta));
            drawn = true;
        } else {
            out.println(String.format(Locale.ROOT, "progress: %s: %s%s%s%s", label, count(), pct, rate, eta));
        }
        out.flush();
    }

    private String count() {
        return frames + (frames == 1 ? " frame" : " frames");
    }

    /** Ends a bar that is still drawn (before an error or warning is printed under it). */
    public synchronized void breakLine() {
        if (drawn) {
            out.println();
            drawn = false;
        }
    }

    public static String clockTime(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}

package org.tilestereo.video;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Ctrl-C (SIGINT) and SIGTERM during a run: the JVM runs shutdown hooks and then exits, so this
 * hook cancels the run, waits (up to {@link #GRACE_SECONDS}) for the run to stop its threads and
 * remove its temporary file, removes the file itself if the run did not get that far, and says so
 * in one line. The JVM then exits with 130 (SIGINT) or 143 (SIGTERM).
 *
 * <p>Installed per run (one for a whole folder), removed when the run ends normally.
 */
public final class InterruptHook implements AutoCloseable {
    static final int GRACE_SECONDS = 10;

    private final Cancellation cancel;
    private final PrintStream log;
    private final String label;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private volatile Path temp;
    private volatile boolean fired;

    private InterruptHook(Cancellation cancel, PrintStream log, String label) {
        this.cancel = cancel;
        this.log = log;
        this.label = label;
        this.thread = new Thread(this::onSignal, "tilestereo-interrupt");
    }

    /** Installs the hook for one run; close() it when the run is over. */
    public static InterruptHook install(Cancellation cancel, PrintStream log, String label) {
        InterruptHook h = new InterruptHook(cancel, log, label);
        Runtime.getRuntime().addShutdownHook(h.thread);
        return h;
    }

    /** The run's temporary output file, removed by the hook if the run cannot remove it in time. */
    public void temporaryFile(Path file) {
        this.temp = file;
    }

    /** The temporary file became the output (or is gone): nothing to remove any more. */
    public void committed() {
        temp = null;
    }

    public boolean fired() {
        return fired;
    }

    private void onSignal() {
        fired = true;
        cancel.cancel("interrupted");
        boolean clean;
        try {
            clean = stopped.await(GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            clean = false;
        }
        Path t = temp;
        boolean removed = true;
        if (t != null) {
            try {
                Files.deleteIfExists(t);
            } catch (IOException e) {
                removed = false;
            }
        }
        log.println(label + ": interrupted" + (clean ? "" : " (the run did not stop within " + GRACE_SECONDS + " s)")
                + (t == null ? "" : removed ? "; the unfinished output was removed" : "; could not remove the unfinished output " + t));
        log.flush();
    }

    /**
     * The run is over (its files closed or removed). Normally removes the hook. If the hook has
     * fired, the JVM is exiting: this thread is parked so nothing after the run (a message, an exit
     * status) races the hook's own report.
     */
    @Override
    public void close() {
        stopped.countDown();
        if (fired) {
            while (true) {
                LockSupport.park(this);
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting for another reason; the hook runs and finds the run stopped
        }
    }
}

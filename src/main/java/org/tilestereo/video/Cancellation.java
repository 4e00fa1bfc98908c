package org.tilestereo.video;

/**
 * A run's stop flag, shared by its threads: set by Ctrl-C (the shutdown hook), by a stage that
 * failed, or by a library caller. Stages look at it between frames and while waiting on queues.
 */
public final class Cancellation {
    private volatile String reason;

    /** Asks the run to stop; the first reason given is kept. */
    public synchronized void cancel(String why) {
        if (reason == null) {
            reason = why;
        }
    }

    public boolean isCancelled() {
        return reason != null;
    }

    /** Why it was cancelled, or null. */
    public String reason() {
        return reason;
    }
}

package org.tilestereo.models;

import java.io.PrintStream;

/** Told how a download goes; one instance per download. */
public interface DownloadProgress {

    /** The transfer starts (or resumes) at {@code from} of {@code total} bytes. */
    void started(String what, long from, long total);

    /** {@code done} bytes of the file are now on disk. */
    void advanced(long done);

    /** The transfer ended, finished or not. */
    void stopped();

    /** A bar redrawn in place on a terminal, otherwise a line now and then (logs, CI). */
    static DownloadProgress forOutput(PrintStream out) {
        return System.console() != null ? new ProgressBar(out) : new ProgressLines(out);
    }

    DownloadProgress SILENT = new DownloadProgress() {
        @Override
        public void started(String what, long from, long total) {
        }

        @Override
        public void advanced(long done) {
        }

        @Override
        public void stopped() {
        }
    };
}

package org.tilestereo.api;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A log that holds what is written to it until {@link #release()}, then passes everything through:
 * what choosing a backend and a runtime has to say waits until the run has got somewhere, so that a
 * failure on the way is the first line the user reads. Objects handed this log keep it and may
 * write later (a note about a resampled depth map); after the release those lines go straight out.
 */
final class HeldLog extends OutputStream {
    private final PrintStream target;
    private ByteArrayOutputStream held = new ByteArrayOutputStream();

    HeldLog(PrintStream target) {
        this.target = target;
    }

    PrintStream stream() {
        return new PrintStream(this, true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        if (held != null) held.write(b);
        else target.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        if (held != null) held.write(b, off, len);
        else target.write(b, off, len);
    }

    @Override
    public synchronized void flush() {
        if (held == null) target.flush();
    }

    /** Says what was held and lets everything after it through. */
    synchronized void release() {
        if (held != null) {
            byte[] b = held.toByteArray();
            held = null;
            target.write(b, 0, b.length);
            target.flush();
        }
    }
}

package org.tilestereo.video;

import java.util.ArrayList;
import java.util.List;

/**
 * What was wrong with an input while reading it: frames that failed to decode or decoded with
 * errors (at which timestamps), read errors skipped, and whether the input ended before the
 * length it declares. A damaged input is converted as far as it can be; this is what the user is
 * told about it afterwards.
 */
public final class InputDamage {
    private static final int LISTED = 8;

    private int damagedFrames;
    private final List<Long> damagedAt = new ArrayList<>();
    private int readErrors;
    private String firstReadError;
    private boolean truncated;
    private long framesRead, framesDeclared, stoppedAtMicros, declaredMicros;

    /** A video frame (or packet) that did not decode cleanly, at this input timestamp. */
    synchronized void damagedFrame(long micros) {
        damagedFrames++;
        if (damagedAt.size() < LISTED) damagedAt.add(micros);
    }

    synchronized void readError(String why) {
        readErrors++;
        if (firstReadError == null) firstReadError = why;
    }

    synchronized void truncated(long framesRead, long framesDeclared, long stoppedAtMicros, long declaredMicros) {
        this.truncated = true;
        this.framesRead = framesRead;
        this.framesDeclared = framesDeclared;
        this.stoppedAtMicros = stoppedAtMicros;
        this.declaredMicros = declaredMicros;
    }

    public synchronized int damagedFrames() {
        return damagedFrames;
    }

    public synchronized boolean truncated() {
        return truncated;
    }

    public synchronized int readErrors() {
        return readErrors;
    }

    public synchronized boolean any() {
        return damagedFrames > 0 || readErrors > 0 || truncated;
    }

    /** One line per problem, each naming the input; empty when the input was sound. */
    public synchronized List<String> describe(String input) {
        List<String> lines = new ArrayList<>();
        if (damagedFrames > 0) {
            StringBuilder s = new StringBuilder(input).append(": ").append(damagedFrames)
                    .append(damagedFrames == 1 ? " damaged frame" : " damaged frames")
                    .append(" (decoded with errors or not at all) at ");
            for (int i = 0; i < damagedAt.size(); i++) {
                if (i > 0) s.append(", ");
                s.append(Ffmpeg.formatSeconds(damagedAt.get(i)));
            }
            if (damagedFrames > damagedAt.size()) s.append(" and ").append(damagedFrames - damagedAt.size()).append(" more");
            lines.add(s.toString());
        }
        if (readErrors > 0) {
            lines.add(input + ": " + readErrors + (readErrors == 1 ? " unreadable part" : " unreadable parts")
                    + " skipped (" + firstReadError + ")");
        }
        if (truncated) {
            StringBuilder s = new StringBuilder(input).append(": the input ends early: ").append(framesRead)
                    .append(" frames read");
            if (framesDeclared > 0) s.append(" of the ").append(framesDeclared).append(" it declares");
            s.append("; it stops at ").append(Ffmpeg.formatSeconds(stoppedAtMicros));
            if (declaredMicros > 0) s.append(" of ").append(Ffmpeg.formatSeconds(declaredMicros));
            s.append(" (truncated or damaged file)");
            lines.add(s.toString());
        }
        return lines;
    }
}

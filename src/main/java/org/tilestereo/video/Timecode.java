package org.tilestereo.video;

/** Times as people type them: seconds ("90", "12.5") or clock time ("1:30", "0:01:30.5"). */
public final class Timecode {
    private Timecode() {
    }

    /** Microseconds; IllegalArgumentException with a message naming the expected forms. */
    public static long parseMicros(String text) {
        String s = text.trim();
        String[] parts = s.split(":", -1);
        if (s.isEmpty() || parts.length > 3) {
            throw bad(text);
        }
        double seconds = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            boolean last = i == parts.length - 1;
            if (!(last ? p.matches("\\d+(\\.\\d*)?|\\.\\d+") : p.matches("\\d+"))) {
                throw bad(text);
            }
            double v = Double.parseDouble(p);
            if (i > 0 && v >= 60) {
                throw bad(text);
            }
            seconds = seconds * 60 + v;
        }
        if (seconds > 1e9) {
            throw bad(text);
        }
        return Math.round(seconds * 1e6);
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("'" + text + "' is not a time; give seconds (12.5) or [h:]m:s (1:30, 0:01:30.5)");
    }
}

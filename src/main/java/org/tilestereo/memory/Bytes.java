package org.tilestereo.memory;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte counts for people: formatting as KiB/MiB/GiB and parsing "8GiB", "512MB", "1.5G". */
public final class Bytes {
    public static final long KiB = 1024, MiB = KiB * 1024, GiB = MiB * 1024;
    private static final Pattern SIZE = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([KMGT]?)(i?B?)\\s*", Pattern.CASE_INSENSITIVE);

    private Bytes() {
    }

    public static String format(long bytes) {
        if (bytes >= GiB) return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) GiB);
        if (bytes >= MiB) return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) MiB);
        if (bytes >= KiB) return String.format(Locale.ROOT, "%.1f KiB", bytes / (double) KiB);
        return bytes + " B";
    }

    /**
     * Parses a size: a number with an optional unit K, M, G or T, each binary (1024-based) whether
     * written as G, GB or GiB, since memory sizes on cards are binary.
     */
    public static long parse(String s) {
        Matcher m = SIZE.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + s + "' is not a size; write e.g. 8GiB, 512MiB or 1.5G");
        }
        double v = Double.parseDouble(m.group(1));
        long unit = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> KiB;
            case "M" -> MiB;
            case "G" -> GiB;
            case "T" -> GiB * 1024;
            default -> 1;
        };
        double bytes = v * unit;
        if (bytes < 1 || bytes > Long.MAX_VALUE / 2) {
            throw new IllegalArgumentException("'" + s + "' is out of range");
        }
        return (long) bytes;
    }
}

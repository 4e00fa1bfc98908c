package org.tilestereo.depth;

import java.util.Locale;

/** What the values of a depth map mean. */
public enum DepthKind {
    /** Relative inverse depth (larger = nearer), any scale and shift: what monocular models output. */
    INVERSE,
    /** Metric depth (larger = farther), e.g. metres. */
    METRIC,
    /** Disparity in pixels between the two views at the frame's width (x_right = x_left - d). */
    DISPARITY;

    public static DepthKind parse(String s) {
        for (DepthKind k : values()) {
            if (k.name().toLowerCase(Locale.ROOT).equals(s.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown depth kind '" + s + "'; expected inverse, metric or disparity");
    }
}

package org.tilestereo.pipeline;

import java.util.Locale;

/** How a view is synthesized. */
public enum WarpMode {
    /** Forward splatting with a z-buffer, then background-side hole filling: correct occlusions. */
    FORWARD,
    /** Backward gather: simpler and hole-free, but stretches foreground edges over the background. */
    BACKWARD;

    public static WarpMode parse(String s) {
        for (WarpMode m : values()) {
            if (m.name().toLowerCase(Locale.ROOT).equals(s.toLowerCase(Locale.ROOT))) return m;
        }
        throw new IllegalArgumentException("unknown warp '" + s + "'; expected forward or backward");
    }
}

package org.tilestereo.pipeline;

import java.util.Locale;

/** Which eyes are synthesized from the input. */
public enum Eyes {
    /** The input is the centre view; each eye is shifted by half the disparity, in opposite directions. */
    BOTH(0.5f, -0.5f),
    /** The input is the left eye; the right eye is synthesized with the full disparity. */
    RIGHT(0f, -1f),
    /** The input is the right eye; the left eye is synthesized with the full disparity. */
    LEFT(1f, 0f);

    /** Shift of the left/right eye in units of disparity (x_target = x + factor * d); 0 = the input itself. */
    public final float leftFactor, rightFactor;

    Eyes(float leftFactor, float rightFactor) {
        this.leftFactor = leftFactor;
        this.rightFactor = rightFactor;
    }

    public static Eyes parse(String s) {
        for (Eyes e : values()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(s.toLowerCase(Locale.ROOT))) return e;
        }
        throw new IllegalArgumentException("unknown eyes '" + s + "'; expected both, right or left");
    }
}

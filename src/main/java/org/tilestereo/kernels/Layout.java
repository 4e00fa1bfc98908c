package org.tilestereo.kernels;

import java.util.Locale;

/** How the two eyes are arranged in the output. */
public enum Layout {
    /** Full side-by-side: 2W x H, left eye on the left. */
    SBS,
    /** Half side-by-side: W x H, each eye squeezed to half width. */
    HSBS,
    /** Top-bottom: W x 2H, left eye on top. */
    TB,
    /** Half top-bottom: W x H, each eye squeezed to half height. */
    HTB,
    /** Red-cyan anaglyph with Dubois' least-squares matrices. */
    ANAGLYPH,
    /** The left eye alone. */
    LEFT,
    /** The right eye alone. */
    RIGHT,
    /** The normalised depth map as a 16-bit grayscale PNG (near = bright). */
    DEPTH;

    public String cliName() { return name().toLowerCase(Locale.ROOT); }

    public static Layout parse(String s) {
        for (Layout l : values()) {
            if (l.cliName().equals(s.toLowerCase(Locale.ROOT))) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown layout '" + s + "'; expected one of sbs, hsbs, tb, htb, anaglyph, left, right, depth");
    }

    /** Output size for eyes of width x height (not for DEPTH, which is the frame size). */
    public int outputWidth(int width) {
        return switch (this) {
            case SBS -> 2 * width;
            case HSBS -> 2 * (width / 2);
            case TB, HTB, ANAGLYPH, LEFT, RIGHT, DEPTH -> width;
        };
    }

    public int outputHeight(int height) {
        return switch (this) {
            case TB -> 2 * height;
            case HTB -> 2 * (height / 2);
            case SBS, HSBS, ANAGLYPH, LEFT, RIGHT, DEPTH -> height;
        };
    }
}

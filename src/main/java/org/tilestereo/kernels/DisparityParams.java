package org.tilestereo.kernels;

/**
 * How normalised inverse depth (0 = far, 1 = near) becomes disparity in pixels:
 * {@code d = divergence/100 * width * (curve(n) - convergence)}, where curve is the identity for
 * foregroundScale 0 and {@code (exp(s n) - 1) / (exp(s) - 1)} otherwise (s > 0 gives the foreground
 * more of the depth budget, s < 0 less). Positive d is in front of the screen.
 */
public record DisparityParams(float divergencePercent, float convergence, float foregroundScale) {
    public static final DisparityParams DEFAULT = new DisparityParams(2.0f, 0.5f, 0f);

    /** Validation messages begin with the parameter's name as the CLI spells it (divergence, ...). */
    public DisparityParams {
        if (!(divergencePercent >= 0f && divergencePercent <= 20f)) {
            throw new IllegalArgumentException("divergence must be within 0..20 (% of width), got " + divergencePercent);
        }
        if (!(convergence >= 0f && convergence <= 1f)) {
            throw new IllegalArgumentException("convergence must be within 0..1, got " + convergence);
        }
        if (!(foregroundScale >= -10f && foregroundScale <= 10f)) {
            throw new IllegalArgumentException("foreground-scale must be within -10..10, got " + foregroundScale);
        }
    }

    /** The disparity range in pixels of a frame this wide: normalised depth 0..1 spans this many pixels. */
    public float rangePixels(int width) {
        return divergencePercent / 100f * width;
    }

    /** The foreground curve, shared by every implementation so they agree to the bit where they can. */
    public static float curve(float n, float s) {
        if (s == 0f) {
            return n;
        }
        return (float) (Math.expm1(s * (double) n) / Math.expm1(s));
    }
}

package org.tilestereo.pipeline;

import org.tilestereo.kernels.DisparityParams;
import org.tilestereo.kernels.Layout;

/** Everything that decides how a frame becomes stereo, independent of where depth comes from. */
public record StereoSettings(DisparityParams disparity, Eyes eyes, Layout layout, WarpMode warp) {
    /** Percentiles that define near and far when normalising relative depth: robust to specks and sky. */
    public static final float LOW_PERCENT = 2f, HIGH_PERCENT = 98f;

    public static StereoSettings defaults() {
        return new StereoSettings(DisparityParams.DEFAULT, Eyes.BOTH, Layout.SBS, WarpMode.FORWARD);
    }
}

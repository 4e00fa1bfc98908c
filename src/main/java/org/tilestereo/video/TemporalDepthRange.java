package org.tilestereo.video;

import org.tilestereo.pipeline.FrameConverter;

/**
 * Depth normalisation range smoothed over time: each frame's robust percentiles {lo, hi} enter an
 * exponential moving average, {@code s_t = s_{t-1} + weight * (r_t - s_{t-1})}, and the frame is
 * normalised with s_t. Per-frame percentiles jump when something enters the frame or the model's
 * output wobbles, and every jump rescales the whole frame's depth, which is seen as the picture
 * pumping in depth; the average removes that. A scene cut {@link #reset() resets} the average so
 * the new shot starts from its own range instead of drifting from the old one.
 */
public final class TemporalDepthRange implements FrameConverter.RangeFilter {
    /** Weight of the newest frame: a time constant of about 5 frames, 0.2 s at 24 fps. */
    public static final float DEFAULT_WEIGHT = 0.2f;

    private final float weight;
    private float lo, hi;
    private boolean primed;

    /** weight in (0, 1]; 1 means no smoothing (each frame its own range, as for a photo). */
    public TemporalDepthRange(float weight) {
        if (!(weight > 0f && weight <= 1f)) {
            throw new IllegalArgumentException("temporal smoothing weight must be within (0, 1], got " + weight);
        }
        this.weight = weight;
    }

    /** Forget the history: the next frame's range is taken as it is. */
    public void reset() {
        primed = false;
    }

    @Override
    public float[] apply(float[] range) {
        float l = range[0], h = range[1];
        if (!Float.isFinite(l) || !Float.isFinite(h)) {
            // A frame without usable depth says nothing about the range: keep the history.
            return primed ? new float[] {lo, hi} : range;
        }
        if (!primed) {
            lo = l;
            hi = h;
            primed = true;
        } else {
            lo += weight * (l - lo);
            hi += weight * (h - hi);
        }
        return new float[] {lo, hi};
    }
}

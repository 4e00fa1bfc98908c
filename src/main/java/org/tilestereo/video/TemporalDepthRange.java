package org.tilestereo.video;

import org.tilestereo.pipeline.FrameConverter;

/**
 * Depth normalisation range smoothed over time: each frame's robust percentiles {lo, hi} enter an
 * exponential moving average, {@code s_t = s_{t-1} + weight * (r_t - s_{t-1})}, and the frame is
 * normalised with s_t. Per-frame percentiles jump when something enters the frame or the model's
 * output wobbles, and every jump rescales the whole frame's depth, which is seen as the picture
 * pumping in depth; the average removes that. A scene cut {@link #reset() resets} the average so
 * the new shot starts from its own range instead of drifting from the old one.
 *
 * <p>The memory is finite: the average is taken over the last {@link #memoryFrames()} frames (since
 * the last cut), seeded with the oldest of them, which is where a frame's weight has fallen under
 * {@link #FORGOTTEN} of the newest's. An endless average would make a frame's range depend on every
 * frame before it, so a video converted in segments (a cluster) could not give the same frames as
 * one run; with a finite memory a segment that first converts that many frames before it (not
 * written) has exactly the state of one run, bit for bit.
 */
public final class TemporalDepthRange implements FrameConverter.RangeFilter {
    /** Weight of the newest frame: a time constant of about 5 frames, 0.2 s at 24 fps. */
    public static final float DEFAULT_WEIGHT = 0.2f;
    /** A frame is forgotten once its weight, (1 - weight)^age, is under this. */
    static final double FORGOTTEN = 0.01;

    private final float weight;
    private final int memory;
    /** The ranges of the frames remembered, oldest first, in a ring; NaN where a frame had no usable depth. */
    private final float[] los, his;
    private int count, next;

    /** weight in (0, 1]; 1 means no smoothing (each frame its own range, as for a photo). */
    public TemporalDepthRange(float weight) {
        if (!(weight > 0f && weight <= 1f)) {
            throw new IllegalArgumentException("temporal smoothing weight must be within (0, 1], got " + weight);
        }
        this.weight = weight;
        this.memory = memoryFrames(weight);
        los = new float[memory];
        his = new float[memory];
    }

    /** How many frames a range of this weight remembers (1 without smoothing). */
    public static int memoryFrames(float weight) {
        if (weight >= 1f) return 1;
        return 1 + (int) Math.ceil(Math.log(FORGOTTEN) / Math.log(1 - weight));
    }

    public int memoryFrames() {
        return memory;
    }

    /** Forget the history: the next frame's range is taken as it is. */
    public void reset() {
        count = 0;
        next = 0;
    }

    @Override
    public float[] apply(float[] range) {
        los[next] = range[0];
        his[next] = range[1];
        next = (next + 1) % memory;
        count = Math.min(memory, count + 1);
        // The average over the remembered frames, from the oldest with usable depth; a frame without
        // usable depth says nothing about the range and is passed over.
        boolean seeded = false;
        float lo = 0, hi = 0;
        for (int k = count; k >= 1; k--) {
            int i = Math.floorMod(next - k, memory);
            float l = los[i], h = his[i];
            if (!Float.isFinite(l) || !Float.isFinite(h)) continue;
            if (!seeded) {
                lo = l;
                hi = h;
                seeded = true;
            } else {
                lo += weight * (l - lo);
                hi += weight * (h - hi);
            }
        }
        return seeded ? new float[] {lo, hi} : range;
    }
}

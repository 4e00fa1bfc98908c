package org.tilestereo.video;

import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;

/**
 * Temporal flicker of the disparity: how much the depth of things that do not change moves from
 * frame to frame. For consecutive frames t-1, t of one shot,
 * <pre>
 *   flicker_t = mean over still pixels p of |d_t(p) - d_{t-1}(p)| / R
 * </pre>
 * where a pixel is still when its luma changes by at most {@link #STILL_LUMA} levels of 255
 * ({@code Y = (77 R + 150 G + 29 B) / 256}), d is the disparity in pixels (non-finite values
 * skipped) and R is the disparity range the settings allow (divergence % of the width; 1 for a
 * normalised depth map). The clip's score is the mean of flicker_t over all pairs; pairs across a
 * scene cut, and pairs with fewer than 1% still pixels, do not count. 0 is perfectly stable; 0.01
 * means still things move by 1% of the depth budget per frame on average.
 */
public final class FlickerMeter {
    /** Largest luma change, in 8-bit levels, of a pixel that counts as unchanged (codec noise). */
    public static final int STILL_LUMA = 3;

    private byte[] previousLuma, luma;
    private float[] previousDisparity;
    private double sum;
    private long pairs;

    /** Adds frame t; cut = it starts a new shot (no pair with the previous frame). */
    public void add(RgbImage frame, FloatMap disparity, float range, boolean cut) {
        int n = frame.width() * frame.height();
        if (disparity.width() != frame.width() || disparity.height() != frame.height()) {
            throw new IllegalArgumentException("disparity " + disparity.size() + " does not match frame " + frame.size());
        }
        if (luma == null || luma.length != n) {
            luma = new byte[n];
            previousLuma = null;
        }
        byte[] rgb = frame.data();
        for (int i = 0, j = 0; i < n; i++, j += 3) {
            luma[i] = (byte) ((77 * (rgb[j] & 0xff) + 150 * (rgb[j + 1] & 0xff) + 29 * (rgb[j + 2] & 0xff)) >> 8);
        }
        float[] d = disparity.data();
        if (previousLuma != null && !cut && range > 0f) {
            double total = 0;
            long still = 0;
            for (int i = 0; i < n; i++) {
                if (Math.abs((luma[i] & 0xff) - (previousLuma[i] & 0xff)) <= STILL_LUMA) {
                    float change = Math.abs(d[i] - previousDisparity[i]);
                    if (Float.isFinite(change)) {
                        total += change;
                        still++;
                    }
                }
            }
            if (still >= n / 100 && still > 0) {
                sum += total / still / range;
                pairs++;
            }
        }
        byte[] t = previousLuma == null ? new byte[n] : previousLuma;
        previousLuma = luma;
        luma = t;
        if (previousDisparity == null || previousDisparity.length != n) previousDisparity = new float[n];
        System.arraycopy(d, 0, previousDisparity, 0, n);
    }

    /** The clip's score (see the class comment), NaN when no pair counted. */
    public double score() {
        return pairs == 0 ? Double.NaN : sum / pairs;
    }

    public long pairs() {
        return pairs;
    }
}

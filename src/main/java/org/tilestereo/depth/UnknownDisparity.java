package org.tilestereo.depth;

import org.tilestereo.image.FloatMap;

/**
 * Fills the unknown pixels of a ground-truth disparity map. In Middlebury's maps 0 means unknown,
 * and those pixels are mostly occluded: background seen by one camera only. So each run of zeros in
 * a row takes its background neighbour, the smaller (farther) of the known values on either side, or
 * the one that exists at a row's end. A row with no known value stays 0.
 */
public final class UnknownDisparity {

    private UnknownDisparity() {
    }

    /** Fills the map in place; returns how many pixels were filled. */
    public static int fill(FloatMap disparity) {
        int w = disparity.width();
        float[] d = disparity.data();
        int filled = 0;
        for (int y = 0; y < disparity.height(); y++) {
            int row = y * w;
            int x = 0;
            while (x < w) {
                if (d[row + x] != 0f) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < w && d[row + x] == 0f) {
                    x++;
                }
                boolean hasLeft = start > 0;
                boolean hasRight = x < w;
                if (!hasLeft && !hasRight) {
                    break;
                }
                float value;
                if (!hasLeft) {
                    value = d[row + x];
                } else if (!hasRight) {
                    value = d[row + start - 1];
                } else {
                    value = Math.min(d[row + start - 1], d[row + x]);
                }
                for (int i = start; i < x; i++) {
                    d[row + i] = value;
                }
                filled += x - start;
            }
        }
        return filled;
    }
}

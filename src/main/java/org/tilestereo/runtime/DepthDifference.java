package org.tilestereo.runtime;

/**
 * How far one depth map is from a reference of the same size: AbsRel, the mean of |d - ref| / |ref|
 * over pixels whose reference is not (nearly) zero, the usual measure for monocular depth.
 */
public final class DepthDifference {
    private static final double EPS = 1e-6;

    private DepthDifference() {
    }

    public static double absRel(float[] depth, float[] reference, int count) {
        if (depth.length < count || reference.length < count) {
            throw new IllegalArgumentException("depth maps hold " + depth.length + " and " + reference.length
                    + " values, fewer than the " + count + " compared");
        }
        double sum = 0;
        long n = 0;
        for (int i = 0; i < count; i++) {
            double r = reference[i];
            if (Math.abs(r) > EPS && Double.isFinite(depth[i]) && Double.isFinite(r)) {
                sum += Math.abs(depth[i] - r) / Math.abs(r);
                n++;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("the reference depth is zero everywhere; AbsRel is undefined");
        }
        return sum / n;
    }
}

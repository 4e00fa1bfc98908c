package org.tilestereo.selftest;

import java.util.Locale;

/**
 * How close an operator's result is to the reference's, by the rule that operator promises: bit
 * for bit, within one level of an 8-bit colour (float atomics add in any order on a GPU), or within
 * 1e-5 relative (different but correctly rounded arithmetic paths). {@link #mismatch} is null when
 * the rule holds, else says where it first fails.
 */
record Agreement(String mismatch, String summary) {

    boolean holds() {
        return mismatch == null;
    }

    /** Bitwise equal floats (NaN equals NaN of any payload). */
    static Agreement exactFloats(float[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            boolean same = Float.floatToIntBits(expected[i]) == Float.floatToIntBits(actual[i]);
            if (!same) {
                return new Agreement("value " + i + " is " + actual[i] + ", reference " + expected[i], null);
            }
        }
        return new Agreement(null, expected.length + " values bit for bit");
    }

    /** Within 1e-5 relative, or absolute next to zero (below floor); NaN exactly where the reference has NaN. */
    static Agreement relativeFloats(float[] expected, float[] actual, double floor) {
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float a = actual[i];
            if (Float.isNaN(e) || Float.isNaN(a)) {
                if (Float.isNaN(e) != Float.isNaN(a)) {
                    return new Agreement("value " + i + " is " + a + ", reference " + e, null);
                }
                continue;
            }
            double scale = Math.max(Math.abs((double) e), floor);
            double diff = Math.abs((double) a - e) / scale;
            if (!(diff <= 1e-5)) {
                return new Agreement(String.format(Locale.ROOT, "value %d is %s, reference %s (relative difference %.2e)",
                        i, a, e, diff), null);
            }
            worst = Math.max(worst, diff);
        }
        return new Agreement(null, String.format(Locale.ROOT, "%d values, worst relative difference %.1e", expected.length, worst));
    }

    /** 8-bit values within tolerance levels of the reference. */
    static Agreement bytes(byte[] expected, byte[] actual, int tolerance) {
        int worst = 0;
        for (int i = 0; i < expected.length; i++) {
            int d = Math.abs((expected[i] & 0xff) - (actual[i] & 0xff));
            if (d > tolerance) {
                return new Agreement("byte " + i + " is " + (actual[i] & 0xff) + ", reference " + (expected[i] & 0xff)
                        + " (tolerance " + tolerance + ")", null);
            }
            worst = Math.max(worst, d);
        }
        return new Agreement(null, expected.length + " bytes, at most " + worst + " level" + (worst == 1 ? "" : "s") + " apart");
    }
}

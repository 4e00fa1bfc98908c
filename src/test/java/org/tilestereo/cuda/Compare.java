package org.tilestereo.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Comparisons of GPU results with the Java reference, printing how close they came. */
public final class Compare {
    private Compare() {
    }

    /** Every byte equal. */
    public static void exactBytes(String what, byte[] expected, byte[] actual) {
        withinBytes(what, expected, actual, 0);
    }

    /** Every byte within tolerance levels of the reference; prints how many differ. */
    public static void withinBytes(String what, byte[] expected, byte[] actual, int tolerance) {
        int off = 0;
        for (int i = 0; i < expected.length; i++) {
            int d = Math.abs((expected[i] & 0xff) - (actual[i] & 0xff));
            if (d > tolerance) {
                fail(what + ": byte " + i + " (pixel " + i / 3 + ", channel " + i % 3 + ") is " + (actual[i] & 0xff)
                        + ", reference " + (expected[i] & 0xff) + " (tolerance " + tolerance + ")");
            }
            if (d != 0) off++;
        }
        System.out.printf("[tilestereo] %s: %d bytes, %d differ by one level%n", what, expected.length, off);
    }

    /** Bit for bit, NaN positions included. */
    public static void exactFloats(String what, float[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                fail(what + ": value " + i + " is " + actual[i] + ", reference " + expected[i] + " (exact expected)");
            }
        }
        System.out.printf("[tilestereo] %s: %d values, all bit-exact%n", what, expected.length);
    }

    /**
     * Within 1e-5 relative to the reference, or to floor where the reference is smaller than floor
     * in magnitude (relative error means nothing next to zero); NaN exactly where the reference has NaN.
     */
    public static void relativeFloats(String what, float[] expected, float[] actual, double floor) {
        int exact = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float a = actual[i];
            if (Float.isNaN(e) || Float.isNaN(a)) {
                int at = i;
                assertTrue(Float.isNaN(e) && Float.isNaN(a), () -> what + ": value " + at + " is " + a + ", reference " + e);
                exact++;
                continue;
            }
            double scale = Math.max(Math.abs((double) e), floor);
            double diff = Math.abs((double) a - e);
            if (!(diff <= 1e-5 * scale)) {
                fail(what + ": value " + i + " is " + a + ", reference " + e + " (relative difference " + diff / scale + ")");
            }
            if (a == e) exact++;
            else worst = Math.max(worst, diff / scale);
        }
        System.out.printf("[tilestereo] %s: %d values, %d bit-exact, worst relative difference %.2e%n", what,
                expected.length, exact, worst);
    }
}

package org.tilestereo.kernels.java;

/** Argument checks shared by the reference operators, worded like the native C API's. */
final class Sizes {
    private Sizes() {
    }

    static void requireSame(String op, int w1, int h1, int w2, int h2) {
        if (w1 != w2 || h1 != h2) {
            throw new IllegalArgumentException(op + ": sizes differ, " + w1 + "x" + h1 + " vs " + w2 + "x" + h2);
        }
    }

    static void requireLength(String op, String what, int actual, long expected) {
        if (actual < expected) {
            throw new IllegalArgumentException(op + ": " + what + " holds " + actual + " values, needs " + expected);
        }
    }
}

package org.tilestereo.kernels;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/** Row-parallel loops for the Java reference operators (the common fork-join pool). */
public final class Parallel {
    private Parallel() {
    }

    /** Runs body(i) for i in [0, n), in parallel when n is large enough to be worth it. */
    public static void forEach(int n, IntConsumer body) {
        if (n < 16) {
            for (int i = 0; i < n; i++) {
                body.accept(i);
            }
        } else {
            IntStream.range(0, n).parallel().forEach(body);
        }
    }
}

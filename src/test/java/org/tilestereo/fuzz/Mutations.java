package org.tilestereo.fuzz;

import java.util.Random;

/** Deterministic byte mutations of a file: seed n always gives the same mutant. */
final class Mutations {
    private static final int[] INTERESTING = {0x00, 0xff, 0x7f, 0x80, 0x01, 0x40};

    private Mutations() {
    }

    /** One to four changes: a random byte, a flipped bit, or a value known to break length and tag fields. */
    static byte[] of(byte[] original, long seed) {
        Random r = new Random(seed);
        byte[] b = original.clone();
        int changes = 1 + r.nextInt(4);
        for (int i = 0; i < changes; i++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(3)) {
                case 0 -> b[at] = (byte) r.nextInt(256);
                case 1 -> b[at] ^= (byte) (1 << r.nextInt(8));
                default -> b[at] = (byte) INTERESTING[r.nextInt(INTERESTING.length)];
            }
        }
        return b;
    }
}

package org.tilestereo.runtime;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class DepthDifferenceTest {
    @Test
    void absRelOfKnownMaps() {
        float[] ref = {1, 2, 4, 0};
        float[] d = {1.1f, 1.8f, 4, 5};
        // (0.1/1 + 0.2/2 + 0/4) / 3; the zero reference pixel is left out
        assertEquals((0.1 + 0.1 + 0) / 3, DepthDifference.absRel(d, ref, 4), 1e-6);
        assertEquals(0, DepthDifference.absRel(ref, ref, 3));
        assertThrows(IllegalArgumentException.class, () -> DepthDifference.absRel(d, new float[4], 4));
        assertThrows(IllegalArgumentException.class, () -> DepthDifference.absRel(d, ref, 5));
    }
}

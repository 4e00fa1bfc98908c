package org.tilestereo.kernels.java;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.tilestereo.image.FloatMap;
import org.tilestereo.kernels.DisparityParams;

class DepthToDisparityTest {

    @Test
    void linearMappingPutsConvergenceOnTheScreen() {
        FloatMap n = new FloatMap(1000, 1);
        for (int x = 0; x < 1000; x++) n.set(x, 0, x / 999f);
        FloatMap d = new FloatMap(1000, 1);
        DepthToDisparity.apply(n, new DisparityParams(2f, 0.5f, 0f), d);
        assertEquals(-10f, d.get(0, 0), 1e-5);      // far: 2% of 1000 px * (0 - 0.5)
        assertEquals(10f, d.get(999, 0), 1e-5);     // near
        assertEquals(0f, 20f * (n.get(500, 0) - 0.5f) - d.get(500, 0), 1e-5);
    }

    @Test
    void foregroundCurveKeepsEndsAndBendsTheMiddle() {
        FloatMap n = new FloatMap(3, 1, new float[] {0f, 0.5f, 1f});
        FloatMap lin = new FloatMap(3, 1), fg = new FloatMap(3, 1), bg = new FloatMap(3, 1);
        DepthToDisparity.apply(n, new DisparityParams(10f, 0f, 0f), lin);
        DepthToDisparity.apply(n, new DisparityParams(10f, 0f, 3f), fg);
        DepthToDisparity.apply(n, new DisparityParams(10f, 0f, -3f), bg);
        assertEquals(0f, fg.get(0, 0), 1e-6);
        assertEquals(lin.get(2, 0), fg.get(2, 0), 1e-5);
        assertTrue(fg.get(1, 0) < lin.get(1, 0), "positive scale gives the foreground more depth");
        assertTrue(bg.get(1, 0) > lin.get(1, 0), "negative scale gives it less");
        assertEquals(0.3f * (float) (Math.expm1(1.5) / Math.expm1(3)), fg.get(1, 0), 1e-6);
    }

    @Test
    void outOfRangeParametersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DisparityParams(-1f, 0.5f, 0f));
        assertThrows(IllegalArgumentException.class, () -> new DisparityParams(2f, 1.5f, 0f));
        assertThrows(IllegalArgumentException.class, () -> new DisparityParams(2f, 0.5f, 11f));
        assertThrows(IllegalArgumentException.class, () -> new DisparityParams(Float.NaN, 0.5f, 0f));
    }
}

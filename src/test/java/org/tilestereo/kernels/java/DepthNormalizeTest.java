package org.tilestereo.kernels.java;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.tilestereo.image.FloatMap;
import org.tilestereo.testing.TestImages;

class DepthNormalizeTest {

    @Test
    void percentilesOfAUniformRampAreWhereExpected() {
        int n = 100_001;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = i / (float) (n - 1);  // 0..1 uniform
        float[] p = DepthNormalize.percentiles(new FloatMap(n, 1, v), 2f, 98f);
        assertEquals(0.02f, p[0], 1f / DepthNormalize.BINS);
        assertEquals(0.98f, p[1], 1f / DepthNormalize.BINS);
    }

    @Test
    void outliersDoNotMoveRobustPercentiles() {
        FloatMap m = TestImages.randomMap(101, 99, 10f, 20f, 3);
        m.set(0, 0, 1e6f);
        m.set(1, 0, -1e6f);
        m.set(2, 0, Float.NaN);
        float[] p = DepthNormalize.percentiles(m, 1f, 99f);
        // the histogram spans the outliers, so its bins are 2e6/4096 ~ 488 wide: the result lands in
        // the bin holding 10..20, not at the outliers
        assertTrue(p[0] > -500f && p[0] < 520f, "lo " + p[0]);
        assertTrue(p[1] > -500f && p[1] < 520f, "hi " + p[1]);
        float[] clean = DepthNormalize.percentiles(TestImages.randomMap(101, 99, 10f, 20f, 3), 1f, 99f);
        assertEquals(10.1f, clean[0], 0.05f);
        assertEquals(19.9f, clean[1], 0.05f);
    }

    @Test
    void normaliseClampsAndHandlesFlatAndNonFiniteMaps() {
        FloatMap m = new FloatMap(5, 1, new float[] {0f, 5f, 10f, 20f, Float.NaN});
        FloatMap out = new FloatMap(5, 1);
        DepthNormalize.apply(m, 5f, 15f, out);
        assertArrayEquals(new float[] {0f, 0f, 0.5f, 1f, 0f}, out.data(), 0f);
        DepthNormalize.apply(m, 7f, 7f, out);
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f, 0f}, out.data(), 0f);
        float[] flat = DepthNormalize.percentiles(new FloatMap(3, 1, new float[] {4f, 4f, 4f}), 2f, 98f);
        assertArrayEquals(new float[] {4f, 4f}, flat, 0f);
    }

    @Test
    void badPercentilesAreRefused() {
        FloatMap m = new FloatMap(2, 2);
        assertThrows(IllegalArgumentException.class, () -> DepthNormalize.percentiles(m, 50f, 10f));
        assertThrows(IllegalArgumentException.class, () -> DepthNormalize.percentiles(m, -1f, 10f));
    }

    /** -0 counts as +0, as on the GPU: a flat map of -0 has the percentiles +0, bit for bit. */
    @Test
    void negativeZeroCountsAsPositiveZero() {
        float[] v = new float[64];
        java.util.Arrays.fill(v, -0f);
        float[] p = DepthNormalize.percentiles(new FloatMap(8, 8, v), 2f, 98f);
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(p[0]));
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(p[1]));
    }
}

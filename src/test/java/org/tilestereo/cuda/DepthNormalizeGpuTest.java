package org.tilestereo.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tilestereo.image.FloatMap;
import org.tilestereo.kernels.java.DepthNormalize;
import org.tilestereo.memory.Arena;

class DepthNormalizeGpuTest {
    private static final float[][] PERCENTS = {{2f, 98f}, {0f, 100f}, {0.5f, 99.5f}, {25f, 75f}, {49.99f, 50f}};
    private boolean usedGpu;

    @AfterEach
    void noCudaErrorPending() {
        if (usedGpu) Gpu.assertNoErrorPending();
    }

    /** Depth maps with NaN, infinities, a flat map, an empty (all NaN) one, heavy ties and a wide range. */
    private static List<FloatMap> maps(int w, int h, long seed) {
        Random r = new Random(seed);
        List<FloatMap> maps = new ArrayList<>();
        float[] a = new float[w * h];
        float[] ties = new float[w * h];
        float[] wide = new float[w * h];
        for (int i = 0; i < a.length; i++) {
            int p = r.nextInt(100);
            a[i] = p == 0 ? Float.NaN : p == 1 ? Float.POSITIVE_INFINITY : p == 2 ? Float.NEGATIVE_INFINITY
                    : (float) r.nextGaussian() * 3f + 10f;
            ties[i] = r.nextInt(7) * 0.25f - 0.5f;
            wide[i] = (float) Math.pow(10, r.nextInt(60) - 30) * (r.nextBoolean() ? 1 : -1);
        }
        maps.add(new FloatMap(w, h, a));
        maps.add(new FloatMap(w, h, ties));
        maps.add(new FloatMap(w, h, wide));
        maps.add(Inputs.uniform(w, h, 3.25f));
        maps.add(Inputs.uniform(w, h, Float.NaN));
        // A map of -0: both sides must answer +0 (a bitwise comparison tells them apart).
        maps.add(Inputs.uniform(w, h, -0f));
        // A subnormal range: 4096 / (max - min) is infinite, where a float-to-int cast is undefined in C++.
        float[] tiny = new float[w * h];
        for (int i = 0; i < tiny.length; i++) {
            tiny[i] = Float.MIN_VALUE * r.nextInt(3);
        }
        maps.add(new FloatMap(w, h, tiny));
        return maps;
    }

    @Test
    void histogramAndPercentilesMatchTheJavaReference() {
        Gpu.require();
        usedGpu = true;
        try (GpuFixture f = new GpuFixture(64L << 20)) {
            for (int[] size : Inputs.SIZES) {
                int w = size[0], h = size[1];
                int k = 0;
                for (FloatMap depth : maps(w, h, 13L * w + h)) {
                    String what = "depth_normalize statistics " + w + "x" + h + " map " + k++;
                    byte[] stats;
                    try (Arena.Scope s = f.scope()) {
                        DeviceBuffer dDepth = f.upload(depth.data(), "depth");
                        DeviceBuffer dStats = f.poisoned(DepthNormalizeGpu.STATS_BYTES, 0x5A, "statistics");
                        DepthNormalizeGpu.launchHistogram(f.stream, dDepth, w, h, dStats);
                        stats = f.bytes(dStats, DepthNormalizeGpu.STATS_BYTES);
                    }
                    assertArrayEquals(expectedStats(depth.data()), counts(stats), what + ": min, max and bin counts");
                    for (float[] p : PERCENTS) {
                        float[] expected = DepthNormalize.percentiles(depth, p[0], p[1]);
                        float[] actual = DepthNormalizeGpu.percentiles(stats, p[0], p[1]);
                        assertEquals(expected[0], actual[0], what + " low percentile " + p[0]);
                        assertEquals(expected[1], actual[1], what + " high percentile " + p[1]);
                    }
                    System.out.println("[tilestereo] " + what + ": counts and percentiles equal the reference");
                }
            }
        }
    }

    /** min and max bits, then the 4096 counts, as DepthNormalize.percentiles computes them. */
    private static long[] expectedStats(float[] v) {
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (float x : v) {
            if (Float.isFinite(x)) {
                x = x == 0f ? 0f : x; // the GPU counts -0 as +0
                if (x < min) min = x;
                if (x > max) max = x;
            }
        }
        long[] s = new long[2 + DepthNormalize.BINS];
        s[0] = Float.floatToRawIntBits(min);
        s[1] = Float.floatToRawIntBits(max);
        if (max > min) {
            float scale = DepthNormalize.BINS / (max - min);
            for (float x : v) {
                if (Float.isFinite(x)) {
                    int b = (int) ((x - min) * scale);
                    s[2 + (b < 0 ? 0 : Math.min(b, DepthNormalize.BINS - 1))]++;
                }
            }
        }
        return s;
    }

    private static long[] counts(byte[] stats) {
        ByteBuffer b = ByteBuffer.wrap(stats).order(ByteOrder.nativeOrder());
        long[] s = new long[2 + DepthNormalize.BINS];
        for (int i = 0; i < s.length; i++) {
            s[i] = i < 2 ? b.getInt(4 * i) : Integer.toUnsignedLong(b.getInt(4 * i));
        }
        return s;
    }

    @Test
    void normalizeMatchesTheJavaReference() {
        Gpu.require();
        usedGpu = true;
        try (GpuFixture f = new GpuFixture(64L << 20)) {
            for (int[] size : Inputs.SIZES) {
                int w = size[0], h = size[1];
                FloatMap depth = maps(w, h, 3L * w + h).get(0);
                float[][] ranges = {{6f, 14f}, {10f, 10f}, {12f, 8f}, {-1e-3f, 1e-3f}, {9.99f, 10.01f}};
                for (float[] r : ranges) {
                    FloatMap expected = new FloatMap(w, h);
                    DepthNormalize.apply(depth, r[0], r[1], expected);
                    try (Arena.Scope s = f.scope()) {
                        DeviceBuffer dDepth = f.upload(depth.data(), "depth");
                        DeviceBuffer dOut = f.poisoned(4L * w * h, GpuFixture.POISON, "normalised");
                        DepthNormalizeGpu.launchNormalize(f.stream, dDepth, w, h, r[0], r[1], dOut);
                        Compare.relativeFloats("depth_normalize " + w + "x" + h + " lo " + r[0] + " hi " + r[1],
                                expected.data(), f.floats(dOut, w * h), 1.0);
                        DepthNormalizeGpu.launchNormalize(f.stream, dDepth, w, h, r[0], r[1], dDepth);
                        Compare.relativeFloats("depth_normalize in place", expected.data(), f.floats(dDepth, w * h), 1.0);
                    }
                }
            }
        }
    }

    @Test
    void percentilesFromStatisticsFollowTheReferenceRules() {
        byte[] stats = new byte[DepthNormalizeGpu.STATS_BYTES];
        ByteBuffer b = ByteBuffer.wrap(stats).order(ByteOrder.nativeOrder());
        b.putFloat(0, Float.POSITIVE_INFINITY).putFloat(4, Float.NEGATIVE_INFINITY);
        assertArrayEquals(new float[] {0f, 0f}, DepthNormalizeGpu.percentiles(stats, 2, 98), "no finite value");
        b.putFloat(0, 4f).putFloat(4, 4f);
        assertArrayEquals(new float[] {4f, 4f}, DepthNormalizeGpu.percentiles(stats, 2, 98), "flat");
        // Values 0..4095 once each over [0, 4096]: one per bin, so percentile p is p% of 4096.
        float[] ramp = new float[4097];
        for (int i = 0; i < ramp.length; i++) ramp[i] = i;
        b.putFloat(0, 0f).putFloat(4, 4096f);
        for (int i = 0; i < DepthNormalize.BINS; i++) b.putInt(8 + 4 * i, i == DepthNormalize.BINS - 1 ? 2 : 1);
        FloatMap map = new FloatMap(ramp.length, 1, ramp);
        assertArrayEquals(DepthNormalize.percentiles(map, 10, 90), DepthNormalizeGpu.percentiles(stats, 10, 90));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DepthNormalizeGpu.percentiles(stats, 50, 50));
        assertEquals("depth_normalize: percentiles must satisfy 0 <= low < high <= 100, got 50.0, 50.0", e.getMessage());
    }

    @Test
    void rejectsInvalidArgumentsBeforeTouchingCuda() {
        Gpu.requireLibrary();
        assertEquals(DepthNormalizeGpu.STATS_BYTES, TileStereoNative.ts_depth_stats_bytes(), "sizeof(ts_depth_stats)");
        FakePointers.expectInvalid("ts_depth_histogram", "height is 0, expected a positive size",
                TileStereoNative.ts_depth_histogram(0, FakePointers.A, 5, 0, FakePointers.B));
        FakePointers.expectInvalid("ts_depth_histogram", "result is a null pointer",
                TileStereoNative.ts_depth_histogram(0, FakePointers.A, 5, 5, 0));
        FakePointers.expectInvalid("ts_depth_histogram", "overlap, expected separate buffers",
                TileStereoNative.ts_depth_histogram(0, FakePointers.A, 5, 5, FakePointers.A + 64));
        FakePointers.expectInvalid("ts_depth_normalize", "lo is nan, expected a finite number",
                TileStereoNative.ts_depth_normalize(0, FakePointers.A, FakePointers.B, 5, 5, Float.NaN, 1f));
        FakePointers.expectInvalid("ts_depth_normalize", "hi is inf, expected a finite number",
                TileStereoNative.ts_depth_normalize(0, FakePointers.A, FakePointers.B, 5, 5, 0f, Float.POSITIVE_INFINITY));
        FakePointers.expectInvalid("ts_depth_normalize", "expected the same buffer or disjoint ones",
                TileStereoNative.ts_depth_normalize(0, FakePointers.A, FakePointers.A + 4, 5, 5, 0f, 1f));
        if (FakePointers.noDevice()) {
            FakePointers.expectLaunchFailure("launch_depth_histogram",
                    TileStereoNative.ts_depth_histogram(0, FakePointers.A, 641, 359, FakePointers.B));
            FakePointers.expectLaunchFailure("launch_depth_normalize",
                    TileStereoNative.ts_depth_normalize(0, FakePointers.A, FakePointers.A, 641, 359, 1f, 1f));
        }
    }
}

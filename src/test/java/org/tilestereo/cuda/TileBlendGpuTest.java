package org.tilestereo.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tilestereo.image.FloatMap;
import org.tilestereo.kernels.TileGrid;
import org.tilestereo.kernels.java.TileBlend;
import org.tilestereo.memory.Arena;

class TileBlendGpuTest {
    private boolean usedGpu;

    @AfterEach
    void noCudaErrorPending() {
        if (usedGpu) Gpu.assertNoErrorPending();
    }

    private static float[] randomDepth(int n, long seed) {
        Random r = new Random(seed);
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = 0.5f + 9.5f * r.nextFloat();
        }
        return d;
    }

    private static float[] randomAround(int n, float centre, float spread, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = centre + spread * (2 * r.nextFloat() - 1);
        }
        return v;
    }

    @Test
    void matchesTheJavaReference() {
        Gpu.require();
        usedGpu = true;
        try (GpuFixture f = new GpuFixture(64L << 20)) {
            for (int[] size : Inputs.SIZES) {
                int w = size[0], h = size[1];
                TileGrid[] grids = w >= 20 && h >= 20
                        ? new TileGrid[] {TileGrid.whole(w, h), TileGrid.of(w, h, 19, 21, 8), TileGrid.of(w, h, 37, 29, 12)}
                        : new TileGrid[] {TileGrid.whole(w, h)};
                for (TileGrid grid : grids) {
                    int[][] depthSizes = {{13, 11}, {grid.tileWidth + 3, grid.tileHeight * 2 + 1}};
                    for (int[] ds : depthSizes) {
                        int dw = ds[0], dh = ds[1];
                        float[] depth = randomDepth(grid.count() * dw * dh, 31L * w + dw);
                        float[] scale = randomAround(grid.count(), 1f, 0.2f, 5);
                        float[] shift = randomAround(grid.count(), 0f, 0.5f, 6);
                        float[][][] alignments = {{null, null}, {scale, null}, {null, shift}, {scale, shift}};
                        for (float[][] a : alignments) {
                            FloatMap expected = new FloatMap(w, h);
                            TileBlend.apply(depth, dw, dh, grid, a[0], a[1], expected);
                            try (Arena.Scope s = f.scope()) {
                                DeviceBuffer dDepth = f.upload(depth, "tile depth");
                                DeviceBuffer dScale = a[0] == null ? null : f.upload(a[0], "scale");
                                DeviceBuffer dShift = a[1] == null ? null : f.upload(a[1], "shift");
                                DeviceBuffer dOut = f.poisoned(4L * w * h, GpuFixture.POISON, "blend");
                                TileBlendGpu.launch(f.stream, dDepth, dw, dh, grid, dScale, dShift, dOut);
                                Compare.relativeFloats("tile_blend " + w + "x" + h + " " + grid + ", tile depth " + dw + "x"
                                        + dh + (a[0] != null ? ", scale" : "") + (a[1] != null ? ", shift" : ""),
                                        expected.data(), f.floats(dOut, w * h), 1.0);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void rejectsInvalidArgumentsBeforeTouchingCuda() {
        Gpu.requireLibrary();
        TileGrid grid = TileGrid.of(100, 80, 40, 40, 8);
        String op = "ts_tile_blend";
        try (TileStereoNative.TileGridStruct g = TileExtractGpu.struct(grid)) {
            FakePointers.expectInvalid(op, "depth_width is 0, expected a positive size",
                    TileStereoNative.ts_tile_blend(0, FakePointers.A, 0, 9, g, 0, 0, FakePointers.B));
            FakePointers.expectInvalid(op, "tile_depth is a null pointer",
                    TileStereoNative.ts_tile_blend(0, 0, 9, 9, g, 0, 0, FakePointers.B));
            FakePointers.expectInvalid(op, "scale (0x3000000001) is not aligned to 4 bytes",
                    TileStereoNative.ts_tile_blend(0, FakePointers.A, 9, 9, g, FakePointers.C + 1, 0, FakePointers.B));
            FakePointers.expectInvalid(op, "overlap, expected separate buffers",
                    TileStereoNative.ts_tile_blend(0, FakePointers.A, 9, 9, g, 0, 0, FakePointers.A + 1024));
            g.cols(0);
            FakePointers.expectInvalid(op, "grid cols is 0, expected a positive size",
                    TileStereoNative.ts_tile_blend(0, FakePointers.A, 9, 9, g, 0, 0, FakePointers.B));
            g.cols(grid.cols);
            if (FakePointers.noDevice()) {
                FakePointers.expectLaunchFailure("launch_tile_blend",
                        TileStereoNative.ts_tile_blend(0, FakePointers.A, 9, 9, g, FakePointers.C, FakePointers.D, FakePointers.B));
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TileBlendGpu.launch(null,
                new DeviceBuffer(FakePointers.A, 1 << 20, "tile depth"), 9, 9, grid,
                new DeviceBuffer(FakePointers.C, 8, "scale"), null, new DeviceBuffer(FakePointers.B, 1 << 20, "blend")));
        assertEquals("tile_blend: scale holds 8 bytes, needs 48", e.getMessage());
    }
}

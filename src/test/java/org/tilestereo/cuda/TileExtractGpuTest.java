package org.tilestereo.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.ModelInput;
import org.tilestereo.kernels.TileGrid;
import org.tilestereo.kernels.java.TileExtract;
import org.tilestereo.memory.Arena;

class TileExtractGpuTest {
    private boolean usedGpu;

    @AfterEach
    void noCudaErrorPending() {
        if (usedGpu) Gpu.assertNoErrorPending();
    }

    /** Whole frames and tile grids, down- and upsampling, odd model inputs, a subset of the tiles. */
    private static List<Object[]> cases(int w, int h) {
        List<Object[]> c = new ArrayList<>();
        c.add(new Object[] {TileGrid.whole(w, h), ModelInput.imagenet(29, 17), 0, 1});
        c.add(new Object[] {TileGrid.whole(w, h), new ModelInput(2 * w + 1, h + 2, new float[] {0.1f, 0.5f, 0.9f},
                new float[] {0.3f, 1f, 2.5f}), 0, 1});
        if (w >= 20 && h >= 20) {
            TileGrid g = TileGrid.of(w, h, 19, 21, 8);
            c.add(new Object[] {g, ModelInput.imagenet(23, 15), 0, g.count()});
            c.add(new Object[] {g, ModelInput.imagenet(14, 14), g.count() / 3, Math.max(1, g.count() / 2)});
        }
        return c;
    }

    @Test
    void matchesTheJavaReference() {
        Gpu.require();
        usedGpu = true;
        try (GpuFixture f = new GpuFixture(64L << 20)) {
            for (int[] size : Inputs.SIZES) {
                int w = size[0], h = size[1];
                RgbImage src = Inputs.rgb(w, h, 17L * w + h);
                for (Object[] c : cases(w, h)) {
                    TileGrid grid = (TileGrid) c[0];
                    ModelInput input = (ModelInput) c[1];
                    int first = (Integer) c[2], count = (Integer) c[3];
                    int n = count * input.floatsPerImage();
                    float[] expected = new float[n];
                    TileExtract.apply(src, grid, first, count, input, expected);
                    for (int poison : new int[] {GpuFixture.POISON, 0x41}) {
                        try (Arena.Scope s = f.scope()) {
                            DeviceBuffer dSrc = f.upload(src.data(), "frame");
                            DeviceBuffer dOut = f.poisoned(4L * n, poison, "tiles");
                            TileExtractGpu.launch(f.stream, dSrc, grid, first, count, input, dOut);
                            Compare.relativeFloats("tile_extract " + w + "x" + h + " " + grid + " tiles [" + first + ", "
                                    + (first + count) + ") at " + input.width() + "x" + input.height(),
                                    expected, f.floats(dOut, n), 1.0);
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
        float[] mean = ModelInput.IMAGENET_MEAN, std = ModelInput.IMAGENET_STD;
        String op = "ts_tile_extract";
        try (TileStereoNative.TileGridStruct g = TileExtractGpu.struct(grid)) {
            FakePointers.expectInvalid(op, "grid is a null pointer",
                    TileStereoNative.ts_tile_extract(0, FakePointers.A, null, 0, 1, 14, 14, mean, std, FakePointers.B));
            FakePointers.expectInvalid(op, "src is a null pointer",
                    TileStereoNative.ts_tile_extract(0, 0, g, 0, 1, 14, 14, mean, std, FakePointers.B));
            FakePointers.expectInvalid(op, "out (0x1000000002) is not aligned to 4 bytes",
                    TileStereoNative.ts_tile_extract(0, FakePointers.A, g, 0, 1, 14, 14, mean, std, FakePointers.A + 2));
            FakePointers.expectInvalid(op, "tiles [10, 13) outside the grid's 12",
                    TileStereoNative.ts_tile_extract(0, FakePointers.A, g, 10, 3, 14, 14, mean, std, FakePointers.B));
            FakePointers.expectInvalid(op, "input_width is 0, expected a positive size",
                    TileStereoNative.ts_tile_extract(0, FakePointers.A, g, 0, 1, 0, 14, mean, std, FakePointers.B));
            FakePointers.expectInvalid(op, "channel 1 has mean 0.456 and std 0",
                    TileStereoNative.ts_tile_extract(0, FakePointers.A, g, 0, 1, 14, 14, mean, new float[] {1f, 0f, 1f},
                            FakePointers.B));
            FakePointers.expectInvalid(op, "overlap, expected separate buffers",
                    TileStereoNative.ts_tile_extract(0, FakePointers.A, g, 0, 1, 14, 14, mean, std, FakePointers.A + 256));
            g.origin_x(3);
            FakePointers.expectInvalid(op, "expected all of the 100x80 image",
                    TileStereoNative.ts_tile_extract(0, FakePointers.A, g, 0, 1, 14, 14, mean, std, FakePointers.B));
            g.origin_x(grid.originX).overlap(7);
            FakePointers.expectInvalid(op, "grid overlap is 7, expected 0 or an even number",
                    TileStereoNative.ts_tile_extract(0, FakePointers.A, g, 0, 1, 14, 14, mean, std, FakePointers.B));
            g.overlap(grid.overlap);
            if (FakePointers.noDevice()) {
                FakePointers.expectLaunchFailure("launch_tile_extract",
                        TileStereoNative.ts_tile_extract(0, FakePointers.A, g, 1, 5, 14, 14, mean, std, FakePointers.B));
            }
        }
        // The Java side checks buffer sizes before calling the library.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TileExtractGpu.launch(null,
                new DeviceBuffer(FakePointers.A, 100, "frame"), grid, 0, 1, ModelInput.imagenet(14, 14),
                new DeviceBuffer(FakePointers.B, 1 << 20, "tiles")));
        assertEquals("tile_extract: frame holds 100 bytes, needs 24000", e.getMessage());
    }

    @Test
    void theGridStructCarriesEveryField() {
        Gpu.requireLibrary();
        TileGrid grid = TileGrid.of(1001, 777, 300, 260, 32);
        try (TileStereoNative.TileGridStruct g = TileExtractGpu.struct(grid)) {
            assertEquals(List.of(grid.imageWidth, grid.imageHeight, grid.tileWidth, grid.tileHeight, grid.overlap, grid.cols,
                            grid.rows, grid.originX, grid.originY),
                    List.of(g.image_width(), g.image_height(), g.tile_width(), g.tile_height(), g.overlap(), g.cols(),
                            g.rows(), g.origin_x(), g.origin_y()));
            assertTrue(grid.originX < 0 && grid.originY < 0);
        }
    }
}

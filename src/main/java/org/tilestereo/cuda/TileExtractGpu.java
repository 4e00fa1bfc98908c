package org.tilestereo.cuda;

import org.tilestereo.kernels.ModelInput;
import org.tilestereo.kernels.TileGrid;

/**
 * Operator tile_extract on the GPU (cuda/tile_extract.cu), the twin of
 * {@link org.tilestereo.kernels.java.TileExtract}.
 */
public final class TileExtractGpu {
    static final String OP = "tile_extract";

    private TileExtractGpu() {
    }

    /**
     * Queues tiles [first, first + count) of grid, sampled from src (the grid's frame, 8-bit RGB)
     * and normalised for input, into out as NCHW floats. Argument errors are found before anything
     * is queued.
     */
    public static void launch(CudaStream stream, DeviceBuffer src, TileGrid grid, int first, int count, ModelInput input,
                              DeviceBuffer out) {
        if (first < 0 || count < 1 || first + count > grid.count()) {
            throw new IllegalArgumentException(OP + ": tiles [" + first + ", " + (first + count) + ") outside the grid's "
                    + grid.count());
        }
        src.require(OP, 3L * grid.imageWidth * grid.imageHeight);
        out.require(OP, Math.max(0, count) * (long) input.floatsPerImage() * Float.BYTES);
        NativeLibrary.require();
        try (TileStereoNative.TileGridStruct g = struct(grid)) {
            CudaException.checkNative(TileStereoNative.ts_tile_extract(stream.address(), src.address(), g, first, count,
                    input.width(), input.height(), input.mean(), input.std(), out.address()), "ts_tile_extract");
        }
    }

    /** The grid as the C API's ts_tile_grid (native memory, freed by close). */
    static TileStereoNative.TileGridStruct struct(TileGrid grid) {
        TileStereoNative.TileGridStruct g = new TileStereoNative.TileGridStruct();
        g.image_width(grid.imageWidth).image_height(grid.imageHeight)
                .tile_width(grid.tileWidth).tile_height(grid.tileHeight).overlap(grid.overlap)
                .cols(grid.cols).rows(grid.rows).origin_x(grid.originX).origin_y(grid.originY);
        return g;
    }
}

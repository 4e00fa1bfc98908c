package org.tilestereo.cuda;

import org.tilestereo.kernels.TileGrid;

/**
 * Operator tile_blend on the GPU (cuda/tile_blend.cu), the twin of
 * {@link org.tilestereo.kernels.java.TileBlend}.
 */
public final class TileBlendGpu {
    static final String OP = "tile_blend";

    private TileBlendGpu() {
    }

    /**
     * Queues the blend of every grid tile's depth (depthWidth x depthHeight floats each) into out
     * (the grid's frame, floats). scale and shift hold one float per tile, or are null for identity.
     */
    public static void launch(CudaStream stream, DeviceBuffer tileDepth, int depthWidth, int depthHeight, TileGrid grid,
                              DeviceBuffer scale, DeviceBuffer shift, DeviceBuffer out) {
        tileDepth.require(OP, (long) grid.count() * Math.max(0, depthWidth) * Math.max(0, depthHeight) * Float.BYTES);
        if (scale != null) scale.require(OP, (long) grid.count() * Float.BYTES);
        if (shift != null) shift.require(OP, (long) grid.count() * Float.BYTES);
        out.require(OP, (long) grid.imageWidth * grid.imageHeight * Float.BYTES);
        NativeLibrary.require();
        try (TileStereoNative.TileGridStruct g = TileExtractGpu.struct(grid)) {
            CudaException.checkNative(TileStereoNative.ts_tile_blend(stream.address(), tileDepth.address(), depthWidth,
                    depthHeight, g, DeviceBuffer.addressOf(scale), DeviceBuffer.addressOf(shift), out.address()),
                    "ts_tile_blend");
        }
    }
}

package org.tilestereo.cuda;

/**
 * Operator hole_fill on the GPU (cuda/hole_fill.cu), the twin of
 * {@link org.tilestereo.kernels.java.HoleFill}.
 */
public final class HoleFillGpu {
    static final String OP = "hole_fill";

    private HoleFillGpu() {
    }

    /** The scratch one launch needs for a width x height frame: one index per pixel. */
    public static long workspaceBytes(int width, int height) {
        NativeLibrary.require();
        long bytes = TileStereoNative.ts_hole_fill_workspace_bytes(width, height);
        if (bytes == 0) {
            throw new IllegalArgumentException(OP + ": no workspace size for " + width + "x" + height);
        }
        return bytes;
    }

    /** Queues the fill of the holes (NaN in targetDisparity) of img, in place; src is the unwarped image. */
    public static void launch(CudaStream stream, DeviceBuffer img, DeviceBuffer targetDisparity, DeviceBuffer src,
                              int width, int height, DeviceBuffer workspace) {
        long pixels = (long) Math.max(0, width) * Math.max(0, height);
        img.require(OP, 3 * pixels);
        targetDisparity.require(OP, 4 * pixels);
        src.require(OP, 3 * pixels);
        NativeLibrary.require();
        CudaException.checkNative(TileStereoNative.ts_hole_fill(stream.address(), img.address(), targetDisparity.address(),
                src.address(), width, height, workspace.address(), workspace.bytes()), "ts_hole_fill");
    }
}

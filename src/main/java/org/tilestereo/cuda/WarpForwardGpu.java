package org.tilestereo.cuda;

/**
 * Operator warp_forward on the GPU (cuda/warp_forward.cu), the twin of
 * {@link org.tilestereo.kernels.java.WarpForward}: a 64-bit atomicMin z-buffer, a resolve pass,
 * the splats of the winners, the weighted colours.
 */
public final class WarpForwardGpu {
    static final String OP = "warp_forward";

    private WarpForwardGpu() {
    }

    /** The scratch one launch needs for a width x height frame: z-buffer (8 bytes) and accumulators (16) per pixel. */
    public static long workspaceBytes(int width, int height) {
        NativeLibrary.require();
        long bytes = TileStereoNative.ts_warp_forward_workspace_bytes(width, height);
        if (bytes == 0) {
            throw new IllegalArgumentException(OP + ": no workspace size for " + width + "x" + height);
        }
        return bytes;
    }

    /**
     * Queues the warp of src (8-bit RGB) by factor * disparity into dst and targetDisparity (NaN
     * where nothing landed: the holes).
     */
    public static void launch(CudaStream stream, DeviceBuffer src, DeviceBuffer disparity, float factor, DeviceBuffer dst,
                              DeviceBuffer targetDisparity, int width, int height, DeviceBuffer workspace) {
        long pixels = (long) Math.max(0, width) * Math.max(0, height);
        src.require(OP, 3 * pixels);
        disparity.require(OP, 4 * pixels);
        dst.require(OP, 3 * pixels);
        targetDisparity.require(OP, 4 * pixels);
        NativeLibrary.require();
        CudaException.checkNative(TileStereoNative.ts_warp_forward(stream.address(), src.address(), disparity.address(),
                factor, dst.address(), targetDisparity.address(), width, height, workspace.address(), workspace.bytes()),
                "ts_warp_forward");
    }
}

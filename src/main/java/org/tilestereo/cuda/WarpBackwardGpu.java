package org.tilestereo.cuda;

/**
 * Operator warp_backward on the GPU (cuda/warp_backward.cu), the twin of
 * {@link org.tilestereo.kernels.java.WarpBackward}.
 */
public final class WarpBackwardGpu {
    static final String OP = "warp_backward";

    private WarpBackwardGpu() {
    }

    /** Queues dst(x) = src(x - factor * disparity(x)) for 8-bit RGB src and dst. */
    public static void launch(CudaStream stream, DeviceBuffer src, DeviceBuffer disparity, float factor, DeviceBuffer dst,
                              int width, int height) {
        long pixels = (long) Math.max(0, width) * Math.max(0, height);
        src.require(OP, 3 * pixels);
        disparity.require(OP, 4 * pixels);
        dst.require(OP, 3 * pixels);
        NativeLibrary.require();
        CudaException.checkNative(TileStereoNative.ts_warp_backward(stream.address(), src.address(), disparity.address(),
                factor, dst.address(), width, height), "ts_warp_backward");
    }
}

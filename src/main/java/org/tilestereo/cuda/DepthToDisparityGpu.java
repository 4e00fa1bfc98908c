package org.tilestereo.cuda;

import org.tilestereo.kernels.DisparityParams;

/**
 * Operator depth_to_disparity on the GPU (cuda/depth_to_disparity.cu), the twin of
 * {@link org.tilestereo.kernels.java.DepthToDisparity}.
 */
public final class DepthToDisparityGpu {
    static final String OP = "depth_to_disparity";

    private DepthToDisparityGpu() {
    }

    /**
     * Queues the operator on stream. Both buffers hold width x height floats (rows packed); they may
     * be the same buffer. Argument errors are found before anything is queued.
     */
    public static void launch(CudaStream stream, DeviceBuffer normalized, int width, int height, DisparityParams p,
                              DeviceBuffer disparity) {
        long bytes = (long) Math.max(0, width) * Math.max(0, height) * Float.BYTES;
        normalized.require(OP, bytes);
        disparity.require(OP, bytes);
        NativeLibrary.require();
        int status = TileStereoNative.ts_depth_to_disparity(stream.address(), normalized.address(), disparity.address(),
                width, height, p.divergencePercent(), p.convergence(), p.foregroundScale());
        CudaException.checkNative(status, "ts_depth_to_disparity");
    }
}

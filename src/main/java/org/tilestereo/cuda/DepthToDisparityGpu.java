package org.tilestereo.cuda;

import org.tilestereo.image.FloatMap;
import org.tilestereo.kernels.DisparityParams;

/**
 * Operator depth_to_disparity on the GPU (cuda/depth_to_disparity.cu), the twin of
 * {@link org.tilestereo.kernels.java.DepthToDisparity}.
 */
public final class DepthToDisparityGpu {
    private DepthToDisparityGpu() {
    }

    /**
     * Queues the operator on stream. Both buffers hold width x height floats (rows packed); they may
     * be the same buffer. Argument errors are found before anything is queued.
     */
    public static void launch(CudaStream stream, DeviceFloats normalized, int width, int height, DisparityParams p,
                              DeviceFloats disparity) {
        long pixels = (long) width * height;
        if (width > 0 && height > 0 && (normalized.count() < pixels || disparity.count() < pixels)) {
            throw new IllegalArgumentException("depth_to_disparity: " + width + "x" + height + " needs " + pixels
                    + " floats, buffers hold " + normalized.count() + " and " + disparity.count());
        }
        NativeLibrary.require();
        int status = TileStereoNative.ts_depth_to_disparity(stream.address(), normalized.address(), disparity.address(),
                width, height, p.divergencePercent(), p.convergence(), p.foregroundScale());
        CudaException.checkNative(status, "ts_depth_to_disparity");
    }

    /** Same contract as the Java reference: uploads, runs on a private stream, downloads, frees. */
    public static void apply(FloatMap normalized, DisparityParams p, FloatMap disparity) {
        if (normalized.width() != disparity.width() || normalized.height() != disparity.height()) {
            throw new IllegalArgumentException("depth_to_disparity: sizes differ, " + normalized.size() + " vs " + disparity.size());
        }
        int w = normalized.width();
        int h = normalized.height();
        try (CudaStream stream = CudaStream.create();
             DeviceFloats in = DeviceFloats.allocate((long) w * h);
             DeviceFloats out = DeviceFloats.allocate((long) w * h)) {
            in.upload(normalized.data(), stream);
            launch(stream, in, w, h, p, out);
            out.download(disparity.data(), stream);
        }
    }
}

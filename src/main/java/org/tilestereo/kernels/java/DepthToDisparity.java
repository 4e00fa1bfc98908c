package org.tilestereo.kernels.java;

import org.tilestereo.image.FloatMap;
import org.tilestereo.kernels.DisparityParams;
import org.tilestereo.kernels.Parallel;

/** Reference of operator depth_to_disparity (cuda/depth_to_disparity.cu). */
public final class DepthToDisparity {
    private DepthToDisparity() {
    }

    public static void apply(FloatMap normalized, DisparityParams p, FloatMap disparity) {
        Sizes.requireSame("depth_to_disparity", normalized.width(), normalized.height(), disparity.width(), disparity.height());
        int w = normalized.width();
        float pixelsPerUnit = p.rangePixels(w);
        float s = p.foregroundScale();
        float c = p.convergence();
        float[] in = normalized.data();
        float[] out = disparity.data();
        Parallel.forEach(normalized.height(), y -> {
            for (int i = y * w, end = i + w; i < end; i++) {
                out[i] = pixelsPerUnit * (DisparityParams.curve(in[i], s) - c);
            }
        });
    }
}

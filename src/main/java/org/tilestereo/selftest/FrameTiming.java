package org.tilestereo.selftest;

import java.util.Arrays;
import java.util.Random;

import org.tilestereo.bench.BenchFrame;
import org.tilestereo.depth.DepthException;
import org.tilestereo.depth.DepthKind;
import org.tilestereo.depth.DepthMap;
import org.tilestereo.depth.DepthSource;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.StereoKernels;
import org.tilestereo.pipeline.FrameConverter;
import org.tilestereo.pipeline.StageTimes;
import org.tilestereo.pipeline.StereoSettings;

/**
 * Times one frame through the pixel operators (depth given, so the model is not in it): normalise,
 * disparity, both eyes warped and filled, side by side. The median of a few runs after a warm-up.
 */
public final class FrameTiming {
    private FrameTiming() {
    }

    /** Milliseconds per frame of w x h on kernels, the median of runs (after one warm-up frame). */
    public static double millisPerFrame(StereoKernels kernels, int w, int h, int runs) throws DepthException {
        Random r = new Random(w * 31L + h);
        RgbImage frame = BenchFrame.texture(w, h, r);
        FloatMap depth = new FloatMap(w, h);
        float[] d = depth.data();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // A far background rising to the bottom, and a near square in the middle: holes to fill.
                boolean near = Math.abs(x - w / 2) < w / 6 && Math.abs(y - h / 2) < h / 6;
                d[y * w + x] = (near ? 3f : 1f + (float) y / h) + 0.01f * r.nextFloat();
            }
        }
        DepthSource given = new DepthSource() {
            @Override
            public String describe() {
                return "a synthetic inverse depth map";
            }

            @Override
            public DepthMap depthOf(RgbImage f) {
                return new DepthMap(depth, DepthKind.INVERSE);
            }
        };
        double[] ms = new double[Math.max(1, runs)];
        try (FrameConverter converter = new FrameConverter(kernels, given, StereoSettings.defaults(), new StageTimes())) {
            converter.convert(frame);
            for (int i = 0; i < ms.length; i++) {
                long t0 = System.nanoTime();
                converter.convert(frame);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Arrays.sort(ms);
        return ms[ms.length / 2];
    }
}

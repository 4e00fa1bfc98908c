package org.tilestereo.bench;

import java.util.Arrays;

import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.DisparityParams;
import org.tilestereo.kernels.java.DepthNormalize;
import org.tilestereo.kernels.java.DepthToDisparity;
import org.tilestereo.kernels.java.HoleFill;
import org.tilestereo.kernels.java.LayoutCompose;
import org.tilestereo.kernels.java.TileBlend;
import org.tilestereo.kernels.java.TileExtract;
import org.tilestereo.kernels.java.WarpBackward;
import org.tilestereo.kernels.java.WarpForward;

/** Times the Java reference operators (all cores, as the CPU backend runs them). */
final class JavaBench {
    private JavaBench() {
    }

    /** The median of repeat timed runs after warmup untimed ones, in milliseconds. */
    static double medianMillis(OperatorCase c, BenchFrame f, int warmup, int repeat) {
        int w = f.width, h = f.height;
        Runnable prepare = () -> { };
        Runnable op;
        switch (c) {
            case TILE_EXTRACT -> {
                float[] out = new float[f.grid.count() * f.input.floatsPerImage()];
                op = () -> TileExtract.apply(f.image, f.grid, 0, f.grid.count(), f.input, out);
            }
            case TILE_BLEND -> {
                FloatMap out = new FloatMap(w, h);
                op = () -> TileBlend.apply(f.tileDepth, BenchFrame.TILE, BenchFrame.TILE, f.grid, f.scale, f.shift, out);
            }
            case DEPTH_HISTOGRAM -> op = () -> DepthNormalize.percentiles(f.depth, 2, 98);
            case DEPTH_NORMALIZE -> {
                FloatMap out = new FloatMap(w, h);
                op = () -> DepthNormalize.apply(f.depth, 1.2f, 4f, out);
            }
            case DEPTH_TO_DISPARITY -> {
                FloatMap out = new FloatMap(w, h);
                op = () -> DepthToDisparity.apply(f.normalized, DisparityParams.DEFAULT, out);
            }
            case WARP_FORWARD -> {
                RgbImage dst = new RgbImage(w, h);
                FloatMap target = new FloatMap(w, h);
                op = () -> WarpForward.apply(f.image, f.disparity, BenchFrame.EYE_FACTOR, dst, target);
            }
            case HOLE_FILL -> {
                // The fill works in place: every run starts again from the warp's holes (not timed).
                RgbImage img = f.warped.copy();
                FloatMap target = f.warpedDisparity.copy();
                prepare = () -> {
                    System.arraycopy(f.warped.data(), 0, img.data(), 0, img.data().length);
                    System.arraycopy(f.warpedDisparity.data(), 0, target.data(), 0, target.data().length);
                };
                op = () -> HoleFill.apply(img, target, f.image);
            }
            case WARP_BACKWARD -> {
                RgbImage dst = new RgbImage(w, h);
                op = () -> WarpBackward.apply(f.image, f.disparity, -BenchFrame.EYE_FACTOR, dst);
            }
            case LAYOUT_SBS, LAYOUT_ANAGLYPH -> {
                RgbImage out = new RgbImage(c.layout().outputWidth(w), c.layout().outputHeight(h));
                op = () -> LayoutCompose.apply(f.image, f.warped, c.layout(), out);
            }
            default -> throw new IllegalStateException("unhandled case " + c);
        }
        for (int i = 0; i < warmup; i++) {
            prepare.run();
            op.run();
        }
        double[] ms = new double[repeat];
        for (int i = 0; i < repeat; i++) {
            prepare.run();
            long t0 = System.nanoTime();
            op.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return median(ms);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}

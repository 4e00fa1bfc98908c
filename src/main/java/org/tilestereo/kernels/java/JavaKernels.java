package org.tilestereo.kernels.java;

import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.DisparityParams;
import org.tilestereo.kernels.Layout;
import org.tilestereo.kernels.ModelInput;
import org.tilestereo.kernels.StereoKernels;
import org.tilestereo.kernels.TileGrid;

/** The Java reference implementation of the operator set: multithreaded, exact, no native code. */
public final class JavaKernels implements StereoKernels {

    @Override
    public String name() {
        return "java";
    }

    @Override
    public void tileExtract(RgbImage src, TileGrid grid, int first, int count, ModelInput input, float[] out) {
        TileExtract.apply(src, grid, first, count, input, out);
    }

    @Override
    public void tileBlend(float[] tileDepth, int depthWidth, int depthHeight, TileGrid grid,
                           float[] scale, float[] shift, FloatMap out) {
        TileBlend.apply(tileDepth, depthWidth, depthHeight, grid, scale, shift, out);
    }

    @Override
    public float[] depthPercentiles(FloatMap depth, float lowPercent, float highPercent) {
        return DepthNormalize.percentiles(depth, lowPercent, highPercent);
    }

    @Override
    public void depthNormalize(FloatMap depth, float lo, float hi, FloatMap out) {
        DepthNormalize.apply(depth, lo, hi, out);
    }

    @Override
    public void depthToDisparity(FloatMap normalized, DisparityParams params, FloatMap disparity) {
        DepthToDisparity.apply(normalized, params, disparity);
    }

    @Override
    public void warpForward(RgbImage src, FloatMap disparity, float factor, RgbImage dst, FloatMap targetDisparity) {
        WarpForward.apply(src, disparity, factor, dst, targetDisparity);
    }

    @Override
    public void holeFill(RgbImage img, FloatMap targetDisparity, RgbImage src) {
        HoleFill.apply(img, targetDisparity, src);
    }

    @Override
    public void warpBackward(RgbImage src, FloatMap disparity, float factor, RgbImage dst) {
        WarpBackward.apply(src, disparity, factor, dst);
    }

    @Override
    public void layoutCompose(RgbImage left, RgbImage right, Layout layout, RgbImage out) {
        LayoutCompose.apply(left, right, layout, out);
    }
}

package org.tilestereo.bench;

import java.util.Random;

import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.DisparityParams;
import org.tilestereo.kernels.ModelInput;
import org.tilestereo.kernels.TileGrid;
import org.tilestereo.kernels.java.DepthNormalize;
import org.tilestereo.kernels.java.DepthToDisparity;
import org.tilestereo.kernels.java.WarpForward;

/**
 * The inputs of every operator at one frame size, made up but shaped like a real frame's: a
 * textured image, a depth map with a smooth background and near objects (so the warp leaves
 * holes to fill), and the tiles a plan of 518-pixel tiles with 64 pixels of overlap would give.
 */
public final class BenchFrame {
    /** Tiles of a ViT depth model's usual input, 518 = 37 x 14, at one source pixel per input pixel. */
    public static final int TILE = 518;
    public static final int OVERLAP = 64;
    /** Each eye moves half the disparity. */
    public static final float EYE_FACTOR = 0.5f;

    public final int width, height;
    public final RgbImage image;
    public final FloatMap depth;
    public final FloatMap normalized;
    public final FloatMap disparity;
    public final TileGrid grid;
    public final ModelInput input;
    /** Model output per tile, at the input's size: what tile_blend reads. */
    public final float[] tileDepth;
    public final float[] scale, shift;
    /** The forward warp's result before hole filling: what hole_fill reads. */
    public final RgbImage warped;
    public final FloatMap warpedDisparity;

    /** A textured frame: ramps, a checker of xor bits and noise, so every interpolation and edge case is met. */
    public static RgbImage texture(int width, int height, Random r) {
        RgbImage img = new RgbImage(width, height);
        byte[] px = img.data();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = 3 * (y * width + x);
                px[p] = (byte) (x * 7 + y);
                px[p + 1] = (byte) (x ^ y);
                px[p + 2] = (byte) r.nextInt(256);
            }
        }
        return img;
    }

    public BenchFrame(int width, int height) {
        this.width = width;
        this.height = height;
        Random r = new Random(31L * width + height);
        image = texture(width, height, r);
        depth = new FloatMap(width, height);
        float[] d = depth.data();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                d[y * width + x] = 1f + (float) y / height + 0.05f * r.nextFloat();
            }
        }
        for (int k = 0; k < 12; k++) { // near objects
            int x0 = r.nextInt(width), y0 = r.nextInt(height);
            int x1 = Math.min(width, x0 + 1 + r.nextInt(Math.max(1, width / 5)));
            int y1 = Math.min(height, y0 + 1 + r.nextInt(Math.max(1, height / 5)));
            float near = 2.5f + 2f * r.nextFloat();
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    d[y * width + x] = near;
                }
            }
        }
        float[] p = DepthNormalize.percentiles(depth, 2, 98);
        normalized = new FloatMap(width, height);
        DepthNormalize.apply(depth, p[0], p[1], normalized);
        disparity = new FloatMap(width, height);
        DepthToDisparity.apply(normalized, DisparityParams.DEFAULT, disparity);

        grid = TileGrid.of(width, height, TILE, TILE, OVERLAP);
        input = ModelInput.imagenet(TILE, TILE);
        tileDepth = new float[grid.count() * TILE * TILE];
        for (int i = 0; i < tileDepth.length; i++) {
            tileDepth[i] = 1f + 3f * r.nextFloat();
        }
        scale = new float[grid.count()];
        shift = new float[grid.count()];
        for (int i = 0; i < scale.length; i++) {
            scale[i] = 0.9f + 0.2f * r.nextFloat();
            shift[i] = 0.1f * r.nextFloat();
        }
        warped = new RgbImage(width, height);
        warpedDisparity = new FloatMap(width, height);
        WarpForward.apply(image, disparity, EYE_FACTOR, warped, warpedDisparity);
    }

    public long pixels() {
        return (long) width * height;
    }

    public String size() {
        return width + "x" + height;
    }
}

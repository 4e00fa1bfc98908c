package org.tilestereo.kernels;

import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;

/**
 * The pixel operators of a conversion. Two implementations: {@code JavaKernels}, the multithreaded
 * reference (exact, and the engine on machines without a GPU), and the CUDA one. Nothing above this
 * interface knows which it has. Each operator is one same-named set of files: cuda/&lt;op&gt;.cu,
 * its C API entry, its binding, its reference method here, its test.
 *
 * <p>Conventions shared by all implementations (so results can be compared):
 * <ul>
 *   <li>bilinear interpolation is {@code a + f * (b - a)} along x, then the same along y, so a
 *       sample on a pixel centre returns that pixel exactly;</li>
 *   <li>8-bit results are {@code (int) (v + 0.5f)} clamped to 0..255;</li>
 *   <li>out-of-image samples for tiles use reflect-101 (mirror without repeating the edge pixel);
 *       other resampling clamps to the edge.</li>
 * </ul>
 */
public interface StereoKernels extends AutoCloseable {

    /** A short name for messages ("java", "cuda"). */
    String name();

    /**
     * tile_extract: for tiles [first, first + count) of the grid, sample the tile's source rectangle
     * (reflect-101 outside the image) bilinearly at the model's input size, normalise each channel
     * ((v / 255 - mean) / std) and write NCHW floats: tile k goes to
     * {@code out[k * input.floatsPerImage() ...]}. The source coordinate of output pixel (ox, oy) is
     * {@code tileX + (ox + 0.5) * tileWidth / input.width - 0.5} (and likewise in y).
     */
    void tileExtract(RgbImage src, TileGrid grid, int first, int count, ModelInput input, float[] out);

    /**
     * tile_blend: every tile's depth (depthWidth x depthHeight each, tile-major, all grid tiles) is
     * mapped back onto its source rectangle (bilinear, clamped to the tile's own map), aligned with
     * {@code scale[i] * v + shift[i]} (null arrays mean identity), and blended into out with the
     * grid's feathered weights. The blend is {@code base + sum(w_i (v_i - base)) / sum(w_i)}, base
     * being the first tile with non-zero weight, so tiles that agree give exactly their value.
     */
    void tileBlend(float[] tileDepth, int depthWidth, int depthHeight, TileGrid grid,
                    float[] scale, float[] shift, FloatMap out);

    /**
     * depth_normalize, statistics part: robust low and high percentiles (0..100) of the finite values
     * of depth, from a 4096-bin histogram between the minimum and maximum (the exact rule is
     * {@code kernels.java.DepthNormalize#percentiles}). Returns {lo, hi}.
     */
    float[] depthPercentiles(FloatMap depth, float lowPercent, float highPercent);

    /**
     * depth_normalize, per-pixel part: {@code clamp((d - lo) / (hi - lo), 0, 1)}; where hi <= lo the
     * map is flat and every pixel becomes 0.5. Non-finite inputs become 0 (far).
     */
    void depthNormalize(FloatMap depth, float lo, float hi, FloatMap out);

    /**
     * depth_to_disparity: normalised inverse depth to disparity in pixels of the frame width,
     * {@code divergence/100 * width * (curve(n) - convergence)}; see {@link DisparityParams}.
     */
    void depthToDisparity(FloatMap normalized, DisparityParams params, FloatMap disparity);

    /**
     * warp_forward: each source pixel x moves to {@code x + factor * d(x)} (d from disparity) and is
     * splatted onto the two target pixels around that position with linear weights. A z-buffer keeps
     * the nearest surface per target pixel (largest d; ties to the smaller source index); only
     * splats within {@link #SURFACE_TOLERANCE} pixels of disparity of the winner contribute. The
     * winner's d goes to targetDisparity; target pixels nothing reached get NaN there and black in
     * dst: they are the holes for {@link #holeFill}.
     */
    void warpForward(RgbImage src, FloatMap disparity, float factor, RgbImage dst, FloatMap targetDisparity);

    /** Splats whose disparity is within this many pixels of the z-buffer winner count as its surface. */
    float SURFACE_TOLERANCE = 1.0f;

    /**
     * hole_fill: every run of holes (NaN in targetDisparity) in a row takes the colour and disparity
     * of the neighbour on its background side: of the valid pixels left and right of the run, the one
     * with the smaller disparity (farther); the one that exists when only one does. A row with no valid
     * pixel keeps src's row (the unwarped image). Afterwards no NaN is left.
     */
    void holeFill(RgbImage img, FloatMap targetDisparity, RgbImage src);

    /**
     * warp_backward: the simpler gather warp, {@code dst(x) = src(x - factor * d(x))}, sampled
     * linearly along the row with the edge clamped. Leaves no holes.
     */
    void warpBackward(RgbImage src, FloatMap disparity, float factor, RgbImage dst);

    /**
     * layout: compose left and right eyes (same size) into out, sized by
     * {@link Layout#outputWidth}/{@link Layout#outputHeight}. Not for {@link Layout#DEPTH}.
     */
    void layoutCompose(RgbImage left, RgbImage right, Layout layout, RgbImage out);

    /**
     * Sizes the backend's one device pool for the run (from the plan), before the first frame; the
     * Java reference has no device memory and ignores it. Asking for more than a fixed pool holds is
     * a {@code PoolExhaustedException} with the sizes.
     */
    default void reserveDeviceMemory(long bytes) {
    }

    /**
     * Whether the operators run on a device with memory of its own (a GPU, or the software device
     * standing in for one): then depth is planned to fit it even without a budget. The Java
     * reference works in host memory: false.
     */
    default boolean hasDeviceMemory() {
        return false;
    }

    /** The sizes of this set's device operators (for sizing frame programs on it); only where {@link #hasDeviceMemory}. */
    default OperatorSizes deviceOperatorSizes() {
        throw new UnsupportedOperationException(name() + " operators have no device");
    }

    /** Free device memory now, after what the depth model took; only where {@link #hasDeviceMemory}. */
    default long freeDeviceBytes() {
        throw new UnsupportedOperationException(name() + " operators have no device");
    }

    /**
     * count queues on this set's device for frame programs that run side by side, sharing one
     * allocation of count x deviceBytes plus sharedBytes (a depth runtime's scratch, one for all
     * queues) and the layout's tables, and one staging block of count x stagingBytes; only where
     * {@link #hasDeviceMemory}. A device that refuses the memory throws a DeviceException.
     */
    default DeviceQueues<?> openQueues(int count, long deviceBytes, long stagingBytes, long sharedBytes, Layout layout) {
        throw new UnsupportedOperationException(name() + " operators have no device");
    }

    @Override
    default void close() {
    }
}

package org.tilestereo.plan;

/**
 * The input size rule of ViT depth models (Depth Anything and kin): sides are multiples of the
 * 14-pixel patch, the short side is the requested resolution and the long side keeps the aspect
 * (up to {@link #MAX_ASPECT} to 1).
 */
public final class ModelInputSize {
    /** Patch size of DINOv2 backbones; inputs must be multiples of it. */
    public static final int PATCH = 14;
    /** Depth Anything V2's training resolution, the default short side. */
    public static final int DEFAULT_RESOLUTION = 518;
    /**
     * The most elongated model input: the long side at most this many times the short side. A
     * thinner region (a 1x5000 strip, a 1000x4 banner) is squeezed along its long side rather than
     * giving the model millions of tokens: at 518 a 1x5000 image would otherwise be a 518x2,589,980
     * input (tens of terabytes of attention); capped it is 518x2072.
     */
    public static final int MAX_ASPECT = 4;

    private ModelInputSize() {
    }

    /** The nearest multiple of the patch size, at least one patch. */
    public static int roundToPatch(double side) {
        return (int) Math.max(PATCH, Math.round(side / PATCH) * PATCH);
    }

    /**
     * Model input {width, height} for a region of width x height source pixels: the short side is
     * the resolution rounded to the patch, the long side the region's aspect times that, rounded
     * too. fixedWidth/fixedHeight (0 = free) are the model's own dimensions and win; with only one
     * fixed, the other follows the aspect from it.
     */
    public static int[] forRegion(int width, int height, int resolution, int fixedWidth, int fixedHeight) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("region size must be positive, got " + width + "x" + height);
        }
        if (resolution <= 0) {
            throw new IllegalArgumentException("depth resolution must be positive, got " + resolution);
        }
        double aspect = (double) width / height;
        if (fixedWidth > 0 && fixedHeight > 0) {
            return new int[] {fixedWidth, fixedHeight};
        }
        if (fixedWidth > 0) {
            return new int[] {fixedWidth, roundToPatch(fixedWidth / aspect)};
        }
        if (fixedHeight > 0) {
            return new int[] {roundToPatch(fixedHeight * aspect), fixedHeight};
        }
        int shortSide = roundToPatch(resolution);
        int longest = shortSide * MAX_ASPECT;
        return width <= height
                ? new int[] {shortSide, Math.min(longest, roundToPatch(shortSide / aspect))}
                : new int[] {Math.min(longest, roundToPatch(shortSide * aspect)), shortSide};
    }
}

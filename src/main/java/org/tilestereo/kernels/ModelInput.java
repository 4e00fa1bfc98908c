package org.tilestereo.kernels;

/**
 * The tensor a depth model expects per image: its spatial size and the per-channel normalisation
 * (value/255 - mean) / std applied to RGB.
 */
public record ModelInput(int width, int height, float[] mean, float[] std) {
    public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    public ModelInput {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("model input size must be positive, got " + width + "x" + height);
        }
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 values each");
        }
        for (float s : std) {
            if (!(s > 0f)) {
                throw new IllegalArgumentException("std values must be positive, got " + s);
            }
        }
    }

    public static ModelInput imagenet(int width, int height) {
        return new ModelInput(width, height, IMAGENET_MEAN, IMAGENET_STD);
    }

    /** Floats per image in NCHW: 3 * height * width. */
    public int floatsPerImage() { return 3 * width * height; }
}

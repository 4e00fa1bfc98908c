package org.tilestereo.depth;

import java.util.Map;

import org.tilestereo.kernels.ModelInput;

/**
 * A depth model's input normalisation, read from its ONNX metadata (metadata_props): the keys
 * {@value #MEAN_KEY} and {@value #STD_KEY}, three comma-separated floats each for R, G and B;
 * ImageNet's where a key is absent. The one reader, for every runtime.
 */
public record ModelNormalization(float[] mean, float[] std) {
    /** Metadata key of the per-channel mean, e.g. "0.485,0.456,0.406". */
    public static final String MEAN_KEY = "mean";
    /** Metadata key of the per-channel standard deviation, e.g. "0.229,0.224,0.225". */
    public static final String STD_KEY = "std";

    /** From the model's metadata; a malformed value is an error naming the model, the key and what it holds. */
    public static ModelNormalization of(Map<String, String> metadata, String model) throws DepthException {
        return new ModelNormalization(channels(metadata, MEAN_KEY, ModelInput.IMAGENET_MEAN, false, model),
                channels(metadata, STD_KEY, ModelInput.IMAGENET_STD, true, model));
    }

    private static float[] channels(Map<String, String> meta, String key, float[] fallback, boolean positive, String model)
            throws DepthException {
        String text = meta.get(key);
        if (text == null) {
            return fallback.clone();
        }
        String[] parts = text.split(",");
        float[] v = new float[3];
        try {
            if (parts.length != 3) {
                throw new NumberFormatException();
            }
            for (int i = 0; i < 3; i++) {
                v[i] = Float.parseFloat(parts[i].trim());
                if (!Float.isFinite(v[i]) || (positive && !(v[i] > 0))) {
                    throw new NumberFormatException();
                }
            }
        } catch (NumberFormatException e) {
            throw new DepthException("model " + model + ": metadata '" + key + "' must be 3 comma-separated finite numbers"
                    + (positive ? ", all positive" : "") + ", got '" + text + "'");
        }
        return v;
    }
}

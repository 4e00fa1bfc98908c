package org.tilestereo.trt;

import java.util.Locale;

/** The precision a TensorRT engine is built at. Layers TensorRT cannot run lower fall back to FP32. */
public enum EnginePrecision {
    /** Half-precision weights and activations. */
    FP16,
    /**
     * 8-bit integer: from an entropy calibration on sample images, or from the Q/DQ nodes of an
     * already quantized model; FP16 stays allowed for layers INT8 does not cover.
     */
    INT8;

    public static EnginePrecision parse(String s) {
        for (EnginePrecision p : values()) {
            if (p.option().equals(s.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown precision '" + s + "'; expected fp16 or int8");
    }

    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package org.tilestereo.plan;

import java.util.Locale;

/**
 * The one precision type: the element size of a network's weights and floating-point activations,
 * for plans, and the precision a TensorRT engine is built at (FP16 or INT8; layers TensorRT cannot
 * run lower fall back to FP32). ONNX Runtime on the CPU runs FP32.
 *
 * <p>INT8 counts activations at one byte too, as if every layer ran quantized; a real INT8 engine
 * keeps some layers (softmax, normalisation) in FP16 or FP32, so INT8 activation figures are a lower
 * bound. An INT8 engine is calibrated by entropy on sample images, or built as an already quantized
 * model's Q/DQ nodes say; FP16 stays allowed for layers INT8 does not cover.
 */
public enum Precision {
    FP32(4), FP16(2), INT8(1);

    public final int bytes;

    Precision(int bytes) {
        this.bytes = bytes;
    }

    /** The spelling on the command line and in engine cache keys: fp32, fp16, int8. */
    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The precision of a TensorRT engine: fp16 or int8 (an engine is never built at FP32). */
    public static Precision parseEngine(String s) {
        for (Precision p : new Precision[] {FP16, INT8}) {
            if (p.option().equals(s.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown precision '" + s + "'; expected fp16 or int8");
    }

    /** Whether a TensorRT engine can be built at it. */
    public boolean isEnginePrecision() {
        return switch (this) {
            case FP16, INT8 -> true;
            case FP32 -> false;
        };
    }
}

package org.tilestereo.plan;

/**
 * Element size of a network's weights and floating-point activations. INT8 counts activations at
 * one byte too, as if every layer ran quantized; a real INT8 engine keeps some layers (softmax,
 * normalisation) in FP16 or FP32, so INT8 activation figures are a lower bound.
 */
public enum Precision {
    FP32(4), FP16(2), INT8(1);

    public final int bytes;

    Precision(int bytes) {
        this.bytes = bytes;
    }
}

package org.tilestereo.plan;

/**
 * Training set-ups by their bytes per parameter: weights, gradients and optimizer state, and the
 * precision activations are saved in for the backward pass.
 */
public enum Optimizer {
    /** Plain SGD: FP32 weights and gradients, no state. */
    SGD(4, 4, 0, Precision.FP32),
    /** SGD with momentum: one FP32 velocity per parameter. */
    SGD_MOMENTUM(4, 4, 4, Precision.FP32),
    /** Adam in FP32: first and second moments, 4 bytes each. */
    ADAM(4, 4, 8, Precision.FP32),
    /** AdamW keeps the same state as Adam; weight decay needs none. */
    ADAMW(4, 4, 8, Precision.FP32),
    /**
     * Mixed-precision Adam: FP16 weights and gradients (2 + 2) plus an FP32 master copy, m and v
     * (4 + 4 + 4) = 16 bytes per parameter; activations saved in FP16.
     */
    MIXED_PRECISION_ADAM(2, 2, 12, Precision.FP16);

    public final int weightBytes;
    public final int gradientBytes;
    public final int stateBytes;
    public final Precision activationPrecision;

    Optimizer(int weightBytes, int gradientBytes, int stateBytes, Precision activationPrecision) {
        this.weightBytes = weightBytes;
        this.gradientBytes = gradientBytes;
        this.stateBytes = stateBytes;
        this.activationPrecision = activationPrecision;
    }

    /** Weights + gradients + optimizer state, per parameter. */
    public int bytesPerParameter() {
        return weightBytes + gradientBytes + stateBytes;
    }
}

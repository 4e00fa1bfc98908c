package org.tilestereo.plan;

/**
 * Memory to train a model with an optimizer: weights, gradients and optimizer state per parameter,
 * plus every activation saved for the backward pass at the optimizer's activation precision.
 */
public record TrainingMemory(Optimizer optimizer, long parameters, long weightBytes, long gradientBytes,
                             long optimizerStateBytes, long activationBytes) {

    public long total() {
        return Math.addExact(Math.addExact(weightBytes, gradientBytes), Math.addExact(optimizerStateBytes, activationBytes));
    }
}

package org.tilestereo.trt;

/**
 * Device memory a built engine needs besides its weights, for one input shape: what TensorRT
 * reports for exactly that shape (IExecutionContext::updateDeviceMemorySizeForShapes). Where an
 * engine exists this figure, not the ONNX graph's memory model, is what the planner should use.
 */
@FunctionalInterface
public interface EngineMemory {
    long activationBytes(InputShape shape) throws org.tilestereo.depth.DepthException;
}

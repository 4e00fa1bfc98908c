package org.tilestereo.runtime;

/**
 * Device memory a built engine needs besides its weights, as TensorRT reports it. Where an engine
 * exists these figures, not the ONNX graph's memory model, are what the planner should use: the
 * plan's shapes are first prepared as one engine (one build covers the tiles and the whole-frame
 * pass), then its context's figure for the whole profile is what the run gives it.
 */
public interface EngineMemory {
    /** Builds (or loads from the cache) one engine whose profile covers every planned shape. */
    void prepare(java.util.List<InputShape> planned) throws org.tilestereo.depth.DepthException;

    /** The device memory the context takes for its whole profile (what it is given), after {@link #prepare}. */
    long contextBytes();

    /** What TensorRT reports for exactly one shape (IExecutionContext::updateDeviceMemorySizeForShapes). */
    long activationBytes(InputShape shape) throws org.tilestereo.depth.DepthException;

    /** Whether an engine can be had now to measure (an INT8 engine calibrated on the first frame cannot). */
    default boolean canMeasure() {
        return true;
    }
}

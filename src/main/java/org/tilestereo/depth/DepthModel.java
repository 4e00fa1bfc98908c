package org.tilestereo.depth;

import org.tilestereo.plan.ModelInputSize;

import org.tilestereo.kernels.ModelInput;

/**
 * A monocular depth network behind some runtime (ONNX Runtime on the CPU, TensorRT on a GPU): NCHW
 * RGB in, one relative inverse-depth map per image out. A model instance is used by one thread at a
 * time; close() is safe to call twice.
 */
public interface DepthModel extends AutoCloseable {

    /** One line for logs: runtime, its version and device, the model file. */
    String describe();

    /** The ONNX file behind the model, when there is one: the planner reads its graph. */
    /**
     * True for a runtime that builds the model at the precision the run asks for and may lower it to
     * fit (TensorRT: FP16 or INT8); false for one that computes in FP32 only (ONNX Runtime on the CPU).
     */
    default boolean choosesPrecision() {
        return false;
    }

    /** True for a runtime that runs on the GPU (TensorRT), whose input is best prepared there; false on the CPU. */
    default boolean runsOnDevice() {
        return false;
    }

    default java.nio.file.Path file() {
        return null;
    }

    /**
     * The input for a source region of width x height pixels at the given resolution (the short
     * side), by {@link ModelInputSize#forRegion}; dimensions the model fixes win. The normalisation
     * is the model's.
     */
    ModelInput inputFor(int width, int height, int resolution);

    /** The input at exactly width x height (no resampling), unless the model fixes its size. */
    ModelInput exactInput(int width, int height);

    /** The most images per run: the model's fixed batch size, or Integer.MAX_VALUE when it is free. */
    int maxBatch();

    /**
     * Runs batch images ({@code batch * input.floatsPerImage()} floats at the start of nchw, as
     * tile_extract writes them) and returns their depth maps, at whatever size the model outputs.
     */
    DepthBatch run(float[] nchw, int batch, ModelInput input) throws DepthException;

    @Override
    void close();
}

package org.tilestereo.depth;

import org.tilestereo.plan.ModelInputSize;

import org.tilestereo.kernels.FrameOperators;
import org.tilestereo.kernels.ModelInput;

/**
 * A monocular depth network behind some runtime (ONNX Runtime on the CPU, TensorRT on a GPU): NCHW
 * RGB in, one relative inverse-depth map per image out. A model instance is used by one thread at a
 * time; close() is safe to call twice.
 */
public interface DepthModel extends AutoCloseable {

    /** One line for logs: runtime, its version and device, the model file. */
    String describe();

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

    /** The ONNX file behind the model, when there is one: the planner reads its graph. */
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
     * Images a run of batch images takes and writes: batch, or the model's fixed batch, which pads
     * the run with images whose depth is dropped. Input and output buffers hold this many.
     */
    default int paddedBatch(int batch) {
        return batch;
    }

    /**
     * Device bytes the runtime wants from the run for its runs, once the plan's shapes are known
     * (TensorRT: its context memory); 0 for a runtime that takes none (ONNX Runtime on the CPU).
     */
    default long deviceScratchBytes() {
        return 0;
    }

    /**
     * Gives the runtime scratch ({@link #deviceScratchBytes}) in the run's allocation on ops's device,
     * shared by every queue of the run, until {@link #releaseDeviceScratch}.
     */
    default <B> void useDeviceScratch(FrameOperators<B> ops, B scratch) {
    }

    /** The run's scratch is about to be freed: waits for the runs that use it and stops using it. */
    default void releaseDeviceScratch() {
    }

    /**
     * The main entry: queues running batch images of input (NCHW floats, as tile_extract wrote them
     * into a buffer of the queue's device) and writing their depth maps, image-major, at the start
     * of output (each map at most the input's size); returns their size. A runtime on the device reads and writes the buffers where
     * they lie, on the queue's stream, without waiting. This default is the adapter of a runtime
     * that computes on the host: one copy of the input back, {@link #run}, one copy of the depth out.
     */
    default <B> DepthSize enqueue(DepthQueue<B> queue, B input, int batch, ModelInput in, B output) throws DepthException {
        int floats = Math.multiplyExact(batch, in.floatsPerImage());
        DepthBatch d = run(queue.toHost(input, floats), batch, in);
        queue.toDevice(d.values(), batch * d.plane(), output);
        return new DepthSize(d.width(), d.height());
    }

    /**
     * Runs batch images ({@code batch * input.floatsPerImage()} floats at the start of nchw, as
     * tile_extract writes them) and returns their depth maps, at whatever size the model outputs.
     */
    DepthBatch run(float[] nchw, int batch, ModelInput input) throws DepthException;

    @Override
    void close();
}

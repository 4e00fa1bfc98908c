package org.tilestereo.plan;

/**
 * How a depth runtime lays out a graph's activations, which the memory model follows when it sums
 * them: here, whether Softmax runs in place. The planner uses the rules of the runtime that will run
 * the model, and the plan says which. TensorRT's fused attention (which never writes the N x N scores)
 * is not assumed: on a GPU the engine's own figure replaces the estimate once the engine is built.
 */
public enum RuntimeRules {
    /**
     * ONNX Runtime on the CPU: elementwise ops write into their dying input; Softmax does not (its
     * optimized graph keeps the scaled scores and the probabilities alive together).
     */
    ONNX_RUNTIME_CPU,
    /** TensorRT: elementwise ops and Softmax in place. */
    TENSORRT;

    /** Whether Softmax writes into its (dying) input. */
    public boolean softmaxInPlace() {
        return switch (this) {
            case ONNX_RUNTIME_CPU -> false;
            case TENSORRT -> true;
        };
    }

    /** One line for the plan. */
    public String description() {
        return switch (this) {
            case ONNX_RUNTIME_CPU -> "ONNX Runtime on the CPU (elementwise ops in place, Softmax not)";
            case TENSORRT -> "TensorRT (elementwise ops and Softmax in place; fused attention not assumed until the engine says)";
        };
    }
}

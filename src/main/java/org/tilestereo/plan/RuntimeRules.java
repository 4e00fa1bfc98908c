package org.tilestereo.plan;

import org.tilestereo.onnx.OnnxNode;

/**
 * How a depth runtime lays out a graph's activations, which the memory model follows when it sums
 * them: which ops write into a dying input, which only reinterpret their input, whether attention
 * is fused, the order nodes run in, and whether an arena's regions decide what stays resident. The
 * planner uses the rules of the runtime that will run the model, and the plan says which. On a GPU
 * the TensorRT engine's own figure replaces the estimate once the engine is built.
 */
public enum RuntimeRules {
    /**
     * ONNX Runtime on the CPU: only the kernels registered as "may run in place" reuse their input:
     * the unary activations (Relu, Sigmoid, Tanh, ...) and the NCHWc convolution into its fused sum
     * input; Add, Mul, Erf, Softmax and the other elementwise kernels write a new tensor.
     */
    ONNX_RUNTIME_CPU,
    /** TensorRT: elementwise ops and Softmax in place; attention fused where the graph has its pattern. */
    TENSORRT;

    private static final int[] NONE = {};
    private static final int[] FIRST = {0};

    /**
     * Whether the runtime runs attention as one fused kernel that never writes the scores or the
     * probabilities, where the graph has the pattern it fuses: a MatMul of Q and K with the scale
     * already applied to Q or K (TensorRT requires that for its fusion), a Softmax over it, and a
     * MatMul with V taking the probabilities alone. ONNX Runtime on the CPU does not fuse it (its
     * optimized graph keeps a MatMul, a Softmax and a MatMul). TensorRT's engine reports what it
     * really takes once built, and the plan is checked against that figure.
     */
    public boolean fusesAttention() {
        return switch (this) {
            case ONNX_RUNTIME_CPU -> false;
            case TENSORRT -> true;
        };
    }

    /**
     * The inputs, in order of preference, whose buffer the node's first output may take over when the
     * input dies there and has the output's size; none for an op that always writes a new tensor.
     */
    public int[] inPlaceInputs(OnnxNode node) {
        String op = node.opType();
        return switch (this) {
            case ONNX_RUNTIME_CPU -> {
                if (node.domain().equals("com.microsoft.nchwc")) {
                    yield op.equals("Conv") ? new int[] {3} : NONE;
                }
                if (!node.isDefaultDomain()) {
                    yield NONE;
                }
                yield switch (op) {
                    case "Relu", "LeakyRelu", "Sigmoid", "Tanh", "Elu", "Selu", "HardSigmoid", "Softplus", "Softsign",
                         "ThresholdedRelu" -> FIRST;
                    default -> NONE;
                };
            }
            case TENSORRT -> switch (op) {
                case "Relu", "LeakyRelu", "Sigmoid", "Tanh", "Erf", "Gelu", "Sqrt", "Exp", "Log", "Neg", "Abs", "Clip",
                     "Floor", "Ceil" -> FIRST;
                case "Add", "Sub", "Mul", "Div", "Pow" -> allInputs(node);
                case "Softmax" -> FIRST;
                default -> NONE;
            };
        };
    }

    /**
     * Scratch a node's kernel takes from the runtime's allocator while it runs, beyond its outputs:
     * ONNX Runtime's CPU ConvTranspose expands its input into a column buffer of (output channels per
     * group x kernel size) x input pixels elements. TensorRT's scratch is its workspace, planned apart.
     *
     * @param input  the shape of the node's first input
     * @param weight the shape of its second input (null where it has none)
     */
    public long scratchElements(OnnxNode node, long[] input, long[] weight) {
        return switch (this) {
            case ONNX_RUNTIME_CPU -> {
                if (!node.isDefaultDomain() || !node.opType().equals("ConvTranspose") || weight == null
                        || weight.length < 3 || input.length != weight.length) {
                    yield 0;
                }
                long kernel = 1;
                for (int i = 2; i < weight.length; i++) {
                    kernel = Math.multiplyExact(kernel, weight[i]);
                }
                long pixels = 1;
                for (int i = 2; i < input.length; i++) {
                    pixels = Math.multiplyExact(pixels, input[i]);
                }
                yield Math.multiplyExact(Math.multiplyExact(weight[1], kernel), pixels);
            }
            case TENSORRT -> 0;
        };
    }

    private static int[] allInputs(OnnxNode node) {
        int[] all = new int[node.inputs().size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }

    /** Ops whose output is their input's buffer reinterpreted (no copy, no allocation). */
    public boolean aliases(String opType) {
        return switch (opType) {
            case "Reshape", "Squeeze", "Unsqueeze", "Flatten", "Identity" -> true;
            default -> false;
        };
    }

    /**
     * Whether activations cost what the runtime's arena keeps resident ({@link ArenaReplay}) rather
     * than the peak of live tensors: ONNX Runtime on the CPU takes memory in doubling regions and never
     * returns it; TensorRT plans one block for the engine's activations and reports its size.
     */
    public boolean replaysArena() {
        return switch (this) {
            case ONNX_RUNTIME_CPU -> true;
            case TENSORRT -> false;
        };
    }

    /**
     * Whether the runtime orders nodes by a depth-first walk from the graph's outputs
     * ({@link ExecutionOrder#depthFirstFromOutputs}, ONNX Runtime's default) rather than as the file
     * lists them (TensorRT orders and fuses layers itself; the file's order stands in for it).
     */
    public boolean runsDepthFirstFromOutputs() {
        return switch (this) {
            case ONNX_RUNTIME_CPU -> true;
            case TENSORRT -> false;
        };
    }

    /** One line for the plan. */
    public String description() {
        return switch (this) {
            case ONNX_RUNTIME_CPU -> "ONNX Runtime on the CPU (activations in place, other elementwise ops and Softmax not; its arena's"
                    + " regions replayed)";
            case TENSORRT -> "TensorRT (elementwise ops and Softmax in place; attention fused where Q or K is scaled before"
                    + " the first MatMul, its scores not written)";
        };
    }
}

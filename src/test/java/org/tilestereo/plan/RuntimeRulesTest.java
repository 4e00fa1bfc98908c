package org.tilestereo.plan;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tilestereo.onnx.Attribute;
import org.tilestereo.onnx.OnnxDataType;
import org.tilestereo.onnx.OnnxModel;
import org.tilestereo.onnx.OnnxModelBuilder;
import org.tilestereo.onnx.OnnxNode;

/**
 * Each runtime's memory rules on small graphs worked out by hand (bytes at FP32, 8x8 images): which
 * ops write in place, which only alias, the order ONNX Runtime runs nodes in, the buffers its
 * allocator sees, and the shapes of the operators its optimizer writes.
 */
class RuntimeRulesTest {
    static MemoryModel model(OnnxModelBuilder b) {
        return MemoryModel.of(OnnxModel.read(b.build()));
    }

    /** x[N,3,H,W] -> Conv 3x3 pad 1 (3->4) -> c1 -> Add bias -> a1 -> Conv 1x1 (4->2) -> y. */
    static OnnxModelBuilder convAddConv() {
        return new OnnxModelBuilder("add")
                .input("x", OnnxDataType.FLOAT, "N", 3, "H", "W")
                .initializer("w1", new float[4 * 3 * 9], 4, 3, 3, 3)
                .initializer("bias", new float[4], 1, 4, 1, 1)
                .initializer("w2", new float[8], 2, 4, 1, 1)
                .node("Conv", List.of("x", "w1"), List.of("c1"), Attribute.ints("pads", 1, 1, 1, 1))
                .node("Add", List.of("c1", "bias"), List.of("a1"))
                .node("Conv", List.of("a1", "w2"), List.of("y"))
                .output("y", OnnxDataType.FLOAT, "N", 2, "H", "W");
    }

    @Test
    void onnxRuntimeWritesAddToANewTensorAndTensorRtIntoItsDyingInput() {
        // x = 768, c1 = a1 = 1024, y = 512. ONNX Runtime's CPU Add is not registered in place:
        // Add_1 holds c1 + a1 = 2048, the peak. TensorRT writes a1 into c1: Add_1 holds 1024 and
        // Conv_0 (x + c1 = 1792) is the peak.
        MemoryModel m = model(convAddConv());
        ActivationMemory ort = m.activationsWithInPlaceReuse(1, 8, 8, Precision.FP32, RuntimeRules.ONNX_RUNTIME_CPU);
        assertEquals(2048, ort.peakBytes());
        assertEquals("Add_1", ort.peakNode().name());
        ActivationMemory trt = m.activationsWithInPlaceReuse(1, 8, 8, Precision.FP32, RuntimeRules.TENSORRT);
        assertEquals(1792, trt.peakBytes());
        assertEquals("Conv_0", trt.peakNode().name());
    }

    @Test
    void buffersFollowTheRulesAndReshapeOnlyAliases() {
        // x -> Conv -> c1 -> Reshape [N,4,64] -> r -> Relu -> y. ONNX Runtime: x is the caller's buffer;
        // c1 a new buffer; r aliases c1 (Reshape); y takes the same buffer (Relu in place, r dies there).
        // One runtime buffer of 1024 bytes, live from step 0 to the end (y is the graph's output).
        OnnxModelBuilder b = new OnnxModelBuilder("alias")
                .input("x", OnnxDataType.FLOAT, 1, 3, 8, 8)
                .initializer("w1", new float[4 * 3 * 9], 4, 3, 3, 3)
                .initializer("shape", new long[] {1, 4, 64}, 3)
                .node("Conv", List.of("x", "w1"), List.of("c1"), Attribute.ints("pads", 1, 1, 1, 1))
                .node("Reshape", List.of("c1", "shape"), List.of("r"))
                .node("Relu", List.of("r"), List.of("y"))
                .output("y", OnnxDataType.FLOAT, 1, 4, 64);
        List<BufferLife> buffers = model(b).buffers(java.util.Map.of("x", new long[] {1, 3, 8, 8}), Precision.FP32,
                RuntimeRules.ONNX_RUNTIME_CPU);
        assertEquals(List.of(new BufferLife(768, 0, 0, true), new BufferLife(1024, 0, 2, false)), buffers);
    }

    @Test
    void onnxRuntimeRunsEachBranchToTheEndBeforeTheNext() {
        // File order: Conv_a, Conv_b, Relu_a, Relu_b, Add. ONNX Runtime walks from the output Add: its
        // producers by lowest position first (Relu_a at 2 before Relu_b at 3), each after its own inputs.
        OnnxModelBuilder b = new OnnxModelBuilder("branches")
                .input("x", OnnxDataType.FLOAT, 1, 3, 8, 8)
                .initializer("wa", new float[4 * 3], 4, 3, 1, 1)
                .initializer("wb", new float[4 * 3], 4, 3, 1, 1)
                .node("Conv", List.of("x", "wa"), List.of("ca"))
                .node("Conv", List.of("x", "wb"), List.of("cb"))
                .node("Relu", List.of("ca"), List.of("ra"))
                .node("Relu", List.of("cb"), List.of("rb"))
                .node("Add", List.of("ra", "rb"), List.of("y"))
                .output("y", OnnxDataType.FLOAT, 1, 4, 8, 8);
        var g = OnnxModel.read(b.build()).graph();
        List<String> order = ExecutionOrder.depthFirstFromOutputs(g, ExecutionOrder.of(g)).stream().map(OnnxNode::name).toList();
        assertEquals(List.of("Conv_0", "Relu_2", "Conv_1", "Relu_3", "Add_4"), order);
        // Without the runtime's rules the file's order stands.
        assertEquals(List.of("Conv_0", "Conv_1", "Relu_2", "Relu_3", "Add_4"),
                model(b).executionOrder().stream().map(OnnxNode::name).toList());
    }

    @Test
    void onnxRuntimeOptimizerOperatorsHaveTheirKernelsShapes() {
        // x[1,24,8,8] -> ReorderInput (block 16, read off the NCHWc convolution's 16 output channels):
        // [1,32,8,8] -> NCHWc Conv 3x3 pad 1 with weight [16,32,3,3] -> [1,16,8,8] -> ReorderOutput
        // channels 10 -> [1,10,8,8] -> FusedMatMul with itself transposed (transB) -> [1,10,8,8].
        String nchwc = "com.microsoft.nchwc";
        OnnxModelBuilder b = new OnnxModelBuilder("ort")
                .opset(nchwc, 1).opset("com.microsoft", 1)
                .input("x", OnnxDataType.FLOAT, 1, 24, 8, 8)
                .initializer("w", new float[16 * 32 * 9], 16, 32, 3, 3)
                .node(nchwc, "ReorderInput", List.of("x"), List.of("xc"))
                .node(nchwc, "Conv", List.of("xc", "w"), List.of("yc"), Attribute.ints("pads", 1, 1, 1, 1),
                        Attribute.ints("kernel_shape", 3, 3))
                .node(nchwc, "ReorderOutput", List.of("yc"), List.of("y"), Attribute.of("channels", 10L))
                .node("com.microsoft", "FusedMatMul", List.of("y", "y"), List.of("z"), Attribute.of("transB", 1L),
                        Attribute.of("alpha", 0.5f))
                .output("z", OnnxDataType.FLOAT, 1, 10, 8, 8);
        ActivationMemory a = model(b).activations(1, 8, 8, Precision.FP32);
        assertArrayEquals(new long[] {1, 32, 8, 8}, a.shape("xc"));
        assertArrayEquals(new long[] {1, 16, 8, 8}, a.shape("yc"));
        assertArrayEquals(new long[] {1, 10, 8, 8}, a.shape("y"));
        assertArrayEquals(new long[] {1, 10, 8, 8}, a.shape("z"));
    }

    /** x[1,T,8] -> Q, K, V projections; scores = (Q [x scale]) x K^T [x scale]; Softmax; x V. */
    static OnnxModelBuilder attention(boolean scaleBefore) {
        OnnxModelBuilder b = new OnnxModelBuilder("attention")
                .input("x", OnnxDataType.FLOAT, 1, "T", 8)
                .initializer("wq", new float[64], 8, 8)
                .initializer("wk", new float[64], 8, 8)
                .initializer("wv", new float[64], 8, 8)
                .initializer("scale", new float[] {0.35f})
                .node("MatMul", List.of("x", "wq"), List.of("q"))
                .node("MatMul", List.of("x", "wk"), List.of("k"))
                .node("MatMul", List.of("x", "wv"), List.of("v"))
                .node("Transpose", List.of("k"), List.of("kt"), Attribute.ints("perm", 0, 2, 1));
        if (scaleBefore) {
            b.node("Mul", List.of("q", "scale"), List.of("qs"))
                    .node("MatMul", List.of("qs", "kt"), List.of("s"));
        } else {
            b.node("MatMul", List.of("q", "kt"), List.of("s0"))
                    .node("Mul", List.of("s0", "scale"), List.of("s"));
        }
        return b.node("Softmax", List.of("s"), List.of("p"), Attribute.of("axis", -1L))
                .node("MatMul", List.of("p", "v"), List.of("o"))
                .output("o", OnnxDataType.FLOAT, 1, "T", 8);
    }

    @Test
    void tensorRtFusesAttentionOnlyWhereQOrKIsScaledBeforeTheFirstMatMul() {
        java.util.Map<String, long[]> t100 = java.util.Map.of("x", new long[] {1, 100, 8});
        // Scale before: the 100 x 100 scores and probabilities (40,000 bytes each) are never written.
        ActivationMemory fused = model(attention(true)).activations(t100, Precision.FP32);
        ActivationMemory trt = model(attention(true)).activationsWithInPlaceReuse(t100, Precision.FP32, RuntimeRules.TENSORRT);
        assertEquals(1, trt.fusedAttention());
        assertTrue(trt.attention().isEmpty());
        assertTrue(trt.peakBytes() < 40_000, "no N x N tensor counted: " + trt.peakBytes());
        assertTrue(fused.peakBytes() >= 2 * 40_000, "without rules both are written: " + fused.peakBytes());
        // Scale after the MatMul: TensorRT's fusion does not apply; the scores are written.
        ActivationMemory after = model(attention(false)).activationsWithInPlaceReuse(t100, Precision.FP32, RuntimeRules.TENSORRT);
        assertEquals(0, after.fusedAttention());
        assertEquals(1, after.attention().size());
        // ONNX Runtime on the CPU never fuses.
        assertEquals(0, model(attention(true)).activationsWithInPlaceReuse(t100, Precision.FP32,
                RuntimeRules.ONNX_RUNTIME_CPU).fusedAttention());
    }
}

package org.tilestereo.plan;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tilestereo.onnx.Attribute;
import org.tilestereo.onnx.OnnxDataType;
import org.tilestereo.onnx.OnnxModel;
import org.tilestereo.onnx.OnnxModelBuilder;
import org.tilestereo.onnx.TensorValue;

/**
 * Small graphs whose activation peaks are worked out by hand in the comments. Sizes are bytes at
 * FP32 unless stated; "live" lists the activations alive while a node runs.
 */
class MemoryModelTest {
    static MemoryModel model(OnnxModelBuilder b) {
        return MemoryModel.of(OnnxModel.read(b.build()));
    }

    static float[] zeros(int n) {
        return new float[n];
    }

    /** x[N,3,H,W] -> Conv 3x3 pad 1 (3->4 channels, bias) -> Relu -> Conv 1x1 (4->2, no bias) -> y. */
    static OnnxModelBuilder chain() {
        return new OnnxModelBuilder("chain")
                .input("x", OnnxDataType.FLOAT, "N", 3, "H", "W")
                .initializer("w1", zeros(4 * 3 * 3 * 3), 4, 3, 3, 3)
                .initializer("b1", zeros(4), 4)
                .initializer("w2", zeros(2 * 4), 2, 4, 1, 1)
                .node("Conv", List.of("x", "w1", "b1"), List.of("c1"), Attribute.ints("pads", 1, 1, 1, 1))
                .node("Relu", List.of("c1"), List.of("r1"))
                .node("Conv", List.of("r1", "w2"), List.of("y"))
                .output("y", OnnxDataType.FLOAT, "N", 2, "H", "W");
    }

    @Test
    void chainPeakIsTheTwoLargestNeighbours() {
        // 8x8 image, batch 1: x = 3*64*4 = 768, c1 = 4*64*4 = 1024, r1 = 1024, y = 2*64*4 = 512.
        // Conv_0: x + c1 = 1792.  Relu_1: c1 + r1 = 2048 (x died after Conv_0).  Conv_2: r1 + y = 1536.
        // Peak 2048 at Relu_1; total 768 + 1024 + 1024 + 512 = 3328.
        MemoryModel m = model(chain());
        ActivationMemory a = m.activations(1, 8, 8, Precision.FP32);
        assertEquals(2048, a.peakBytes());
        assertEquals("Relu_1", a.peakNode().name());
        assertEquals(List.of("c1", "r1"), a.liveAtPeak());
        assertEquals(3328, a.totalBytes());
        assertArrayEquals(new long[] {1, 4, 8, 8}, a.shape("c1"));
        assertArrayEquals(new long[] {1, 2, 8, 8}, a.shape("y"));
        // Every tensor scales linearly with batch and area: batch 2 at FP16 is 2 x 2048 / 2 = 2048.
        assertEquals(2048, m.activations(2, 8, 8, Precision.FP16).peakBytes());
        assertEquals(512, m.activations(1, 8, 8, Precision.INT8).peakBytes());
        assertTrue(a.attention().isEmpty());
    }

    @Test
    void inPlaceReuseLetsReluWriteIntoItsDyingInput() {
        // Same chain with in-place reuse: Relu_1 writes r1 into c1's buffer (c1 dies there, same size),
        // so Relu_1 holds 1024 instead of 2048; Conv_0 (x + c1 = 1792) becomes the peak.
        MemoryModel m = model(chain());
        ActivationMemory a = m.activationsWithInPlaceReuse(1, 8, 8, Precision.FP32, RuntimeRules.ONNX_RUNTIME_CPU);
        assertEquals(1792, a.peakBytes());
        assertEquals("Conv_0", a.peakNode().name());
        assertEquals(3328, a.totalBytes(), "the sum of activations does not depend on buffer reuse");
        assertEquals(2048, m.activations(1, 8, 8, Precision.FP32).peakBytes(), "the upper bound is unchanged");
    }

    @Test
    void weightsCountFloatInitializersAndKeepInt64Apart() {
        // chain(): 4*3*3*3 + 4 + 2*4 = 108 + 4 + 8 = 120 parameters.
        WeightMemory w = model(chain().initializer("shape", new long[] {1, 2, 64}, 3)).weights();
        assertEquals(120, w.parameters());
        assertEquals(480, w.bytes(Precision.FP32));
        assertEquals(240, w.bytes(Precision.FP16));
        assertEquals(120, w.bytes(Precision.INT8));
        assertEquals(3, w.int64Elements());
        assertEquals(24, w.int64Bytes());
        assertEquals(480 + 24, w.storedBytes());
    }

    @Test
    void trainingAddsGradientsOptimizerStateAndSavedActivations() {
        MemoryModel m = model(chain());
        // 120 parameters; saved activations at 8x8 batch 1: 3328 B at FP32, 1664 B at FP16.
        TrainingMemory sgd = m.training(1, 8, 8, Optimizer.SGD);
        assertEquals(480, sgd.weightBytes());
        assertEquals(480, sgd.gradientBytes());
        assertEquals(0, sgd.optimizerStateBytes());
        assertEquals(3328, sgd.activationBytes());
        assertEquals(480 + 480 + 3328, sgd.total());
        assertEquals(120 * 12 + 3328, m.training(1, 8, 8, Optimizer.SGD_MOMENTUM).total());
        TrainingMemory adam = m.training(1, 8, 8, Optimizer.ADAM);
        assertEquals(960, adam.optimizerStateBytes());
        assertEquals(120 * 16 + 3328, adam.total());
        assertEquals(adam.total(), m.training(1, 8, 8, Optimizer.ADAMW).total());
        TrainingMemory mixed = m.training(1, 8, 8, Optimizer.MIXED_PRECISION_ADAM);
        assertEquals(16, Optimizer.MIXED_PRECISION_ADAM.bytesPerParameter());
        assertEquals(120 * 16 + 1664, mixed.total());
        // Batch 4 saves four times the activations.
        assertEquals(120 * 16 + 4 * 3328, m.training(4, 8, 8, Optimizer.ADAM).total());
    }

    @Test
    void aBranchKeepsItsSideTensorLive() {
        // x[1,2,4,4] = 32 el = 128 B.  a = Conv 1x1 2->8: 512 B.  b = Conv 1x1 2->4: 256 B.
        // c = Conv 1x1 8->4 on a: 256 B.  d = c + b: 256 B.
        // Conv_0: x + a = 640.  Conv_1: x + a + b = 896.  Conv_2: a + b + c = 1024 (b waits for Add).
        // Add_3: b + c + d = 768.  Peak 1024 at Conv_2; total 128 + 512 + 256*3 = 1408.
        OnnxModelBuilder b = new OnnxModelBuilder("branch")
                .input("x", OnnxDataType.FLOAT, "N", 2, "H", "W")
                .initializer("wa", zeros(16), 8, 2, 1, 1)
                .initializer("wb", zeros(8), 4, 2, 1, 1)
                .initializer("wc", zeros(32), 4, 8, 1, 1)
                .node("Conv", List.of("x", "wa"), List.of("a"))
                .node("Conv", List.of("x", "wb"), List.of("b"))
                .node("Conv", List.of("a", "wc"), List.of("c"))
                .node("Add", List.of("c", "b"), List.of("d"))
                .output("d", OnnxDataType.FLOAT, "N", 4, "H", "W");
        ActivationMemory a = model(b).activations(1, 4, 4, Precision.FP32);
        assertEquals(1024, a.peakBytes());
        assertEquals("Conv_2", a.peakNode().name());
        assertEquals(List.of("a", "b", "c"), a.liveAtPeak());
        assertEquals(1408, a.totalBytes());
    }

    @Test
    void aResidualKeepsTheBlockInputLive() {
        // x[1,4,4,4] = 64 el = 256 B; every tensor is 256 B.  y = x + tanh(sigmoid(relu(x))).
        // Relu_0: x + r = 512.  Sigmoid_1: x + r + s = 768.  Tanh_2: x + s + t = 768.  Add_3: x + t + y = 768.
        // Peak 768 first reached at Sigmoid_1 (512 without the skip connection); total 5 * 256 = 1280.
        OnnxModelBuilder b = new OnnxModelBuilder("residual")
                .input("x", OnnxDataType.FLOAT, "N", 4, "H", "W")
                .node("Relu", List.of("x"), List.of("r"))
                .node("Sigmoid", List.of("r"), List.of("s"))
                .node("Tanh", List.of("s"), List.of("t"))
                .node("Add", List.of("x", "t"), List.of("y"))
                .output("y", OnnxDataType.FLOAT, "N", 4, "H", "W");
        ActivationMemory a = model(b).activations(1, 4, 4, Precision.FP32);
        assertEquals(768, a.peakBytes());
        assertEquals("Sigmoid_1", a.peakNode().name());
        assertEquals(List.of("x", "r", "s"), a.liveAtPeak());
        assertEquals(1280, a.totalBytes());
    }

    /**
     * Flattens the image's pixels with a shape computed at run time, the way exporters write
     * {@code x.reshape(N, 3, H * W).transpose(1, 2)}: Shape -> Gather -> Mul -> Unsqueeze -> Concat -> Reshape.
     */
    static OnnxModelBuilder shapeChain() {
        return new OnnxModelBuilder("shape_chain")
                .input("x", OnnxDataType.FLOAT, "N", 3, "H", "W")
                .initializer("i2", new long[] {2})
                .initializer("i3", new long[] {3})
                .initializer("axes0", new long[] {0}, 1)
                .initializer("keep_n_3", new long[] {0, 3}, 2)
                .node("Shape", List.of("x"), List.of("s"))
                .node("Gather", List.of("s", "i2"), List.of("h"), Attribute.of("axis", 0L))
                .node("Gather", List.of("s", "i3"), List.of("w"))
                .node("Mul", List.of("h", "w"), List.of("hw"))
                .node("Unsqueeze", List.of("hw", "axes0"), List.of("hw1"))
                .node("Concat", List.of("keep_n_3", "hw1"), List.of("shp"), Attribute.of("axis", 0L))
                .node("Reshape", List.of("x", "shp"), List.of("r"))
                .node("Transpose", List.of("r"), List.of("y"), Attribute.ints("perm", 0, 2, 1))
                .output("y", OnnxDataType.FLOAT, "N", "HW", 3);
    }

    @Test
    void shapeArithmeticIsFoldedWithSymbolicSizesBound() {
        // N=1, H=4, W=6: x = 72 el = 288 B; s int64[4] = 32; h, w, hw scalars 8 each; hw1 [1] 8; shp [3] 24;
        // r, y = 288 each.  Live: Shape_0: x+s = 320.  Gather_1: x+s+h = 328.  Gather_2: x+s+h+w = 336.
        // Mul_3: x+h+w+hw = 312.  Unsqueeze_4: x+hw+hw1 = 304.  Concat_5: x+hw1+shp = 320.
        // Reshape_6: x+shp+r = 600.  Transpose_7: r+y = 576.  Peak 600 at Reshape_6.
        // Total 288*3 + 32 + 8*4 + 24 = 952.
        MemoryModel m = model(shapeChain());
        ActivationMemory a = m.activations(1, 4, 6, Precision.FP32);
        assertArrayEquals(new long[] {0, 3, 24}, a.tensors().get("shp").longValues());
        assertArrayEquals(new long[] {1, 3, 24}, a.shape("r"));
        assertArrayEquals(new long[] {1, 24, 3}, a.shape("y"));
        assertEquals(600, a.peakBytes());
        assertEquals("Reshape_6", a.peakNode().name());
        assertEquals(952, a.totalBytes());
        // At FP16 only float tensors halve: 288/2 * 2 + 24 = 312.
        assertEquals(312, m.activations(1, 4, 6, Precision.FP16).peakBytes());
        assertArrayEquals(new long[] {3, 70, 3}, m.activations(3, 7, 10, Precision.FP32).shape("y"));
    }

    /**
     * One attention head pair over the image's pixels as tokens: x[N,8,H,W] -> tokens [N,T,8] ->
     * q, k projections -> [N,2,T,4] -> scores [N,2,T,T] -> Softmax -> times q (standing in for v).
     */
    static OnnxModelBuilder attention() {
        return new OnnxModelBuilder("attention")
                .input("x", OnnxDataType.FLOAT, "N", 8, "H", "W")
                .initializer("to_tokens", new long[] {0, 8, -1}, 3)
                .initializer("heads", new long[] {0, -1, 2, 4}, 4)
                .initializer("wq", zeros(64), 8, 8)
                .initializer("wk", zeros(64), 8, 8)
                .node("Reshape", List.of("x", "to_tokens"), List.of("x2"))
                .node("Transpose", List.of("x2"), List.of("t"), Attribute.ints("perm", 0, 2, 1))
                .node("MatMul", List.of("t", "wq"), List.of("q"))
                .node("Reshape", List.of("q", "heads"), List.of("q4"))
                .node("Transpose", List.of("q4"), List.of("qh"), Attribute.ints("perm", 0, 2, 1, 3))
                .node("MatMul", List.of("t", "wk"), List.of("k"))
                .node("Reshape", List.of("k", "heads"), List.of("k4"))
                .node("Transpose", List.of("k4"), List.of("kT"), Attribute.ints("perm", 0, 2, 3, 1))
                .node("MatMul", List.of("qh", "kT"), List.of("s"))
                .node("Softmax", List.of("s"), List.of("p"), Attribute.of("axis", -1L))
                .node("MatMul", List.of("p", "qh"), List.of("o"))
                .output("o", OnnxDataType.FLOAT, "N", 2, "T", 4);
    }

    @Test
    void attentionScoresDominateAndGrowWithTheSquareOfTheTokens() {
        // H=4, W=6: T = 24 tokens.  Token-sized tensors [1,24,8] = 192 el = 768 B: x, x2, t, q, q4, qh, k, k4, kT, o.
        // Scores s and p [1,2,24,24] = 1152 el = 4608 B each.
        // Live per node: Reshape_0 x+x2 = 1536; Transpose_1 x2+t = 1536; MatMul_2 t+q = 1536;
        // Reshape_3 t+q+q4 = 2304; Transpose_4 t+q4+qh = 2304; MatMul_5 t+qh+k = 2304;
        // Reshape_6 qh+k+k4 = 2304; Transpose_7 qh+k4+kT = 2304; MatMul_8 qh+kT+s = 6144;
        // Softmax_9 qh+s+p = 768 + 9216 = 9984; MatMul_10 qh+p+o = 6144.
        // Peak 9984 at Softmax_9; total 10*768 + 2*4608 = 16896.
        MemoryModel m = model(attention());
        ActivationMemory a = m.activations(1, 4, 6, Precision.FP32);
        assertEquals(9984, a.peakBytes());
        assertEquals("Softmax_9", a.peakNode().name());
        assertEquals(16896, a.totalBytes());
        assertEquals(List.of(new AttentionTerm("Softmax_9", 1, 2, 24, 4608)), a.attention());
        // tokens^2 x heads x batch x bytes: 8x8 image, batch 2, FP16: 64^2 * 2 * 2 * 2 = 32768.
        AttentionTerm big = m.activations(2, 8, 8, Precision.FP16).largestAttention().orElseThrow();
        assertEquals(new AttentionTerm("Softmax_9", 2, 2, 64, 32768), big);
    }

    /**
     * The attention graph above under each runtime's rules. ONNX Runtime on the CPU: Softmax is not in
     * place, so Softmax_9 keeps qh + s + p = 9984 (the upper bound). TensorRT: p takes s's buffer, so
     * Softmax_9 holds qh + p = 5376 and the peak moves to MatMul_8's qh + kT + s = 6144 (first of the
     * two steps at 6144, with MatMul_10's qh + p + o).
     */
    @Test
    void eachRuntimesRulesDecideWhatAttentionCosts() {
        MemoryModel m = model(attention());
        ActivationMemory ort = m.activationsWithInPlaceReuse(1, 4, 6, Precision.FP32, RuntimeRules.ONNX_RUNTIME_CPU);
        assertEquals(9984, ort.peakBytes());
        assertEquals("Softmax_9", ort.peakNode().name());
        ActivationMemory trt = m.activationsWithInPlaceReuse(1, 4, 6, Precision.FP32, RuntimeRules.TENSORRT);
        assertEquals(6144, trt.peakBytes());
        assertEquals("MatMul_8", trt.peakNode().name());
    }

    @Test
    void resizeBackToTheInputSizeFollowsTheRuntimeShape() {
        // Conv 3x3 stride 2 pad 1 halves (rounding up) an odd 7x9 image to 4x5; Resize with sizes
        // taken from Shape(x) restores 7x9; a second Resize doubles with scales.
        OnnxModelBuilder b = new OnnxModelBuilder("resize")
                .input("x", OnnxDataType.FLOAT, "N", 3, "H", "W")
                .initializer("w", zeros(4 * 27), 4, 3, 3, 3)
                .initializer("zero", new long[] {0}, 1)
                .initializer("two", new long[] {2}, 1)
                .initializer("four", new long[] {4}, 1)
                .initializer("scales", new float[] {1, 1, 2, 2}, 4)
                .node("Conv", List.of("x", "w"), List.of("c"), Attribute.ints("pads", 1, 1, 1, 1), Attribute.ints("strides", 2, 2))
                .node("Shape", List.of("c"), List.of("sc"))
                .node("Slice", List.of("sc", "zero", "two"), List.of("nc"))
                .node("Shape", List.of("x"), List.of("sx"))
                .node("Slice", List.of("sx", "two", "four"), List.of("hw"))
                .node("Concat", List.of("nc", "hw"), List.of("sizes"), Attribute.of("axis", 0L))
                .node("Resize", List.of("c", "", "", "sizes"), List.of("up"), Attribute.of("mode", "linear"))
                .node("Resize", List.of("up", "", "scales"), List.of("y"), Attribute.of("mode", "nearest"))
                .output("y", OnnxDataType.FLOAT, "N", 4, "H2", "W2");
        ActivationMemory a = model(b).activations(2, 7, 9, Precision.FP32);
        assertArrayEquals(new long[] {2, 4, 4, 5}, a.shape("c"));
        assertArrayEquals(new long[] {2, 4, 7, 9}, a.shape("up"));
        assertArrayEquals(new long[] {2, 4, 14, 18}, a.shape("y"));
    }

    @Test
    void nodesOutOfOrderAreSortedBeforeCounting() {
        OnnxModelBuilder reversed = new OnnxModelBuilder("reversed")
                .input("x", OnnxDataType.FLOAT, "N", 3, "H", "W")
                .initializer("w1", zeros(108), 4, 3, 3, 3)
                .initializer("b1", zeros(4), 4)
                .initializer("w2", zeros(8), 2, 4, 1, 1)
                .node("Conv", List.of("r1", "w2"), List.of("y"))
                .node("Relu", List.of("c1"), List.of("r1"))
                .node("Conv", List.of("x", "w1", "b1"), List.of("c1"), Attribute.ints("pads", 1, 1, 1, 1))
                .output("y", OnnxDataType.FLOAT, "N", 2, "H", "W");
        MemoryModel m = model(reversed);
        assertEquals(List.of("Conv_2", "Relu_1", "Conv_0"), m.executionOrder().stream().map(n -> n.name()).toList());
        ActivationMemory a = m.activations(1, 8, 8, Precision.FP32);
        assertEquals(2048, a.peakBytes());
        assertEquals("Relu_1", a.peakNode().name());
    }

    @Test
    void anUnsupportedOperatorIsAnErrorNamingItAndTheNode() {
        OnnxModelBuilder unknown = new OnnxModelBuilder("unknown")
                .input("x", OnnxDataType.FLOAT, "N", 3, "H", "W")
                .node("Relu", List.of("x"), List.of("r"))
                .node("FancyWarp", List.of("r"), List.of("y"))
                .output("y", OnnxDataType.FLOAT, "N", 3, "H", "W");
        ShapePropagationException e = assertThrows(ShapePropagationException.class,
                () -> model(unknown).activations(1, 4, 4, Precision.FP32));
        assertTrue(e.getMessage().contains("node 'FancyWarp_1'") && e.getMessage().contains("unsupported operator 'FancyWarp'"),
                e.getMessage());

        OnnxModelBuilder dataDependent = new OnnxModelBuilder("nonzero")
                .input("x", OnnxDataType.FLOAT, "N", 3, "H", "W")
                .node("NonZero", List.of("x"), List.of("y"))
                .output("y", OnnxDataType.INT64, 4, "K");
        ShapePropagationException d = assertThrows(ShapePropagationException.class,
                () -> model(dataDependent).activations(1, 4, 4, Precision.FP32));
        assertTrue(d.getMessage().contains("NonZero_0") && d.getMessage().contains("depends on the input data"), d.getMessage());

        // A Reshape whose target comes from the data itself cannot be resolved either, and says which input.
        OnnxModelBuilder dynamicReshape = new OnnxModelBuilder("dyn")
                .input("x", OnnxDataType.FLOAT, "N", 3, "H", "W")
                .input("target", OnnxDataType.INT64, 2)
                .node("Reshape", List.of("x", "target"), List.of("y"))
                .output("y", OnnxDataType.FLOAT, "A", "B");
        ShapePropagationException r = assertThrows(ShapePropagationException.class,
                () -> model(dynamicReshape).activations(1, 4, 4, Precision.FP32));
        assertTrue(r.getMessage().contains("Reshape_0") && r.getMessage().contains("'target'"), r.getMessage());

        // Shapes that contradict the operator: 4 input channels into a weight expecting 3.
        OnnxModelBuilder mismatch = new OnnxModelBuilder("mismatch")
                .input("x", OnnxDataType.FLOAT, "N", 4, "H", "W")
                .initializer("w", zeros(27), 1, 3, 3, 3)
                .node("Conv", List.of("x", "w"), List.of("y"))
                .output("y", OnnxDataType.FLOAT, "N", 1, "H", "W");
        ShapePropagationException c = assertThrows(ShapePropagationException.class,
                () -> model(mismatch).activations(1, 8, 8, Precision.FP32));
        assertTrue(c.getMessage().contains("Conv_0") && c.getMessage().contains("4 channels"), c.getMessage());
    }

    @Test
    void inputBindingChecksFixedDimensionsAndNames() {
        OnnxModelBuilder fixed = new OnnxModelBuilder("fixed")
                .input("x", OnnxDataType.FLOAT, 1, 3, 518, 518)
                .node("Relu", List.of("x"), List.of("y"))
                .output("y", OnnxDataType.FLOAT, 1, 3, 518, 518);
        MemoryModel m = model(fixed);
        assertEquals(3L * 518 * 518 * 4 * 2, m.activations(1, 518, 518, Precision.FP32).peakBytes());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.activations(1, 512, 518, Precision.FP32));
        assertTrue(e.getMessage().contains("fixed height of 518"), e.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> m.activations(Map.of("image", new long[] {1, 3, 8, 8}), Precision.FP32));
        assertTrue(unknown.getMessage().contains("image"), unknown.getMessage());

        // A second input sharing the image's symbols is bound through them: mask[N,1,H,W].
        // x = 1*3*4*6*4 = 288 B, mask = 96 B, y = 288 B: all live at Mul_0, peak 672.
        OnnxModelBuilder twoInputs = new OnnxModelBuilder("masked")
                .input("mask", OnnxDataType.FLOAT, "N", 1, "H", "W")
                .input("x", OnnxDataType.FLOAT, "N", 3, "H", "W")
                .node("Mul", List.of("x", "mask"), List.of("y"))
                .output("y", OnnxDataType.FLOAT, "N", 3, "H", "W");
        ActivationMemory masked = model(twoInputs).activations(1, 4, 6, Precision.FP32);
        assertArrayEquals(new long[] {1, 1, 4, 6}, masked.shape("mask"));
        assertEquals(672, masked.peakBytes());
        IllegalArgumentException clash = assertThrows(IllegalArgumentException.class, () -> model(twoInputs).activations(
                Map.of("x", new long[] {1, 3, 4, 6}, "mask", new long[] {1, 1, 5, 6}), Precision.FP32));
        assertTrue(clash.getMessage().contains("'H'"), clash.getMessage());
    }

    @Test
    void constantsAreFoldedAndNotCountedAsActivations() {
        // Constant -> Mul by a weight -> Add to x: the constant branch is a weight, not an activation.
        // x[1,3,2,2] = 48 B; y = 48 B.  Only x and y are activations: peak 96, total 96.
        OnnxModelBuilder b = new OnnxModelBuilder("consts")
                .input("x", OnnxDataType.FLOAT, "N", 3, "H", "W")
                .initializer("scale", new float[] {2f, 3f, 4f}, 3, 1, 1)
                .node("Constant", List.of(), List.of("half"), Attribute.of("value", TensorValue.floats("", new float[] {0.5f})))
                .node("Mul", List.of("scale", "half"), List.of("bias"))
                .node("Add", List.of("x", "bias"), List.of("y"))
                .output("y", OnnxDataType.FLOAT, "N", 3, "H", "W");
        MemoryModel m = model(b);
        assertEquals(1, m.weights().constantNodeFloatElements());
        assertEquals(3, m.weights().parameters());
        ActivationMemory a = m.activations(1, 2, 2, Precision.FP32);
        assertTrue(a.tensors().get("bias").isConstant());
        assertArrayEquals(new long[] {3, 1, 1}, a.shape("bias"));
        assertEquals(96, a.peakBytes());
        assertEquals(96, a.totalBytes());
    }
}

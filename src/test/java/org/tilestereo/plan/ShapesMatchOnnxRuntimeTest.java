package org.tilestereo.plan;

import static org.junit.jupiter.api.Assertions.*;

import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tilestereo.onnx.Attribute;
import org.tilestereo.onnx.ElementType;
import org.tilestereo.onnx.OnnxDataType;
import org.tilestereo.onnx.OnnxModel;
import org.tilestereo.onnx.OnnxModelBuilder;

/**
 * The propagated shape of every activation against the shape ONNX Runtime actually produces, for
 * two input sizes each. Every intermediate tensor is made a graph output so the runtime reports it.
 */
class ShapesMatchOnnxRuntimeTest {

    @Test
    void depthAnythingShapedNetworkMatchesAtTwoSizes() throws Exception {
        int compared = compareWithRuntime(VitDptGraph.build(VitDptGraph.TINY), new int[][] {{1, 70, 98}, {2, 56, 42}});
        assertTrue(compared > 400, "compared only " + compared + " tensors");
    }

    @Test
    void assortedConvolutionalOpsMatchAtTwoSizes() throws Exception {
        int compared = compareWithRuntime(zoo(), new int[][] {{1, 7, 9}, {2, 10, 6}});
        assertTrue(compared > 40, "compared only " + compared + " tensors");
    }

    @Test
    void handWorkedGraphsMatchTheRuntimeToo() throws Exception {
        compareWithRuntime(MemoryModelTest.shapeChain(), new int[][] {{1, 4, 6}, {3, 7, 10}});
        compareWithRuntime(MemoryModelTest.attention(), new int[][] {{1, 4, 6}, {2, 8, 8}});
    }

    @Test
    void opset18FormsMatchAtTwoSizes() throws Exception {
        int compared = compareWithRuntime(opset18(), new int[][] {{2, 5, 7}, {3, 6, 9}});
        assertTrue(compared > 30, "compared only " + compared + " tensors");
    }

    /** Newer operator forms: axes as inputs or attributes, num_outputs, Shape start/end, keep_aspect_ratio_policy. */
    static OnnxModelBuilder opset18() {
        return new OnnxModelBuilder("opset18")
                .opset(18)
                .input("x", OnnxDataType.FLOAT, "N", 3, "H", "W")
                .initializer("scales23", new float[] {2f, 3f}, 2)
                .initializer("sizes32", new long[] {5, 4}, 2)
                .initializer("pads", new long[] {1, 2, 3, 4}, 4)
                .initializer("axes23", new long[] {2, 3}, 2)
                .initializer("axes1", new long[] {1}, 1)
                .initializer("axes0", new long[] {0}, 1)
                .initializer("idx", new long[] {-1, 0}, 2)
                .initializer("k2", new long[] {2}, 1)
                .initializer("ln_s", new float[] {1f, 1f, 1f}, 3)
                .initializer("cum_axis", new long[] {0})
                .initializer("fzero", new float[] {0f})
                .initializer("fstep", new float[] {1.5f})
                .initializer("four", new long[] {4}, 1)
                .initializer("vec_w", new float[32], 32)
                .initializer("ones11", new long[] {1, 1}, 2)
                .node("Split", List.of("x"), List.of("sa", "sb"), Attribute.of("axis", 3L), Attribute.of("num_outputs", 2L))
                .node("Resize", List.of("x", "", "scales23"), List.of("r1"), Attribute.ints("axes", 2, 3))
                .node("Resize", List.of("x", "", "", "sizes32"), List.of("r2"), Attribute.ints("axes", 3, 2),
                        Attribute.of("keep_aspect_ratio_policy", "not_larger"))
                .node("Resize", List.of("x", "", "", "sizes32"), List.of("r3"), Attribute.ints("axes", 2, 3),
                        Attribute.of("keep_aspect_ratio_policy", "not_smaller"))
                .node("Pad", List.of("x", "pads", "", "axes23"), List.of("pd"))
                .node("ReduceMean", List.of("x", "axes1"), List.of("rm"), Attribute.of("keepdims", 0L))
                .node("ReduceSum", List.of("x"), List.of("rs"))
                .node("Shape", List.of("x"), List.of("hw"), Attribute.of("start", 2L))
                .node("Shape", List.of("x"), List.of("ch"), Attribute.of("start", 1L), Attribute.of("end", -2L))
                .node("ConstantOfShape", List.of("hw"), List.of("plane"))
                .node("Unsqueeze", List.of("x", "axes0"), List.of("ux"))
                .node("Squeeze", List.of("ux"), List.of("sqz"))
                .node("Gather", List.of("x", "idx"), List.of("ga"), Attribute.of("axis", 1L))
                .node("TopK", List.of("x", "k2"), List.of("tv", "ti"), Attribute.of("axis", 1L))
                .node("ArgMax", List.of("x"), List.of("am"), Attribute.of("axis", 2L), Attribute.of("keepdims", 0L))
                .node("Transpose", List.of("x"), List.of("nhwc"), Attribute.ints("perm", 0, 2, 3, 1))
                .node("LayerNormalization", List.of("nhwc", "ln_s"), List.of("ln", "ln_mean", "ln_inv"), Attribute.of("axis", -1L))
                .node("CumSum", List.of("x", "cum_axis"), List.of("cs"))
                .node("Gather", List.of("hw", "axes1"), List.of("wv"))
                .node("Cast", List.of("wv"), List.of("wf"), Attribute.of("to", 1L))
                .node("Squeeze", List.of("wf"), List.of("wfs"))
                .node("Range", List.of("fzero", "wfs", "fstep"), List.of("rg"))
                .node("Mod", List.of("hw", "four"), List.of("md"))
                .node("Slice", List.of("vec_w", "axes0", "wv"), List.of("vw"))
                .node("MatMul", List.of("x", "vw"), List.of("mv"))
                .node("Expand", List.of("x", "ones11"), List.of("ex"))
                .node("Flatten", List.of("x"), List.of("fl0"), Attribute.of("axis", 0L))
                .node("Trilu", List.of("x"), List.of("tr"))
                .node("Add", List.of("x", "plane"), List.of("y"))
                .output("y", OnnxDataType.FLOAT, "N", 3, "H", "W");
    }

    /** Conv-net operators and shape ops outside the ViT: pooling with ceil_mode, Gemm, Split, Pad, norms, Tile, Range... */
    static OnnxModelBuilder zoo() {
        float[] z3 = new float[3];
        return new OnnxModelBuilder("zoo")
                .input("x", OnnxDataType.FLOAT, "N", 3, "H", "W")
                .initializer("gemm_w", new float[12], 4, 3)
                .initializer("gemm_c", new float[4], 4)
                .initializer("bn_s", z3, 3).initializer("bn_b", z3, 3).initializer("bn_m", z3, 3).initializer("bn_v", new float[] {1, 1, 1}, 3)
                .initializer("w12", new float[12 * 3], 12, 3, 1, 1)
                .initializer("wdw", new float[3 * 9], 3, 1, 3, 3)
                .initializer("wdil", new float[2 * 3 * 9], 2, 3, 3, 3)
                .initializer("wct", new float[3 * 2 * 9], 3, 2, 3, 3)
                .initializer("split", new long[] {1, 2}, 2)
                .initializer("pads", new long[] {0, 0, 1, 2, 0, 0, 3, 4}, 8)
                .initializer("axes23", new long[] {2, 3}, 2)
                .initializer("axes_last", new long[] {-1}, 1)
                .initializer("reps", new long[] {1, 1, 2, 1}, 4)
                .initializer("i3", new long[] {3})
                .initializer("zero", new long[] {0})
                .initializer("one", new long[] {1})
                .initializer("big_shape", new long[] {2, 1, 1, 1, 1}, 5)
                .initializer("rev_start", new long[] {-1}, 1)
                .initializer("rev_end", new long[] {Long.MIN_VALUE}, 1)
                .initializer("ax3", new long[] {3}, 1)
                .initializer("step_m2", new long[] {-2}, 1)
                .initializer("half", new float[] {1, 1, 0.5f, 0.5f}, 4)
                .initializer("lo", new float[] {-1f})
                .initializer("hi", new float[] {1f})
                .initializer("two", new float[] {2f})
                .node("MaxPool", List.of("x"), List.of("mp"), Attribute.ints("kernel_shape", 3, 3), Attribute.ints("strides", 2, 2),
                        Attribute.ints("pads", 1, 1, 1, 1), Attribute.of("ceil_mode", 1L))
                .node("MaxPool", List.of("x"), List.of("mp2"), Attribute.ints("kernel_shape", 2, 2), Attribute.ints("strides", 2, 2),
                        Attribute.ints("pads", 1, 1, 1, 1), Attribute.of("ceil_mode", 1L))
                .node("AveragePool", List.of("x"), List.of("ap"), Attribute.ints("kernel_shape", 2, 2), Attribute.ints("strides", 2, 2),
                        Attribute.of("ceil_mode", 1L))
                .node("AveragePool", List.of("x"), List.of("ap_same"), Attribute.ints("kernel_shape", 3, 3),
                        Attribute.ints("strides", 2, 2), Attribute.of("auto_pad", "SAME_UPPER"))
                .node("GlobalAveragePool", List.of("x"), List.of("gp"))
                .node("Flatten", List.of("gp"), List.of("fl"))
                .node("Gemm", List.of("fl", "gemm_w", "gemm_c"), List.of("gm"), Attribute.of("transB", 1L))
                .node("Split", List.of("x", "split"), List.of("sp0", "sp1"), Attribute.of("axis", 1L))
                .node("Pad", List.of("sp0", "pads"), List.of("pd"))
                .node("BatchNormalization", List.of("x", "bn_s", "bn_b", "bn_m", "bn_v"), List.of("bn"))
                .node("InstanceNormalization", List.of("x", "bn_s", "bn_b"), List.of("inorm"))
                .node("Clip", List.of("bn", "lo", "hi"), List.of("cl"))
                .node("ReduceMean", List.of("inorm"), List.of("rm"), Attribute.ints("axes", 2, 3))
                .node("Squeeze", List.of("rm", "axes23"), List.of("sq"))
                .node("Shape", List.of("x"), List.of("sx"))
                .node("Gather", List.of("sx", "i3"), List.of("wd"))
                .node("Range", List.of("zero", "wd", "one"), List.of("rg"))
                .node("Tile", List.of("x", "reps"), List.of("tl"))
                .node("Conv", List.of("x", "w12"), List.of("c12"))
                .node("DepthToSpace", List.of("c12"), List.of("d2s"), Attribute.of("blocksize", 2L))
                .node("Conv", List.of("x", "wdw"), List.of("dw"), Attribute.of("group", 3L), Attribute.ints("pads", 1, 1, 1, 1))
                .node("Conv", List.of("x", "wdil"), List.of("dil"), Attribute.ints("dilations", 2, 2), Attribute.ints("pads", 2, 2, 2, 2))
                .node("ConvTranspose", List.of("x", "wct"), List.of("ct"), Attribute.ints("strides", 2, 2),
                        Attribute.ints("pads", 1, 1, 1, 1), Attribute.ints("output_padding", 1, 1))
                .node("Expand", List.of("x", "big_shape"), List.of("ex"))
                .node("Unsqueeze", List.of("x", "axes_last"), List.of("uq"))
                .node("Slice", List.of("x", "rev_start", "rev_end", "ax3", "step_m2"), List.of("rev"))
                .node("Resize", List.of("x", "", "half"), List.of("rs"), Attribute.of("mode", "nearest"))
                .node("Abs", List.of("x"), List.of("ab"))
                .node("Sqrt", List.of("ab"), List.of("sr"))
                .node("Pow", List.of("sr", "two"), List.of("pw"))
                .node("Neg", List.of("pw"), List.of("ng"))
                .node("Exp", List.of("ng"), List.of("ep"))
                .node("Log", List.of("ep"), List.of("lg"))
                .node("Floor", List.of("lg"), List.of("fr"))
                .node("Ceil", List.of("fr"), List.of("ce"))
                .node("Max", List.of("ce", "bn", "two"), List.of("mx"))
                .node("Min", List.of("mx", "cl"), List.of("mn"))
                .node("Sigmoid", List.of("mn"), List.of("sg"))
                .node("Tanh", List.of("sg"), List.of("th"))
                .node("Sub", List.of("th", "gp"), List.of("sb"))
                .node("Equal", List.of("sb", "two"), List.of("eq"))
                .node("Where", List.of("eq", "sb", "gp"), List.of("wh"))
                .node("Softmax", List.of("wh"), List.of("sm"), Attribute.of("axis", 1L))
                .node("Cast", List.of("rg"), List.of("rgf"), Attribute.of("to", 1L))
                .node("Add", List.of("sm", "rgf"), List.of("y"))
                .output("y", OnnxDataType.FLOAT, "N", 3, "H", "W");
    }

    /**
     * Adds every activation of the model as a graph output (symbolic dims of the propagated rank),
     * runs ONNX Runtime at each size on zeros, and compares all shapes. Returns how many it compared.
     */
    static int compareWithRuntime(OnnxModelBuilder builder, int[][] sizes) throws Exception {
        OnnxModel original = OnnxModel.read(builder.build());
        MemoryModel probe = MemoryModel.of(original);
        String input = probe.imageInput().name();
        Set<String> declared = new HashSet<>();
        original.graph().outputs().forEach(o -> declared.add(o.name()));
        List<String> names = new ArrayList<>();
        int extra = 0;
        for (org.tilestereo.plan.TensorInfo t : probe.propagate(sizes[0][0], sizes[0][1], sizes[0][2]).values()) {
            if (t.isConstant() || t.name().equals(input)) {
                continue;
            }
            // The builder writes FLOAT and INT64 outputs; BOOL intermediates (Equal) are checked through their consumers.
            OnnxDataType type = t.type() == ElementType.FLOAT ? OnnxDataType.FLOAT : t.type() == ElementType.INT64 ? OnnxDataType.INT64 : null;
            if (type == null) {
                continue;
            }
            names.add(t.name());
            if (!declared.contains(t.name())) {
                Object[] dims = new Object[t.rank()];
                for (int d = 0; d < dims.length; d++) {
                    dims[d] = "d" + extra + "_" + d;
                }
                builder.output(t.name(), type, dims);
                extra++;
            }
        }
        MemoryModel m = MemoryModel.of(OnnxModel.read(builder.build()));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int compared = 0;
        try (OrtSession session = env.createSession(builder.build(), new OrtSession.SessionOptions())) {
            for (int[] size : sizes) {
                long[] shape = m.inputShapes(size[0], size[1], size[2]).get(input);
                Map<String, org.tilestereo.plan.TensorInfo> ours = m.propagate(size[0], size[1], size[2]);
                FloatBuffer zeros = FloatBuffer.allocate((int) (shape[0] * shape[1] * shape[2] * shape[3]));
                try (ai.onnxruntime.OnnxTensor in = ai.onnxruntime.OnnxTensor.createTensor(env, zeros, shape);
                     OrtSession.Result result = session.run(Map.of(input, in))) {
                    for (String name : names) {
                        OnnxValue v = result.get(name).orElseThrow(() -> new AssertionError("runtime did not return " + name));
                        long[] actual = ((TensorInfo) v.getInfo()).getShape();
                        assertArrayEquals(actual, ours.get(name).shape(), "tensor '" + name + "' at " + Arrays.toString(shape)
                                + ": runtime " + Arrays.toString(actual));
                        compared++;
                    }
                }
            }
        }
        return compared;
    }
}

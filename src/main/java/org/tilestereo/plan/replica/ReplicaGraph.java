package org.tilestereo.plan.replica;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.tilestereo.onnx.Attribute;
import org.tilestereo.onnx.OnnxDataType;
import org.tilestereo.onnx.OnnxModelBuilder;
import org.tilestereo.onnx.StreamedTensor;
import org.tilestereo.onnx.TensorValue;

/**
 * The layers the replicas are made of, written as ONNX nodes into one model. Parameters become
 * float initializers with random data generated at write time; every other constant (shapes,
 * scale factors) is a Constant node, so the float initializers are exactly the parameters.
 */
final class ReplicaGraph {
    final OnnxModelBuilder model;
    private final long seed;
    private final Map<String, String> constants = new HashMap<>();
    private int values;

    ReplicaGraph(OnnxModelBuilder model, long seed) {
        this.model = model;
        this.seed = seed;
    }

    /** A parameter tensor named as in the PyTorch state dict, uniform random with this mean and std. */
    String param(String name, float mean, float std, long... dims) {
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        model.initializer(new StreamedTensor(name, OnnxDataType.FLOAT, dims,
                RandomWeights.of(seed, name, count, mean, std)));
        return name;
    }

    /** A node with one output, named after the op and a running number. */
    String op(String opType, List<String> inputs, Attribute... attributes) {
        String out = opType.toLowerCase() + "_" + values++;
        model.node(opType, inputs, List.of(out), attributes);
        return out;
    }

    String ints(long... v) {
        return constant("i" + Arrays.toString(v), () -> TensorValue.longs("", v, v.length));
    }

    /** An int64 scalar (rank 0), as Gather needs to drop the axis it picks from. */
    String intScalar(long v) {
        return constant("is" + v, () -> TensorValue.longs("", new long[] {v}));
    }

    String floatScalar(float v) {
        return constant("fs" + Float.floatToRawIntBits(v), () -> TensorValue.floats("", new float[] {v}));
    }

    String floats(float... v) {
        return constant("f" + Arrays.toString(v), () -> TensorValue.floats("", v, v.length));
    }

    private String constant(String key, Supplier<TensorValue> value) {
        return constants.computeIfAbsent(key, k -> op("Constant", List.of(), Attribute.of("value", value.get())));
    }

    String add(String a, String b) {
        return op("Add", List.of(a, b));
    }

    String mul(String a, String b) {
        return op("Mul", List.of(a, b));
    }

    String relu(String x) {
        return op("Relu", List.of(x));
    }

    /** Exact GELU, 0.5 x (1 + erf(x / sqrt 2)), PyTorch's nn.GELU() default; Gelu itself needs opset 20. */
    String gelu(String x) {
        String erf = op("Erf", List.of(op("Mul", List.of(x, floatScalar((float) (1 / Math.sqrt(2)))))));
        return mul(mul(x, add(erf, floatScalar(1f))), floatScalar(0.5f));
    }

    String transpose(String x, long... perm) {
        return op("Transpose", List.of(x), Attribute.ints("perm", perm));
    }

    String reshape(String x, String shape) {
        return op("Reshape", List.of(x, shape));
    }

    String concat(long axis, String... parts) {
        return op("Concat", List.of(parts), Attribute.of("axis", axis));
    }

    /** Dimensions [start, end) of x's shape as an int64 vector. */
    String shape(String x, long start, long end) {
        return op("Shape", List.of(x), Attribute.of("start", start), Attribute.of("end", end));
    }

    String slice(String x, long axis, long start, long end) {
        return op("Slice", List.of(x, ints(start), ints(end), ints(axis)));
    }

    /** nn.Linear: x W + b, with W stored [in, out] as exporters fold PyTorch's transposed weight. */
    String linear(String x, String prefix, long in, long out, float std) {
        String w = param(prefix + ".weight", 0f, std, in, out);
        String b = param(prefix + ".bias", 0f, 0.02f, out);
        return add(op("MatMul", List.of(x, w)), b);
    }

    /** nn.LayerNorm over the last axis, eps 1e-6 as DINOv2 builds it. */
    String layerNorm(String x, String prefix, long channels) {
        String g = param(prefix + ".weight", 1f, 0.02f, channels);
        String b = param(prefix + ".bias", 0f, 0.02f, channels);
        return op("LayerNormalization", List.of(x, g, b), Attribute.of("axis", -1L), Attribute.of("epsilon", 1e-6f));
    }

    /** nn.Conv2d, square kernel. Weights scaled by fan-in so a deep stack of them keeps its signal. */
    String conv(String x, String prefix, long in, long out, long kernel, long stride, long pad, boolean bias) {
        float std = (float) (1 / Math.sqrt(in * kernel * kernel));
        return conv(x, prefix, in, out, kernel, stride, pad, bias, std);
    }

    String conv(String x, String prefix, long in, long out, long kernel, long stride, long pad, boolean bias, float std) {
        String w = param(prefix + ".weight", 0f, std, out, in, kernel, kernel);
        List<String> inputs = bias ? List.of(x, w, param(prefix + ".bias", 0f, 0.02f, out)) : List.of(x, w);
        return op("Conv", inputs, Attribute.ints("kernel_shape", kernel, kernel), Attribute.ints("strides", stride, stride),
                Attribute.ints("pads", pad, pad, pad, pad));
    }

    /** nn.ConvTranspose2d with kernel = stride, no padding: each input pixel becomes a kernel x kernel block. */
    String convTranspose(String x, String prefix, long channels, long kernel) {
        // Each output pixel sums one tap per input channel, so the fan-in is the channel count.
        String w = param(prefix + ".weight", 0f, (float) (1 / Math.sqrt(channels)), channels, channels, kernel, kernel);
        String b = param(prefix + ".bias", 0f, 0.02f, channels);
        return op("ConvTranspose", List.of(x, w, b), Attribute.ints("kernel_shape", kernel, kernel),
                Attribute.ints("strides", kernel, kernel));
    }

    /** F.interpolate(mode="bilinear", align_corners=True) to the full NCHW size given as an int64[4]. */
    String resizeBilinearTo(String x, String sizes) {
        return op("Resize", List.of(x, "", "", sizes), Attribute.of("mode", "linear"),
                Attribute.of("coordinate_transformation_mode", "align_corners"));
    }

    /** F.interpolate(mode="bilinear", align_corners=True) by a scale factor per NCHW axis (float[4]). */
    String resizeBilinearBy(String x, String scales) {
        return op("Resize", List.of(x, "", scales), Attribute.of("mode", "linear"),
                Attribute.of("coordinate_transformation_mode", "align_corners"));
    }

    /**
     * F.interpolate(mode="bicubic", align_corners=False) to the full NCHW size given as an
     * int64[4], with PyTorch's cubic coefficient -0.75.
     */
    String resizeBicubicTo(String x, String sizes) {
        return op("Resize", List.of(x, "", "", sizes), Attribute.of("mode", "cubic"), Attribute.of("cubic_coeff_a", -0.75f),
                Attribute.of("coordinate_transformation_mode", "half_pixel"));
    }
}

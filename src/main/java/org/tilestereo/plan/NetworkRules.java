package org.tilestereo.plan;

import java.util.Arrays;
import java.util.Map;
import org.tilestereo.onnx.ElementType;

/** Layers with their own size arithmetic: convolutions, pooling, matrix products and resizing. */
final class NetworkRules {
    private NetworkRules() {
    }

    static void register(Map<String, ShapeRule> rules) {
        rules.put("Conv", NetworkRules::conv);
        rules.put("ConvTranspose", NetworkRules::convTranspose);
        rules.put("MaxPool", NetworkRules::pool);
        rules.put("AveragePool", NetworkRules::pool);
        rules.put("LpPool", NetworkRules::pool);
        for (String op : new String[] {"GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool"}) {
            rules.put(op, c -> {
                long[] out = c.shape(0);
                if (out.length < 3) {
                    throw c.fail("expects N, C and spatial dimensions, got " + Shapes.str(out));
                }
                Arrays.fill(out, 2, out.length, 1);
                c.out(0, c.type(0), out);
            });
        }
        rules.put("MatMul", NetworkRules::matMul);
        rules.put("Gemm", NetworkRules::gemm);
        rules.put("Resize", NetworkRules::resize);
        rules.put("Upsample", NetworkRules::upsample);
    }

    /** ONNX Runtime's own NCHWc layout domain, which its CPU graph optimizer writes. */
    static final String NCHWC = "com.microsoft.nchwc";
    /** ONNX Runtime's contrib operator domain. */
    static final String MICROSOFT = "com.microsoft";

    /**
     * Operators ONNX Runtime's CPU optimizer puts into the graph it runs (keys "domain:op"), so the
     * memory model can follow the graph the runtime really executes. Shapes as its kernels make them:
     * an NCHWc tensor is N x C x H x W with C rounded up to the block (c.nchwcBlock()).
     */
    static void registerOnnxRuntime(Map<String, ShapeRule> rules) {
        rules.put(NCHWC + ":Conv", NetworkRules::nchwcConv);
        rules.put(NCHWC + ":ReorderInput", c -> {
            long[] x = c.shape(0);
            if (x.length != 4) {
                throw c.fail("expects a rank-4 input, got " + Shapes.str(x));
            }
            boolean last = c.attrInt("channels_last", 0) == 1;
            long channels = last ? x[3] : x[1];
            long block = c.nchwcBlock();
            long padded = (channels + block - 1) / block * block;
            c.out(0, c.type(0), last ? new long[] {x[0], padded, x[1], x[2]} : new long[] {x[0], padded, x[2], x[3]});
        });
        rules.put(NCHWC + ":ReorderOutput", c -> {
            long[] x = c.shape(0);
            long channels = c.attrInt("channels", -1);
            if (x.length != 4 || channels < 1 || channels > x[1]) {
                throw c.fail("expects a rank-4 NCHWc input and 1.." + (x.length == 4 ? x[1] : "C") + " channels, got "
                        + Shapes.str(x) + " and " + channels);
            }
            boolean last = c.attrInt("channels_last", 0) == 1;
            c.out(0, c.type(0), last ? new long[] {x[0], x[2], x[3], channels} : new long[] {x[0], channels, x[2], x[3]});
        });
        rules.put(NCHWC + ":Upsample", c -> {
            long[] x = c.shape(0);
            long[] scales = c.attrInts("scales", null);
            if (x.length != 4 || scales == null || scales.length != 4 || scales[2] < 1 || scales[3] < 1) {
                throw c.fail("expects a rank-4 input and four integer scales, got " + Shapes.str(x) + " and "
                        + Arrays.toString(scales));
            }
            c.out(0, c.type(0), new long[] {x[0], x[1], Math.multiplyExact(x[2], scales[2]), Math.multiplyExact(x[3], scales[3])});
        });
        rules.put(NCHWC + ":MaxPool", NetworkRules::pool);
        rules.put(NCHWC + ":AveragePool", NetworkRules::pool);
        rules.put(NCHWC + ":GlobalMaxPool", rules.get("GlobalMaxPool"));
        rules.put(NCHWC + ":GlobalAveragePool", rules.get("GlobalAveragePool"));
        rules.put(MICROSOFT + ":FusedConv", NetworkRules::conv);
        rules.put(MICROSOFT + ":FusedGemm", NetworkRules::gemm);
        rules.put(MICROSOFT + ":FusedMatMul", NetworkRules::fusedMatMul);
    }

    /** A convolution in NCHWc layout: output channels are the (block-padded) weight's first dimension. */
    private static void nchwcConv(OpContext c) {
        long[] x = c.shape(0);
        long[] w = c.shape(1);
        if (x.length != 4 || w.length != 4) {
            throw c.fail("expects a rank-4 input and weight, got " + Shapes.str(x) + " and " + Shapes.str(w));
        }
        Window win = window(c, 2, Shapes.range(w, 2, 4));
        long[] out = {x[0], w[0], slide(c, win, 0, x[2], false), slide(c, win, 1, x[3], false)};
        if (c.has(3) && !Arrays.equals(c.shape(3), out)) {
            throw c.fail("the sum input " + Shapes.str(c.shape(3)) + " differs from the output " + Shapes.str(out));
        }
        c.out(0, c.type(0), out);
    }

    /** MatMul with its operands' last two axes optionally transposed (transA, transB) and scaled. */
    private static void fusedMatMul(OpContext c) {
        if (c.attrInt("transBatchA", 0) != 0 || c.attrInt("transBatchB", 0) != 0) {
            throw c.fail("transBatchA/transBatchB are not modelled");
        }
        long[] a = transposedLast(c, c.shape(0), c.attrInt("transA", 0) == 1);
        long[] b = transposedLast(c, c.shape(1), c.attrInt("transB", 0) == 1);
        c.out(0, c.type(0), matMulShape(c, a, b));
    }

    private static long[] transposedLast(OpContext c, long[] s, boolean transpose) {
        if (!transpose) {
            return s;
        }
        if (s.length < 2) {
            throw c.fail("cannot transpose an operand of rank " + s.length);
        }
        long[] t = s.clone();
        t[s.length - 2] = s[s.length - 1];
        t[s.length - 1] = s[s.length - 2];
        return t;
    }

    /** Kernel, strides, dilations and pads of a sliding-window op with {@code n} spatial axes. */
    private record Window(long[] kernel, long[] strides, long[] dilations, long[] pads, String autoPad) {
        long effective(int i) {
            return (kernel[i] - 1) * dilations[i] + 1;
        }
    }

    private static Window window(OpContext c, int n, long[] kernelFromWeights) {
        long[] kernel = c.attrInts("kernel_shape", kernelFromWeights);
        if (kernel == null) {
            throw c.fail("attribute 'kernel_shape' is required");
        }
        if (kernelFromWeights != null && !Arrays.equals(kernel, kernelFromWeights)) {
            throw c.fail("kernel_shape " + Arrays.toString(kernel) + " differs from the weight's " + Arrays.toString(kernelFromWeights));
        }
        long[] strides = c.attrInts("strides", ones(n));
        long[] dilations = c.attrInts("dilations", ones(n));
        long[] pads = c.attrInts("pads", new long[2 * n]);
        String autoPad = c.attrString("auto_pad", "NOTSET");
        if (kernel.length != n || strides.length != n || dilations.length != n || pads.length != 2 * n) {
            throw c.fail("kernel_shape/strides/dilations/pads do not match " + n + " spatial dimensions");
        }
        for (int i = 0; i < n; i++) {
            if (kernel[i] < 1 || strides[i] < 1 || dilations[i] < 1) {
                throw c.fail("kernel, strides and dilations must be >= 1");
            }
        }
        return new Window(kernel, strides, dilations, pads, autoPad);
    }

    private static long[] ones(int n) {
        long[] a = new long[n];
        Arrays.fill(a, 1);
        return a;
    }

    /** Output size of a convolution or pooling window along one axis. */
    private static long slide(OpContext c, Window w, int i, long in, boolean ceilMode) {
        long eff = w.effective(i);
        long s = w.strides()[i];
        long out;
        switch (w.autoPad()) {
            case "SAME_UPPER", "SAME_LOWER" -> out = ShapeRules.ceilDiv(in, s);
            case "VALID" -> out = in >= eff ? (in - eff) / s + 1 : 0;
            case "NOTSET" -> {
                long padded = in + w.pads()[i] + w.pads()[i + w.kernel().length];
                if (padded < eff) {
                    out = 0;
                } else if (ceilMode) {
                    out = ShapeRules.ceilDiv(padded - eff, s) + 1;
                    // The last window must start inside the input or its leading padding (PyTorch's rule, which ONNX Runtime follows).
                    if ((out - 1) * s >= in + w.pads()[i]) {
                        out--;
                    }
                } else {
                    out = (padded - eff) / s + 1;
                }
            }
            default -> throw c.fail("unknown auto_pad '" + w.autoPad() + "'");
        }
        if (out < 1) {
            throw c.fail("window " + eff + " (kernel " + w.kernel()[i] + ", dilation " + w.dilations()[i]
                    + ") does not fit spatial size " + in + " with its padding");
        }
        return out;
    }

    private static void conv(OpContext c) {
        long[] x = c.shape(0);
        long[] w = c.shape(1);
        if (x.length < 3 || w.length != x.length) {
            throw c.fail("input " + Shapes.str(x) + " and weight " + Shapes.str(w) + " must both be N, C and spatial dims of the same rank");
        }
        int n = x.length - 2;
        long group = c.attrInt("group", 1);
        if (group < 1 || x[1] != w[1] * group) {
            throw c.fail("input has " + x[1] + " channels, weight " + Shapes.str(w) + " with group " + group
                    + " expects " + w[1] * group);
        }
        if (w[0] % group != 0) {
            throw c.fail(w[0] + " output channels do not divide into " + group + " groups");
        }
        if (c.has(2) && !Arrays.equals(c.shape(2), new long[] {w[0]})) {
            throw c.fail("bias " + Shapes.str(c.shape(2)) + " does not match " + w[0] + " output channels");
        }
        Window win = window(c, n, Shapes.range(w, 2, w.length));
        long[] out = new long[x.length];
        out[0] = x[0];
        out[1] = w[0];
        for (int i = 0; i < n; i++) {
            out[i + 2] = slide(c, win, i, x[i + 2], false);
        }
        c.out(0, c.type(0), out);
    }

    private static void convTranspose(OpContext c) {
        long[] x = c.shape(0);
        long[] w = c.shape(1);
        if (x.length < 3 || w.length != x.length) {
            throw c.fail("input " + Shapes.str(x) + " and weight " + Shapes.str(w) + " must both be N, C and spatial dims of the same rank");
        }
        int n = x.length - 2;
        long group = c.attrInt("group", 1);
        if (group < 1 || x[1] != w[0]) {
            throw c.fail("input has " + x[1] + " channels, weight " + Shapes.str(w) + " expects " + w[0]);
        }
        long outChannels = w[1] * group;
        if (c.has(2) && !Arrays.equals(c.shape(2), new long[] {outChannels})) {
            throw c.fail("bias " + Shapes.str(c.shape(2)) + " does not match " + outChannels + " output channels");
        }
        Window win = window(c, n, Shapes.range(w, 2, w.length));
        long[] outputPadding = c.attrInts("output_padding", new long[n]);
        long[] outputShape = c.attrInts("output_shape", null);
        if (outputPadding.length != n) {
            throw c.fail("output_padding does not match " + n + " spatial dimensions");
        }
        long[] out = new long[x.length];
        out[0] = x[0];
        out[1] = outChannels;
        for (int i = 0; i < n; i++) {
            long size;
            if (outputShape != null) {
                if (outputShape.length != n && outputShape.length != n + 2) {
                    throw c.fail("output_shape " + Arrays.toString(outputShape) + " does not match " + n + " spatial dimensions");
                }
                size = outputShape[outputShape.length - n + i];
            } else if (win.autoPad().startsWith("SAME")) {
                size = x[i + 2] * win.strides()[i];
            } else {
                long pads = win.autoPad().equals("VALID") ? 0 : win.pads()[i] + win.pads()[i + n];
                size = win.strides()[i] * (x[i + 2] - 1) + outputPadding[i] + win.effective(i) - pads;
            }
            if (size < 1) {
                throw c.fail("spatial axis " + i + " would have size " + size);
            }
            out[i + 2] = size;
        }
        c.out(0, c.type(0), out);
    }

    private static void pool(OpContext c) {
        long[] x = c.shape(0);
        if (x.length < 3) {
            throw c.fail("expects N, C and spatial dimensions, got " + Shapes.str(x));
        }
        int n = x.length - 2;
        Window win = window(c, n, null);
        boolean ceil = c.attrInt("ceil_mode", 0) == 1;
        long[] out = x.clone();
        for (int i = 0; i < n; i++) {
            out[i + 2] = slide(c, win, i, x[i + 2], ceil);
        }
        c.out(0, c.type(0), out);
        c.out(1, ElementType.INT64, out);
    }

    private static void matMul(OpContext c) {
        c.out(0, c.type(0), matMulShape(c, c.shape(0), c.shape(1)));
    }

    private static long[] matMulShape(OpContext c, long[] a, long[] b) {
        if (a.length == 0 || b.length == 0) {
            throw c.fail("MatMul operands must have rank >= 1, got " + Shapes.str(a) + " and " + Shapes.str(b));
        }
        long[] aa = a.length == 1 ? new long[] {1, a[0]} : a;
        long[] bb = b.length == 1 ? new long[] {b[0], 1} : b;
        long k = aa[aa.length - 1];
        if (k != bb[bb.length - 2]) {
            throw c.fail("inner dimensions differ: " + Shapes.str(a) + " x " + Shapes.str(b));
        }
        long[] batch = ElementwiseRules.broadcast(c, Shapes.range(aa, 0, aa.length - 2), Shapes.range(bb, 0, bb.length - 2));
        long[] rows = a.length == 1 ? new long[0] : new long[] {aa[aa.length - 2]};
        long[] cols = b.length == 1 ? new long[0] : new long[] {bb[bb.length - 1]};
        return Shapes.concat(Shapes.concat(batch, rows), cols);
    }

    private static void gemm(OpContext c) {
        long[] a = c.shape(0);
        long[] b = c.shape(1);
        if (a.length != 2 || b.length != 2) {
            throw c.fail("Gemm operands must be matrices, got " + Shapes.str(a) + " and " + Shapes.str(b));
        }
        boolean ta = c.attrInt("transA", 0) == 1;
        boolean tb = c.attrInt("transB", 0) == 1;
        long m = ta ? a[1] : a[0];
        long k = ta ? a[0] : a[1];
        long k2 = tb ? b[1] : b[0];
        long n = tb ? b[0] : b[1];
        if (k != k2) {
            throw c.fail("inner dimensions differ: " + Shapes.str(a) + (ta ? "^T" : "") + " x " + Shapes.str(b) + (tb ? "^T" : ""));
        }
        long[] out = {m, n};
        if (c.has(2)) {
            long[] bias = c.shape(2);
            if (!Arrays.equals(ElementwiseRules.broadcast(c, bias, out), out)) {
                throw c.fail("bias " + Shapes.str(bias) + " does not broadcast to " + Shapes.str(out));
            }
        }
        c.out(0, c.type(0), out);
    }

    private static void resize(OpContext c) {
        long[] x = c.shape(0);
        int r = x.length;
        int scalesAt = c.opset < 11 ? 1 : 2;
        int sizesAt = c.opset < 11 ? -1 : 3;
        // Exporters fill unused scales/sizes slots with empty tensors rather than leaving them out.
        boolean scalesGiven = c.has(scalesAt) && c.in(scalesAt).elementCount() > 0;
        boolean sizesGiven = sizesAt > 0 && c.has(sizesAt) && c.in(sizesAt).elementCount() > 0;
        if (scalesGiven == sizesGiven) {
            throw c.fail("exactly one of 'scales' and 'sizes' must be given");
        }
        long[] axes = c.opset >= 18 ? c.attrInts("axes", null) : null;
        int[] ax = new int[axes == null ? r : axes.length];
        for (int i = 0; i < ax.length; i++) {
            ax[i] = axes == null ? i : c.axis(axes[i], r);
        }
        long[] out = x.clone();
        if (sizesGiven) {
            long[] sizes = c.requireLongs(sizesAt, "sizes");
            if (sizes.length != ax.length) {
                throw c.fail("sizes " + Arrays.toString(sizes) + " do not match " + ax.length + " axes of " + Shapes.str(x));
            }
            String policy = c.attrString("keep_aspect_ratio_policy", "stretch");
            if (policy.equals("stretch")) {
                for (int i = 0; i < ax.length; i++) {
                    out[ax[i]] = sizes[i];
                }
            } else if (policy.equals("not_larger") || policy.equals("not_smaller")) {
                float scale = policy.equals("not_larger") ? Float.MAX_VALUE : 0f;
                for (int i = 0; i < ax.length; i++) {
                    float s = (float) sizes[i] / (float) x[ax[i]];
                    scale = policy.equals("not_larger") ? Math.min(scale, s) : Math.max(scale, s);
                }
                for (int i = 0; i < ax.length; i++) {
                    out[ax[i]] = Math.round(scale * (float) x[ax[i]]);
                }
            } else {
                throw c.fail("unknown keep_aspect_ratio_policy '" + policy + "'");
            }
        } else {
            if (c.attrString("coordinate_transformation_mode", "half_pixel").equals("tf_crop_and_resize")) {
                throw c.fail("tf_crop_and_resize with scales is not supported");
            }
            double[] scales = c.requireDoubles(scalesAt, "scales");
            if (scales.length != ax.length) {
                throw c.fail("scales " + Arrays.toString(scales) + " do not match " + ax.length + " axes of " + Shapes.str(x));
            }
            for (int i = 0; i < ax.length; i++) {
                out[ax[i]] = scaled(c, x[ax[i]], scales[i]);
            }
        }
        c.out(0, c.type(0), out);
    }

    private static void upsample(OpContext c) {
        long[] x = c.shape(0);
        double[] scales;
        if (c.has(1)) {
            scales = c.requireDoubles(1, "scales");
        } else {
            float[] f = c.node.attrFloats("scales", null);
            if (f == null) {
                throw c.fail("needs 'scales' as an input or an attribute");
            }
            scales = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                scales[i] = f[i];
            }
        }
        if (scales.length != x.length) {
            throw c.fail("scales " + Arrays.toString(scales) + " do not match rank " + x.length);
        }
        long[] out = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = scaled(c, x[i], scales[i]);
        }
        c.out(0, c.type(0), out);
    }

    /** floor(size x scale) in single precision, the arithmetic ONNX Runtime uses for Resize's output size. */
    private static long scaled(OpContext c, long size, double scale) {
        if (!(scale > 0)) {
            throw c.fail("scale " + scale + " must be positive");
        }
        return (long) Math.floor((float) scale * (float) size);
    }
}

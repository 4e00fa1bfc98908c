package org.tilestereo.plan;

import java.util.Arrays;
import java.util.Map;
import org.tilestereo.onnx.ElementType;
import org.tilestereo.onnx.OnnxAttribute;
import org.tilestereo.onnx.OnnxTensor;

/**
 * Operators that move, cut, join or create tensors: the shape-arithmetic chain
 * (Shape, Gather, Unsqueeze, Concat, Reshape, ...) and the constants behind it. Their values are
 * folded whenever the inputs are known, because later Reshape/Resize/Expand nodes need them.
 */
final class ShapeRules {
    private ShapeRules() {
    }

    static void register(Map<String, ShapeRule> rules) {
        rules.put("Shape", ShapeRules::shape);
        rules.put("Size", c -> c.out(0, ElementType.INT64, new long[0],
                ConstValue.ofLongs(ElementType.INT64, new long[0], new long[] {c.in(0).elementCount()})));
        rules.put("Reshape", ShapeRules::reshape);
        rules.put("Flatten", ShapeRules::flatten);
        rules.put("Transpose", ShapeRules::transpose);
        rules.put("Concat", ShapeRules::concat);
        rules.put("Slice", ShapeRules::slice);
        rules.put("Gather", ShapeRules::gather);
        rules.put("GatherElements", c -> c.out(0, c.type(0), c.shape(1)));
        rules.put("Split", ShapeRules::split);
        rules.put("Expand", ShapeRules::expand);
        rules.put("Squeeze", ShapeRules::squeeze);
        rules.put("Unsqueeze", ShapeRules::unsqueeze);
        rules.put("ConstantOfShape", ShapeRules::constantOfShape);
        rules.put("Constant", ShapeRules::constant);
        rules.put("Range", ShapeRules::range);
        rules.put("Tile", ShapeRules::tile);
        rules.put("Pad", ShapeRules::pad);
        rules.put("DepthToSpace", c -> spaceDepth(c, true));
        rules.put("SpaceToDepth", c -> spaceDepth(c, false));
        for (String op : new String[] {"ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1",
                "ReduceL2", "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare"}) {
            rules.put(op, ShapeRules::reduce);
        }
        rules.put("ArgMax", ShapeRules::argExtreme);
        rules.put("ArgMin", ShapeRules::argExtreme);
        rules.put("TopK", ShapeRules::topK);
        for (String op : new String[] {"NonZero", "Unique", "Compress", "NonMaxSuppression", "StringSplit"}) {
            rules.put(op, c -> {
                throw c.fail("its output shape depends on the input data, which the memory model does not have");
            });
        }
        for (String op : new String[] {"If", "Loop", "Scan", "SequenceConstruct", "SplitToSequence", "ConcatFromSequence"}) {
            rules.put(op, c -> {
                throw c.fail("control flow and sequences are not supported by the memory model");
            });
        }
    }

    private static void shape(OpContext c) {
        long[] s = c.shape(0);
        int r = s.length;
        long start = c.opset >= 15 ? c.attrInt("start", 0) : 0;
        long end = c.opset >= 15 ? c.attrInt("end", r) : r;
        start = clamp(start < 0 ? start + r : start, 0, r);
        end = clamp(end < 0 ? end + r : end, 0, r);
        long[] v = end > start ? Arrays.copyOfRange(s, (int) start, (int) end) : new long[0];
        c.out(0, ElementType.INT64, new long[] {v.length}, ConstValue.int64Vector(v));
    }

    private static void reshape(OpContext c) {
        long[] in = c.shape(0);
        long[] target = c.opset < 5 ? requireAttr(c, "shape") : c.requireLongs(1, "shape");
        boolean allowZero = c.attrInt("allowzero", 0) == 1;
        long[] out = new long[target.length];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < target.length; i++) {
            long t = target[i];
            if (t == 0 && !allowZero) {
                if (i >= in.length) {
                    throw c.fail("shape " + Shapes.str(target) + " copies dimension " + i + " (0) from input " + Shapes.str(in) + ", which has no such dimension");
                }
                out[i] = in[i];
            } else if (t == -1) {
                if (infer >= 0) {
                    throw c.fail("shape " + Shapes.str(target) + " has more than one -1");
                }
                infer = i;
                continue;
            } else if (t < 0) {
                throw c.fail("shape " + Shapes.str(target) + " has a negative dimension other than -1");
            } else {
                out[i] = t;
            }
            known = Math.multiplyExact(known, out[i]);
        }
        long total = Shapes.count(in);
        if (infer >= 0) {
            if (known == 0 || total % known != 0) {
                throw c.fail("cannot reshape " + Shapes.str(in) + " (" + total + " elements) to " + Shapes.str(target));
            }
            out[infer] = total / known;
        }
        if (Shapes.count(out) != total) {
            throw c.fail("cannot reshape " + Shapes.str(in) + " (" + total + " elements) to " + Shapes.str(target)
                    + " (" + Shapes.count(out) + " elements)");
        }
        ConstValue v = c.value(0);
        c.out(0, c.type(0), out, v != null && total <= TensorInfo.VALUE_LIMIT ? v.reshaped(out) : null);
    }

    private static void flatten(OpContext c) {
        long[] in = c.shape(0);
        long axis = c.attrInt("axis", 1);
        int a = axis == in.length ? in.length : c.axis(axis, in.length);
        long[] out = {Shapes.count(Shapes.range(in, 0, a)), Shapes.count(Shapes.range(in, a, in.length))};
        reshapedValue(c, out);
    }

    private static void reshapedValue(OpContext c, long[] out) {
        ConstValue v = c.value(0);
        c.out(0, c.type(0), out, v != null && Shapes.count(out) <= TensorInfo.VALUE_LIMIT ? v.reshaped(out) : null);
    }

    private static void transpose(OpContext c) {
        long[] in = c.shape(0);
        int r = in.length;
        long[] perm = c.attrInts("perm", null);
        if (perm == null) {
            perm = new long[r];
            for (int i = 0; i < r; i++) {
                perm[i] = r - 1 - i;
            }
        }
        if (perm.length != r) {
            throw c.fail("perm " + Arrays.toString(perm) + " does not match rank " + r);
        }
        boolean[] seen = new boolean[r];
        long[] out = new long[r];
        for (int i = 0; i < r; i++) {
            int p = c.axis(perm[i], r);
            if (seen[p]) {
                throw c.fail("perm " + Arrays.toString(perm) + " is not a permutation");
            }
            seen[p] = true;
            out[i] = in[p];
        }
        ConstValue v = null;
        if (c.worthFolding(out)) {
            long[] stride = Shapes.strides(in);
            int n = (int) Shapes.count(out);
            int[] from = new int[n];
            long[] idx = new long[r];
            for (int k = 0; k < n; k++) {
                long src = 0;
                for (int d = 0; d < r; d++) {
                    src += idx[d] * stride[(int) (perm[d] < 0 ? perm[d] + r : perm[d])];
                }
                from[k] = (int) src;
                Shapes.increment(idx, out);
            }
            v = c.value(0).pick(out, from);
        }
        c.out(0, c.type(0), out, v);
    }

    private static void concat(OpContext c) {
        if (!c.node.has("axis")) {
            throw c.fail("attribute 'axis' is required");
        }
        long[] first = c.shape(0);
        int r = first.length;
        int axis = c.axis(c.attrInt("axis", 0), r);
        long[] out = first.clone();
        out[axis] = 0;
        for (int i = 0; i < c.inputCount(); i++) {
            long[] s = c.shape(i);
            if (s.length != r) {
                throw c.fail("input " + i + " " + Shapes.str(s) + " has rank " + s.length + ", input 0 " + Shapes.str(first) + " has rank " + r);
            }
            for (int d = 0; d < r; d++) {
                if (d != axis && s[d] != first[d]) {
                    throw c.fail("input " + i + " " + Shapes.str(s) + " differs from input 0 " + Shapes.str(first) + " outside axis " + axis);
                }
            }
            out[axis] += s[axis];
        }
        ConstValue v = null;
        if (c.worthFolding(out)) {
            long outer = Shapes.count(Shapes.range(out, 0, axis));
            long inner = Shapes.count(Shapes.range(out, axis + 1, r));
            int n = (int) Shapes.count(out);
            boolean reals = ConstValue.holdsReals(c.type(0));
            long[] l = reals ? null : new long[n];
            double[] d = reals ? new double[n] : null;
            int k = 0;
            for (long o = 0; o < outer; o++) {
                for (int i = 0; i < c.inputCount(); i++) {
                    ConstValue part = c.value(i);
                    long block = c.shape(i)[axis] * inner;
                    for (long j = 0; j < block; j++) {
                        int src = (int) (o * block + j);
                        if (reals) {
                            d[k++] = part.doubleAt(src);
                        } else {
                            l[k++] = part.longAt(src);
                        }
                    }
                }
            }
            v = reals ? ConstValue.ofDoubles(c.type(0), out, d) : ConstValue.ofLongs(c.type(0), out, l);
        }
        c.out(0, c.type(0), out, v);
    }

    private static void slice(OpContext c) {
        long[] in = c.shape(0);
        int r = in.length;
        long[] starts;
        long[] ends;
        long[] axes;
        long[] steps;
        if (c.opset < 10) {
            starts = requireAttr(c, "starts");
            ends = requireAttr(c, "ends");
            axes = c.attrInts("axes", null);
            steps = null;
        } else {
            starts = c.requireLongs(1, "starts");
            ends = c.requireLongs(2, "ends");
            axes = c.has(3) ? c.requireLongs(3, "axes") : null;
            steps = c.has(4) ? c.requireLongs(4, "steps") : null;
        }
        if (axes == null) {
            axes = new long[starts.length];
            for (int i = 0; i < axes.length; i++) {
                axes[i] = i;
            }
        }
        if (ends.length != starts.length || axes.length != starts.length || steps != null && steps.length != starts.length) {
            throw c.fail("starts, ends, axes and steps differ in length");
        }
        long[] out = in.clone();
        long[] first = new long[r];
        long[] step = new long[r];
        Arrays.fill(step, 1);
        for (int i = 0; i < starts.length; i++) {
            int a = c.axis(axes[i], r);
            long dim = in[a];
            long st = steps == null ? 1 : steps[i];
            if (st == 0) {
                throw c.fail("slice step on axis " + a + " is 0");
            }
            long s = starts[i] < 0 ? starts[i] + dim : starts[i];
            long e = ends[i] < 0 ? ends[i] + dim : ends[i];
            long len;
            if (st > 0) {
                s = clamp(s, 0, dim);
                e = clamp(e, 0, dim);
                len = e > s ? ceilDiv(e - s, st) : 0;
            } else {
                s = clamp(s, 0, dim - 1);
                e = clamp(e, -1, dim - 1);
                len = s > e ? ceilDiv(s - e, -st) : 0;
            }
            out[a] = len;
            first[a] = s;
            step[a] = st;
        }
        ConstValue v = null;
        if (c.worthFolding(out)) {
            long[] stride = Shapes.strides(in);
            int n = (int) Shapes.count(out);
            int[] from = new int[n];
            long[] idx = new long[r];
            for (int k = 0; k < n; k++) {
                long src = 0;
                for (int d = 0; d < r; d++) {
                    src += (first[d] + idx[d] * step[d]) * stride[d];
                }
                from[k] = (int) src;
                Shapes.increment(idx, out);
            }
            v = c.value(0).pick(out, from);
        }
        c.out(0, c.type(0), out, v);
    }

    private static void gather(OpContext c) {
        long[] data = c.shape(0);
        long[] indices = c.shape(1);
        int axis = c.axis(c.attrInt("axis", 0), data.length);
        long[] out = Shapes.concat(Shapes.concat(Shapes.range(data, 0, axis), indices), Shapes.range(data, axis + 1, data.length));
        ConstValue v = null;
        if (c.worthFolding(out)) {
            long[] idx = c.value(1).longs();
            long outer = Shapes.count(Shapes.range(data, 0, axis));
            long inner = Shapes.count(Shapes.range(data, axis + 1, data.length));
            long dim = data[axis];
            int[] from = new int[(int) Shapes.count(out)];
            int k = 0;
            for (long o = 0; o < outer; o++) {
                for (long i : idx) {
                    long j = i < 0 ? i + dim : i;
                    if (j < 0 || j >= dim) {
                        throw c.fail("index " + i + " is out of range for axis " + axis + " of size " + dim);
                    }
                    for (long in = 0; in < inner; in++) {
                        from[k++] = (int) ((o * dim + j) * inner + in);
                    }
                }
            }
            v = c.value(0).pick(out, from);
        }
        c.out(0, c.type(0), out, v);
    }

    private static void split(OpContext c) {
        long[] in = c.shape(0);
        int axis = c.axis(c.attrInt("axis", 0), in.length);
        long dim = in[axis];
        int n = c.outputCount();
        long[] sizes;
        if (c.opset >= 13 && c.has(1)) {
            sizes = c.requireLongs(1, "split");
        } else if (c.opset < 13 && c.node.has("split")) {
            sizes = c.attrInts("split", null);
        } else if (c.opset >= 18 && c.node.has("num_outputs")) {
            long parts = c.attrInt("num_outputs", n);
            long chunk = ceilDiv(dim, parts);
            sizes = new long[(int) parts];
            for (int i = 0; i < parts; i++) {
                sizes[i] = Math.max(0, Math.min(chunk, dim - chunk * i));
            }
        } else {
            if (dim % n != 0) {
                throw c.fail("axis " + axis + " of size " + dim + " does not split evenly into " + n + " outputs");
            }
            sizes = new long[n];
            Arrays.fill(sizes, dim / n);
        }
        if (sizes.length != n) {
            throw c.fail("split sizes " + Arrays.toString(sizes) + " do not match its " + n + " outputs");
        }
        long sum = 0;
        for (long s : sizes) {
            if (s < 0) {
                throw c.fail("split sizes " + Arrays.toString(sizes) + " contain a negative size");
            }
            sum += s;
        }
        if (sum != dim) {
            throw c.fail("split sizes " + Arrays.toString(sizes) + " add up to " + sum + ", axis " + axis + " has " + dim);
        }
        long offset = 0;
        long[] stride = Shapes.strides(in);
        for (int i = 0; i < n; i++) {
            long[] out = in.clone();
            out[axis] = sizes[i];
            ConstValue v = null;
            if (c.worthFolding(out)) {
                int cnt = (int) Shapes.count(out);
                int[] from = new int[cnt];
                long[] idx = new long[in.length];
                for (int k = 0; k < cnt; k++) {
                    long src = 0;
                    for (int d = 0; d < in.length; d++) {
                        src += (idx[d] + (d == axis ? offset : 0)) * stride[d];
                    }
                    from[k] = (int) src;
                    Shapes.increment(idx, out);
                }
                v = c.value(0).pick(out, from);
            }
            c.out(i, c.type(0), out, v);
            offset += sizes[i];
        }
    }

    private static void expand(OpContext c) {
        long[] in = c.shape(0);
        long[] target = c.requireLongs(1, "shape");
        long[] out = ElementwiseRules.broadcast(c, in, target);
        ConstValue v = c.worthFolding(out) ? c.value(0).pick(out, Shapes.broadcastMap(in, out)) : null;
        c.out(0, c.type(0), out, v);
    }

    private static void squeeze(OpContext c) {
        long[] in = c.shape(0);
        long[] axes = c.opset < 13 ? c.attrInts("axes", null) : (c.has(1) ? c.requireLongs(1, "axes") : null);
        boolean[] drop = new boolean[in.length];
        if (axes == null) {
            for (int d = 0; d < in.length; d++) {
                drop[d] = in[d] == 1;
            }
        } else {
            for (long a : axes) {
                int d = c.axis(a, in.length);
                if (in[d] != 1) {
                    throw c.fail("cannot squeeze axis " + d + " of " + Shapes.str(in) + ": its size is " + in[d] + ", not 1");
                }
                drop[d] = true;
            }
        }
        long[] out = new long[in.length];
        int k = 0;
        for (int d = 0; d < in.length; d++) {
            if (!drop[d]) {
                out[k++] = in[d];
            }
        }
        reshapedValue(c, Arrays.copyOf(out, k));
    }

    private static void unsqueeze(OpContext c) {
        long[] in = c.shape(0);
        long[] axes = c.opset < 13 ? requireAttr(c, "axes") : c.requireLongs(1, "axes");
        int r = in.length + axes.length;
        boolean[] inserted = new boolean[r];
        for (long a : axes) {
            int d = c.axis(a, r);
            if (inserted[d]) {
                throw c.fail("axes " + Arrays.toString(axes) + " repeat axis " + d);
            }
            inserted[d] = true;
        }
        long[] out = new long[r];
        int k = 0;
        for (int d = 0; d < r; d++) {
            out[d] = inserted[d] ? 1 : in[k++];
        }
        reshapedValue(c, out);
    }

    private static void constantOfShape(OpContext c) {
        long[] shape = c.requireLongs(0, "shape");
        for (long d : shape) {
            if (d < 0) {
                throw c.fail("shape " + Arrays.toString(shape) + " has a negative dimension");
            }
        }
        ElementType type = ElementType.FLOAT;
        double fill = 0;
        OnnxAttribute value = c.attr("value");
        ConstValue fillValue = null;
        if (value != null) {
            OnnxTensor t;
            try {
                t = value.t();
            } catch (IllegalStateException e) {
                throw c.fail(e.getMessage());
            }
            if (t.elementCount() != 1) {
                throw c.fail("attribute 'value' must hold one element, holds " + t.elementCount());
            }
            type = t.type();
            TensorInfo holder = TensorInfo.stored("value", t);
            fillValue = holder.value();
        }
        ConstValue v = null;
        if (Shapes.count(shape) <= TensorInfo.VALUE_LIMIT && (value == null || fillValue != null)) {
            int n = (int) Shapes.count(shape);
            if (ConstValue.holdsReals(type)) {
                double[] d = new double[n];
                Arrays.fill(d, fillValue == null ? fill : fillValue.doubleAt(0));
                v = ConstValue.ofDoubles(type, shape, d);
            } else {
                long[] l = new long[n];
                Arrays.fill(l, fillValue.longAt(0));
                v = ConstValue.ofLongs(type, shape, l);
            }
        }
        c.out(0, type, shape, v);
    }

    private static void constant(OpContext c) {
        if (c.node.attributes().size() != 1) {
            throw c.fail("a Constant needs exactly one value attribute, has " + c.node.attributes().keySet());
        }
        OnnxAttribute a = c.node.attributes().values().iterator().next();
        ConstValue v;
        switch (a.name()) {
            case "value" -> {
                c.outStored(0, a.t());
                return;
            }
            case "value_float" -> v = ConstValue.ofDoubles(ElementType.FLOAT, new long[0], new double[] {a.f()});
            case "value_floats" -> {
                float[] f = a.floats();
                double[] d = new double[f.length];
                for (int i = 0; i < f.length; i++) {
                    d[i] = f[i];
                }
                v = ConstValue.ofDoubles(ElementType.FLOAT, new long[] {f.length}, d);
            }
            case "value_int" -> v = ConstValue.ofLongs(ElementType.INT64, new long[0], new long[] {a.i()});
            case "value_ints" -> v = ConstValue.ofLongs(ElementType.INT64, new long[] {a.ints().length}, a.ints());
            default -> throw c.fail("Constant attribute '" + a.name() + "' (strings, sparse tensors) is not supported");
        }
        c.out(0, v.type, v.shape, v);
    }

    private static void range(OpContext c) {
        ConstValue start = c.require(0, "start");
        ConstValue limit = c.require(1, "limit");
        ConstValue delta = c.require(2, "delta");
        ElementType type = c.type(0);
        long n;
        if (ConstValue.holdsReals(type)) {
            double s = start.doubleAt(0);
            double d = delta.doubleAt(0);
            if (d == 0) {
                throw c.fail("delta is 0");
            }
            n = Math.max(0, (long) Math.ceil((limit.doubleAt(0) - s) / d));
            long[] shape = {n};
            ConstValue v = null;
            if (n <= TensorInfo.VALUE_LIMIT) {
                double[] vals = new double[(int) n];
                for (int i = 0; i < n; i++) {
                    vals[i] = s + i * d;
                }
                v = ConstValue.ofDoubles(type, shape, vals);
            }
            c.out(0, type, shape, v);
        } else {
            long s = start.longAt(0);
            long d = delta.longAt(0);
            if (d == 0) {
                throw c.fail("delta is 0");
            }
            long span = limit.longAt(0) - s;
            n = Math.max(0, d > 0 ? ceilDiv(span, d) : ceilDiv(-span, -d));
            long[] shape = {n};
            ConstValue v = null;
            if (n <= TensorInfo.VALUE_LIMIT) {
                long[] vals = new long[(int) n];
                for (int i = 0; i < n; i++) {
                    vals[i] = s + i * d;
                }
                v = ConstValue.ofLongs(type, shape, vals);
            }
            c.out(0, type, shape, v);
        }
    }

    private static void tile(OpContext c) {
        long[] in = c.shape(0);
        long[] repeats = c.requireLongs(1, "repeats");
        if (repeats.length != in.length) {
            throw c.fail("repeats " + Arrays.toString(repeats) + " do not match rank " + in.length);
        }
        long[] out = new long[in.length];
        for (int d = 0; d < in.length; d++) {
            if (repeats[d] < 0) {
                throw c.fail("repeats " + Arrays.toString(repeats) + " has a negative count");
            }
            out[d] = Math.multiplyExact(in[d], repeats[d]);
        }
        ConstValue v = null;
        if (c.worthFolding(out)) {
            long[] stride = Shapes.strides(in);
            int n = (int) Shapes.count(out);
            int[] from = new int[n];
            long[] idx = new long[in.length];
            for (int k = 0; k < n; k++) {
                long src = 0;
                for (int d = 0; d < in.length; d++) {
                    src += (idx[d] % in[d]) * stride[d];
                }
                from[k] = (int) src;
                Shapes.increment(idx, out);
            }
            v = c.value(0).pick(out, from);
        }
        c.out(0, c.type(0), out, v);
    }

    private static void pad(OpContext c) {
        long[] in = c.shape(0);
        int r = in.length;
        long[] pads;
        if (c.opset < 11) {
            pads = c.node.has("pads") ? c.attrInts("pads", null) : requireAttr(c, "paddings");
        } else {
            pads = c.requireLongs(1, "pads");
        }
        long[] axes;
        if (c.opset >= 18 && c.has(3)) {
            axes = c.requireLongs(3, "axes");
        } else {
            axes = new long[r];
            for (int i = 0; i < r; i++) {
                axes[i] = i;
            }
        }
        if (pads.length != 2 * axes.length) {
            throw c.fail("pads " + Arrays.toString(pads) + " need 2 values for each of " + axes.length + " axes");
        }
        String mode = c.attrString("mode", "constant");
        if (!mode.equals("constant") && !mode.equals("reflect") && !mode.equals("edge") && !mode.equals("wrap")) {
            throw c.fail("mode '" + mode + "' is not a Pad mode (constant, reflect, edge, wrap)");
        }
        long[] out = in.clone();
        for (int i = 0; i < axes.length; i++) {
            int a = c.axis(axes[i], r);
            long before = pads[i], after = pads[i + axes.length];
            // Reflect mirrors inside the axis and wrap repeats it: a pad as large as the axis would read
            // outside it (runtimes do not all check; one crashed on it). Edge needs one value to repeat.
            boolean bounded = switch (mode) {
                case "reflect" -> Math.max(before, after) < in[a];
                case "wrap" -> Math.max(before, after) <= in[a];
                case "edge" -> in[a] > 0 || (before <= 0 && after <= 0);
                default -> true;
            };
            if (!bounded) {
                throw c.fail(mode + " pads " + before + " and " + after + " do not fit axis " + a + " of size " + in[a]);
            }
            out[a] = Math.addExact(out[a], Math.addExact(before, after));
            if (out[a] < 0) {
                throw c.fail("pads " + Arrays.toString(pads) + " remove more than axis " + a + " of size " + in[a] + " holds");
            }
        }
        c.out(0, c.type(0), out);
    }

    private static void spaceDepth(OpContext c, boolean toSpace) {
        long[] in = c.shape(0);
        if (in.length != 4) {
            throw c.fail("expects a rank-4 NCHW input, got " + Shapes.str(in));
        }
        long b = c.attrInt("blocksize", -1);
        if (b < 1) {
            throw c.fail("attribute 'blocksize' must be >= 1");
        }
        long[] out;
        if (toSpace) {
            if (in[1] % (b * b) != 0) {
                throw c.fail(in[1] + " channels do not divide by blocksize^2 = " + b * b);
            }
            out = new long[] {in[0], in[1] / (b * b), in[2] * b, in[3] * b};
        } else {
            if (in[2] % b != 0 || in[3] % b != 0) {
                throw c.fail("spatial size " + in[2] + "x" + in[3] + " does not divide by blocksize " + b);
            }
            out = new long[] {in[0], in[1] * b * b, in[2] / b, in[3] / b};
        }
        c.out(0, c.type(0), out);
    }

    private static void reduce(OpContext c) {
        String op = c.node.opType();
        long[] in = c.shape(0);
        boolean axesAsInput = op.equals("ReduceSum") ? c.opset >= 13 : c.opset >= 18;
        long[] axes = axesAsInput ? (c.has(1) ? c.requireLongs(1, "axes") : null) : c.attrInts("axes", null);
        boolean keep = c.attrInt("keepdims", 1) == 1;
        boolean[] reduced = new boolean[in.length];
        if (axes == null || axes.length == 0) {
            if (c.attrInt("noop_with_empty_axes", 0) == 1) {
                c.out(0, c.type(0), in, c.worthFolding(in) ? c.value(0) : null);
                return;
            }
            Arrays.fill(reduced, true);
        } else {
            for (long a : axes) {
                reduced[c.axis(a, in.length)] = true;
            }
        }
        long[] out = new long[in.length];
        int k = 0;
        for (int d = 0; d < in.length; d++) {
            if (!reduced[d]) {
                out[k++] = in[d];
            } else if (keep) {
                out[k++] = 1;
            }
        }
        out = Arrays.copyOf(out, k);
        ConstValue v = null;
        if (c.worthFolding(in) && !c.value(0).isReal()
                && (op.equals("ReduceSum") || op.equals("ReduceProd") || op.equals("ReduceMax") || op.equals("ReduceMin"))) {
            v = foldReduction(op, c.value(0), in, reduced, out);
        }
        c.out(0, c.type(0), out, v);
    }

    private static ConstValue foldReduction(String op, ConstValue x, long[] in, boolean[] reduced, long[] out) {
        long[] kept = in.clone();
        for (int d = 0; d < in.length; d++) {
            if (reduced[d]) {
                kept[d] = 1;
            }
        }
        long[] keptStride = Shapes.strides(kept);
        long[] acc = new long[(int) Shapes.count(out)];
        long init = switch (op) {
            case "ReduceProd" -> 1;
            case "ReduceMax" -> Long.MIN_VALUE;
            case "ReduceMin" -> Long.MAX_VALUE;
            default -> 0;
        };
        Arrays.fill(acc, init);
        long[] idx = new long[in.length];
        for (int i = 0; i < x.size(); i++) {
            long dst = 0;
            for (int d = 0; d < in.length; d++) {
                dst += (reduced[d] ? 0 : idx[d]) * keptStride[d];
            }
            int j = (int) dst;
            long e = x.longAt(i);
            acc[j] = switch (op) {
                case "ReduceProd" -> acc[j] * e;
                case "ReduceMax" -> Math.max(acc[j], e);
                case "ReduceMin" -> Math.min(acc[j], e);
                default -> acc[j] + e;
            };
            Shapes.increment(idx, in);
        }
        return ConstValue.ofLongs(x.type, out, acc);
    }

    private static void argExtreme(OpContext c) {
        long[] in = c.shape(0);
        int axis = c.axis(c.attrInt("axis", 0), in.length);
        boolean keep = c.attrInt("keepdims", 1) == 1;
        long[] out = keep ? in.clone() : new long[in.length - 1];
        if (keep) {
            out[axis] = 1;
        } else {
            for (int d = 0, k = 0; d < in.length; d++) {
                if (d != axis) {
                    out[k++] = in[d];
                }
            }
        }
        c.out(0, ElementType.INT64, out);
    }

    private static void topK(OpContext c) {
        long[] in = c.shape(0);
        int axis = c.axis(c.attrInt("axis", -1), in.length);
        long k = c.opset < 10 ? c.attrInt("k", -1) : c.requireLongs(1, "K")[0];
        if (k < 0 || k > in[axis]) {
            throw c.fail("K = " + k + " is outside 0.." + in[axis] + " on axis " + axis);
        }
        long[] out = in.clone();
        out[axis] = k;
        c.out(0, c.type(0), out);
        c.out(1, ElementType.INT64, out);
    }

    static long[] requireAttr(OpContext c, String name) {
        long[] v = c.attrInts(name, null);
        if (v == null) {
            throw c.fail("attribute '" + name + "' is required");
        }
        return v;
    }

    static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** Ceiling of a / b for b > 0. */
    static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}

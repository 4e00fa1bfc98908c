package org.tilestereo.plan;

import java.util.Arrays;
import java.util.Map;
import org.tilestereo.onnx.ElementType;
import org.tilestereo.onnx.OnnxAttribute;
import org.tilestereo.onnx.OnnxNode;

/**
 * One node as a shape rule sees it: its inputs' facts, its attributes, the operator-set version and
 * a place for its outputs. Every failure is a {@link ShapePropagationException} naming the node.
 */
final class OpContext {
    final OnnxNode node;
    final long opset;
    private final Map<String, TensorInfo> known;
    private final TensorInfo[] outputs;
    private final boolean constant;
    private final long nchwcBlock;

    OpContext(OnnxNode node, long opset, Map<String, TensorInfo> known) {
        this(node, opset, known, 0);
    }

    /** nchwcBlock: the channel block of ONNX Runtime's NCHWc layout in this graph (0 where it has none). */
    OpContext(OnnxNode node, long opset, Map<String, TensorInfo> known, long nchwcBlock) {
        this.nchwcBlock = nchwcBlock;
        this.node = node;
        this.opset = opset;
        this.known = known;
        this.outputs = new TensorInfo[node.outputs().size()];
        boolean c = true;
        for (String in : node.inputs()) {
            if (!in.isEmpty() && !known.get(in).isConstant()) {
                c = false;
            }
        }
        this.constant = c;
    }

    long nchwcBlock() {
        if (nchwcBlock < 1) {
            throw fail("the graph's NCHWc block size is unknown (no NCHWc convolution shows it)");
        }
        return nchwcBlock;
    }

    int inputCount() {
        return node.inputs().size();
    }

    boolean has(int i) {
        return node.hasInput(i);
    }

    TensorInfo in(int i) {
        if (!has(i)) {
            throw fail("input " + i + " is required but missing");
        }
        return known.get(node.input(i));
    }

    long[] shape(int i) {
        return in(i).shapeRef().clone();
    }

    int rank(int i) {
        return in(i).rank();
    }

    ElementType type(int i) {
        return in(i).type();
    }

    /** The input's value, or null when not known. */
    ConstValue value(int i) {
        return has(i) ? in(i).value() : null;
    }

    /** True when every present input has a known value, so the node can be folded. */
    boolean allValuesKnown() {
        for (int i = 0; i < inputCount(); i++) {
            if (has(i) && value(i) == null) {
                return false;
            }
        }
        return true;
    }

    /** The value a rule cannot do without (a shape, axes, scales...); absent or unknown is an error. */
    ConstValue require(int i, String role) {
        if (!has(i)) {
            throw fail("its " + role + " input (" + i + ") is missing");
        }
        ConstValue v = value(i);
        if (v == null) {
            throw fail("needs the value of its " + role + " input '" + node.input(i) + "' " + Shapes.str(in(i).shapeRef())
                    + ", which could not be computed before running the network (not a constant or a foldable shape expression)");
        }
        return v;
    }

    long[] requireLongs(int i, String role) {
        ConstValue v = require(i, role);
        if (v.isReal()) {
            throw fail("its " + role + " input '" + node.input(i) + "' is " + v.type + ", expected integers");
        }
        return v.longs();
    }

    double[] requireDoubles(int i, String role) {
        return require(i, role).doubles();
    }

    long attrInt(String name, long absent) {
        try {
            return node.attrInt(name, absent);
        } catch (IllegalStateException e) {
            throw fail(e.getMessage());
        }
    }

    long[] attrInts(String name, long[] absent) {
        try {
            return node.attrInts(name, absent);
        } catch (IllegalStateException e) {
            throw fail(e.getMessage());
        }
    }

    float attrFloat(String name, float absent) {
        try {
            return node.attrFloat(name, absent);
        } catch (IllegalStateException e) {
            throw fail(e.getMessage());
        }
    }

    String attrString(String name, String absent) {
        try {
            return node.attrString(name, absent);
        } catch (IllegalStateException e) {
            throw fail(e.getMessage());
        }
    }

    OnnxAttribute attr(String name) {
        return node.attribute(name);
    }

    int outputCount() {
        return outputs.length;
    }

    boolean wantsOutput(int i) {
        return i < outputs.length && !node.output(i).isEmpty();
    }

    /** Records an output by shape only. */
    void out(int i, ElementType type, long[] shape) {
        if (wantsOutput(i)) {
            outputs[i] = TensorInfo.computed(node.output(i), type, shape, constant);
        }
    }

    /** Records an output with its value, or by shape only when the value is null. */
    void out(int i, ElementType type, long[] shape, ConstValue value) {
        if (value == null) {
            out(i, type, shape);
            return;
        }
        if (!Arrays.equals(value.shape, shape) || value.type != type) {
            throw new IllegalStateException(node.describe() + ": folded value " + value + " disagrees with inferred "
                    + type + Shapes.str(shape));
        }
        if (wantsOutput(i)) {
            outputs[i] = TensorInfo.withValue(node.output(i), value, constant);
        }
    }

    /** Records an output that is a stored tensor (a Constant's value), read only if someone needs it. */
    void outStored(int i, org.tilestereo.onnx.OnnxTensor tensor) {
        if (wantsOutput(i)) {
            outputs[i] = TensorInfo.stored(node.output(i), tensor);
        }
    }

    /** True when an output of this many elements should have its value computed. */
    boolean worthFolding(long[] shape) {
        return Shapes.count(shape) <= TensorInfo.VALUE_LIMIT && allValuesKnown();
    }

    TensorInfo[] outputs() {
        return outputs;
    }

    int axis(long axis, int rank) {
        if (axis < -rank || axis >= rank) {
            throw fail("axis " + axis + " is out of range for rank " + rank);
        }
        return (int) (axis < 0 ? axis + rank : axis);
    }

    ShapePropagationException fail(String why) {
        return new ShapePropagationException(node.describe() + ": " + why);
    }
}

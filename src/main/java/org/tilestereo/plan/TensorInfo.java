package org.tilestereo.plan;

import java.util.Arrays;
import org.tilestereo.onnx.ElementType;
import org.tilestereo.onnx.OnnxTensor;

/**
 * What shape propagation knows about one tensor for a given input size: element type, concrete
 * shape, whether it is a constant (computable without the graph's inputs: initializers, Constant
 * nodes and anything computed only from them) and, for small tensors, its value.
 */
public final class TensorInfo {
    /** Tensors up to this many elements have their values computed (shape arithmetic needs them). */
    static final int VALUE_LIMIT = 1 << 16;

    private final String name;
    private final ElementType type;
    private final long[] shape;
    private final boolean constant;
    /** Source of a value read on demand (an initializer or a Constant node's tensor), else null. */
    private final OnnxTensor source;
    private ConstValue value;
    private boolean sourceRead;

    private TensorInfo(String name, ElementType type, long[] shape, boolean constant, ConstValue value, OnnxTensor source) {
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor '" + name + "' would have a negative dimension " + Arrays.toString(shape));
            }
        }
        this.name = name;
        this.type = type;
        this.shape = shape;
        this.constant = constant;
        this.value = value;
        this.source = source;
        Shapes.count(shape);
    }

    static TensorInfo computed(String name, ElementType type, long[] shape, boolean constant) {
        return new TensorInfo(name, type, shape.clone(), constant, null, null);
    }

    static TensorInfo withValue(String name, ConstValue value, boolean constant) {
        return new TensorInfo(name, value.type, value.shape.clone(), constant, value, null);
    }

    /** An initializer or Constant-node tensor whose elements are read only if a rule asks for them. */
    static TensorInfo stored(String name, OnnxTensor tensor) {
        return new TensorInfo(name, tensor.type(), tensor.dims(), true, null, tensor);
    }

    public String name() {
        return name;
    }

    public ElementType type() {
        return type;
    }

    public long[] shape() {
        return shape.clone();
    }

    long[] shapeRef() {
        return shape;
    }

    public int rank() {
        return shape.length;
    }

    public long elementCount() {
        return Shapes.count(shape);
    }

    /** True when the tensor does not depend on the graph's inputs (a runtime folds or stores it). */
    public boolean isConstant() {
        return constant;
    }

    /** Bytes at a precision: float types take the precision's size, other types their own. */
    public long bytes(Precision precision) {
        long n = elementCount();
        return type.isFloat() ? Math.multiplyExact(n, (long) precision.bytes) : type.bytes(n);
    }

    /** The known value, or null. Stored tensors are read here the first time, if small and numeric. */
    ConstValue value() {
        if (value == null && source != null && !sourceRead) {
            sourceRead = true;
            if (elementCount() <= VALUE_LIMIT && (type.isInteger() || type == ElementType.FLOAT
                    || type == ElementType.DOUBLE || type == ElementType.FLOAT16 || type == ElementType.BFLOAT16)
                    && type != ElementType.UINT4 && type != ElementType.INT4) {
                value = type.isInteger()
                        ? ConstValue.ofLongs(type, shape, source.longs())
                        : ConstValue.ofDoubles(type, shape, source.doubles());
            }
        }
        return value;
    }

    /** The known integer elements, for tests and reports (null when unknown). */
    public long[] longValues() {
        ConstValue v = value();
        return v == null ? null : v.longs();
    }

    @Override
    public String toString() {
        return name + ":" + type + Arrays.toString(shape) + (constant ? " const" : "");
    }
}

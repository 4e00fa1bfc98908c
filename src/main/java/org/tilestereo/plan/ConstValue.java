package org.tilestereo.plan;

import java.util.Arrays;
import org.tilestereo.onnx.ElementType;

/**
 * The elements of a small tensor whose value is known before the network runs: shape arithmetic
 * (Shape, Gather, Concat, ...), constants and small initializers. Integer types (and BOOL as 0/1)
 * are held as longs, so INT64_MAX slice ends survive; float types as doubles rounded to the
 * element type's precision after every operation, as a runtime would compute them.
 */
final class ConstValue {
    final ElementType type;
    final long[] shape;
    private final long[] ints;
    private final double[] reals;

    private ConstValue(ElementType type, long[] shape, long[] ints, double[] reals) {
        this.type = type;
        this.shape = shape;
        this.ints = ints;
        this.reals = reals;
        long n = Shapes.count(shape);
        if (n != (ints != null ? ints.length : reals.length)) {
            throw new IllegalStateException("value of shape " + Arrays.toString(shape) + " has "
                    + (ints != null ? ints.length : reals.length) + " elements");
        }
    }

    static boolean holdsReals(ElementType type) {
        return type.isFloat();
    }

    static ConstValue ofLongs(ElementType type, long[] shape, long[] values) {
        if (holdsReals(type)) {
            double[] d = new double[values.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = values[i];
            }
            return ofDoubles(type, shape, d);
        }
        long[] v = values.clone();
        for (int i = 0; i < v.length; i++) {
            v[i] = wrap(type, v[i]);
        }
        return new ConstValue(type, shape.clone(), v, null);
    }

    static ConstValue ofDoubles(ElementType type, long[] shape, double[] values) {
        if (!holdsReals(type)) {
            long[] l = new long[values.length];
            for (int i = 0; i < l.length; i++) {
                // C++ conversion of float to integer truncates toward zero, as ONNX Runtime's Cast does.
                l[i] = (long) values[i];
            }
            return ofLongs(type, shape, l);
        }
        double[] v = values.clone();
        for (int i = 0; i < v.length; i++) {
            v[i] = round(type, v[i]);
        }
        return new ConstValue(type, shape.clone(), null, v);
    }

    static ConstValue int64Vector(long... values) {
        return ofLongs(ElementType.INT64, new long[] {values.length}, values);
    }

    int size() {
        return ints != null ? ints.length : reals.length;
    }

    boolean isReal() {
        return reals != null;
    }

    long longAt(int i) {
        return ints != null ? ints[i] : (long) reals[i];
    }

    double doubleAt(int i) {
        return ints != null ? (double) ints[i] : reals[i];
    }

    long[] longs() {
        if (ints != null) {
            return ints.clone();
        }
        long[] l = new long[reals.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = (long) reals[i];
        }
        return l;
    }

    double[] doubles() {
        if (reals != null) {
            return reals.clone();
        }
        double[] d = new double[ints.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = ints[i];
        }
        return d;
    }

    /** The same elements under another shape (Reshape, Squeeze, Unsqueeze, Flatten, Identity). */
    ConstValue reshaped(long[] newShape) {
        return new ConstValue(type, newShape.clone(), ints, reals);
    }

    /** Gathers elements by index: element i of the result is element {@code from[i]} of this one. */
    ConstValue pick(long[] newShape, int[] from) {
        if (ints != null) {
            long[] v = new long[from.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = ints[from[i]];
            }
            return new ConstValue(type, newShape.clone(), v, null);
        }
        double[] v = new double[from.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = reals[from[i]];
        }
        return new ConstValue(type, newShape.clone(), null, v);
    }

    /** Converts to another element type with ONNX Cast semantics. */
    ConstValue cast(ElementType to) {
        if (to == ElementType.BOOL) {
            long[] b = new long[size()];
            for (int i = 0; i < b.length; i++) {
                b[i] = doubleAt(i) != 0 ? 1 : 0;
            }
            return new ConstValue(to, shape, b, null);
        }
        return ints != null ? ofLongs(to, shape, ints) : ofDoubles(to, shape, reals);
    }

    static double round(ElementType type, double v) {
        return switch (type) {
            case DOUBLE -> v;
            // FLOAT16/BFLOAT16 are rounded to float only: close enough for shape arithmetic.
            default -> (double) (float) v;
        };
    }

    static long wrap(ElementType type, long v) {
        return switch (type) {
            case INT8 -> (byte) v;
            case UINT8 -> v & 0xFF;
            case INT16 -> (short) v;
            case UINT16 -> v & 0xFFFF;
            case INT32 -> (int) v;
            case UINT32 -> v & 0xFFFFFFFFL;
            case BOOL -> v != 0 ? 1 : 0;
            default -> v;
        };
    }

    @Override
    public String toString() {
        return type + Arrays.toString(shape) + "=" + (ints != null ? Arrays.toString(ints) : Arrays.toString(reals));
    }
}

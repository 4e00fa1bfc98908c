package org.tilestereo.plan;

import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;
import org.tilestereo.onnx.ElementType;

/**
 * Operators whose output has the shape of an input or of their broadcast inputs: arithmetic,
 * comparisons, activations, normalisations, Cast and Where. Arithmetic that shape expressions use
 * is also folded when the inputs' values are known.
 */
final class ElementwiseRules {
    private ElementwiseRules() {
    }

    static void register(Map<String, ShapeRule> rules) {
        // Same shape, never folded (activations and normalisations do not appear in shape arithmetic).
        for (String op : new String[] {"Sigmoid", "Tanh", "Erf", "Gelu", "Softmax", "LogSoftmax", "Hardmax",
                "LeakyRelu", "Elu", "Selu", "Celu", "HardSigmoid", "HardSwish", "Softplus", "Softsign", "Mish", "ThresholdedRelu",
                "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Asinh", "Acosh", "Atanh",
                "InstanceNormalization", "LRN", "MeanVarianceNormalization", "CumSum", "Trilu", "Shrink"}) {
            rules.put(op, c -> c.out(0, c.type(0), c.shape(0)));
        }
        unary(rules, "Identity", v -> v, v -> v);
        unary(rules, "Neg", v -> -v, v -> -v);
        unary(rules, "Abs", Math::abs, Math::abs);
        unary(rules, "Floor", v -> v, Math::floor);
        unary(rules, "Ceil", v -> v, Math::ceil);
        unary(rules, "Round", v -> v, Math::rint);
        unary(rules, "Sign", Long::signum, Math::signum);
        unary(rules, "Sqrt", null, Math::sqrt);
        unary(rules, "Exp", null, Math::exp);
        unary(rules, "Log", null, Math::log);
        unary(rules, "Reciprocal", null, v -> 1.0 / v);
        unary(rules, "Relu", v -> Math.max(v, 0), v -> Math.max(v, 0.0));

        binary(rules, "Add", Math::addExact, Double::sum);
        binary(rules, "Sub", Math::subtractExact, (a, b) -> a - b);
        binary(rules, "Mul", Math::multiplyExact, (a, b) -> a * b);
        // Integer division truncates toward zero, as ONNX Runtime's C++ kernels do.
        binary(rules, "Div", (a, b) -> a / b, (a, b) -> a / b);
        binary(rules, "Pow", (a, b) -> (long) Math.pow(a, b), Math::pow);
        binary(rules, "PRelu", null, null);
        rules.put("Mod", c -> {
            boolean fmod = c.attrInt("fmod", 0) == 1;
            // fmod=0 takes the divisor's sign (Python %), fmod=1 the dividend's (C fmod).
            binaryRule(c, fmod ? (a, b) -> a % b : Math::floorMod, fmod ? (a, b) -> a % b : (a, b) -> a - b * Math.floor(a / b), false);
        });
        variadic(rules, "Max", Math::max, Math::max);
        variadic(rules, "Min", Math::min, Math::min);
        variadic(rules, "Sum", Math::addExact, Double::sum);
        variadic(rules, "Mean", null, null);

        compare(rules, "Equal", (a, b) -> a == b);
        compare(rules, "Less", (a, b) -> a < b);
        compare(rules, "Greater", (a, b) -> a > b);
        compare(rules, "LessOrEqual", (a, b) -> a <= b);
        compare(rules, "GreaterOrEqual", (a, b) -> a >= b);
        logic(rules, "And", (a, b) -> a & b);
        logic(rules, "Or", (a, b) -> a | b);
        logic(rules, "Xor", (a, b) -> a ^ b);
        rules.put("Not", c -> {
            long[] s = c.shape(0);
            c.out(0, ElementType.BOOL, s, c.worthFolding(s) ? map(c.value(0), ElementType.BOOL, v -> v == 0 ? 1 : 0, null) : null);
        });
        for (String op : new String[] {"IsNaN", "IsInf"}) {
            rules.put(op, c -> c.out(0, ElementType.BOOL, c.shape(0)));
        }

        rules.put("Where", ElementwiseRules::where);
        rules.put("Cast", c -> {
            ElementType to = elementType(c, c.attrInt("to", -1));
            long[] s = c.shape(0);
            c.out(0, to, s, c.worthFolding(s) ? c.value(0).cast(to) : null);
        });
        rules.put("CastLike", c -> {
            ElementType to = c.type(1);
            long[] s = c.shape(0);
            c.out(0, to, s, c.worthFolding(s) && c.value(0) != null ? c.value(0).cast(to) : null);
        });
        rules.put("Clip", ElementwiseRules::clip);
        rules.put("Dropout", c -> {
            c.out(0, c.type(0), c.shape(0), c.worthFolding(c.shape(0)) ? c.value(0) : null);
            c.out(1, ElementType.BOOL, c.shape(0));
        });
        rules.put("BatchNormalization", c -> {
            c.out(0, c.type(0), c.shape(0));
            // Outputs 1..4 exist only in training mode: running and saved statistics, one per channel.
            for (int i = 1; i < c.outputCount(); i++) {
                c.out(i, c.type(0), c.shape(3));
            }
        });
        rules.put("LayerNormalization", c -> {
            long[] x = c.shape(0);
            int axis = c.axis(c.attrInt("axis", -1), x.length);
            long[] stats = x.clone();
            for (int d = axis; d < stats.length; d++) {
                stats[d] = 1;
            }
            c.out(0, c.type(0), x);
            ElementType stash = elementType(c, c.attrInt("stash_type", 1));
            c.out(1, stash, stats);
            c.out(2, stash, stats);
        });
    }

    static ElementType elementType(OpContext c, long code) {
        try {
            return ElementType.fromCode((int) code);
        } catch (IllegalArgumentException e) {
            throw c.fail(e.getMessage());
        }
    }

    private static void unary(Map<String, ShapeRule> rules, String op, LongUnaryOperator onLongs, DoubleUnaryOperator onReals) {
        rules.put(op, c -> {
            long[] s = c.shape(0);
            ConstValue v = null;
            if (c.worthFolding(s)) {
                v = map(c.value(0), c.type(0), onLongs, onReals);
            }
            c.out(0, c.type(0), s, v);
        });
    }

    /** Applies an element function; null when the value's kind has no function (left unfolded). */
    private static ConstValue map(ConstValue v, ElementType outType, LongUnaryOperator onLongs, DoubleUnaryOperator onReals) {
        int n = v.size();
        if (!v.isReal() && onLongs != null && !outType.isFloat()) {
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = onLongs.applyAsLong(v.longAt(i));
            }
            return ConstValue.ofLongs(outType, v.shape, out);
        }
        if (onReals == null || !v.isReal() && !outType.isFloat()) {
            return null;
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = onReals.applyAsDouble(v.doubleAt(i));
        }
        return ConstValue.ofDoubles(outType, v.shape, out);
    }

    private static void binary(Map<String, ShapeRule> rules, String op, LongBinaryOperator onLongs, DoubleBinaryOperator onReals) {
        rules.put(op, c -> binaryRule(c, onLongs, onReals, op.equals("PRelu")));
    }

    private static void binaryRule(OpContext c, LongBinaryOperator onLongs, DoubleBinaryOperator onReals, boolean unidirectional) {
        long[] a = c.shape(0);
        long[] b = c.shape(1);
        long[] out = broadcast(c, a, b);
        if (unidirectional && out.length != a.length) {
            throw c.fail("slope " + Shapes.str(b) + " does not broadcast to input " + Shapes.str(a));
        }
        ElementType type = c.type(0);
        ConstValue v = null;
        if (c.worthFolding(out) && (onLongs != null || onReals != null)) {
            v = combine(c.value(0), c.value(1), out, type, onLongs, onReals);
        }
        c.out(0, type, out, v);
    }

    private static void variadic(Map<String, ShapeRule> rules, String op, LongBinaryOperator onLongs, DoubleBinaryOperator onReals) {
        rules.put(op, c -> {
            long[][] shapes = new long[c.inputCount()][];
            for (int i = 0; i < shapes.length; i++) {
                shapes[i] = c.shape(i);
            }
            long[] out = broadcast(c, shapes);
            ElementType type = c.type(0);
            ConstValue v = null;
            if (c.worthFolding(out) && (onLongs != null || onReals != null)) {
                v = c.value(0).pick(c.shape(0), identity(c.value(0).size()));
                for (int i = 1; i < shapes.length && v != null; i++) {
                    v = combine(v, c.value(i), Shapes.broadcast(v.shape, shapes[i]), type, onLongs, onReals);
                }
                if (v != null && !java.util.Arrays.equals(v.shape, out)) {
                    v = v.pick(out, Shapes.broadcastMap(v.shape, out));
                }
            }
            c.out(0, type, out, v);
        });
    }

    private static int[] identity(int n) {
        int[] m = new int[n];
        for (int i = 0; i < n; i++) {
            m[i] = i;
        }
        return m;
    }

    /** Elementwise a op b with broadcasting; null when this kind of value has no operator or the arithmetic fails. */
    static ConstValue combine(ConstValue a, ConstValue b, long[] out, ElementType type,
                              LongBinaryOperator onLongs, DoubleBinaryOperator onReals) {
        int[] ia = Shapes.broadcastMap(a.shape, out);
        int[] ib = Shapes.broadcastMap(b.shape, out);
        try {
            if (!type.isFloat() && !a.isReal() && !b.isReal()) {
                if (onLongs == null) {
                    return null;
                }
                long[] r = new long[ia.length];
                for (int i = 0; i < r.length; i++) {
                    r[i] = onLongs.applyAsLong(a.longAt(ia[i]), b.longAt(ib[i]));
                }
                return ConstValue.ofLongs(type, out, r);
            }
            if (onReals == null) {
                return null;
            }
            double[] r = new double[ia.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = onReals.applyAsDouble(a.doubleAt(ia[i]), b.doubleAt(ib[i]));
            }
            return ConstValue.ofDoubles(type, out, r);
        } catch (ArithmeticException e) {
            // Division by zero or overflow: the value stays unknown; a rule that needs it will say so.
            return null;
        }
    }

    private interface Comparison {
        boolean test(double a, double b);
    }

    private static void compare(Map<String, ShapeRule> rules, String op, Comparison cmp) {
        rules.put(op, c -> {
            long[] out = broadcast(c, c.shape(0), c.shape(1));
            ConstValue v = null;
            if (c.worthFolding(out)) {
                ConstValue a = c.value(0);
                ConstValue b = c.value(1);
                int[] ia = Shapes.broadcastMap(a.shape, out);
                int[] ib = Shapes.broadcastMap(b.shape, out);
                long[] r = new long[ia.length];
                boolean exact = !a.isReal() && !b.isReal();
                for (int i = 0; i < r.length; i++) {
                    boolean t = exact ? cmp.test(Long.compare(a.longAt(ia[i]), b.longAt(ib[i])), 0)
                            : cmp.test(a.doubleAt(ia[i]), b.doubleAt(ib[i]));
                    r[i] = t ? 1 : 0;
                }
                v = ConstValue.ofLongs(ElementType.BOOL, out, r);
            }
            c.out(0, ElementType.BOOL, out, v);
        });
    }

    private static void logic(Map<String, ShapeRule> rules, String op, LongBinaryOperator f) {
        rules.put(op, c -> {
            long[] out = broadcast(c, c.shape(0), c.shape(1));
            ConstValue v = c.worthFolding(out) ? combine(c.value(0), c.value(1), out, ElementType.BOOL, f, null) : null;
            c.out(0, ElementType.BOOL, out, v);
        });
    }

    private static void where(OpContext c) {
        long[] out = broadcast(c, c.shape(0), c.shape(1), c.shape(2));
        ElementType type = c.type(1);
        ConstValue v = null;
        if (c.worthFolding(out)) {
            ConstValue cond = c.value(0);
            ConstValue x = c.value(1);
            ConstValue y = c.value(2);
            int[] ic = Shapes.broadcastMap(cond.shape, out);
            int[] ix = Shapes.broadcastMap(x.shape, out);
            int[] iy = Shapes.broadcastMap(y.shape, out);
            if (ConstValue.holdsReals(type)) {
                double[] r = new double[ic.length];
                for (int i = 0; i < r.length; i++) {
                    r[i] = cond.longAt(ic[i]) != 0 ? x.doubleAt(ix[i]) : y.doubleAt(iy[i]);
                }
                v = ConstValue.ofDoubles(type, out, r);
            } else {
                long[] r = new long[ic.length];
                for (int i = 0; i < r.length; i++) {
                    r[i] = cond.longAt(ic[i]) != 0 ? x.longAt(ix[i]) : y.longAt(iy[i]);
                }
                v = ConstValue.ofLongs(type, out, r);
            }
        }
        c.out(0, type, out, v);
    }

    private static void clip(OpContext c) {
        long[] s = c.shape(0);
        ConstValue v = null;
        if (c.worthFolding(s)) {
            ConstValue x = c.value(0);
            double lo = Double.NEGATIVE_INFINITY;
            double hi = Double.POSITIVE_INFINITY;
            if (c.opset < 11) {
                lo = c.attrFloat("min", Float.NEGATIVE_INFINITY);
                hi = c.attrFloat("max", Float.POSITIVE_INFINITY);
            } else {
                if (c.has(1)) {
                    lo = c.value(1).doubleAt(0);
                }
                if (c.has(2)) {
                    hi = c.value(2).doubleAt(0);
                }
            }
            double[] r = new double[x.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = Math.min(Math.max(x.doubleAt(i), lo), hi);
            }
            v = ConstValue.ofDoubles(c.type(0), s, r);
        }
        c.out(0, c.type(0), s, v);
    }

    static long[] broadcast(OpContext c, long[]... shapes) {
        try {
            return Shapes.broadcast(shapes);
        } catch (IllegalArgumentException e) {
            throw c.fail(e.getMessage());
        }
    }
}

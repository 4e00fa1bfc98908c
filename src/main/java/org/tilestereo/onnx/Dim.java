package org.tilestereo.onnx;

/** One dimension of a tensor shape: a fixed size, or a symbolic name that the runtime binds per run. */
public record Dim(long value, String param) {

    public Dim {
        if (param == null && value < 0) {
            throw new IllegalArgumentException("a fixed dimension must be >= 0, got " + value);
        }
        if (param != null && param.isEmpty()) {
            throw new IllegalArgumentException("a symbolic dimension needs a name");
        }
    }

    public static Dim of(long value) {
        return new Dim(value, null);
    }

    public static Dim named(String param) {
        return new Dim(-1, param);
    }

    /** A Number is a fixed size, a String a symbolic name: {@code Dim.parse("N", 3, "H", "W")}. */
    public static Dim[] parse(Object... dims) {
        Dim[] out = new Dim[dims.length];
        for (int i = 0; i < dims.length; i++) {
            Object d = dims[i];
            if (d instanceof Number n) {
                out[i] = of(n.longValue());
            } else if (d instanceof String s) {
                out[i] = named(s);
            } else if (d instanceof Dim dim) {
                out[i] = dim;
            } else {
                throw new IllegalArgumentException("dimension " + i + " must be a number or a name, got " + d);
            }
        }
        return out;
    }

    public boolean isSymbolic() {
        return param != null;
    }

    @Override
    public String toString() {
        return isSymbolic() ? param : Long.toString(value);
    }
}

package org.tilestereo.onnx;

import java.nio.charset.StandardCharsets;

/** A node attribute. Create with the factories; the type tag written to the file follows from the factory. */
public final class Attribute {
    /** AttributeProto.AttributeType codes of the kinds supported here. */
    enum Kind {
        FLOAT(1), INT(2), STRING(3), TENSOR(4), FLOATS(6), INTS(7);

        final int code;

        Kind(int code) {
            this.code = code;
        }
    }

    private final String name;
    private final Kind kind;
    private final float f;
    private final long i;
    private final byte[] s;
    private final TensorValue t;
    private final float[] floats;
    private final long[] ints;

    private Attribute(String name, Kind kind, float f, long i, byte[] s, TensorValue t, float[] floats, long[] ints) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("attribute name must not be empty");
        }
        this.name = name;
        this.kind = kind;
        this.f = f;
        this.i = i;
        this.s = s;
        this.t = t;
        this.floats = floats;
        this.ints = ints;
    }

    public static Attribute of(String name, float value) {
        return new Attribute(name, Kind.FLOAT, value, 0, null, null, null, null);
    }

    public static Attribute of(String name, long value) {
        return new Attribute(name, Kind.INT, 0, value, null, null, null, null);
    }

    public static Attribute of(String name, String value) {
        return new Attribute(name, Kind.STRING, 0, 0, value.getBytes(StandardCharsets.UTF_8), null, null, null);
    }

    public static Attribute of(String name, TensorValue value) {
        return new Attribute(name, Kind.TENSOR, 0, 0, null, value, null, null);
    }

    public static Attribute floats(String name, float... values) {
        return new Attribute(name, Kind.FLOATS, 0, 0, null, null, values.clone(), null);
    }

    public static Attribute ints(String name, long... values) {
        return new Attribute(name, Kind.INTS, 0, 0, null, null, null, values.clone());
    }

    public String name() {
        return name;
    }

    ProtoWriter toProto() {
        ProtoWriter a = new ProtoWriter().string(OnnxFields.Attribute.NAME, name);
        switch (kind) {
            case FLOAT -> a.float32(OnnxFields.Attribute.F, f);
            case INT -> a.varint(OnnxFields.Attribute.I, i);
            case STRING -> a.bytes(OnnxFields.Attribute.S, s);
            case TENSOR -> a.message(OnnxFields.Attribute.T, t.toProto());
            // Repeated scalars unpacked, one tag each: what proto2 declares for these fields.
            case FLOATS -> {
                for (float v : floats) {
                    a.float32(OnnxFields.Attribute.FLOATS, v);
                }
            }
            case INTS -> {
                for (long v : ints) {
                    a.varint(OnnxFields.Attribute.INTS, v);
                }
            }
        }
        return a.varint(OnnxFields.Attribute.TYPE, kind.code);
    }
}

package org.tilestereo.onnx;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A node attribute read from a model. The accessors check the kind, so asking an INTS attribute
 * for a float fails with a message naming both.
 */
public final class OnnxAttribute {
    /** AttributeProto.AttributeType. */
    public enum Kind {
        UNDEFINED, FLOAT, INT, STRING, TENSOR, GRAPH, FLOATS, INTS, STRINGS, TENSORS, GRAPHS,
        SPARSE_TENSOR, SPARSE_TENSORS, TYPE_PROTO, TYPE_PROTOS;

        static Kind fromCode(int code) {
            Kind[] all = values();
            if (code < 0 || code >= all.length) {
                throw new IllegalArgumentException("unknown ONNX attribute type " + code);
            }
            return all[code];
        }
    }

    private final String name;
    private final Kind kind;
    private final String refAttrName;
    private final float f;
    private final long i;
    private final byte[] s;
    private final OnnxTensor t;
    private final OnnxGraph g;
    private final float[] floats;
    private final long[] ints;
    private final List<byte[]> strings;
    private final List<OnnxTensor> tensors;
    private final List<OnnxGraph> graphs;

    private OnnxAttribute(String name, Kind kind, String refAttrName, float f, long i, byte[] s, OnnxTensor t, OnnxGraph g,
                          float[] floats, long[] ints, List<byte[]> strings, List<OnnxTensor> tensors, List<OnnxGraph> graphs) {
        this.name = name;
        this.kind = kind;
        this.refAttrName = refAttrName;
        this.f = f;
        this.i = i;
        this.s = s;
        this.t = t;
        this.g = g;
        this.floats = floats;
        this.ints = ints;
        this.strings = strings;
        this.tensors = tensors;
        this.graphs = graphs;
    }

    static OnnxAttribute parse(ProtoReader r, Path baseDirectory) {
        String name = "";
        String ref = "";
        int typeCode = -1;
        float f = 0;
        long i = 0;
        byte[] s = null;
        OnnxTensor t = null;
        OnnxGraph g = null;
        boolean hasF = false;
        boolean hasI = false;
        boolean sparse = false;
        boolean typeProto = false;
        List<Float> floatList = new ArrayList<>();
        OnnxTensor.LongList intList = new OnnxTensor.LongList();
        List<byte[]> strings = new ArrayList<>();
        List<OnnxTensor> tensors = new ArrayList<>();
        List<OnnxGraph> graphs = new ArrayList<>();
        int[] intCount = {0};
        while (r.next()) {
            switch (r.field()) {
                case OnnxFields.Attribute.NAME -> name = r.string();
                case OnnxFields.Attribute.REF_ATTR_NAME -> ref = r.string();
                case OnnxFields.Attribute.TYPE -> typeCode = r.int32();
                case OnnxFields.Attribute.F -> {
                    f = r.float32();
                    hasF = true;
                }
                case OnnxFields.Attribute.I -> {
                    i = r.varint();
                    hasI = true;
                }
                case OnnxFields.Attribute.S -> s = bytes(r.bytes());
                case OnnxFields.Attribute.T -> t = OnnxTensor.parse(r.bytes(), baseDirectory);
                case OnnxFields.Attribute.G -> g = OnnxGraph.parse(r.message(), baseDirectory);
                case OnnxFields.Attribute.FLOATS -> r.floats(v -> floatList.add((float) v));
                case OnnxFields.Attribute.INTS -> r.varints(v -> {
                    intList.add(v);
                    intCount[0]++;
                });
                case OnnxFields.Attribute.STRINGS -> strings.add(bytes(r.bytes()));
                case OnnxFields.Attribute.TENSORS -> tensors.add(OnnxTensor.parse(r.bytes(), baseDirectory));
                case OnnxFields.Attribute.GRAPHS -> graphs.add(OnnxGraph.parse(r.message(), baseDirectory));
                case OnnxFields.Attribute.SPARSE_TENSOR, OnnxFields.Attribute.SPARSE_TENSORS -> {
                    sparse = true;
                    r.skip();
                }
                case OnnxFields.Attribute.TP, OnnxFields.Attribute.TYPE_PROTOS -> {
                    typeProto = true;
                    r.skip();
                }
                default -> r.skip();
            }
        }
        Kind kind;
        if (typeCode >= 0) {
            kind = Kind.fromCode(typeCode);
        } else {
            // IR version 1 had no type field: the populated value field says which kind it is.
            kind = hasF ? Kind.FLOAT : hasI ? Kind.INT : s != null ? Kind.STRING : t != null ? Kind.TENSOR
                    : g != null ? Kind.GRAPH : !floatList.isEmpty() ? Kind.FLOATS : intCount[0] > 0 ? Kind.INTS
                    : !strings.isEmpty() ? Kind.STRINGS : !tensors.isEmpty() ? Kind.TENSORS
                    : !graphs.isEmpty() ? Kind.GRAPHS : sparse ? Kind.SPARSE_TENSOR : typeProto ? Kind.TYPE_PROTO : Kind.UNDEFINED;
        }
        float[] fl = new float[floatList.size()];
        for (int k = 0; k < fl.length; k++) {
            fl[k] = floatList.get(k);
        }
        return new OnnxAttribute(name, kind, ref, f, i, s == null ? new byte[0] : s, t, g, fl, intList.toArray(),
                List.copyOf(strings), List.copyOf(tensors), List.copyOf(graphs));
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** Non-empty inside a function body, where the attribute refers to one of the caller's. */
    public String refAttrName() {
        return refAttrName;
    }

    public float f() {
        require(Kind.FLOAT);
        return f;
    }

    public long i() {
        require(Kind.INT);
        return i;
    }

    public byte[] s() {
        require(Kind.STRING);
        return s.clone();
    }

    /** The STRING value as UTF-8 text. */
    public String string() {
        require(Kind.STRING);
        return new String(s, StandardCharsets.UTF_8);
    }

    public OnnxTensor t() {
        require(Kind.TENSOR);
        return t;
    }

    public OnnxGraph g() {
        require(Kind.GRAPH);
        return g;
    }

    public float[] floats() {
        require(Kind.FLOATS);
        return floats.clone();
    }

    public long[] ints() {
        require(Kind.INTS);
        return ints.clone();
    }

    public List<String> strings() {
        require(Kind.STRINGS);
        List<String> out = new ArrayList<>(strings.size());
        for (byte[] b : strings) {
            out.add(new String(b, StandardCharsets.UTF_8));
        }
        return out;
    }

    public List<OnnxTensor> tensors() {
        require(Kind.TENSORS);
        return tensors;
    }

    public List<OnnxGraph> graphs() {
        require(Kind.GRAPHS);
        return graphs;
    }

    private void require(Kind want) {
        if (kind != want) {
            throw new IllegalStateException("attribute '" + name + "' is " + kind + ", not " + want);
        }
    }

    @Override
    public String toString() {
        return name + ":" + kind;
    }
}

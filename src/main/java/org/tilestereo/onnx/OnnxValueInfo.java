package org.tilestereo.onnx;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A ValueInfoProto: a graph input, output or annotated intermediate tensor with its element type
 * and shape. A dimension is fixed or symbolic ({@link Dim}); one with neither a value nor a name is
 * reported as the symbol "?". The shape is null when the file gives none (rank unknown).
 */
public final class OnnxValueInfo {
    /** The name given to a dimension the file leaves unknown and unnamed. */
    public static final String UNKNOWN_DIM = "?";

    private final String name;
    private final ElementType elementType;
    private final boolean tensor;
    private final List<Dim> dims;
    private final String docString;

    OnnxValueInfo(String name, ElementType elementType, boolean tensor, List<Dim> dims, String docString) {
        this.name = name;
        this.elementType = elementType;
        this.tensor = tensor;
        this.dims = dims == null ? null : Collections.unmodifiableList(dims);
        this.docString = docString;
    }

    static OnnxValueInfo parse(ProtoReader r) {
        String name = "";
        String doc = "";
        ElementType type = ElementType.UNDEFINED;
        boolean tensor = false;
        List<Dim> dims = null;
        while (r.next()) {
            switch (r.field()) {
                case OnnxFields.ValueInfo.NAME -> name = r.string();
                case OnnxFields.ValueInfo.DOC_STRING -> doc = r.string();
                case OnnxFields.ValueInfo.TYPE -> {
                    ProtoReader t = r.message();
                    while (t.next()) {
                        if (t.field() == OnnxFields.Type.TENSOR_TYPE || t.field() == OnnxFields.Type.SPARSE_TENSOR_TYPE) {
                            tensor = true;
                            ProtoReader tt = t.message();
                            while (tt.next()) {
                                switch (tt.field()) {
                                    case OnnxFields.Type.TENSOR_ELEM_TYPE -> type = ElementType.fromCode(tt.int32());
                                    case OnnxFields.Type.TENSOR_SHAPE -> dims = parseShape(tt.message());
                                    default -> tt.skip();
                                }
                            }
                        } else {
                            t.skip();
                        }
                    }
                }
                default -> r.skip();
            }
        }
        return new OnnxValueInfo(name, type, tensor, dims, doc);
    }

    private static List<Dim> parseShape(ProtoReader shape) {
        List<Dim> dims = new ArrayList<>();
        while (shape.next()) {
            if (shape.field() != OnnxFields.Shape.DIM) {
                shape.skip();
                continue;
            }
            ProtoReader d = shape.message();
            Dim dim = Dim.named(UNKNOWN_DIM);
            while (d.next()) {
                switch (d.field()) {
                    case OnnxFields.Shape.DIM_VALUE -> {
                        long v = d.varint();
                        // Some exporters write -1 for "unknown"; ONNX has no negative sizes.
                        dim = v >= 0 ? Dim.of(v) : Dim.named(UNKNOWN_DIM);
                    }
                    case OnnxFields.Shape.DIM_PARAM -> {
                        String p = d.string();
                        dim = p.isEmpty() ? Dim.named(UNKNOWN_DIM) : Dim.named(p);
                    }
                    default -> d.skip();
                }
            }
            dims.add(dim);
        }
        return dims;
    }

    public String name() {
        return name;
    }

    /** UNDEFINED when the value is not a tensor or the file does not say. */
    public ElementType elementType() {
        return elementType;
    }

    /** False for sequences, maps and optionals. */
    public boolean isTensor() {
        return tensor;
    }

    public boolean hasShape() {
        return dims != null;
    }

    /** The dimensions, or null when the rank is unknown. */
    public List<Dim> dims() {
        return dims;
    }

    public int rank() {
        if (dims == null) {
            throw new IllegalStateException("value '" + name + "' has no shape in the model");
        }
        return dims.size();
    }

    public String docString() {
        return docString;
    }

    @Override
    public String toString() {
        return name + ":" + elementType + (dims == null ? "[?]" : dims.toString());
    }
}

package org.tilestereo.onnx;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes ONNX models from code: graph inputs and outputs with fixed or symbolic dimensions,
 * initializers, nodes with attributes, operator-set imports and metadata. It encodes what it is
 * given and checks only names and shapes it can see; whether the graph is valid is the runtime's
 * judgement when it loads the model.
 *
 * <pre>{@code
 * byte[] model = new OnnxModelBuilder("scale")
 *         .input("x", OnnxDataType.FLOAT, "N", 3, "H", "W")
 *         .initializer(TensorValue.floats("w", new float[] {0.3f, 0.6f, 0.1f}, 1, 3, 1, 1))
 *         .node("Conv", List.of("x", "w"), List.of("y"))
 *         .output("y", OnnxDataType.FLOAT, "N", 1, "H", "W")
 *         .build();
 * }</pre>
 */
public final class OnnxModelBuilder {
    /** IR version 8 (ONNX 1.10+): read by every ONNX Runtime release in use, covers opsets up to 17. */
    public static final long DEFAULT_IR_VERSION = 8;
    public static final long DEFAULT_OPSET = 17;

    private record ValueInfo(String name, OnnxDataType type, Dim[] dims) {
    }

    private record Node(String name, String domain, String opType, List<String> inputs, List<String> outputs,
                        List<Attribute> attributes) {
    }

    /** An initializer known by its type and size; its proto (and data) is made only when written. */
    private record Initializer(OnnxDataType type, long elements, Supplier<ProtoWriter> proto) {
    }

    private final String graphName;
    private long irVersion = DEFAULT_IR_VERSION;
    private String producer = "tilestereo";
    private final Map<String, Long> opsets = new LinkedHashMap<>();
    private final List<ValueInfo> inputs = new ArrayList<>();
    private final List<ValueInfo> outputs = new ArrayList<>();
    private final List<Initializer> initializers = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    public OnnxModelBuilder(String graphName) {
        this.graphName = requireName(graphName, "graph");
        opsets.put("", DEFAULT_OPSET);
    }

    public OnnxModelBuilder irVersion(long version) {
        this.irVersion = version;
        return this;
    }

    public OnnxModelBuilder producer(String name) {
        this.producer = name;
        return this;
    }

    /** The version of the default ONNX operator set ("" domain). */
    public OnnxModelBuilder opset(long version) {
        return opset("", version);
    }

    public OnnxModelBuilder opset(String domain, long version) {
        opsets.put(domain, version);
        return this;
    }

    /** A graph input; each dimension is a number (fixed) or a string (symbolic), see {@link Dim#parse}. */
    public OnnxModelBuilder input(String name, OnnxDataType type, Object... dims) {
        inputs.add(new ValueInfo(requireName(name, "input"), type, Dim.parse(dims)));
        return this;
    }

    public OnnxModelBuilder output(String name, OnnxDataType type, Object... dims) {
        outputs.add(new ValueInfo(requireName(name, "output"), type, Dim.parse(dims)));
        return this;
    }

    public OnnxModelBuilder initializer(TensorValue tensor) {
        requireName(tensor.name(), "initializer");
        initializers.add(new Initializer(tensor.type(), tensor.elementCount(), tensor::toProto));
        return this;
    }

    /** An initializer whose data is produced only while the model is written (see {@link StreamedTensor}). */
    public OnnxModelBuilder initializer(StreamedTensor tensor) {
        requireName(tensor.name(), "initializer");
        initializers.add(new Initializer(tensor.type(), tensor.elementCount(), tensor::toProto));
        return this;
    }

    /** Elements held by the initializers of one element type; for FLOAT, a model's parameter count. */
    public long initializerElements(OnnxDataType type) {
        long n = 0;
        for (Initializer i : initializers) {
            if (i.type == type) {
                n += i.elements;
            }
        }
        return n;
    }

    /** Bytes of data held by all initializers: the weights a runtime loads. */
    public long initializerBytes() {
        long n = 0;
        for (Initializer i : initializers) {
            n += i.elements * i.type.bytes;
        }
        return n;
    }

    /** Size of the encoded model in bytes, known without producing streamed data. */
    public long encodedSize() {
        return model().size();
    }

    public OnnxModelBuilder initializer(String name, float[] data, long... dims) {
        return initializer(TensorValue.floats(name, data, dims));
    }

    public OnnxModelBuilder initializer(String name, long[] data, long... dims) {
        return initializer(TensorValue.longs(name, data, dims));
    }

    /**
     * A node of the default operator set, named after its op type and position. An empty string
     * among the inputs leaves an optional input out, as ONNX specifies.
     */
    public OnnxModelBuilder node(String opType, List<String> inputs, List<String> outputs, Attribute... attributes) {
        return node("", opType, inputs, outputs, attributes);
    }

    /** A node of another operator domain (a runtime's own operators, e.g. "com.microsoft"); its opset is declared with {@link #opset(String, long)}. */
    public OnnxModelBuilder node(String domain, String opType, List<String> inputs, List<String> outputs,
                                 Attribute... attributes) {
        requireName(opType, "op type");
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("node " + opType + " needs at least one output");
        }
        nodes.add(new Node(opType + "_" + nodes.size(), domain, opType, List.copyOf(inputs), List.copyOf(outputs),
                List.of(attributes)));
        return this;
    }

    /** A metadata_props entry; runtimes expose these as the model's custom metadata. */
    public OnnxModelBuilder metadata(String key, String value) {
        metadata.put(requireName(key, "metadata key"), value);
        return this;
    }

    public byte[] build() {
        return model().toByteArray();
    }

    public void writeTo(OutputStream out) throws IOException {
        model().writeTo(out);
    }

    public void writeTo(Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            writeTo(out);
        }
    }

    private ProtoWriter model() {
        if (outputs.isEmpty()) {
            throw new IllegalStateException("graph '" + graphName + "' has no output");
        }
        ProtoWriter model = new ProtoWriter()
                .varint(OnnxFields.Model.IR_VERSION, irVersion)
                .string(OnnxFields.Model.PRODUCER_NAME, producer)
                .message(OnnxFields.Model.GRAPH, graph());
        opsets.forEach((domain, version) -> model.message(OnnxFields.Model.OPSET_IMPORT, new ProtoWriter()
                .string(OnnxFields.OperatorSetId.DOMAIN, domain)
                .varint(OnnxFields.OperatorSetId.VERSION, version)));
        metadata.forEach((key, value) -> model.message(OnnxFields.Model.METADATA_PROPS, new ProtoWriter()
                .string(OnnxFields.StringStringEntry.KEY, key)
                .string(OnnxFields.StringStringEntry.VALUE, value)));
        return model;
    }

    private ProtoWriter graph() {
        ProtoWriter g = new ProtoWriter();
        for (Node n : nodes) {
            g.message(OnnxFields.Graph.NODE, node(n));
        }
        g.string(OnnxFields.Graph.NAME, graphName);
        for (Initializer i : initializers) {
            g.message(OnnxFields.Graph.INITIALIZER, i.proto.get());
        }
        for (ValueInfo v : inputs) {
            g.message(OnnxFields.Graph.INPUT, valueInfo(v));
        }
        for (ValueInfo v : outputs) {
            g.message(OnnxFields.Graph.OUTPUT, valueInfo(v));
        }
        return g;
    }

    private static ProtoWriter node(Node n) {
        ProtoWriter p = new ProtoWriter();
        for (String in : n.inputs) {
            p.string(OnnxFields.Node.INPUT, in);
        }
        for (String out : n.outputs) {
            p.string(OnnxFields.Node.OUTPUT, out);
        }
        p.string(OnnxFields.Node.NAME, n.name).string(OnnxFields.Node.OP_TYPE, n.opType);
        if (!n.domain.isEmpty()) {
            p.string(OnnxFields.Node.DOMAIN, n.domain);
        }
        for (Attribute a : n.attributes) {
            p.message(OnnxFields.Node.ATTRIBUTE, a.toProto());
        }
        return p;
    }

    private static ProtoWriter valueInfo(ValueInfo v) {
        ProtoWriter shape = new ProtoWriter();
        for (Dim d : v.dims) {
            ProtoWriter dim = new ProtoWriter();
            if (d.isSymbolic()) {
                dim.string(OnnxFields.Shape.DIM_PARAM, d.param());
            } else {
                dim.varint(OnnxFields.Shape.DIM_VALUE, d.value());
            }
            shape.message(OnnxFields.Shape.DIM, dim);
        }
        ProtoWriter tensorType = new ProtoWriter()
                .varint(OnnxFields.Type.TENSOR_ELEM_TYPE, v.type.code)
                .message(OnnxFields.Type.TENSOR_SHAPE, shape);
        return new ProtoWriter()
                .string(OnnxFields.ValueInfo.NAME, v.name)
                .message(OnnxFields.ValueInfo.TYPE, new ProtoWriter().message(OnnxFields.Type.TENSOR_TYPE, tensorType));
    }

    private static String requireName(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(what + " name must not be empty");
        }
        return name;
    }
}

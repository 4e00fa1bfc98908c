package org.tilestereo.onnx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A GraphProto: nodes in file order, initializers (weights and other constant tensors, their data
 * left in the file), the graph's inputs and outputs, and any value_info annotations.
 */
public final class OnnxGraph {
    private final String name;
    private final String docString;
    private final List<OnnxNode> nodes;
    private final Map<String, OnnxTensor> initializers;
    private final List<OnnxValueInfo> inputs;
    private final List<OnnxValueInfo> outputs;
    private final List<OnnxValueInfo> valueInfo;
    private final List<String> sparseInitializers;

    private OnnxGraph(String name, String docString, List<OnnxNode> nodes, Map<String, OnnxTensor> initializers,
                      List<OnnxValueInfo> inputs, List<OnnxValueInfo> outputs, List<OnnxValueInfo> valueInfo,
                      List<String> sparseInitializers) {
        this.name = name;
        this.docString = docString;
        this.nodes = Collections.unmodifiableList(nodes);
        this.initializers = Collections.unmodifiableMap(initializers);
        this.inputs = Collections.unmodifiableList(inputs);
        this.outputs = Collections.unmodifiableList(outputs);
        this.valueInfo = Collections.unmodifiableList(valueInfo);
        this.sparseInitializers = Collections.unmodifiableList(sparseInitializers);
    }

    static OnnxGraph parse(ProtoReader r, Path baseDirectory) {
        String name = "";
        String doc = "";
        List<OnnxNode> nodes = new ArrayList<>();
        Map<String, OnnxTensor> initializers = new LinkedHashMap<>();
        List<OnnxValueInfo> inputs = new ArrayList<>();
        List<OnnxValueInfo> outputs = new ArrayList<>();
        List<OnnxValueInfo> valueInfo = new ArrayList<>();
        List<String> sparse = new ArrayList<>();
        while (r.next()) {
            switch (r.field()) {
                case OnnxFields.Graph.NODE -> nodes.add(OnnxNode.parse(r.message(), baseDirectory));
                case OnnxFields.Graph.NAME -> name = r.string();
                case OnnxFields.Graph.DOC_STRING -> doc = r.string();
                case OnnxFields.Graph.INITIALIZER -> {
                    OnnxTensor t = OnnxTensor.parse(r.bytes(), baseDirectory);
                    if (t.name().isEmpty()) {
                        throw new IllegalArgumentException("graph '" + name + "' has an initializer without a name");
                    }
                    if (initializers.put(t.name(), t) != null) {
                        throw new IllegalArgumentException("graph '" + name + "' has two initializers named '" + t.name() + "'");
                    }
                }
                case OnnxFields.Graph.SPARSE_INITIALIZER -> sparse.add(sparseName(r.message()));
                case OnnxFields.Graph.INPUT -> inputs.add(OnnxValueInfo.parse(r.message()));
                case OnnxFields.Graph.OUTPUT -> outputs.add(OnnxValueInfo.parse(r.message()));
                case OnnxFields.Graph.VALUE_INFO -> valueInfo.add(OnnxValueInfo.parse(r.message()));
                default -> r.skip();
            }
        }
        return new OnnxGraph(name, doc, nodes, initializers, inputs, outputs, valueInfo, sparse);
    }

    /** A sparse initializer is named by its values tensor. */
    private static String sparseName(ProtoReader r) {
        String name = "";
        while (r.next()) {
            if (r.field() == OnnxFields.SparseTensor.VALUES) {
                name = OnnxTensor.parse(r.bytes(), null).name();
            } else {
                r.skip();
            }
        }
        return name;
    }

    public String name() {
        return name;
    }

    public String docString() {
        return docString;
    }

    /** Nodes in file order (topological in a valid model). */
    public List<OnnxNode> nodes() {
        return nodes;
    }

    /** Initializers by name, in file order. */
    public Map<String, OnnxTensor> initializers() {
        return initializers;
    }

    public OnnxTensor initializer(String tensor) {
        return initializers.get(tensor);
    }

    public boolean isInitializer(String tensor) {
        return initializers.containsKey(tensor);
    }

    /** All declared inputs; before IR version 4 these also list the initializers. */
    public List<OnnxValueInfo> inputs() {
        return inputs;
    }

    /** The inputs a caller feeds: declared inputs that are not initializers. */
    public List<OnnxValueInfo> runtimeInputs() {
        List<OnnxValueInfo> out = new ArrayList<>();
        for (OnnxValueInfo v : inputs) {
            if (!initializers.containsKey(v.name())) {
                out.add(v);
            }
        }
        return out;
    }

    public List<OnnxValueInfo> outputs() {
        return outputs;
    }

    public List<OnnxValueInfo> valueInfo() {
        return valueInfo;
    }

    /** Names of sparse initializers; their data is not read. */
    public List<String> sparseInitializers() {
        return sparseInitializers;
    }

    @Override
    public String toString() {
        return "graph '" + name + "' (" + nodes.size() + " nodes, " + initializers.size() + " initializers)";
    }
}

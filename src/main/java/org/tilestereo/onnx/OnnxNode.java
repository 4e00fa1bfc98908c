package org.tilestereo.onnx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A NodeProto: one operator application. Inputs and outputs are tensor names; an empty name marks
 * an optional input or output left out. The typed attribute getters take the default ONNX gives
 * an absent attribute.
 */
public final class OnnxNode {
    private final String name;
    private final String opType;
    private final String domain;
    private final List<String> inputs;
    private final List<String> outputs;
    private final Map<String, OnnxAttribute> attributes;
    private final String docString;

    OnnxNode(String name, String opType, String domain, List<String> inputs, List<String> outputs,
             Map<String, OnnxAttribute> attributes, String docString) {
        this.name = name;
        this.opType = opType;
        this.domain = domain;
        this.inputs = Collections.unmodifiableList(inputs);
        this.outputs = Collections.unmodifiableList(outputs);
        this.attributes = Collections.unmodifiableMap(attributes);
        this.docString = docString;
    }

    static OnnxNode parse(ProtoReader r, Path baseDirectory) {
        String name = "";
        String opType = "";
        String domain = "";
        String doc = "";
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        Map<String, OnnxAttribute> attributes = new LinkedHashMap<>();
        while (r.next()) {
            switch (r.field()) {
                case OnnxFields.Node.INPUT -> inputs.add(r.string());
                case OnnxFields.Node.OUTPUT -> outputs.add(r.string());
                case OnnxFields.Node.NAME -> name = r.string();
                case OnnxFields.Node.OP_TYPE -> opType = r.string();
                case OnnxFields.Node.DOMAIN -> domain = r.string();
                case OnnxFields.Node.DOC_STRING -> doc = r.string();
                case OnnxFields.Node.ATTRIBUTE -> {
                    OnnxAttribute a = OnnxAttribute.parse(r.message(), baseDirectory);
                    if (attributes.put(a.name(), a) != null) {
                        throw new IllegalArgumentException("node '" + name + "' has attribute '" + a.name() + "' twice");
                    }
                }
                default -> r.skip();
            }
        }
        if (opType.isEmpty()) {
            throw new IllegalArgumentException("node '" + name + "' has no op_type");
        }
        return new OnnxNode(name, opType, domain, inputs, outputs, attributes, doc);
    }

    public String name() {
        return name;
    }

    public String opType() {
        return opType;
    }

    /** "" for the default ONNX operator set ("ai.onnx" means the same). */
    public String domain() {
        return domain;
    }

    public boolean isDefaultDomain() {
        return domain.isEmpty() || domain.equals("ai.onnx");
    }

    public List<String> inputs() {
        return inputs;
    }

    public List<String> outputs() {
        return outputs;
    }

    /** The i-th input's name, or "" when the node has fewer inputs or leaves that one out. */
    public String input(int i) {
        return i < inputs.size() ? inputs.get(i) : "";
    }

    public boolean hasInput(int i) {
        return !input(i).isEmpty();
    }

    public String output(int i) {
        return i < outputs.size() ? outputs.get(i) : "";
    }

    public Map<String, OnnxAttribute> attributes() {
        return attributes;
    }

    public boolean has(String attribute) {
        return attributes.containsKey(attribute);
    }

    /** The attribute, or null when the node does not set it. */
    public OnnxAttribute attribute(String attribute) {
        return attributes.get(attribute);
    }

    public long attrInt(String attribute, long absent) {
        OnnxAttribute a = attributes.get(attribute);
        return a == null ? absent : a.i();
    }

    public float attrFloat(String attribute, float absent) {
        OnnxAttribute a = attributes.get(attribute);
        return a == null ? absent : a.f();
    }

    public String attrString(String attribute, String absent) {
        OnnxAttribute a = attributes.get(attribute);
        return a == null ? absent : a.string();
    }

    /** The INTS attribute, or {@code absent} (may be null) when not set. */
    public long[] attrInts(String attribute, long[] absent) {
        OnnxAttribute a = attributes.get(attribute);
        return a == null ? absent : a.ints();
    }

    public float[] attrFloats(String attribute, float[] absent) {
        OnnxAttribute a = attributes.get(attribute);
        return a == null ? absent : a.floats();
    }

    public String docString() {
        return docString;
    }

    /** How messages name the node: its name, or its first output when it has none, and its op type. */
    public String describe() {
        String who = !name.isEmpty() ? "node '" + name + "'" : "unnamed node producing '" + output(0) + "'";
        return who + " (" + (isDefaultDomain() ? "" : domain + ".") + opType + ")";
    }

    @Override
    public String toString() {
        return describe() + " " + inputs + " -> " + outputs;
    }
}

package org.tilestereo.onnx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An ONNX model read without a protobuf library: header fields, operator-set imports, metadata and
 * the graph. A file is memory-mapped and the weights stay in the mapping (initializers hold views,
 * not copies), so a 1.4 GB model costs the heap only its graph structure.
 *
 * <pre>{@code
 * OnnxModel m = OnnxModel.read(Path.of("depth_anything_v2_vitl.onnx"));
 * long opset = m.opset();
 * for (OnnxNode n : m.graph().nodes()) { ... }
 * }</pre>
 */
public final class OnnxModel {
    private final long irVersion;
    private final String producerName;
    private final String producerVersion;
    private final String domain;
    private final long modelVersion;
    private final String docString;
    private final Map<String, Long> opsetImports;
    private final Map<String, String> metadata;
    private final OnnxGraph graph;
    private final Path file;

    private OnnxModel(long irVersion, String producerName, String producerVersion, String domain, long modelVersion,
                      String docString, Map<String, Long> opsetImports, Map<String, String> metadata, OnnxGraph graph, Path file) {
        this.irVersion = irVersion;
        this.producerName = producerName;
        this.producerVersion = producerVersion;
        this.domain = domain;
        this.modelVersion = modelVersion;
        this.docString = docString;
        this.opsetImports = Collections.unmodifiableMap(opsetImports);
        this.metadata = Collections.unmodifiableMap(metadata);
        this.graph = graph;
        this.file = file;
    }

    /** Reads a model file by mapping it; external tensor data is looked for beside it. */
    public static OnnxModel read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("'" + file + "' is " + size
                        + " bytes; ONNX files over 2 GiB must keep their weights as external data");
            }
            ByteBuffer mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
            Path dir = file.toAbsolutePath().getParent();
            try {
                return parse(mapped, dir, file);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + file + "' is not a readable ONNX model: " + e.getMessage(), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ONNX model " + file, e);
        }
    }

    /** Reads a model from its bytes; the array is used in place, not copied. */
    public static OnnxModel read(byte[] bytes) {
        return parse(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), null, null);
    }

    private static OnnxModel parse(ByteBuffer buffer, Path dir, Path file) {
        long ir = 0;
        String producer = "";
        String producerVersion = "";
        String domain = "";
        long modelVersion = 0;
        String doc = "";
        Map<String, Long> opsets = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        OnnxGraph graph = null;
        ProtoReader r = new ProtoReader(buffer);
        while (r.next()) {
            switch (r.field()) {
                case OnnxFields.Model.IR_VERSION -> ir = r.varint();
                case OnnxFields.Model.PRODUCER_NAME -> producer = r.string();
                case OnnxFields.Model.PRODUCER_VERSION -> producerVersion = r.string();
                case OnnxFields.Model.DOMAIN -> domain = r.string();
                case OnnxFields.Model.MODEL_VERSION -> modelVersion = r.varint();
                case OnnxFields.Model.DOC_STRING -> doc = r.string();
                case OnnxFields.Model.GRAPH -> graph = OnnxGraph.parse(r.message(), dir);
                case OnnxFields.Model.OPSET_IMPORT -> {
                    ProtoReader o = r.message();
                    String d = "";
                    long v = 0;
                    while (o.next()) {
                        switch (o.field()) {
                            case OnnxFields.OperatorSetId.DOMAIN -> d = o.string();
                            case OnnxFields.OperatorSetId.VERSION -> v = o.varint();
                            default -> o.skip();
                        }
                    }
                    opsets.put(d.equals("ai.onnx") ? "" : d, v);
                }
                case OnnxFields.Model.METADATA_PROPS -> readEntry(r.message(), metadata);
                default -> r.skip();
            }
        }
        if (graph == null) {
            throw new IllegalArgumentException("the model has no graph");
        }
        return new OnnxModel(ir, producer, producerVersion, domain, modelVersion, doc, opsets, metadata, graph, file);
    }

    public long irVersion() {
        return irVersion;
    }

    public String producerName() {
        return producerName;
    }

    public String producerVersion() {
        return producerVersion;
    }

    public String domain() {
        return domain;
    }

    public long modelVersion() {
        return modelVersion;
    }

    public String docString() {
        return docString;
    }

    /** Operator-set versions by domain; the default ONNX domain is "" (written as "" or "ai.onnx"). */
    public Map<String, Long> opsetImports() {
        return opsetImports;
    }

    /** The default ONNX operator-set version; a model without that import is refused. */
    public long opset() {
        Long v = opsetImports.get("");
        if (v == null) {
            throw new IllegalStateException("the model imports no version of the default ONNX operator set");
        }
        return v;
    }

    /** The version of an operator set, or -1 when the model does not import it. */
    public long opset(String opsetDomain) {
        return opsetImports.getOrDefault(opsetDomain.equals("ai.onnx") ? "" : opsetDomain, -1L);
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public OnnxGraph graph() {
        return graph;
    }

    /** The file the model was read from, or null when it came from bytes. */
    public Path file() {
        return file;
    }

    @Override
    public String toString() {
        return "ONNX model (IR " + irVersion + ", opsets " + opsetImports + ") " + graph;
    }

    /** Reads a StringStringEntryProto (metadata_props, external_data) into the map. */
    static void readEntry(ProtoReader e, java.util.Map<String, String> into) {
        String key = "";
        String value = "";
        while (e.next()) {
            switch (e.field()) {
                case OnnxFields.StringStringEntry.KEY -> key = e.string();
                case OnnxFields.StringStringEntry.VALUE -> value = e.string();
                default -> e.skip();
            }
        }
        into.put(key, value);
    }
}

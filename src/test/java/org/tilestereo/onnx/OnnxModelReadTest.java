package org.tilestereo.onnx;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader against models the builder wrote and against hand-encoded protobuf the builder cannot write. */
class OnnxModelReadTest {

    @Test
    void readsBackEverythingTheBuilderWrote(@TempDir Path dir) throws Exception {
        byte[] bytes = OnnxModelBuilderTest.roundTripModel().build();
        Path file = dir.resolve("m.onnx");
        Files.write(file, bytes);
        for (OnnxModel m : new OnnxModel[] {OnnxModel.read(bytes), OnnxModel.read(file)}) {
            assertEquals(OnnxModelBuilder.DEFAULT_IR_VERSION, m.irVersion());
            assertEquals("tilestereo-test", m.producerName());
            assertEquals(17, m.opset());
            assertEquals(Map.of("", 17L), m.opsetImports());
            assertEquals(Map.of("mean", "0.5,0.5,0.5", "purpose", "round trip"), m.metadata());
            OnnxGraph g = m.graph();
            assertEquals("roundtrip", g.name());

            assertEquals(1, g.inputs().size());
            OnnxValueInfo x = g.inputs().get(0);
            assertEquals("x", x.name());
            assertEquals(ElementType.FLOAT, x.elementType());
            assertEquals(List.of(Dim.named("N"), Dim.of(3), Dim.named("H"), Dim.named("W")), x.dims());
            assertEquals(List.of(Dim.named("N"), Dim.of(1), Dim.named("Hp"), Dim.named("Wp")), g.outputs().get(0).dims());

            assertEquals(List.of("w", "b", "pads"), List.copyOf(g.initializers().keySet()));
            OnnxTensor w = g.initializer("w");
            assertArrayEquals(new long[] {1, 3, 1, 1}, w.dims());
            assertEquals(ElementType.FLOAT, w.type());
            assertArrayEquals(new float[] {0.5f, -1.25f, 2.0f}, w.floats());
            assertArrayEquals(new float[] {0.1f}, g.initializer("b").floats());
            assertArrayEquals(new long[] {0, 0, 1, 1, 0, 0, 1, 1}, g.initializer("pads").longs());
            assertEquals(ElementType.INT64, g.initializer("pads").type());

            List<OnnxNode> nodes = g.nodes();
            assertEquals(List.of("Conv", "Constant", "Mul", "LeakyRelu", "Constant", "Add", "Pad"),
                    nodes.stream().map(OnnxNode::opType).toList());
            OnnxNode conv = nodes.get(0);
            assertEquals("Conv_0", conv.name());
            assertEquals(List.of("x", "w", "b"), conv.inputs());
            assertEquals(List.of("s"), conv.outputs());
            assertArrayEquals(new long[] {1, 1}, conv.attribute("kernel_shape").ints());
            assertEquals(OnnxAttribute.Kind.INTS, conv.attribute("kernel_shape").kind());
            assertEquals(1, conv.attrInt("group", 7));
            assertEquals(7, conv.attrInt("absent", 7));
            assertArrayEquals(new float[] {2f}, nodes.get(1).attribute("value_floats").floats());
            assertEquals(0.1f, nodes.get(3).attribute("alpha").f());
            assertEquals(OnnxAttribute.Kind.FLOAT, nodes.get(3).attribute("alpha").kind());
            OnnxTensor quarter = nodes.get(4).attribute("value").t();
            assertArrayEquals(new long[] {1}, quarter.dims());
            assertArrayEquals(new float[] {0.25f}, quarter.floats());
            assertEquals("reflect", nodes.get(6).attrString("mode", ""));
            IllegalStateException wrongKind = assertThrows(IllegalStateException.class, () -> nodes.get(6).attribute("mode").i());
            assertTrue(wrongKind.getMessage().contains("'mode' is STRING, not INT"), wrongKind.getMessage());
        }
    }

    @Test
    void initializerDataIsAViewOfTheModelBytesNotACopy() {
        byte[] bytes = OnnxModelBuilderTest.roundTripModel().build();
        OnnxModel m = OnnxModel.read(bytes);
        OnnxTensor w = m.graph().initializer("w");
        ByteBuffer raw = w.rawData();
        assertTrue(raw.isReadOnly());
        assertEquals(12, raw.remaining());
        // Find the weight's bytes in the model and change one: the tensor must see the change.
        byte[] weight = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.5f).putFloat(-1.25f).putFloat(2f).array();
        int at = indexOf(bytes, weight);
        assertTrue(at > 0);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(at, 9f);
        assertEquals(9f, w.floats()[0]);
    }

    @Test
    void readsTypedDataFieldsAndRawDataAlike() {
        ByteBuffer f4 = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putFloat(1).putFloat(-2).putFloat(3.5f).putFloat(0);
        ProtoWriter g = new ProtoWriter().string(OnnxFields.Graph.NAME, "typed");
        g.message(OnnxFields.Graph.INITIALIZER, tensor("f_packed", 1, 2, 2).bytes(OnnxFields.Tensor.FLOAT_DATA, f4.array()));
        g.message(OnnxFields.Graph.INITIALIZER, tensor("f_raw", 1, 2, 2).bytes(OnnxFields.Tensor.RAW_DATA, f4.array()));
        g.message(OnnxFields.Graph.INITIALIZER, tensor("f_unpacked", 1, 3)
                .float32(OnnxFields.Tensor.FLOAT_DATA, 0.25f).float32(OnnxFields.Tensor.FLOAT_DATA, -8f)
                .float32(OnnxFields.Tensor.FLOAT_DATA, 1e-3f));
        g.message(OnnxFields.Graph.INITIALIZER, tensor("i64", 7, 3)
                .bytes(OnnxFields.Tensor.INT64_DATA, ProtoReaderTest.packVarints(-1, 0, 1L << 40)));
        g.message(OnnxFields.Graph.INITIALIZER, tensor("i8", 3, 2)
                .varint(OnnxFields.Tensor.INT32_DATA, -3).varint(OnnxFields.Tensor.INT32_DATA, 100));
        g.message(OnnxFields.Graph.INITIALIZER, tensor("half", 10, 2)
                .varint(OnnxFields.Tensor.INT32_DATA, 0x3C00).varint(OnnxFields.Tensor.INT32_DATA, 0xC000));
        g.message(OnnxFields.Graph.INITIALIZER, tensor("dbl", 11, 1).float64(OnnxFields.Tensor.DOUBLE_DATA, 0.1));
        g.message(OnnxFields.Graph.INITIALIZER, tensor("u64", 13, 1).varint(OnnxFields.Tensor.UINT64_DATA, 5));
        g.message(OnnxFields.Graph.INITIALIZER, tensor("flags", 9, 3).bytes(OnnxFields.Tensor.RAW_DATA, new byte[] {1, 0, 7}));
        g.message(OnnxFields.Graph.INITIALIZER, tensor("short", 1, 3)
                .float32(OnnxFields.Tensor.FLOAT_DATA, 1f).float32(OnnxFields.Tensor.FLOAT_DATA, 2f));
        g.message(OnnxFields.Graph.INITIALIZER, tensor("dims_only", 1, 1000, 1000));
        OnnxGraph graph = OnnxModel.read(model(g)).graph();

        assertArrayEquals(new float[] {1, -2, 3.5f, 0}, graph.initializer("f_packed").floats());
        assertArrayEquals(graph.initializer("f_packed").floats(), graph.initializer("f_raw").floats());
        assertNull(graph.initializer("f_packed").rawData());
        assertArrayEquals(new float[] {0.25f, -8f, 1e-3f}, graph.initializer("f_unpacked").floats());
        assertArrayEquals(new long[] {-1, 0, 1L << 40}, graph.initializer("i64").longs());
        assertArrayEquals(new long[] {-3, 100}, graph.initializer("i8").longs());
        assertArrayEquals(new double[] {1.0, -2.0}, graph.initializer("half").doubles());
        assertArrayEquals(new double[] {0.1}, graph.initializer("dbl").doubles());
        assertArrayEquals(new long[] {5}, graph.initializer("u64").longs());
        assertArrayEquals(new long[] {1, 0, 1}, graph.initializer("flags").longs());
        IllegalArgumentException shortData = assertThrows(IllegalArgumentException.class, () -> graph.initializer("short").floats());
        assertTrue(shortData.getMessage().contains("'short'") && shortData.getMessage().contains("holds 2"), shortData.getMessage());
        OnnxTensor dimsOnly = graph.initializer("dims_only");
        assertEquals(1_000_000, dimsOnly.elementCount());
        assertEquals(4_000_000, dimsOnly.byteSize());
        assertThrows(IllegalStateException.class, dimsOnly::floats);
        assertThrows(IllegalStateException.class, () -> graph.initializer("f_raw").longs());
    }

    @Test
    void readsSubgraphsStringsTensorsAndUntypedAttributesAndSkipsUnknownFields() {
        ProtoWriter thenBranch = new ProtoWriter().string(OnnxFields.Graph.NAME, "then")
                .message(OnnxFields.Graph.NODE, new ProtoWriter().string(OnnxFields.Node.INPUT, "a")
                        .string(OnnxFields.Node.OUTPUT, "b").string(OnnxFields.Node.OP_TYPE, "Identity"));
        ProtoWriter elseBranch = new ProtoWriter().string(OnnxFields.Graph.NAME, "else");
        ProtoWriter ifNode = new ProtoWriter()
                .string(OnnxFields.Node.INPUT, "cond")
                .string(OnnxFields.Node.OUTPUT, "out")
                .string(OnnxFields.Node.NAME, "branch")
                .string(OnnxFields.Node.OP_TYPE, "If")
                .string(OnnxFields.Node.DOMAIN, "ai.onnx")
                .varint(99, 1)
                .message(OnnxFields.Node.ATTRIBUTE, new ProtoWriter().string(OnnxFields.Attribute.NAME, "then_branch")
                        .message(OnnxFields.Attribute.G, thenBranch).varint(OnnxFields.Attribute.TYPE, 5))
                .message(OnnxFields.Node.ATTRIBUTE, new ProtoWriter().string(OnnxFields.Attribute.NAME, "else_branch")
                        .message(OnnxFields.Attribute.G, elseBranch).varint(OnnxFields.Attribute.TYPE, 5))
                .message(OnnxFields.Node.ATTRIBUTE, new ProtoWriter().string(OnnxFields.Attribute.NAME, "all")
                        .message(OnnxFields.Attribute.GRAPHS, thenBranch).message(OnnxFields.Attribute.GRAPHS, elseBranch)
                        .varint(OnnxFields.Attribute.TYPE, 10))
                .message(OnnxFields.Node.ATTRIBUTE, new ProtoWriter().string(OnnxFields.Attribute.NAME, "names")
                        .string(OnnxFields.Attribute.STRINGS, "left").string(OnnxFields.Attribute.STRINGS, "right")
                        .varint(OnnxFields.Attribute.TYPE, 8))
                .message(OnnxFields.Node.ATTRIBUTE, new ProtoWriter().string(OnnxFields.Attribute.NAME, "ts")
                        .message(OnnxFields.Attribute.TENSORS, TensorValue.longs("t0", new long[] {4, 5}, 2).toProto())
                        .varint(OnnxFields.Attribute.TYPE, 9))
                // Written as IR version 1 did, without the type field: the kind follows from the value field.
                .message(OnnxFields.Node.ATTRIBUTE, new ProtoWriter().string(OnnxFields.Attribute.NAME, "old")
                        .bytes(OnnxFields.Attribute.INTS, ProtoReaderTest.packVarints(7, 8, 9)));
        ProtoWriter g = new ProtoWriter().string(OnnxFields.Graph.NAME, "sub")
                .fixed64(98, 1)
                .message(OnnxFields.Graph.NODE, ifNode)
                .message(OnnxFields.Graph.VALUE_INFO, new ProtoWriter().string(OnnxFields.ValueInfo.NAME, "mid"));
        ProtoWriter m = new ProtoWriter()
                .varint(OnnxFields.Model.IR_VERSION, 9)
                .string(77, "unknown model field")
                .message(OnnxFields.Model.GRAPH, g)
                .message(OnnxFields.Model.OPSET_IMPORT, new ProtoWriter().string(OnnxFields.OperatorSetId.DOMAIN, "ai.onnx")
                        .varint(OnnxFields.OperatorSetId.VERSION, 18))
                .message(OnnxFields.Model.OPSET_IMPORT, new ProtoWriter().string(OnnxFields.OperatorSetId.DOMAIN, "com.microsoft")
                        .varint(OnnxFields.OperatorSetId.VERSION, 1));
        OnnxModel model = OnnxModel.read(m.toByteArray());
        assertEquals(18, model.opset());
        assertEquals(1, model.opset("com.microsoft"));
        assertEquals(-1, model.opset("ai.onnx.ml"));
        OnnxNode n = model.graph().nodes().get(0);
        assertTrue(n.isDefaultDomain());
        assertEquals("node 'branch' (If)", n.describe());
        OnnxGraph then = n.attribute("then_branch").g();
        assertEquals("then", then.name());
        assertEquals("Identity", then.nodes().get(0).opType());
        assertEquals("else", n.attribute("else_branch").g().name());
        assertEquals(List.of("then", "else"), n.attribute("all").graphs().stream().map(OnnxGraph::name).toList());
        assertEquals(List.of("left", "right"), n.attribute("names").strings());
        assertArrayEquals(new long[] {4, 5}, n.attribute("ts").tensors().get(0).longs());
        assertEquals(OnnxAttribute.Kind.INTS, n.attribute("old").kind());
        assertArrayEquals(new long[] {7, 8, 9}, n.attribute("old").ints());
        OnnxValueInfo mid = model.graph().valueInfo().get(0);
        assertEquals("mid", mid.name());
        assertFalse(mid.hasShape());
    }

    @Test
    void readsExternalDataBesideTheModelFile(@TempDir Path dir) throws Exception {
        ByteBuffer data = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L).putFloat(1.5f).putFloat(2.5f).putFloat(-3f);
        Files.write(dir.resolve("weights.bin"), data.array());
        ProtoWriter t = tensor("ext", 1, 3)
                .varint(OnnxFields.Tensor.DATA_LOCATION, OnnxFields.Tensor.DATA_LOCATION_EXTERNAL)
                .message(OnnxFields.Tensor.EXTERNAL_DATA, entry("location", "weights.bin"))
                .message(OnnxFields.Tensor.EXTERNAL_DATA, entry("offset", "8"))
                .message(OnnxFields.Tensor.EXTERNAL_DATA, entry("length", "12"));
        byte[] bytes = model(new ProtoWriter().string(OnnxFields.Graph.NAME, "ext").message(OnnxFields.Graph.INITIALIZER, t));
        Path file = dir.resolve("ext.onnx");
        Files.write(file, bytes);
        OnnxTensor ext = OnnxModel.read(file).graph().initializer("ext");
        assertTrue(ext.isExternal());
        assertEquals(new OnnxTensor.ExternalData("weights.bin", 8, 12), ext.externalData());
        assertArrayEquals(new float[] {1.5f, 2.5f, -3f}, ext.floats());
        IllegalStateException noDir = assertThrows(IllegalStateException.class,
                () -> OnnxModel.read(bytes).graph().initializer("ext").floats());
        assertTrue(noDir.getMessage().contains("weights.bin"), noDir.getMessage());
    }

    @Test
    void refusesAFileThatIsNotAModel(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.onnx");
        // Field 7 (the graph), length-delimited, claiming 127 bytes of which 3 follow.
        Files.write(junk, new byte[] {0x3A, 0x7F, 1, 2, 3});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxModel.read(junk));
        assertTrue(e.getMessage().contains("junk.onnx") && e.getMessage().contains("claims 127 bytes"), e.getMessage());
        IllegalArgumentException noGraph = assertThrows(IllegalArgumentException.class,
                () -> OnnxModel.read(new ProtoWriter().varint(OnnxFields.Model.IR_VERSION, 8).toByteArray()));
        assertTrue(noGraph.getMessage().contains("no graph"), noGraph.getMessage());
    }

    private static ProtoWriter tensor(String name, int type, long... dims) {
        ProtoWriter t = new ProtoWriter();
        for (long d : dims) {
            t.varint(OnnxFields.Tensor.DIMS, d);
        }
        // An unknown field inside a tensor must be passed over too.
        return t.varint(OnnxFields.Tensor.DATA_TYPE, type).string(OnnxFields.Tensor.NAME, name).varint(31, 5);
    }

    private static ProtoWriter entry(String key, String value) {
        return new ProtoWriter().string(OnnxFields.StringStringEntry.KEY, key).string(OnnxFields.StringStringEntry.VALUE, value);
    }

    private static byte[] model(ProtoWriter graph) {
        return new ProtoWriter().varint(OnnxFields.Model.IR_VERSION, 8).message(OnnxFields.Model.GRAPH, graph)
                .message(OnnxFields.Model.OPSET_IMPORT, new ProtoWriter().varint(OnnxFields.OperatorSetId.VERSION, 17))
                .toByteArray();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

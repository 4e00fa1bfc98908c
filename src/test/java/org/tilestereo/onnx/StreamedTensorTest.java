package org.tilestereo.onnx;

import static org.junit.jupiter.api.Assertions.*;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Initializers whose data is produced while the model is written. */
class StreamedTensorTest {
    private static final float[] K = {1.5f, -2f, 0.25f, 8f, 3f, -1f};

    private static byte[] littleEndian(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    private static OnnxModelBuilder addK(OnnxModelBuilder b) {
        return b.input("x", OnnxDataType.FLOAT, 2, 3)
                .node("Add", List.of("x", "k"), List.of("y"))
                .output("y", OnnxDataType.FLOAT, 2, 3);
    }

    @Test
    void aStreamedTensorEncodesLikeTheSameTensorHeldInMemory() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        OnnxModelBuilder streamed = addK(new OnnxModelBuilder("add").initializer(new StreamedTensor("k", OnnxDataType.FLOAT,
                new long[] {2, 3}, out -> {
                    calls.incrementAndGet();
                    out.write(littleEndian(K));
                })));
        assertEquals(6, streamed.initializerElements(OnnxDataType.FLOAT));
        assertEquals(24, streamed.initializerBytes());
        long size = streamed.encodedSize();
        assertEquals(0, calls.get(), "describing the model produces no data");

        byte[] held = addK(new OnnxModelBuilder("add").initializer("k", K, 2, 3)).build();
        byte[] built = streamed.build();
        assertArrayEquals(held, built);
        assertEquals(size, built.length);
        assertEquals(1, calls.get());

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(built, new OrtSession.SessionOptions());
             OnnxTensor in = OnnxTensor.createTensor(env, new float[][] {{0, 0, 0}, {1, 1, 1}});
             OrtSession.Result r = session.run(Map.of("x", in))) {
            float[][] y = (float[][]) r.get(0).getValue();
            assertArrayEquals(new float[] {1.5f, -2f, 0.25f}, y[0]);
            assertArrayEquals(new float[] {9f, 4f, 0f}, y[1]);
        }
    }

    @Test
    void aSourceWritingOtherThanItsDeclaredLengthIsRefused() {
        OnnxModelBuilder tooShort = addK(new OnnxModelBuilder("short").initializer(new StreamedTensor("k", OnnxDataType.FLOAT,
                new long[] {2, 3}, out -> out.write(new byte[20]))));
        IllegalStateException e = assertThrows(IllegalStateException.class, tooShort::build);
        assertTrue(e.getMessage().contains("20") && e.getMessage().contains("24"), e.getMessage());
        OnnxModelBuilder tooLong = addK(new OnnxModelBuilder("long").initializer(new StreamedTensor("k", OnnxDataType.FLOAT,
                new long[] {2, 3}, out -> out.write(new byte[28]))));
        assertThrows(IllegalStateException.class, () -> tooLong.writeTo(new ByteArrayOutputStream()));
        assertThrows(IllegalArgumentException.class,
                () -> new StreamedTensor("k", OnnxDataType.FLOAT, new long[] {2, -3}, out -> { }));
    }

    @Test
    void aStreamedBytesFieldIsLengthDelimited() {
        byte[] encoded = new ProtoWriter().bytes(9, 3, out -> out.write(new byte[] {7, 8, 9})).varint(1, 1).toByteArray();
        assertArrayEquals(new byte[] {0x4A, 0x03, 7, 8, 9, 0x08, 0x01}, encoded);
        assertThrows(IllegalArgumentException.class, () -> new ProtoWriter().bytes(9, -1, out -> { }));
    }

    @Test
    void initializerSizesAreCountedPerType() {
        OnnxModelBuilder b = new OnnxModelBuilder("sizes")
                .initializer("f", new float[5], 5)
                .initializer("l", new long[] {1, 2}, 2)
                .initializer(new StreamedTensor("s", OnnxDataType.FLOAT16, new long[] {4, 2}, out -> out.write(new byte[16])));
        assertEquals(5, b.initializerElements(OnnxDataType.FLOAT));
        assertEquals(2, b.initializerElements(OnnxDataType.INT64));
        assertEquals(8, b.initializerElements(OnnxDataType.FLOAT16));
        assertEquals(0, b.initializerElements(OnnxDataType.INT8));
        assertEquals(5 * 4 + 2 * 8 + 8 * 2, b.initializerBytes());
    }
}

package org.tilestereo.onnx;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ProtoWriterTest {

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void varintsMatchTheWireFormat() {
        // field 1 = 150 is the protobuf documentation's own example: 08 96 01
        assertArrayEquals(bytes(0x08, 0x96, 0x01), new ProtoWriter().varint(1, 150).toByteArray());
        assertArrayEquals(bytes(0x08, 0x00), new ProtoWriter().varint(1, 0).toByteArray());
        assertArrayEquals(bytes(0x10, 0xAC, 0x02), new ProtoWriter().varint(2, 300).toByteArray());
        // negative int64: ten bytes of two's complement
        assertArrayEquals(bytes(0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01),
                new ProtoWriter().varint(1, -1).toByteArray());
        // field 20 needs a two-byte tag: (20 << 3) | 0 = 160
        assertArrayEquals(bytes(0xA0, 0x01, 0x04), new ProtoWriter().varint(20, 4).toByteArray());
    }

    @Test
    void fixedWidthFieldsAreLittleEndian() {
        // 1.0f = 0x3F800000, wire type 5
        assertArrayEquals(bytes(0x15, 0x00, 0x00, 0x80, 0x3F), new ProtoWriter().float32(2, 1.0f).toByteArray());
        // 1.0 = 0x3FF0000000000000, wire type 1
        assertArrayEquals(bytes(0x09, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F), new ProtoWriter().float64(1, 1.0).toByteArray());
    }

    @Test
    void stringsAndNestedMessagesAreLengthDelimited() {
        // the documentation's examples: field 2 = "testing", and field 3 = {field 1 = 150}
        assertArrayEquals(bytes(0x12, 0x07, 't', 'e', 's', 't', 'i', 'n', 'g'),
                new ProtoWriter().string(2, "testing").toByteArray());
        ProtoWriter inner = new ProtoWriter().varint(1, 150);
        assertArrayEquals(bytes(0x1A, 0x03, 0x08, 0x96, 0x01), new ProtoWriter().message(3, inner).toByteArray());
    }

    @Test
    void fieldsKeepTheirOrderAcrossReferencedParts() throws IOException {
        byte[] big = new byte[200];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        ProtoWriter inner = new ProtoWriter().string(1, "a");
        ProtoWriter w = new ProtoWriter().varint(1, 1).bytes(9, big).message(5, inner).varint(2, 7);
        inner.varint(2, 3);  // a nested message is encoded when the parent is, with its final content

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(bytes(0x08, 0x01));
        expected.write(bytes(0x4A, 0xC8, 0x01));  // field 9, wire type 2, length 200
        expected.write(big);
        expected.write(bytes(0x2A, 0x05, 0x0A, 0x01, 'a', 0x10, 0x03));
        expected.write(bytes(0x10, 0x07));
        byte[] actual = w.toByteArray();
        assertArrayEquals(expected.toByteArray(), actual);
        assertEquals(actual.length, w.size());

        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        w.writeTo(streamed);
        assertArrayEquals(actual, streamed.toByteArray());
    }

    @Test
    void rejectsInvalidFieldNumbers() {
        assertThrows(IllegalArgumentException.class, () -> new ProtoWriter().varint(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ProtoWriter().varint(1 << 29, 1));
    }
}

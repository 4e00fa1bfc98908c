package org.tilestereo.onnx;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wire format decoded by hand-checked bytes and by messages the writer produced. */
class ProtoReaderTest {

    @Test
    void decodesVarintsOfEverySizeIncludingNegatives() {
        long[] values = {0, 1, 127, 128, 300, 1L << 35, Long.MAX_VALUE, -1, Long.MIN_VALUE};
        ProtoWriter w = new ProtoWriter();
        for (long v : values) {
            w.varint(1, v);
        }
        ProtoReader r = new ProtoReader(w.toByteArray());
        for (long v : values) {
            assertTrue(r.next());
            assertEquals(1, r.field());
            assertEquals(ProtoReader.WIRE_VARINT, r.wireType());
            assertEquals(v, r.varint());
        }
        assertFalse(r.next());
        // 300 = 0b1_0010_1100 -> 0xAC 0x02, the example from the protobuf encoding guide; tag 1<<3|0 = 0x08.
        ProtoReader hand = new ProtoReader(new byte[] {0x08, (byte) 0xAC, 0x02});
        assertTrue(hand.next());
        assertEquals(300, hand.varint());
        // An int32 of -5 travels as a ten-byte varint and must come back as -5.
        ProtoReader neg = new ProtoReader(new ProtoWriter().varint(2, -5).toByteArray());
        assertTrue(neg.next());
        assertEquals(-5, neg.int32());
    }

    @Test
    void decodesFixedWidthAndLengthDelimitedFields() {
        ProtoWriter inner = new ProtoWriter().string(1, "héllo").varint(2, 42);
        byte[] blob = {1, 2, 3, 4, 5};
        byte[] bytes = new ProtoWriter()
                .float32(3, 1.5f)
                .float64(4, -2.25)
                .fixed32(5, 0xDEADBEEF)
                .fixed64(6, 0x0123456789ABCDEFL)
                .message(7, inner)
                .bytes(8, blob)
                .toByteArray();
        ProtoReader r = new ProtoReader(bytes);
        assertTrue(r.next());
        assertEquals(ProtoReader.WIRE_FIXED32, r.wireType());
        assertEquals(1.5f, r.float32());
        assertTrue(r.next());
        assertEquals(ProtoReader.WIRE_FIXED64, r.wireType());
        assertEquals(-2.25, r.float64());
        assertTrue(r.next());
        assertEquals(0xDEADBEEF, r.fixed32());
        assertTrue(r.next());
        assertEquals(0x0123456789ABCDEFL, r.fixed64());
        assertTrue(r.next());
        ProtoReader m = r.message();
        assertTrue(m.next());
        assertEquals("héllo", m.string());
        assertTrue(m.next());
        assertEquals(42, m.varint());
        assertFalse(m.next());
        assertTrue(r.next());
        ByteBuffer view = r.bytes();
        assertEquals(5, view.remaining());
        assertTrue(view.isReadOnly());
        assertEquals(3, view.get(2));
        assertFalse(r.next());
    }

    @Test
    void skipsUnknownFieldsOfEveryWireTypeIncludingGroups() {
        byte[] prefix = new ProtoWriter()
                .varint(20, 123456789)
                .fixed64(21, 7)
                .bytes(22, new byte[] {9, 9, 9})
                .fixed32(23, 8)
                .toByteArray();
        // A group (wire types 3 and 4, deprecated but legal) with a nested group inside, written by hand:
        // field 24 start (24<<3|3 = 0xC3 0x01), varint field 1 = 5, field 25 start (0xCB 0x01),
        // fixed32 field 2, field 25 end (0xCC 0x01), field 24 end (0xC4 0x01).
        byte[] group = {(byte) 0xC3, 0x01, 0x08, 0x05, (byte) 0xCB, 0x01, 0x15, 1, 2, 3, 4, (byte) 0xCC, 0x01,
                (byte) 0xC4, 0x01};
        byte[] suffix = new ProtoWriter().string(1, "kept").toByteArray();
        byte[] all = concat(prefix, group, suffix);
        ProtoReader r = new ProtoReader(all);
        List<Integer> skipped = new ArrayList<>();
        String kept = null;
        while (r.next()) {
            if (r.field() == 1) {
                kept = r.string();
            } else {
                skipped.add(r.field());
                r.skip();
            }
        }
        assertEquals("kept", kept);
        assertEquals(List.of(20, 21, 22, 23, 24), skipped);
    }

    @Test
    void readsRepeatedScalarsPackedAndUnpacked() {
        byte[] packedInts = new ProtoWriter().bytes(1, packVarints(3, -1, 300)).toByteArray();
        byte[] unpacked = new ProtoWriter().varint(1, 3).varint(1, -1).varint(1, 300).toByteArray();
        for (byte[] b : new byte[][] {packedInts, unpacked}) {
            List<Long> got = new ArrayList<>();
            ProtoReader r = new ProtoReader(b);
            while (r.next()) {
                r.varints(got::add);
            }
            assertEquals(List.of(3L, -1L, 300L), got);
        }
        ByteBuffer f = ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(0.5f).putFloat(-4f);
        List<Double> floats = new ArrayList<>();
        ProtoReader r = new ProtoReader(new ProtoWriter().bytes(2, f.array()).float32(2, 7f).toByteArray());
        while (r.next()) {
            r.floats(floats::add);
        }
        assertEquals(List.of(0.5, -4.0, 7.0), floats);
    }

    @Test
    void malformedInputFailsWithAPosition() {
        IllegalArgumentException truncated = assertThrows(IllegalArgumentException.class, () -> {
            ProtoReader r = new ProtoReader(new byte[] {0x08, (byte) 0x80});
            r.next();
            r.varint();
        });
        assertTrue(truncated.getMessage().contains("varint"), truncated.getMessage());
        IllegalArgumentException overrun = assertThrows(IllegalArgumentException.class, () -> {
            ProtoReader r = new ProtoReader(new byte[] {0x0A, 0x05, 1, 2});
            r.next();
            r.bytes();
        });
        assertTrue(overrun.getMessage().contains("claims 5 bytes"), overrun.getMessage());
        IllegalArgumentException badWire = assertThrows(IllegalArgumentException.class,
                () -> new ProtoReader(new byte[] {0x0E}).next());
        assertTrue(badWire.getMessage().contains("wire type 6"), badWire.getMessage());
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class, () -> {
            ProtoReader r = new ProtoReader(new ProtoWriter().varint(1, 1).toByteArray());
            r.next();
            r.string();
        });
        assertTrue(wrongType.getMessage().contains("wire type 0"), wrongType.getMessage());
    }

    static byte[] packVarints(long... values) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (long v : values) {
            ProtoWriter.writeVarint(out, v);
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}

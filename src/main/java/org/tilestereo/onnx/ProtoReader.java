package org.tilestereo.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.function.DoubleConsumer;
import java.util.function.LongConsumer;

/**
 * Decoder of one protobuf message in the wire format, reading a range of a buffer in place: a
 * length-delimited field becomes a view ({@link #message()}, {@link #bytes()}) and is never copied,
 * so a model's weights stay where the file put them. Fields the caller does not want are passed
 * over with {@link #skip()}, whatever their wire type.
 *
 * <pre>{@code
 * ProtoReader r = new ProtoReader(buffer);
 * while (r.next()) {
 *     switch (r.field()) {
 *         case 1 -> version = r.varint();
 *         case 7 -> graph = parseGraph(r.message());
 *         default -> r.skip();
 *     }
 * }
 * }</pre>
 */
public final class ProtoReader {
    public static final int WIRE_VARINT = 0;
    public static final int WIRE_FIXED64 = 1;
    public static final int WIRE_LENGTH_DELIMITED = 2;
    public static final int WIRE_START_GROUP = 3;
    public static final int WIRE_END_GROUP = 4;
    public static final int WIRE_FIXED32 = 5;

    private final ByteBuffer buffer;
    private final int end;
    private int pos;
    private int field;
    private int wireType = -1;

    /** Reads the buffer from its position to its limit; the buffer's own position is left alone. */
    public ProtoReader(ByteBuffer buffer) {
        this(buffer, buffer.position(), buffer.limit());
    }

    public ProtoReader(byte[] bytes) {
        this(ByteBuffer.wrap(bytes));
    }

    private ProtoReader(ByteBuffer buffer, int start, int end) {
        this.buffer = buffer;
        this.pos = start;
        this.end = end;
    }

    /** Moves to the next field; false at the end of the message. */
    public boolean next() {
        if (pos >= end) {
            wireType = -1;
            return false;
        }
        long tag = readVarint();
        field = (int) (tag >>> 3);
        wireType = (int) (tag & 7);
        if (field < 1 || (tag >>> 3) > Integer.MAX_VALUE) {
            throw malformed("field number " + (tag >>> 3));
        }
        if (wireType > WIRE_FIXED32) {
            throw malformed("wire type " + wireType + " of field " + field);
        }
        return true;
    }

    public int field() {
        return field;
    }

    public int wireType() {
        return wireType;
    }

    public long varint() {
        expect(WIRE_VARINT);
        return readVarint();
    }

    /** An int32 or enum field: protobuf writes negatives as ten-byte varints, truncation restores them. */
    public int int32() {
        return (int) varint();
    }

    public boolean bool() {
        return varint() != 0;
    }

    public int fixed32() {
        expect(WIRE_FIXED32);
        need(4);
        int v = littleEndianInt(pos);
        pos += 4;
        return v;
    }

    public long fixed64() {
        expect(WIRE_FIXED64);
        need(8);
        long v = littleEndianLong(pos);
        pos += 8;
        return v;
    }

    public float float32() {
        return Float.intBitsToFloat(fixed32());
    }

    public double float64() {
        return Double.longBitsToDouble(fixed64());
    }

    /** The current length-delimited field as a reader of its own; nothing is copied. */
    public ProtoReader message() {
        int length = lengthPrefix();
        ProtoReader inner = new ProtoReader(buffer, pos, pos + length);
        pos += length;
        return inner;
    }

    /** The current length-delimited field as a read-only little-endian view of the same memory. */
    public ByteBuffer bytes() {
        int length = lengthPrefix();
        ByteBuffer view = buffer.slice(pos, length).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        pos += length;
        return view;
    }

    public String string() {
        int length = lengthPrefix();
        byte[] b = new byte[length];
        buffer.get(pos, b);
        pos += length;
        return new String(b, StandardCharsets.UTF_8);
    }

    /**
     * A repeated varint field, packed (one length-delimited run) or not (this one element); both
     * encodings are legal for any repeated scalar and a parser must accept either.
     */
    public void varints(LongConsumer each) {
        if (wireType == WIRE_LENGTH_DELIMITED) {
            int length = lengthPrefix();
            int stop = pos + length;
            while (pos < stop) {
                each.accept(readVarint());
            }
            if (pos != stop) {
                throw malformed("packed varints of field " + field + " overrun their length");
            }
        } else {
            each.accept(varint());
        }
    }

    /** A repeated float field, packed or not. */
    public void floats(DoubleConsumer each) {
        if (wireType == WIRE_LENGTH_DELIMITED) {
            int length = lengthPrefix();
            if (length % 4 != 0) {
                throw malformed("packed floats of field " + field + " take " + length + " bytes, not a multiple of 4");
            }
            for (int stop = pos + length; pos < stop; pos += 4) {
                each.accept(Float.intBitsToFloat(littleEndianInt(pos)));
            }
        } else {
            each.accept(float32());
        }
    }

    /** A repeated double field, packed or not. */
    public void doubles(DoubleConsumer each) {
        if (wireType == WIRE_LENGTH_DELIMITED) {
            int length = lengthPrefix();
            if (length % 8 != 0) {
                throw malformed("packed doubles of field " + field + " take " + length + " bytes, not a multiple of 8");
            }
            for (int stop = pos + length; pos < stop; pos += 8) {
                each.accept(Double.longBitsToDouble(littleEndianLong(pos)));
            }
        } else {
            each.accept(float64());
        }
    }

    /** Passes over the current field, whatever its wire type; groups are skipped to their end tag. */
    public void skip() {
        switch (wireType) {
            case WIRE_VARINT -> readVarint();
            case WIRE_FIXED64 -> {
                need(8);
                pos += 8;
            }
            case WIRE_FIXED32 -> {
                need(4);
                pos += 4;
            }
            case WIRE_LENGTH_DELIMITED -> {
                // Not "pos += lengthPrefix()": Java would add to pos as it was before the prefix was read.
                int length = lengthPrefix();
                pos += length;
            }
            case WIRE_START_GROUP -> skipGroup(field);
            case WIRE_END_GROUP -> throw malformed("end of group " + field + " without its start");
            default -> throw new IllegalStateException("no current field: call next() first");
        }
    }

    private void skipGroup(int group) {
        while (true) {
            if (!next()) {
                throw malformed("group " + group + " has no end tag");
            }
            if (wireType == WIRE_END_GROUP) {
                if (field != group) {
                    throw malformed("group " + group + " closed by end tag of " + field);
                }
                return;
            }
            skip();
        }
    }

    private int lengthPrefix() {
        expect(WIRE_LENGTH_DELIMITED);
        long length = readVarint();
        if (length < 0 || length > end - pos) {
            throw malformed("field " + field + " claims " + length + " bytes, " + (end - pos) + " remain");
        }
        return (int) length;
    }

    private long readVarint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw malformed("varint runs past the end of the message");
            }
            byte b = buffer.get(pos++);
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw malformed("varint longer than ten bytes");
    }

    private int littleEndianInt(int at) {
        return buffer.order() == ByteOrder.LITTLE_ENDIAN ? buffer.getInt(at) : Integer.reverseBytes(buffer.getInt(at));
    }

    private long littleEndianLong(int at) {
        return buffer.order() == ByteOrder.LITTLE_ENDIAN ? buffer.getLong(at) : Long.reverseBytes(buffer.getLong(at));
    }

    private void need(int bytes) {
        if (end - pos < bytes) {
            throw malformed("field " + field + " needs " + bytes + " bytes, " + (end - pos) + " remain");
        }
    }

    private void expect(int wire) {
        if (wireType != wire) {
            throw malformed("field " + field + " has wire type " + wireType + ", expected " + wire);
        }
    }

    private IllegalArgumentException malformed(String what) {
        return new IllegalArgumentException("malformed protobuf at byte " + pos + ": " + what);
    }
}

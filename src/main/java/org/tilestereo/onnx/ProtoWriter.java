package org.tilestereo.onnx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encoder of one protobuf message in the wire format (varints, fixed 32/64-bit, length-delimited).
 * Nested messages and byte fields are kept by reference and only serialised when the outermost
 * message is written, so a model's weights are copied once, into the output, however deep they sit.
 * A nested message may still be changed after it was added; its final content is what gets written.
 */
public final class ProtoWriter {
    static final int WIRE_VARINT = 0;
    static final int WIRE_FIXED64 = 1;
    static final int WIRE_LENGTH_DELIMITED = 2;
    static final int WIRE_FIXED32 = 5;

    /** Encoded runs (byte[]) and nested messages (Nested), in field order. */
    private final List<Object> parts = new ArrayList<>();
    /** Small fields collect here until a reference part has to follow them. */
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    private record Nested(int field, ProtoWriter message) {
    }

    private record Streamed(long length, ByteSource source) {
    }

    /**
     * Content of a bytes field produced while the message is written, so that large data (a model's
     * weights) need not sit in memory. It must write the same bytes, exactly as many as declared,
     * every time it is asked: a message may be written more than once.
     */
    @FunctionalInterface
    public interface ByteSource {
        void writeTo(OutputStream out) throws IOException;
    }

    /** An int32, int64, uint64, bool or enum field; negative values take ten bytes, as protobuf requires. */
    public ProtoWriter varint(int field, long value) {
        tag(field, WIRE_VARINT);
        writeVarint(pending, value);
        return this;
    }

    public ProtoWriter fixed32(int field, int bits) {
        tag(field, WIRE_FIXED32);
        for (int i = 0; i < 4; i++) {
            pending.write(bits >>> (8 * i));
        }
        return this;
    }

    public ProtoWriter float32(int field, float value) {
        return fixed32(field, Float.floatToRawIntBits(value));
    }

    public ProtoWriter fixed64(int field, long bits) {
        tag(field, WIRE_FIXED64);
        for (int i = 0; i < 8; i++) {
            pending.write((int) (bits >>> (8 * i)));
        }
        return this;
    }

    public ProtoWriter float64(int field, double value) {
        return fixed64(field, Double.doubleToRawLongBits(value));
    }

    /** A bytes field. The array is referenced, not copied: do not change it before writing. */
    public ProtoWriter bytes(int field, byte[] data) {
        tag(field, WIRE_LENGTH_DELIMITED);
        writeVarint(pending, data.length);
        flushPending();
        parts.add(data);
        return this;
    }

    /**
     * A bytes field of the given length whose content the source writes when the message is
     * written; nothing is produced or held before. Writing fails if the source writes a different
     * number of bytes than declared.
     */
    public ProtoWriter bytes(int field, long length, ByteSource source) {
        if (length < 0) {
            throw new IllegalArgumentException("a bytes field cannot have a negative length, got " + length);
        }
        tag(field, WIRE_LENGTH_DELIMITED);
        writeVarint(pending, length);
        flushPending();
        parts.add(new Streamed(length, source));
        return this;
    }

    public ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    public ProtoWriter message(int field, ProtoWriter message) {
        if (message == this) {
            throw new IllegalArgumentException("a protobuf message cannot contain itself");
        }
        flushPending();
        parts.add(new Nested(field, message));
        return this;
    }

    /** Encoded size in bytes. */
    public long size() {
        long n = pending.size();
        for (Object p : parts) {
            if (p instanceof byte[] b) {
                n += b.length;
            } else if (p instanceof Streamed st) {
                n += st.length;
            } else {
                Nested m = (Nested) p;
                long inner = m.message.size();
                n += varintSize(((long) m.field << 3) | WIRE_LENGTH_DELIMITED) + varintSize(inner) + inner;
            }
        }
        return n;
    }

    public void writeTo(OutputStream out) throws IOException {
        for (Object p : parts) {
            if (p instanceof byte[] b) {
                out.write(b);
            } else if (p instanceof Streamed st) {
                writeStreamed(st, out);
            } else {
                Nested m = (Nested) p;
                ByteArrayOutputStream header = new ByteArrayOutputStream(16);
                writeVarint(header, ((long) m.field << 3) | WIRE_LENGTH_DELIMITED);
                writeVarint(header, m.message.size());
                header.writeTo(out);
                m.message.writeTo(out);
            }
        }
        pending.writeTo(out);
    }

    public byte[] toByteArray() {
        long n = size();
        // Protobuf parsers, ONNX Runtime's included, refuse messages of 2 GiB or more.
        if (n >= Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("protobuf message of " + n + " bytes exceeds the 2 GiB limit");
        }
        byte[] bytes = new byte[(int) n];
        // Written straight into the result: a model's weights are not copied a second time.
        OutputStream out = new OutputStream() {
            private int at;

            @Override
            public void write(int b) {
                bytes[at++] = (byte) b;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                System.arraycopy(b, off, bytes, at, len);
                at += len;
            }
        };
        try {
            writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes;
    }

    /** A source that wrote too much or too little would shift every later field: refuse both. */
    private static void writeStreamed(Streamed st, OutputStream out) throws IOException {
        long[] written = {0};
        OutputStream bounded = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (written[0] + len > st.length) {
                    throw new IllegalStateException("byte source wrote more than its declared " + st.length + " bytes");
                }
                out.write(b, off, len);
                written[0] += len;
            }
        };
        st.source.writeTo(bounded);
        if (written[0] != st.length) {
            throw new IllegalStateException("byte source wrote " + written[0] + " bytes, declared " + st.length);
        }
    }

    private void tag(int field, int wireType) {
        if (field < 1 || field > (1 << 29) - 1) {
            throw new IllegalArgumentException("protobuf field number must be 1..2^29-1, got " + field);
        }
        writeVarint(pending, ((long) field << 3) | wireType);
    }

    private void flushPending() {
        if (pending.size() > 0) {
            parts.add(pending.toByteArray());
            pending.reset();
        }
    }

    static void writeVarint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    static int varintSize(long value) {
        int n = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            n++;
        }
        return n;
    }
}

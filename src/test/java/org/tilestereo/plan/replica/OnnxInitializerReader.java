package org.tilestereo.plan.replica;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the initializers' names, types, dimensions and raw_data lengths back from an encoded ONNX
 * model, in one pass over a stream, skipping the data: a check of what the writer really put in the
 * file, independent of the builder's own bookkeeping, that can read a 1.3 GB model with little heap.
 */
final class OnnxInitializerReader {
    private static final int MODEL_GRAPH = 7, GRAPH_INITIALIZER = 5;
    private static final int TENSOR_DIMS = 1, TENSOR_DATA_TYPE = 2, TENSOR_NAME = 8, TENSOR_RAW_DATA = 9;

    record Initializer(String name, int dataType, long[] dims, long rawBytes) {
        long elements() {
            long n = 1;
            for (long d : dims) {
                n *= d;
            }
            return n;
        }
    }

    private final InputStream in;
    private long position;

    private OnnxInitializerReader(InputStream in) {
        this.in = in;
    }

    static List<Initializer> read(InputStream in) throws IOException {
        return new OnnxInitializerReader(in).model();
    }

    private List<Initializer> model() throws IOException {
        List<Initializer> out = new ArrayList<>();
        while (true) {
            int first = in.read();
            if (first < 0) {
                return out;
            }
            long tag = varint(first);
            if (tag >>> 3 == MODEL_GRAPH && (tag & 7) == 2) {
                long end = varint(next()) + position;
                while (position < end) {
                    long t = varint(next());
                    if (t >>> 3 == GRAPH_INITIALIZER && (t & 7) == 2) {
                        out.add(tensor(varint(next()) + position));
                    } else {
                        skip(t);
                    }
                }
            } else {
                skip(tag);
            }
        }
    }

    private Initializer tensor(long end) throws IOException {
        List<Long> dims = new ArrayList<>();
        int type = 0;
        String name = "";
        long raw = -1;
        while (position < end) {
            long t = varint(next());
            int field = (int) (t >>> 3);
            if (field == TENSOR_DIMS && (t & 7) == 0) {
                dims.add(varint(next()));
            } else if (field == TENSOR_DATA_TYPE && (t & 7) == 0) {
                type = (int) varint(next());
            } else if (field == TENSOR_NAME && (t & 7) == 2) {
                name = new String(bytes((int) varint(next())), StandardCharsets.UTF_8);
            } else if (field == TENSOR_RAW_DATA && (t & 7) == 2) {
                raw = varint(next());
                skipBytes(raw);
            } else {
                skip(t);
            }
        }
        return new Initializer(name, type, dims.stream().mapToLong(Long::longValue).toArray(), raw);
    }

    private void skip(long tag) throws IOException {
        switch ((int) (tag & 7)) {
            case 0 -> varint(next());
            case 1 -> skipBytes(8);
            case 2 -> skipBytes(varint(next()));
            case 5 -> skipBytes(4);
            default -> throw new IOException("unsupported wire type in tag " + tag + " at byte " + position);
        }
    }

    private int next() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("model ends inside a message at byte " + position);
        }
        return b;
    }

    /** A varint whose first byte was already read (and not yet counted). */
    private long varint(int first) throws IOException {
        position++;
        long v = first & 0x7F;
        int shift = 7;
        int b = first;
        while ((b & 0x80) != 0) {
            b = next();
            position++;
            v |= (long) (b & 0x7F) << shift;
            shift += 7;
        }
        return v;
    }

    private byte[] bytes(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new EOFException("model ends inside a field at byte " + position);
        }
        position += n;
        return b;
    }

    private void skipBytes(long n) throws IOException {
        in.skipNBytes(n);
        position += n;
    }
}

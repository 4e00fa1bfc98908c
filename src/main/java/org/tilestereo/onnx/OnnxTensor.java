package org.tilestereo.onnx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A TensorProto read from a model: an initializer or a tensor attribute. Name, type and dimensions
 * are read at once; the elements are decoded only when asked for, from the file's own memory (a
 * view of raw_data, or the typed float_data/int32_data/int64_data/... fields, or an external file),
 * so reading a model does not copy its weights.
 */
public final class OnnxTensor {
    /** Where an external tensor's bytes lie (external_data entries "location", "offset", "length"). */
    public record ExternalData(String location, long offset, long length) {
    }

    private final String name;
    private final ElementType type;
    private final long[] dims;
    private final String docString;
    /** The whole TensorProto, kept for decoding the typed data fields on demand. */
    private final ByteBuffer message;
    private final ByteBuffer raw;
    private final ExternalData external;
    private final Path baseDirectory;
    private final boolean hasTypedData;

    private OnnxTensor(String name, ElementType type, long[] dims, String docString, ByteBuffer message,
                       ByteBuffer raw, ExternalData external, Path baseDirectory, boolean hasTypedData) {
        this.name = name;
        this.type = type;
        this.dims = dims;
        this.docString = docString;
        this.message = message;
        this.raw = raw;
        this.external = external;
        this.baseDirectory = baseDirectory;
        this.hasTypedData = hasTypedData;
    }

    /** Parses a TensorProto; {@code baseDirectory} resolves external data (null when read from bytes). */
    static OnnxTensor parse(ByteBuffer message, Path baseDirectory) {
        String name = "";
        String doc = "";
        int typeCode = 0;
        LongList dims = new LongList();
        ByteBuffer raw = null;
        int location = 0;
        Map<String, String> externalEntries = new LinkedHashMap<>();
        boolean typed = false;
        ProtoReader r = new ProtoReader(message);
        while (r.next()) {
            switch (r.field()) {
                case OnnxFields.Tensor.DIMS -> r.varints(dims::add);
                case OnnxFields.Tensor.DATA_TYPE -> typeCode = r.int32();
                case OnnxFields.Tensor.NAME -> name = r.string();
                case OnnxFields.Tensor.DOC_STRING -> doc = r.string();
                case OnnxFields.Tensor.RAW_DATA -> raw = r.bytes();
                case OnnxFields.Tensor.DATA_LOCATION -> location = r.int32();
                case OnnxFields.Tensor.EXTERNAL_DATA -> OnnxModel.readEntry(r.message(), externalEntries);
                case OnnxFields.Tensor.FLOAT_DATA, OnnxFields.Tensor.INT32_DATA, OnnxFields.Tensor.STRING_DATA,
                     OnnxFields.Tensor.INT64_DATA, OnnxFields.Tensor.DOUBLE_DATA, OnnxFields.Tensor.UINT64_DATA -> {
                    typed = true;
                    r.skip();
                }
                default -> r.skip();
            }
        }
        long[] d = dims.toArray();
        for (long v : d) {
            if (v < 0) {
                throw new IllegalArgumentException("tensor '" + name + "' has a negative dimension: " + Arrays.toString(d));
            }
        }
        ExternalData external = null;
        if (location == OnnxFields.Tensor.DATA_LOCATION_EXTERNAL) {
            String file = externalEntries.get(OnnxFields.ExternalData.LOCATION);
            if (file == null || file.isEmpty()) {
                throw new IllegalArgumentException("tensor '" + name + "' stores its data externally but names no location");
            }
            external = new ExternalData(file, parseLong(externalEntries.get(OnnxFields.ExternalData.OFFSET), 0, name),
                    parseLong(externalEntries.get(OnnxFields.ExternalData.LENGTH), -1, name));
        }
        return new OnnxTensor(name, ElementType.fromCode(typeCode), d, doc, message, raw, external, baseDirectory, typed);
    }

    private static long parseLong(String s, long absent, String tensor) {
        if (s == null || s.isEmpty()) {
            return absent;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("tensor '" + tensor + "': external data offset/length '" + s + "' is not a number");
        }
    }

    public String name() {
        return name;
    }

    public ElementType type() {
        return type;
    }

    public long[] dims() {
        return dims.clone();
    }

    public int rank() {
        return dims.length;
    }

    public long dim(int i) {
        return dims[i];
    }

    public String docString() {
        return docString;
    }

    public long elementCount() {
        long n = 1;
        for (long d : dims) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Storage size of the elements, whether or not the file holds them. */
    public long byteSize() {
        return type.bytes(elementCount());
    }

    public boolean isExternal() {
        return external != null;
    }

    /** The external data reference, or null when the data is in the model file. */
    public ExternalData externalData() {
        return external;
    }

    /** True when the elements are stored as raw_data (in the model or an external file). */
    public boolean hasRawData() {
        return raw != null || external != null;
    }

    /**
     * The raw little-endian elements as a read-only view (not a copy): the raw_data field, or the
     * region of the external file. Null when the elements are in typed fields instead.
     */
    public ByteBuffer rawData() {
        if (external != null) {
            return mapExternal();
        }
        return raw == null ? null : raw.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Elements of a FLOAT, FLOAT16, BFLOAT16 or DOUBLE tensor as floats. */
    public float[] floats() {
        double[] d = doubles();
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    /** Elements of a real-valued tensor (float or integer types), in row-major order. */
    public double[] doubles() {
        int n = arrayLength();
        double[] out = new double[n];
        if (type.isInteger()) {
            long[] l = longs();
            for (int i = 0; i < n; i++) {
                out[i] = type == ElementType.UINT64 && l[i] < 0 ? unsignedToDouble(l[i]) : l[i];
            }
            return out;
        }
        requireReadable();
        ByteBuffer b = rawData();
        if (b != null) {
            requireRawLength(b, n);
            for (int i = 0; i < n; i++) {
                out[i] = switch (type) {
                    case FLOAT -> b.getFloat(4 * i);
                    case DOUBLE -> b.getDouble(8 * i);
                    case FLOAT16 -> halfToFloat(b.getShort(2 * i));
                    case BFLOAT16 -> Float.intBitsToFloat((b.getShort(2 * i) & 0xFFFF) << 16);
                    default -> throw unreadable();
                };
            }
            return out;
        }
        int[] at = {0};
        forEachTypedElement(n, (field, r) -> {
            switch (type) {
                case FLOAT -> expectField(field, OnnxFields.Tensor.FLOAT_DATA, r, () ->
                        r.floats(v -> out[at[0]++] = v));
                case DOUBLE -> expectField(field, OnnxFields.Tensor.DOUBLE_DATA, r, () ->
                        r.doubles(v -> out[at[0]++] = v));
                case FLOAT16 -> expectField(field, OnnxFields.Tensor.INT32_DATA, r, () ->
                        r.varints(v -> out[at[0]++] = halfToFloat((short) v)));
                case BFLOAT16 -> expectField(field, OnnxFields.Tensor.INT32_DATA, r, () ->
                        r.varints(v -> out[at[0]++] = Float.intBitsToFloat(((int) v & 0xFFFF) << 16)));
                default -> throw unreadable();
            }
        }, () -> at[0]);
        return out;
    }

    /** Elements of an integer or BOOL tensor (BOOL as 0/1; UINT64 above 2^63 wraps to negative). */
    public long[] longs() {
        if (!type.isInteger() || type == ElementType.UINT4 || type == ElementType.INT4) {
            throw new IllegalStateException("tensor '" + name + "' is " + type + ", not an integer type readable as longs");
        }
        requireReadable();
        int n = arrayLength();
        long[] out = new long[n];
        ByteBuffer b = rawData();
        if (b != null) {
            requireRawLength(b, n);
            for (int i = 0; i < n; i++) {
                out[i] = switch (type) {
                    case INT8 -> b.get(i);
                    case UINT8 -> b.get(i) & 0xFF;
                    case BOOL -> b.get(i) != 0 ? 1 : 0;
                    case INT16 -> b.getShort(2 * i);
                    case UINT16 -> b.getShort(2 * i) & 0xFFFF;
                    case INT32 -> b.getInt(4 * i);
                    case UINT32 -> b.getInt(4 * i) & 0xFFFFFFFFL;
                    case INT64, UINT64 -> b.getLong(8 * i);
                    default -> throw unreadable();
                };
            }
            return out;
        }
        int want = switch (type) {
            case INT64 -> OnnxFields.Tensor.INT64_DATA;
            case UINT32, UINT64 -> OnnxFields.Tensor.UINT64_DATA;
            default -> OnnxFields.Tensor.INT32_DATA;
        };
        int[] at = {0};
        forEachTypedElement(n, (field, r) -> expectField(field, want, r, () -> r.varints(v -> out[at[0]++] = switch (type) {
            case INT8 -> (byte) v;
            case UINT8 -> v & 0xFF;
            case BOOL -> v != 0 ? 1 : 0;
            case INT16 -> (short) v;
            case UINT16 -> v & 0xFFFF;
            case INT32 -> (int) v;
            default -> v;
        })), () -> at[0]);
        return out;
    }

    private interface FieldVisitor {
        void visit(int field, ProtoReader r);
    }

    private interface Count {
        int get();
    }

    /** Calls the visitor on each typed data field (a guard against writing past n is in the visitor's arrays). */
    private void forEachTypedElement(int n, FieldVisitor visitor, Count decoded) {
        ProtoReader r = new ProtoReader(message.duplicate());
        try {
            while (r.next()) {
                switch (r.field()) {
                    case OnnxFields.Tensor.FLOAT_DATA, OnnxFields.Tensor.INT32_DATA, OnnxFields.Tensor.INT64_DATA,
                         OnnxFields.Tensor.DOUBLE_DATA, OnnxFields.Tensor.UINT64_DATA, OnnxFields.Tensor.STRING_DATA ->
                            visitor.visit(r.field(), r);
                    default -> r.skip();
                }
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("tensor '" + name + "' of shape " + Arrays.toString(dims)
                    + " holds more than its " + n + " elements");
        }
        if (decoded.get() != n) {
            throw new IllegalArgumentException("tensor '" + name + "' of shape " + Arrays.toString(dims) + " needs "
                    + n + " elements, the file holds " + decoded.get());
        }
    }

    private void expectField(int field, int want, ProtoReader r, Runnable read) {
        if (field != want) {
            throw new IllegalArgumentException("tensor '" + name + "' of type " + type + " stores data in field " + field
                    + ", ONNX prescribes field " + want);
        }
        read.run();
    }

    private void requireReadable() {
        if (raw == null && external == null && !hasTypedData && elementCount() > 0) {
            throw new IllegalStateException("tensor '" + name + "' has no data in the model");
        }
    }

    private int arrayLength() {
        long n = elementCount();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("tensor '" + name + "' has " + n + " elements, too many for one array");
        }
        return (int) n;
    }

    private void requireRawLength(ByteBuffer b, int n) {
        long want = type.bytes(n);
        if (b.remaining() != want) {
            throw new IllegalArgumentException("tensor '" + name + "' of shape " + Arrays.toString(dims) + " and type "
                    + type + " needs " + want + " bytes of raw data, has " + b.remaining());
        }
    }

    private IllegalStateException unreadable() {
        return new IllegalStateException("reading the elements of " + type + " tensor '" + name + "' is not supported");
    }

    private ByteBuffer mapExternal() {
        if (baseDirectory == null) {
            throw new IllegalStateException("tensor '" + name + "' keeps its data in '" + external.location()
                    + "', but the model was not read from a file, so there is no directory to find it in");
        }
        Path file = baseDirectory.resolve(external.location()).normalize();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = external.length() >= 0 ? external.length() : ch.size() - external.offset();
            if (external.offset() < 0 || external.offset() + length > ch.size()) {
                throw new IllegalArgumentException("tensor '" + name + "': bytes " + external.offset() + ".."
                        + (external.offset() + length) + " lie outside '" + file + "' of " + ch.size() + " bytes");
            }
            if (length > Integer.MAX_VALUE) {
                throw new IllegalStateException("tensor '" + name + "' has " + length + " bytes of external data, more than one buffer holds");
            }
            return ch.map(FileChannel.MapMode.READ_ONLY, external.offset(), length).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read external data of tensor '" + name + "' from " + file, e);
        }
    }

    private static double unsignedToDouble(long v) {
        return (double) (v >>> 1) * 2.0 + (v & 1);
    }

    /** IEEE 754 binary16 to float (Float.float16ToFloat arrived only in Java 20). */
    static float halfToFloat(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    @Override
    public String toString() {
        return "tensor '" + name + "' " + type + Arrays.toString(dims) + (external != null ? " (external)" : "");
    }

    /** A growable long array for repeated fields of unknown count. */
    static final class LongList {
        private long[] a = new long[8];
        private int n;

        void add(long v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        long[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}

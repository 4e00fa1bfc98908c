package org.tilestereo.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A constant tensor (an initializer or a tensor attribute): name, element type, dimensions and the
 * elements as little-endian raw bytes, the layout ONNX prescribes for raw_data.
 */
public record TensorValue(String name, OnnxDataType type, long[] dims, byte[] rawData) {

    public TensorValue {
        long count = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor '" + name + "': dimensions must be >= 0, got " + Arrays.toString(dims));
            }
            count *= d;
        }
        if (count * type.bytes != rawData.length) {
            throw new IllegalArgumentException("tensor '" + name + "' of shape " + Arrays.toString(dims) + " needs "
                    + count + " " + type + " elements, got " + (rawData.length / type.bytes));
        }
        dims = dims.clone();
    }

    public static TensorValue floats(String name, float[] data, long... dims) {
        ByteBuffer b = littleEndian(data.length * 4L);
        b.asFloatBuffer().put(data);
        return new TensorValue(name, OnnxDataType.FLOAT, dims, b.array());
    }

    public static TensorValue longs(String name, long[] data, long... dims) {
        ByteBuffer b = littleEndian(data.length * 8L);
        b.asLongBuffer().put(data);
        return new TensorValue(name, OnnxDataType.INT64, dims, b.array());
    }

    public static TensorValue ints(String name, int[] data, long... dims) {
        ByteBuffer b = littleEndian(data.length * 4L);
        b.asIntBuffer().put(data);
        return new TensorValue(name, OnnxDataType.INT32, dims, b.array());
    }

    private static ByteBuffer littleEndian(long bytes) {
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor of " + bytes + " bytes is too large for one array");
        }
        return ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    public long elementCount() {
        return rawData.length / type.bytes;
    }

    ProtoWriter toProto() {
        return header(name, type, dims).bytes(OnnxFields.Tensor.RAW_DATA, rawData);
    }

    /** A TensorProto's fields before its raw_data, shared with {@link StreamedTensor}. */
    static ProtoWriter header(String name, OnnxDataType type, long[] dims) {
        ProtoWriter t = new ProtoWriter();
        for (long d : dims) {
            t.varint(OnnxFields.Tensor.DIMS, d);
        }
        t.varint(OnnxFields.Tensor.DATA_TYPE, type.code);
        if (name != null && !name.isEmpty()) {
            t.string(OnnxFields.Tensor.NAME, name);
        }
        return t;
    }
}

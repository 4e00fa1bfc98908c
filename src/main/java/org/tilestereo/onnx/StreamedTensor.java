package org.tilestereo.onnx;

import java.util.Arrays;

/**
 * A constant tensor whose raw data is produced while the model is written, never held: how a
 * model with a gigabyte of generated weights is written without a gigabyte of heap. The source
 * writes the elements little-endian, {@link #byteCount()} bytes, the same ones on every call.
 */
public record StreamedTensor(String name, OnnxDataType type, long[] dims, ProtoWriter.ByteSource data) {

    public StreamedTensor {
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor '" + name + "': dimensions must be >= 0, got " + Arrays.toString(dims));
            }
        }
        dims = dims.clone();
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    public long elementCount() {
        long n = 1;
        for (long d : dims) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public long byteCount() {
        return Math.multiplyExact(elementCount(), type.bytes);
    }

    ProtoWriter toProto() {
        return TensorValue.header(name, type, dims).bytes(OnnxFields.Tensor.RAW_DATA, byteCount(), data);
    }
}

package org.tilestereo.onnx;

/**
 * Every TensorProto.DataType code a model file may contain, with its storage size. The writer's
 * {@link OnnxDataType} lists only what the builder writes; a reader has to name whatever it finds.
 */
public enum ElementType {
    UNDEFINED(0, 0),
    FLOAT(1, 32),
    UINT8(2, 8),
    INT8(3, 8),
    UINT16(4, 16),
    INT16(5, 16),
    INT32(6, 32),
    INT64(7, 64),
    /** Variable length; has no fixed size. */
    STRING(8, 0),
    BOOL(9, 8),
    FLOAT16(10, 16),
    DOUBLE(11, 64),
    UINT32(12, 32),
    UINT64(13, 64),
    COMPLEX64(14, 64),
    COMPLEX128(15, 128),
    BFLOAT16(16, 16),
    FLOAT8E4M3FN(17, 8),
    FLOAT8E4M3FNUZ(18, 8),
    FLOAT8E5M2(19, 8),
    FLOAT8E5M2FNUZ(20, 8),
    UINT4(21, 4),
    INT4(22, 4),
    FLOAT4E2M1(23, 4);

    public final int code;
    /** Bits per element in raw_data; 4-bit types pack two elements per byte. */
    public final int bits;

    ElementType(int code, int bits) {
        this.code = code;
        this.bits = bits;
    }

    public static ElementType fromCode(int code) {
        ElementType[] all = values();
        if (code >= 0 && code < all.length && all[code].code == code) {
            return all[code];
        }
        throw new IllegalArgumentException("unknown ONNX tensor data type " + code);
    }

    /** Real-valued floating point (the types a network's weights and activations are stored in). */
    public boolean isFloat() {
        return switch (this) {
            case FLOAT, FLOAT16, DOUBLE, BFLOAT16, FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ, FLOAT4E2M1 -> true;
            default -> false;
        };
    }

    public boolean isInteger() {
        return switch (this) {
            case UINT8, INT8, UINT16, INT16, INT32, INT64, BOOL, UINT32, UINT64, UINT4, INT4 -> true;
            default -> false;
        };
    }

    /** Bytes that {@code count} elements occupy, 4-bit types rounded up to whole bytes. */
    public long bytes(long count) {
        if (this == STRING || this == UNDEFINED) {
            throw new IllegalArgumentException(this + " tensors have no fixed element size");
        }
        return (Math.multiplyExact(count, (long) bits) + 7) / 8;
    }
}

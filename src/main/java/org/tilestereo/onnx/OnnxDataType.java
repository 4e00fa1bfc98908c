package org.tilestereo.onnx;

/** Element types of ONNX tensors (TensorProto.DataType codes) with their size in raw_data. */
public enum OnnxDataType {
    FLOAT(1, 4),
    UINT8(2, 1),
    INT8(3, 1),
    INT32(6, 4),
    INT64(7, 8),
    FLOAT16(10, 2);

    /** The TensorProto.DataType value written to files. */
    public final int code;
    /** Bytes per element in raw_data. */
    public final int bytes;

    OnnxDataType(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    public static OnnxDataType fromCode(int code) {
        for (OnnxDataType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unsupported ONNX tensor data type " + code);
    }
}

package org.tilestereo.plan;

/**
 * What a model's stored tensors weigh. Parameters are the elements of float initializers; their
 * bytes follow the precision the engine runs at. Int64 initializers (shapes, axes, indices) are
 * constants, not parameters, and are counted apart, as are other non-float initializers (in a
 * quantized QDQ model those hold the INT8 weights) and the float tensors of Constant nodes.
 *
 * @param parameters                float initializer elements
 * @param int64Elements             INT64 initializer elements (8 bytes each at any precision)
 * @param otherElements             initializer elements of other non-float types
 * @param otherBytes                their bytes at their own types
 * @param constantNodeFloatElements float elements held in Constant nodes' tensors
 * @param storedBytes               all initializers at the types the file stores them in
 */
public record WeightMemory(long parameters, long int64Elements, long otherElements, long otherBytes,
                           long constantNodeFloatElements, long storedBytes) {

    /** Bytes of the parameters at a precision: parameters x 4, 2 or 1. */
    public long bytes(Precision precision) {
        return Math.multiplyExact(parameters, (long) precision.bytes);
    }

    public long int64Bytes() {
        return Math.multiplyExact(int64Elements, 8L);
    }
}

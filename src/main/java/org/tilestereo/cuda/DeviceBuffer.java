package org.tilestereo.cuda;

/**
 * A range of device memory handed out by a {@link DevicePool}: it owns nothing, and is valid until
 * the pool scope it was allocated in closes.
 *
 * @param address the device address of the first byte (256-byte aligned)
 * @param bytes   how many bytes were asked for
 * @param what    what it holds, for messages ("source image")
 */
public record DeviceBuffer(long address, long bytes, String what) {

    /** Throws IllegalArgumentException unless the buffer holds at least needed bytes. */
    public DeviceBuffer require(String op, long needed) {
        if (bytes < needed) {
            throw new IllegalArgumentException(op + ": " + what + " holds " + bytes + " bytes, needs " + needed);
        }
        return this;
    }

    /** bytes of this buffer from offset, as a buffer of its own (the memory is shared). */
    public DeviceBuffer slice(long offset, long length, String part) {
        if (offset < 0 || length < 0 || offset + length > bytes) {
            throw new IllegalArgumentException("slice " + part + ": [" + offset + ", " + (offset + length) + ") outside "
                    + what + " of " + bytes + " bytes");
        }
        return new DeviceBuffer(address + offset, length, part);
    }

    /** The address of this buffer, or 0 (the C API's NULL) for a null buffer. */
    static long addressOf(DeviceBuffer b) {
        return b == null ? 0L : b.address;
    }
}

package org.tilestereo.image;

/**
 * An 8-bit RGB image, interleaved (R, G, B per pixel), rows packed without padding.
 * This is the one pixel format of the pipeline: decoders produce it, the warp reads and writes it,
 * encoders consume it. Packed rows keep the host and device layouts identical, so a copy is one memcpy.
 */
public final class RgbImage {
    private final int width;
    private final int height;
    private final byte[] data;

    public RgbImage(int width, int height) {
        this(width, height, new byte[checkedSize(width, height)]);
    }

    public RgbImage(int width, int height, byte[] data) {
        checkedSize(width, height);
        if (data.length != width * height * 3) {
            throw new IllegalArgumentException("RGB buffer holds " + data.length + " bytes; "
                    + width + "x" + height + " needs " + (width * height * 3));
        }
        this.width = width;
        this.height = height;
        this.data = data;
    }

    private static int checkedSize(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        long n = (long) width * height * 3;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("image " + width + "x" + height + " is too large for one buffer");
        }
        return (int) n;
    }

    public int width() { return width; }
    public int height() { return height; }
    /** The interleaved RGB bytes; shared, not copied. */
    public byte[] data() { return data; }

    /** Channel c (0 = R) of pixel (x, y) as 0..255. */
    public int get(int x, int y, int c) {
        return data[(y * width + x) * 3 + c] & 0xff;
    }

    public void set(int x, int y, int c, int value) {
        data[(y * width + x) * 3 + c] = (byte) value;
    }

    public RgbImage copy() {
        return new RgbImage(width, height, data.clone());
    }

    public String size() { return width + "x" + height; }
}

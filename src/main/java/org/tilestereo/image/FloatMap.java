package org.tilestereo.image;

import java.util.Arrays;

/** A single-channel float map (depth, disparity, weights), rows packed. */
public final class FloatMap {
    private final int width;
    private final int height;
    private final float[] data;

    public FloatMap(int width, int height) {
        this(width, height, new float[checkedSize(width, height)]);
    }

    public FloatMap(int width, int height, float[] data) {
        checkedSize(width, height);
        if (data.length != width * height) {
            throw new IllegalArgumentException("float map holds " + data.length + " values; "
                    + width + "x" + height + " needs " + (width * height));
        }
        this.width = width;
        this.height = height;
        this.data = data;
    }

    private static int checkedSize(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("map size must be positive, got " + width + "x" + height);
        }
        long n = (long) width * height;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("map " + width + "x" + height + " is too large for one buffer");
        }
        return (int) n;
    }

    public int width() { return width; }
    public int height() { return height; }
    public float[] data() { return data; }
    public float get(int x, int y) { return data[y * width + x]; }
    public void set(int x, int y, float v) { data[y * width + x] = v; }

    public FloatMap copy() { return new FloatMap(width, height, data.clone()); }

    public void fill(float v) { Arrays.fill(data, v); }

    public String size() { return width + "x" + height; }
}

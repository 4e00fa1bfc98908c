package org.tilestereo.runtime;

/** The shape of a depth model's image input, {@code [batch, 3, height, width]}. */
public record InputShape(int batch, int height, int width) {
    public InputShape {
        if (batch < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("input shape must be positive, got " + batch + "x3x" + height + "x" + width);
        }
    }

    public long floats() {
        return (long) batch * 3 * height * width;
    }

    /** Each dimension at most the other's. */
    public boolean fitsIn(InputShape max) {
        return batch <= max.batch && height <= max.height && width <= max.width;
    }

    @Override
    public String toString() {
        return batch + "x3x" + height + "x" + width;
    }
}

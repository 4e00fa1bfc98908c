package org.tilestereo.depth;

/**
 * What a depth model returned for one run: {@code batch} maps of width x height, image-major, at
 * the start of values (the array may be longer; it belongs to the model and the next run
 * overwrites it).
 */
public record DepthBatch(float[] values, int batch, int width, int height) {

    /** Floats per depth map. */
    public int plane() {
        return width * height;
    }
}

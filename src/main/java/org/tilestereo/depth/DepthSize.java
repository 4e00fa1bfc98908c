package org.tilestereo.depth;

/** The size of the depth maps a model run wrote: width x height floats per image, image-major. */
public record DepthSize(int width, int height) {

    /** Floats per depth map. */
    public int plane() {
        return width * height;
    }
}

package org.tilestereo.bench;

import org.tilestereo.kernels.Layout;
import org.tilestereo.kernels.java.DepthNormalize;

/**
 * What the benchmark runs of each operator, and the bytes the operator must move: each input read
 * once and each output written once (scratch memory and re-reads are the implementation's cost,
 * not the operator's, so they are not counted). With n = width x height pixels:
 */
public enum OperatorCase {
    /** Frame 3n bytes read; tiles x 3 x 518 x 518 floats written. */
    TILE_EXTRACT("tile_extract"),
    /** Tiles x 518 x 518 floats and 2 x tiles floats (scale, shift) read; 4n written. */
    TILE_BLEND("tile_blend"),
    /** Depth 4n read; min, max and the 4096-bin histogram (16,392 bytes) written. */
    DEPTH_HISTOGRAM("depth_normalize (histogram)"),
    /** Depth 4n read, 4n written. */
    DEPTH_NORMALIZE("depth_normalize"),
    /** Normalised depth 4n read, disparity 4n written. */
    DEPTH_TO_DISPARITY("depth_to_disparity"),
    /** Image 3n and disparity 4n read; image 3n and target disparity 4n written. */
    WARP_FORWARD("warp_forward"),
    /** Warped image 3n, its disparity 4n and the source 3n read; image 3n and disparity 4n written. */
    HOLE_FILL("hole_fill"),
    /** Image 3n and disparity 4n read; image 3n written. */
    WARP_BACKWARD("warp_backward"),
    /** Two eyes 6n read; the 2W x H frame 6n written. */
    LAYOUT_SBS("layout_compose (sbs)"),
    /** Two eyes 6n read; one frame 3n written (the 2 KiB of tables are not counted). */
    LAYOUT_ANAGLYPH("layout_compose (anaglyph)");

    private final String label;

    OperatorCase(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public Layout layout() {
        return this == LAYOUT_SBS ? Layout.SBS : Layout.ANAGLYPH;
    }

    /** The bytes this operator moves on the frame, by the rule above. */
    public long bytesMoved(BenchFrame f) {
        long n = f.pixels();
        long tilePlane = (long) BenchFrame.TILE * BenchFrame.TILE;
        int tiles = f.grid.count();
        return switch (this) {
            case TILE_EXTRACT -> 3 * n + (long) tiles * 3 * tilePlane * Float.BYTES;
            case TILE_BLEND -> (long) tiles * tilePlane * Float.BYTES + 2L * tiles * Float.BYTES + 4 * n;
            case DEPTH_HISTOGRAM -> 4 * n + 8 + 4L * DepthNormalize.BINS;
            case DEPTH_NORMALIZE, DEPTH_TO_DISPARITY -> 8 * n;
            case WARP_FORWARD -> 14 * n;
            case HOLE_FILL -> 17 * n;
            case WARP_BACKWARD -> 10 * n;
            case LAYOUT_SBS -> 12 * n;
            case LAYOUT_ANAGLYPH -> 9 * n;
        };
    }
}

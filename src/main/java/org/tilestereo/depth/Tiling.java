package org.tilestereo.depth;

import org.tilestereo.kernels.TileGrid;

/** How to tile frames for a depth model: tile size in source pixels and the overlap between tiles. */
public record Tiling(int tileWidth, int tileHeight, int overlap) {

    public Tiling {
        // TileGrid's own rules, checked now rather than at the first frame.
        TileGrid.of(tileWidth, tileHeight, tileWidth, tileHeight, overlap);
    }

    /** The grid for a frame of this size. */
    public TileGrid gridFor(int width, int height) {
        return TileGrid.of(width, height, tileWidth, tileHeight, overlap);
    }

    @Override
    public String toString() {
        return "tiles of " + tileWidth + "x" + tileHeight + ", overlap " + overlap;
    }
}

package org.tilestereo.depth;

import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.TileGrid;

/**
 * Brings the tiles of a frame to one depth scale before blending. Relative depth models give each
 * tile its own unknown scale and shift, so tile i is mapped by {@code scale[i] * v + shift[i]}; an
 * aligner fits these, e.g. by least squares against a low-resolution whole-frame pass. Without one,
 * tiles are blended as the model returned them.
 */
public interface TileAligner {

    /**
     * Fills scale and shift (one per grid tile, arrays at least grid.count() long) for the tile depth
     * maps of this frame (depthWidth x depthHeight each, tile-major, as tile_blend reads them).
     */
    void align(RgbImage frame, TileGrid grid, float[] tileDepth, int depthWidth, int depthHeight,
               float[] scale, float[] shift) throws DepthException;
}

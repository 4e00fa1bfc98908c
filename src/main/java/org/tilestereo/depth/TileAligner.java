package org.tilestereo.depth;

import org.tilestereo.image.FloatMap;
import org.tilestereo.kernels.TileGrid;

/**
 * Brings the tiles of a frame to one depth scale before blending. Relative depth models give each
 * tile its own unknown scale and shift, so tile i is mapped by {@code scale[i] * v + shift[i]}; an
 * aligner fits these against a whole-frame pass of the same model at a lower resolution, which the
 * depth stage runs and hands over. Without one, tiles are blended as the model returned them.
 */
public interface TileAligner {

    /** The short side the whole-frame pass runs at. */
    int resolution();

    /**
     * Fills scale and shift (one per grid tile, arrays at least grid.count() long) for the tile depth
     * maps of this frame (depthWidth x depthHeight each, tile-major, as tile_blend reads them), given
     * the whole-frame pass blended to the frame's size.
     */
    void align(FloatMap reference, TileGrid grid, float[] tileDepth, int depthWidth, int depthHeight,
               float[] scale, float[] shift) throws DepthException;
}

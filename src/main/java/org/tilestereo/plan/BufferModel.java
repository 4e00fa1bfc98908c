package org.tilestereo.plan;

import org.tilestereo.kernels.TileGrid;

/**
 * The device bytes a run holds besides the model, for one frame: the frame program's buffers and
 * its depth stage's, as the run will take them. The planner asks it for every plan it weighs; the
 * run layer answers from the same sizes the frame program and the depth stage allocate by
 * (run.FrameMemory), so the plan and the allocation are one model.
 */
@FunctionalInterface
public interface BufferModel {

    /**
     * Bytes for a width x height frame whose depth runs on grid (one tile for the whole frame) with
     * the model at modelWidth x modelHeight, batch tiles a run, and, where lowWidth > 0, a whole-frame
     * pass at lowWidth x lowHeight that tiles are aligned to.
     */
    long bytes(int width, int height, TileGrid grid, int modelWidth, int modelHeight, int batch, int lowWidth, int lowHeight);
}

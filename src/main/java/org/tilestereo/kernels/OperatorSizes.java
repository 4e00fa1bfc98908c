package org.tilestereo.kernels;

/**
 * The sizes an operator set asks for besides its inputs and outputs: the single source the frame
 * program, the streamed slots and the planner take them from (the CUDA set answers from the C API's
 * *_workspace_bytes queries).
 */
public interface OperatorSizes {
    /** Bytes of the buffer depthStatistics fills (each set's own format). */
    long statisticsBytes();

    /** Scratch of warp_forward for a width x height frame. */
    long warpForwardWorkspaceBytes(int width, int height);

    /** Scratch of hole_fill for a width x height frame. */
    long holeFillWorkspaceBytes(int width, int height);

    /** Device bytes a layout needs besides the frames (the anaglyph's sRGB tables on a GPU), shared by all queues. */
    default long layoutTablesBytes(Layout layout) {
        return 0;
    }
}

package org.tilestereo.plan;

/**
 * One buffer of an inference as a runtime's allocator sees it: its size, the first and last step
 * (node position in execution order) it is live, and whether the caller provides it (a graph input,
 * not the runtime's allocation). A buffer can carry several tensors: an op that writes in place or
 * only reinterprets its input (Reshape) hands the buffer on.
 *
 * @param bytes    its size
 * @param start    the step that allocates it (outputs are allocated while their node runs)
 * @param end      the last step it is needed (freed after that node has run)
 * @param external given by the caller, never allocated by the runtime
 */
public record BufferLife(long bytes, int start, int end, boolean external) {
}

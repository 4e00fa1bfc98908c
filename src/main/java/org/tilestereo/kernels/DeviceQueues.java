package org.tilestereo.kernels;

import java.util.List;

/**
 * Queues on one device for frame programs that run side by side: each its own
 * {@link FrameOperators} (a stream), all taking their buffers from one device allocation and their
 * staging from one block of host memory, both made when the queues open.
 *
 * @param <B> the device's buffer type
 */
public interface DeviceQueues<B> extends AutoCloseable {
    List<FrameOperators<B>> operators();

    /** The part of the allocation every queue shares (a depth runtime's scratch), or null where none was asked for. */
    B shared();

    /** Bytes of the one device allocation and of the staging block. */
    long deviceBytes();

    long stagingBytes();

    /** Device allocations made for the queues: 1, whatever they run. */
    int deviceAllocations();

    /** Waits for every queue, then frees them, the staging and the device memory; safe to call twice. */
    @Override
    void close();
}

package org.tilestereo.cuda;

import java.util.ArrayList;
import java.util.List;

import org.tilestereo.kernels.DeviceQueues;
import org.tilestereo.kernels.FrameOperators;
import org.tilestereo.kernels.Layout;
import org.tilestereo.memory.Arena;

/**
 * {@link DeviceQueues} on the CUDA device: count streams ({@link CudaFrameOperators}), their buffers
 * from one fixed {@link DevicePool} allocation and their staging from one pinned block. The layout's
 * tables (the anaglyph's sRGB tables) are uploaded once and shared.
 */
final class CudaQueues implements DeviceQueues<DeviceBuffer> {
    private final DevicePool pool;
    private final PinnedHostMemory pinned;
    private final List<FrameOperators<DeviceBuffer>> operators = new ArrayList<>();
    private DeviceBuffer shared;
    private boolean closed;

    private CudaQueues(DevicePool pool, PinnedHostMemory pinned) {
        this.pool = pool;
        this.pinned = pinned;
    }

    static CudaQueues open(int count, long deviceBytesEach, long stagingBytesEach, long sharedBytes, Layout layout) {
        if (count < 1) {
            throw new IllegalArgumentException("device queues: count must be positive, got " + count);
        }
        if (sharedBytes < 0) {
            throw new IllegalArgumentException("device queues: shared bytes must not be negative, got " + sharedBytes);
        }
        long tables = CudaFrameOperators.SIZES.layoutTablesBytes(layout);
        long shared = Arena.need(tables);
        DevicePool pool = DevicePool.fixed(DeviceAllocator.cuda(), count * deviceBytesEach + shared + Arena.need(sharedBytes));
        CudaQueues q = null;
        try {
            q = new CudaQueues(pool, PinnedHostMemory.allocate(count * stagingBytesEach + shared));
            if (sharedBytes > 0) {
                q.shared = pool.allocate(sharedBytes, "depth runtime scratch, shared by the queues");
            }
            q.carve(count, tables);
            return q;
        } catch (RuntimeException e) {
            if (q != null) q.close();
            else pool.close();
            throw e;
        }
    }

    /** Uploads the tables, then makes each queue; each takes its staging from the pinned block in turn. */
    private void carve(int count, long tables) {
        Arena host = new Arena("staging", pinned.bytes());
        DeviceBuffer srgb = null;
        long at = -1;
        if (tables > 0) {
            srgb = pool.allocate(tables, "sRGB tables");
            at = host.allocate(tables, "sRGB tables");
            pinned.view(at).asFloatBuffer().put(LayoutComposeGpu.srgbTables());
        }
        for (int i = 0; i < count; i++) {
            CudaFrameOperators ops = new CudaFrameOperators(pool, pinned, host, srgb);
            operators.add(ops);
            if (i == 0 && srgb != null) {
                CudaMemory.copyToDevice(srgb.address(), pinned.address() + at, tables, ops.stream());
                ops.stream().synchronize();
            }
        }
    }

    @Override
    public List<FrameOperators<DeviceBuffer>> operators() {
        return List.copyOf(operators);
    }

    @Override
    public DeviceBuffer shared() {
        return shared;
    }

    @Override
    public long deviceBytes() {
        return pool.capacity();
    }

    @Override
    public long stagingBytes() {
        return pinned.bytes();
    }

    @Override
    public int deviceAllocations() {
        return pool.deviceAllocations();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (FrameOperators<DeviceBuffer> ops : operators) {
                ops.close();
            }
        } finally {
            try {
                pinned.close();
            } finally {
                pool.close();
            }
        }
    }
}

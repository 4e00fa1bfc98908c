package org.tilestereo.video;

import java.util.ArrayList;
import java.util.List;

import org.tilestereo.cuda.CudaFrameOperators;
import org.tilestereo.cuda.CudaMemory;
import org.tilestereo.cuda.DeviceAllocator;
import org.tilestereo.cuda.DeviceBuffer;
import org.tilestereo.cuda.DevicePool;
import org.tilestereo.cuda.FrameBuffers;
import org.tilestereo.cuda.LayoutComposeGpu;
import org.tilestereo.cuda.PinnedHostMemory;
import org.tilestereo.depth.DepthMap;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.Layout;
import org.tilestereo.memory.Arena;
import org.tilestereo.memory.Bytes;
import org.tilestereo.memory.PoolExhaustedException;
import org.tilestereo.pipeline.FrameProgram;
import org.tilestereo.pipeline.FrameSlots;
import org.tilestereo.pipeline.ProgramSlots;
import org.tilestereo.pipeline.StereoSettings;

/**
 * {@link FrameSlots} on the GPU (or the software device): per slot a {@link FrameProgram} on its own
 * CUDA stream ({@link CudaFrameOperators}), with the device buffers of one frame's way from depth to
 * composed layout and a part of one pinned host block that the frame, its depth and its results pass
 * through. All slots' device buffers are one {@link DevicePool} allocation and all staging one pinned
 * block, both made when the run opens; a frame allocates nothing. The frame algorithm is the
 * program's, the same the synchronous path runs.
 *
 * <p>How many slots: as many as asked for (3 by default: one uploading, one computing, one
 * downloading) while they fit in the device memory free after the model has loaded, less a
 * headroom; fewer than 2 would overlap nothing, and then {@link #open} refuses with the sizes.
 */
public final class CudaFrameSlots implements FrameSlots {
    public static final int DEFAULT_SLOTS = 3;
    /** Left free for what the depth runtime and the CUDA context may still take during the run. */
    static final long HEADROOM = 256 * Bytes.MiB;

    /** One slot's buffers (the program's) and the anaglyph's tables, shared by all slots; pure arithmetic. */
    record Sizes(FrameProgram.Sizes program, long tables) {
        long devicePerSlot() {
            return program.device();
        }

        long pinnedPerSlot() {
            return program.staging();
        }

        long device(int slots) {
            return slots * devicePerSlot() + FrameBuffers.need(tables);
        }

        long pinned(int slots) {
            return slots * pinnedPerSlot() + FrameBuffers.need(tables);
        }
    }

    static Sizes sizes(int w, int h, StereoSettings s, boolean keepDisparity) {
        Layout layout = s.layout();
        boolean eyes = switch (layout) {
            case DEPTH -> false;
            case SBS, HSBS, TB, HTB, ANAGLYPH, LEFT, RIGHT -> true;
        };
        if (!eyes) {
            throw new IllegalArgumentException("streamed CUDA slots compose eyes; the depth layout runs frame by frame");
        }
        if (w < 2 || h < 2) {
            throw new IllegalArgumentException("streamed CUDA slots: frame " + w + "x" + h + " is too small");
        }
        return new Sizes(FrameProgram.sizes(w, h, s, keepDisparity, CudaFrameOperators.SIZES),
                layout == Layout.ANAGLYPH ? LayoutComposeGpu.SRGB_TABLE_BYTES : 0);
    }

    /**
     * How many slots of these sizes fit in free bytes of device memory less the headroom, and in
     * capBytes (what the user's budget leaves after the depth model's plan), at most wanted.
     */
    static int fitting(Sizes z, long freeBytes, long capBytes, int wanted) {
        long room = Math.min(freeBytes - HEADROOM, capBytes) - FrameBuffers.need(z.tables());
        return (int) Math.max(0, Math.min(wanted, room / z.devicePerSlot()));
    }

    private final Sizes sizes;
    private final DevicePool pool;
    private final PinnedHostMemory pinned;
    private final List<CudaFrameOperators> operators = new ArrayList<>();
    private ProgramSlots<DeviceBuffer> slots;

    private CudaFrameSlots(Sizes sizes, DevicePool pool, PinnedHostMemory pinned) {
        this.sizes = sizes;
        this.pool = pool;
        this.pinned = pinned;
    }

    /**
     * Slots for frames of width x height with these settings: as many as wanted that fit in the
     * device's free memory now (less the headroom) and in capBytes (Long.MAX_VALUE: no cap). Open
     * them after the depth model has taken its memory. Throws {@link PoolExhaustedException} when
     * fewer than 2 fit, with the sizes, and CudaException when the device refuses the memory.
     */
    public static CudaFrameSlots open(int width, int height, StereoSettings settings, int wanted, boolean keepDisparity,
                                      long capBytes) {
        if (wanted < 2) {
            throw new IllegalArgumentException("streamed CUDA slots: at least 2 are needed for any overlap, asked for " + wanted);
        }
        Sizes z = sizes(width, height, settings, keepDisparity);
        long free = CudaMemory.freeBytes();
        int n = fitting(z, free, capBytes, wanted);
        if (n < 2) {
            long room = Math.max(0, Math.min(free - HEADROOM, capBytes));
            throw new PoolExhaustedException("streamed CUDA slots: 2 slots of " + width + "x" + height + " need "
                    + Bytes.format(z.device(2)) + ", " + Bytes.format(room) + " are left ("
                    + (capBytes < free - HEADROOM ? "by the memory budget after the depth model's plan"
                    : "free on the GPU less " + Bytes.format(HEADROOM) + " headroom") + ")", z.device(2), room, free);
        }
        DevicePool pool = DevicePool.fixed(DeviceAllocator.cuda(), z.device(n));
        CudaFrameSlots s = null;
        try {
            s = new CudaFrameSlots(z, pool, PinnedHostMemory.allocate(z.pinned(n)));
            s.carve(n, settings, keepDisparity);
            return s;
        } catch (RuntimeException e) {
            if (s != null) s.close();
            else pool.close();
            throw e;
        }
    }

    /** Makes each slot's stream and program, its buffers from the pool and its staging from the pinned block. */
    private void carve(int n, StereoSettings settings, boolean keepDisparity) {
        Arena host = new Arena("pinned slots", pinned.bytes());
        DeviceBuffer tables = null;
        if (sizes.tables() > 0) {
            tables = pool.allocate(sizes.tables(), "sRGB tables");
            long at = host.allocate(sizes.tables(), "sRGB tables");
            pinned.view(at).asFloatBuffer().put(LayoutComposeGpu.srgbTables());
            tablesAt = at;
        }
        List<FrameProgram<DeviceBuffer>> programs = new ArrayList<>(n);
        int w = sizes.program().width(), h = sizes.program().height();
        for (int i = 0; i < n; i++) {
            // Each program takes its staging from the pinned block in turn: pinnedPerSlot apiece.
            CudaFrameOperators ops = new CudaFrameOperators(pool, pinned, host, tables);
            operators.add(ops);
            if (i == 0 && tables != null) {
                CudaMemory.copyToDevice(tables.address(), pinned.address() + tablesAt, sizes.tables(), ops.stream());
                ops.stream().synchronize();
            }
            programs.add(new FrameProgram<>(ops, settings, w, h, keepDisparity, null));
        }
        slots = new ProgramSlots<>(programs, describe(n), this::closeOperators);
    }

    private long tablesAt;

    private String describe(int n) {
        return n + " CUDA streams, " + Bytes.format(pool.capacity()) + " of device memory in one allocation and "
                + Bytes.format(pinned.bytes()) + " pinned (" + Bytes.format(sizes.devicePerSlot()) + " a frame of "
                + sizes.program().width() + "x" + sizes.program().height() + ")";
    }

    @Override
    public int count() {
        return slots.count();
    }

    @Override
    public String describe() {
        return slots.describe();
    }

    /** cudaMalloc calls made for the slots: 1, whatever the number of frames. */
    public int deviceAllocations() {
        return pool.deviceAllocations();
    }

    @Override
    public void begin(int slot, RgbImage frame, DepthMap depth) {
        slots.begin(slot, frame, depth);
    }

    @Override
    public float[] percentiles(int slot) {
        return slots.percentiles(slot);
    }

    @Override
    public void finish(int slot, float lo, float hi) {
        slots.finish(slot, lo, hi);
    }

    @Override
    public boolean ready(int slot) {
        return slots.ready(slot);
    }

    @Override
    public void collect(int slot, RgbImage out, FloatMap disparity) {
        slots.collect(slot, out, disparity);
    }

    /** Waits for every stream (queued copies may still use the memory), then frees streams, pinned and device memory. */
    private void closeOperators() {
        try {
            for (CudaFrameOperators ops : operators) {
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

    /** Safe to call twice. */
    @Override
    public void close() {
        if (slots != null) {
            slots.close();
        } else {
            closeOperators();
        }
    }
}

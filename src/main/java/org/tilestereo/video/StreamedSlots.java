package org.tilestereo.video;

import java.util.ArrayList;
import java.util.List;

import org.tilestereo.depth.DepthException;
import org.tilestereo.depth.DepthMap;
import org.tilestereo.depth.DepthSource;
import org.tilestereo.depth.DepthStage;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.DeviceQueues;
import org.tilestereo.kernels.FrameOperators;
import org.tilestereo.kernels.Layout;
import org.tilestereo.kernels.OperatorSizes;
import org.tilestereo.kernels.StereoKernels;
import org.tilestereo.memory.Arena;
import org.tilestereo.memory.Bytes;
import org.tilestereo.memory.PoolExhaustedException;
import org.tilestereo.pipeline.FrameProgram;
import org.tilestereo.pipeline.FrameSlots;
import org.tilestereo.pipeline.ProgramSlots;
import org.tilestereo.pipeline.StereoSettings;

/**
 * {@link FrameSlots} on the operators' device: per slot a {@link FrameProgram} on its own queue (a
 * CUDA stream), with the device buffers of one frame's way from depth to composed layout and a part
 * of one staging block that the frame, its depth and its results pass through. All slots' device
 * buffers are one allocation and all staging one block, both made when the run opens
 * ({@link StereoKernels#openQueues}); a frame allocates nothing. Nothing here names a backend.
 *
 * <p>How many slots: as many as asked for (3 by default: one uploading, one computing, one
 * downloading) while they fit in the device memory free after the model has loaded, less a
 * headroom; fewer than 2 would overlap nothing, and then {@link #open} refuses with the sizes.
 */
public final class StreamedSlots implements FrameSlots {
    public static final int DEFAULT_SLOTS = 3;
    /** Left free for what the depth runtime and the device's context may still take during the run. */
    static final long HEADROOM = 256 * Bytes.MiB;

    /**
     * One slot's buffers (the program's), and what all slots share: the layout's tables and the
     * depth runtime's scratch; pure arithmetic.
     */
    record Sizes(FrameProgram.Sizes program, long tables, long scratch) {
        long devicePerSlot() {
            return program.device();
        }

        long pinnedPerSlot() {
            return program.staging();
        }

        long device(int slots) {
            return slots * devicePerSlot() + Arena.need(tables, scratch);
        }

        long pinned(int slots) {
            return slots * pinnedPerSlot() + Arena.need(tables);
        }
    }

    static Sizes sizes(int w, int h, StereoSettings s, boolean keepDisparity, OperatorSizes ops, DepthStage.Sizes stage,
                       long scratch) {
        Layout layout = s.layout();
        boolean eyes = switch (layout) {
            case DEPTH -> false;
            case SBS, HSBS, TB, HTB, ANAGLYPH, LEFT, RIGHT -> true;
        };
        if (!eyes) {
            throw new IllegalArgumentException("streamed slots compose eyes; the depth layout runs frame by frame");
        }
        if (w < 2 || h < 2) {
            throw new IllegalArgumentException("streamed slots: frame " + w + "x" + h + " is too small");
        }
        return new Sizes(FrameProgram.sizes(w, h, s, keepDisparity, ops, stage), ops.layoutTablesBytes(layout), scratch);
    }

    /**
     * How many slots of these sizes fit in free bytes of device memory less the headroom, and in
     * capBytes (what the user's budget leaves after the depth model's plan), at most wanted.
     */
    static int fitting(Sizes z, long freeBytes, long capBytes, int wanted) {
        long room = Math.min(freeBytes - HEADROOM, capBytes) - Arena.need(z.tables(), z.scratch());
        return (int) Math.max(0, Math.min(wanted, room / z.devicePerSlot()));
    }

    private final ProgramSlots<?> slots;
    private final DeviceQueues<?> queues;
    /** The depth source given the queues' shared scratch, told before it is freed; null: none given. */
    private final DepthSource scratchUser;

    private StreamedSlots(ProgramSlots<?> slots, DeviceQueues<?> queues, DepthSource scratchUser) {
        this.slots = slots;
        this.queues = queues;
        this.scratchUser = scratchUser;
    }

    private static <B> void giveScratch(DepthSource depth, DeviceQueues<B> queues) {
        depth.useDeviceScratch(queues.operators().get(0), queues.shared());
    }

    /**
     * Slots for frames of width x height with these settings on the device of kernels: as many as
     * wanted that fit in its free memory now (less the headroom) and in capBytes (Long.MAX_VALUE: no
     * cap). Open them after the depth model has taken its memory. Throws {@link PoolExhaustedException}
     * when fewer than 2 fit, with the sizes, and a DeviceException when the device refuses the memory.
     */
    public static StreamedSlots open(StereoKernels kernels, DepthSource depth, int width, int height, StereoSettings settings,
                                     int wanted, boolean keepDisparity, long capBytes) throws DepthException {
        if (wanted < 2) {
            throw new IllegalArgumentException("streamed slots: at least 2 are needed for any overlap, asked for " + wanted);
        }
        DepthStage.Sizes stage = depth.stageSizes(width, height, false);
        Sizes z = sizes(width, height, settings, keepDisparity, kernels.deviceOperatorSizes(), stage,
                depth.deviceScratchBytes());
        long free = kernels.freeDeviceBytes();
        int n = fitting(z, free, capBytes, wanted);
        if (n < 2) {
            long room = Math.max(0, Math.min(free - HEADROOM, capBytes));
            throw new PoolExhaustedException("streamed slots: 2 slots of " + width + "x" + height + " need "
                    + Bytes.format(z.device(2)) + ", " + Bytes.format(room) + " are left ("
                    + (capBytes < free - HEADROOM ? "by the memory budget after the depth model's plan"
                    : "free on the device less " + Bytes.format(HEADROOM) + " headroom") + ")", z.device(2), room, free);
        }
        DeviceQueues<?> queues = kernels.openQueues(n, z.devicePerSlot(), z.pinnedPerSlot(), z.scratch(), settings.layout());
        try {
            if (z.scratch() > 0) {
                giveScratch(depth, queues);
            }
            return new StreamedSlots(programs(queues, depth, settings, z, keepDisparity), queues, z.scratch() > 0 ? depth : null);
        } catch (RuntimeException | DepthException e) {
            try {
                if (z.scratch() > 0) depth.releaseDeviceScratch();
            } finally {
                queues.close();
            }
            throw e;
        }
    }

    /**
     * One program per queue, each with the depth source's stage on its queue where the source has
     * one; the buffer type is the device's, whichever it is.
     */
    private static <B> ProgramSlots<B> programs(DeviceQueues<B> queues, DepthSource depth, StereoSettings settings, Sizes z,
                                                boolean keepDisparity) throws DepthException {
        List<FrameProgram<B>> programs = new ArrayList<>();
        int w = z.program().width(), h = z.program().height();
        try {
            for (FrameOperators<B> ops : queues.operators()) {
                DepthStage<B> stage = depth.stageOn(ops, w, h, false);
                programs.add(new FrameProgram<>(ops, stage, settings, w, h, keepDisparity, null));
            }
        } catch (RuntimeException | DepthException e) {
            programs.forEach(FrameProgram::close);
            throw e;
        }
        String description = programs.size() + " CUDA streams, " + Bytes.format(queues.deviceBytes())
                + " of device memory in one allocation and " + Bytes.format(queues.stagingBytes()) + " pinned ("
                + Bytes.format(z.devicePerSlot()) + " a frame of " + w + "x" + h
                + (programs.get(0).makesDepth() ? ", its depth stage included" : "") + ")";
        return new ProgramSlots<>(programs, description, queues);
    }

    @Override
    public int count() {
        return slots.count();
    }

    @Override
    public String describe() {
        return slots.describe();
    }

    /** Device allocations made for the slots: 1, whatever the number of frames. */
    public int deviceAllocations() {
        return queues.deviceAllocations();
    }

    @Override
    public boolean makesDepth() {
        return slots.makesDepth();
    }

    @Override
    public void begin(int slot, RgbImage frame) throws DepthException {
        slots.begin(slot, frame);
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

    /** Waits for the queues, then frees the programs, queues, staging and device memory; safe to call twice. */
    @Override
    public void close() {
        try {
            if (scratchUser != null) scratchUser.releaseDeviceScratch();
        } finally {
            slots.close();
        }
    }
}

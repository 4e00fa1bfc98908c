package org.tilestereo.video;

import org.tilestereo.cuda.WarpForwardGpu;

import org.tilestereo.cuda.WarpBackwardGpu;

import org.tilestereo.cuda.PinnedHostMemory;

import org.tilestereo.cuda.LayoutComposeGpu;

import org.tilestereo.cuda.HoleFillGpu;

import org.tilestereo.cuda.FrameBuffers;

import org.tilestereo.cuda.DevicePool;

import org.tilestereo.cuda.DeviceBuffer;

import org.tilestereo.cuda.DeviceAllocator;

import org.tilestereo.cuda.DepthToDisparityGpu;

import org.tilestereo.cuda.DepthNormalizeGpu;

import org.tilestereo.cuda.CudaStream;

import org.tilestereo.cuda.CudaMemory;

import org.tilestereo.cuda.CudaKernels;

import org.tilestereo.cuda.CudaException;

import org.tilestereo.cuda.CudaEvent;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.tilestereo.depth.DepthKind;
import org.tilestereo.depth.DepthMap;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.Layout;
import org.tilestereo.memory.Arena;
import org.tilestereo.memory.Bytes;
import org.tilestereo.memory.PoolExhaustedException;
import org.tilestereo.pipeline.FrameSlots;
import org.tilestereo.pipeline.StereoSettings;
import org.tilestereo.pipeline.WarpMode;

/**
 * {@link FrameSlots} on the GPU: per slot one CUDA stream, two events (statistics back, results
 * back), the device buffers of one frame's way from depth to composed layout, and a part of one
 * pinned host block that the frame, its depth and its results pass through. All slots' device
 * buffers are one {@link DevicePool} allocation and all pinned areas one cudaMallocHost, both made
 * when the run opens; a frame allocates nothing. The kernels are the operators' own launchers,
 * queued in the order {@code FrameConverter} calls them, so a slot's result equals the
 * synchronous {@link CudaKernels} path's bit for bit.
 *
 * <p>How many slots: as many as asked for (3 by default: one uploading, one computing, one
 * downloading) while they fit in the device memory free after the model has loaded, less a
 * headroom; fewer than 2 would overlap nothing, and then {@link #open} refuses with the sizes.
 */
public final class CudaFrameSlots implements FrameSlots {
    public static final int DEFAULT_SLOTS = 3;
    /** Left free for what the depth runtime and the CUDA context may still take during the run. */
    static final long HEADROOM = 256 * Bytes.MiB;

    /**
     * Bytes of one slot's buffers (0 = not needed with these settings), each as the pool or the
     * pinned block will round it; pure arithmetic, so the sizing is tested without a GPU.
     */
    record Sizes(int width, int height, long frame, long depth, long statistics, long disparity, long leftEye,
                 long rightEye, long targetDisparity, long warpWorkspace, long fillWorkspace, long output,
                 long pinnedOutput, long pinnedDisparity, long tables) {

        long devicePerSlot() {
            return FrameBuffers.need(frame, depth, statistics, disparity, leftEye, rightEye, targetDisparity, warpWorkspace,
                    fillWorkspace, output);
        }

        long pinnedPerSlot() {
            return FrameBuffers.need(frame, depth, statistics, pinnedOutput, pinnedDisparity);
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
        if (layout == Layout.DEPTH) {
            throw new IllegalArgumentException("streamed CUDA slots compose eyes; the depth layout runs frame by frame");
        }
        if (w < 2 || h < 2) {
            throw new IllegalArgumentException("streamed CUDA slots: frame " + w + "x" + h + " is too small");
        }
        long rgb = FrameBuffers.rgb(w, h), floats = FrameBuffers.floats(w, h);
        boolean oneEye = switch (layout) {
            case LEFT, RIGHT -> true;
            case SBS, HSBS, TB, HTB, ANAGLYPH, DEPTH -> false;
        };
        long left = layout != Layout.RIGHT && s.eyes().leftFactor != 0f ? rgb : 0;
        long right = layout != Layout.LEFT && s.eyes().rightFactor != 0f ? rgb : 0;
        boolean forward = switch (s.warp()) {
            case FORWARD -> left > 0 || right > 0;
            case BACKWARD -> false;
        };
        long composed = oneEye ? 0 : 3L * layout.outputWidth(w) * layout.outputHeight(h);
        return new Sizes(w, h, rgb, floats, DepthNormalizeGpu.STATS_BYTES, floats, left, right, forward ? floats : 0,
                forward ? FrameBuffers.warpForwardWorkspace(w, h) : 0, forward ? FrameBuffers.holeFillWorkspace(w, h) : 0,
                composed, oneEye ? rgb : composed, keepDisparity ? floats : 0,
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

    private enum State { FREE, BEGUN, FINISHED }

    private static final class Slot {
        CudaStream stream;
        CudaEvent statistics, done;
        DeviceBuffer frame, depth, stats, disparity, left, right, target, warpWork, fillWork, output;
        long pinFrame, pinDepth, pinStats, pinOutput, pinDisparity;
        State state = State.FREE;
    }

    private final StereoSettings settings;
    private final Sizes sizes;
    private final DevicePool pool;
    private final PinnedHostMemory pinned;
    private final List<Slot> slots = new ArrayList<>();
    private final byte[] stats = new byte[DepthNormalizeGpu.STATS_BYTES];
    private DeviceBuffer tables;
    private boolean closed;

    private CudaFrameSlots(StereoSettings settings, Sizes sizes, DevicePool pool, PinnedHostMemory pinned) {
        this.settings = settings;
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
            s = new CudaFrameSlots(settings, z, pool, PinnedHostMemory.allocate(z.pinned(n)));
            s.carve(n);
            return s;
        } catch (RuntimeException e) {
            if (s != null) s.close();
            else pool.close();
            throw e;
        }
    }

    /** Creates the streams and events and hands out every slot's buffers and pinned areas. */
    private void carve(int n) {
        Arena host = new Arena("pinned slots", pinned.bytes());
        Sizes z = sizes;
        for (int i = 0; i < n; i++) {
            Slot s = new Slot();
            slots.add(s);
            s.stream = CudaStream.create();
            s.statistics = CudaEvent.create();
            s.done = CudaEvent.create();
            s.frame = pool.allocate(z.frame(), "frame");
            s.depth = pool.allocate(z.depth(), "depth, normalised in place");
            s.stats = pool.allocate(z.statistics(), "depth histogram");
            s.disparity = pool.allocate(z.disparity(), "disparity");
            s.left = z.leftEye() > 0 ? pool.allocate(z.leftEye(), "left eye") : null;
            s.right = z.rightEye() > 0 ? pool.allocate(z.rightEye(), "right eye") : null;
            s.target = z.targetDisparity() > 0 ? pool.allocate(z.targetDisparity(), "target disparity") : null;
            s.warpWork = z.warpWorkspace() > 0 ? pool.allocate(z.warpWorkspace(), "z-buffer and accumulators") : null;
            s.fillWork = z.fillWorkspace() > 0 ? pool.allocate(z.fillWorkspace(), "nearest valid columns") : null;
            s.output = z.output() > 0 ? pool.allocate(z.output(), "composed frame") : null;
            s.pinFrame = host.allocate(z.frame(), "frame");
            s.pinDepth = host.allocate(z.depth(), "depth");
            s.pinStats = host.allocate(z.statistics(), "depth histogram");
            s.pinOutput = host.allocate(z.pinnedOutput(), "result");
            s.pinDisparity = z.pinnedDisparity() > 0 ? host.allocate(z.pinnedDisparity(), "disparity") : -1;
        }
        if (z.tables() > 0) {
            tables = pool.allocate(z.tables(), "sRGB tables");
            long at = host.allocate(z.tables(), "sRGB tables");
            pinned.view(at).asFloatBuffer().put(LayoutComposeGpu.srgbTables());
            CudaStream first = slots.get(0).stream;
            CudaMemory.copyToDevice(tables.address(), pinned.address() + at, z.tables(), first);
            first.synchronize();
        }
    }

    @Override
    public int count() {
        return slots.size();
    }

    @Override
    public String describe() {
        return count() + " CUDA streams, " + Bytes.format(pool.capacity()) + " of device memory in one allocation and "
                + Bytes.format(pinned.bytes()) + " pinned (" + Bytes.format(sizes.devicePerSlot()) + " a frame of "
                + sizes.width() + "x" + sizes.height() + ")";
    }

    /** cudaMalloc calls made for the slots: 1, whatever the number of frames. */
    public int deviceAllocations() {
        return pool.deviceAllocations();
    }

    @Override
    public void begin(int slot, RgbImage frame, DepthMap depth) {
        Slot s = slot(slot, State.FREE, "begin");
        int w = sizes.width(), h = sizes.height();
        if (frame.width() != w || frame.height() != h) {
            throw new IllegalArgumentException("streamed CUDA slots: frame is " + frame.size() + ", the slots are for " + w + "x" + h);
        }
        FloatMap d = depth.values();
        if (d.width() != w || d.height() != h) {
            throw new IllegalArgumentException("streamed CUDA slots: depth is " + d.size() + ", the frame " + frame.size());
        }
        pinned.view(s.pinFrame).put(frame.data(), 0, (int) sizes.frame());
        FloatBuffer pinnedDepth = pinned.view(s.pinDepth).asFloatBuffer();
        boolean metric = switch (depth.kind()) {
            case METRIC -> true;
            case INVERSE -> false;
            case DISPARITY -> throw new IllegalArgumentException("streamed CUDA slots take a model's depth (inverse or metric), not "
                    + depth.kind());
        };
        if (metric) {
            // Metric depth grows with distance; the disparity mapping wants inverse depth (near = large), as FrameConverter does.
            for (float v : d.data()) pinnedDepth.put(v > 0f ? 1f / v : Float.NaN);
        } else {
            pinnedDepth.put(d.data());
        }
        CudaMemory.copyToDevice(s.frame.address(), pinned.address() + s.pinFrame, sizes.frame(), s.stream);
        CudaMemory.copyToDevice(s.depth.address(), pinned.address() + s.pinDepth, sizes.depth(), s.stream);
        DepthNormalizeGpu.launchHistogram(s.stream, s.depth, w, h, s.stats);
        CudaMemory.copyToHost(pinned.address() + s.pinStats, s.stats.address(), sizes.statistics(), s.stream);
        s.statistics.record(s.stream);
        s.state = State.BEGUN;
    }

    @Override
    public float[] percentiles(int slot) {
        Slot s = slot(slot, State.BEGUN, "percentiles");
        s.statistics.synchronize();
        pinned.view(s.pinStats).get(stats);
        return DepthNormalizeGpu.percentiles(stats, StereoSettings.LOW_PERCENT, StereoSettings.HIGH_PERCENT);
    }

    @Override
    public void finish(int slot, float lo, float hi) {
        Slot s = slot(slot, State.BEGUN, "finish");
        int w = sizes.width(), h = sizes.height();
        DepthNormalizeGpu.launchNormalize(s.stream, s.depth, w, h, lo, hi, s.depth);
        DepthToDisparityGpu.launch(s.stream, s.depth, w, h, settings.disparity(), s.disparity);
        Layout layout = settings.layout();
        DeviceBuffer result = switch (layout) {
            case LEFT -> eye(s, settings.eyes().leftFactor, s.left);
            case RIGHT -> eye(s, settings.eyes().rightFactor, s.right);
            case SBS, HSBS, TB, HTB, ANAGLYPH -> {
                DeviceBuffer left = eye(s, settings.eyes().leftFactor, s.left);
                DeviceBuffer right = eye(s, settings.eyes().rightFactor, s.right);
                LayoutComposeGpu.launch(s.stream, left, right, w, h, layout, s.output, tables);
                yield s.output;
            }
            case DEPTH -> throw new IllegalStateException("streamed CUDA slots compose eyes; the depth layout runs frame by frame");
        };
        CudaMemory.copyToHost(pinned.address() + s.pinOutput, result.address(), sizes.pinnedOutput(), s.stream);
        if (s.pinDisparity >= 0) {
            CudaMemory.copyToHost(pinned.address() + s.pinDisparity, s.disparity.address(), sizes.disparity(), s.stream);
        }
        s.done.record(s.stream);
        s.state = State.FINISHED;
    }

    /** Queues one eye (factor 0: the frame itself) into dst and returns the buffer that holds it. */
    private DeviceBuffer eye(Slot s, float factor, DeviceBuffer dst) {
        if (factor == 0f) {
            return s.frame;
        }
        int w = sizes.width(), h = sizes.height();
        return switch (settings.warp()) {
            case BACKWARD -> {
                WarpBackwardGpu.launch(s.stream, s.frame, s.disparity, factor, dst, w, h);
                yield dst;
            }
            case FORWARD -> {
                WarpForwardGpu.launch(s.stream, s.frame, s.disparity, factor, dst, s.target, w, h, s.warpWork);
                HoleFillGpu.launch(s.stream, dst, s.target, s.frame, w, h, s.fillWork);
                yield dst;
            }
        };
    }

    @Override
    public boolean ready(int slot) {
        return slot(slot, State.FINISHED, "ready").done.query();
    }

    @Override
    public void collect(int slot, RgbImage out, FloatMap disparity) {
        Slot s = slot(slot, State.FINISHED, "collect");
        if (out.data().length != sizes.pinnedOutput()) {
            throw new IllegalArgumentException("streamed CUDA slots: output holds " + out.data().length + " bytes, the result "
                    + sizes.pinnedOutput());
        }
        s.done.synchronize();
        pinned.view(s.pinOutput).get(out.data());
        if (disparity != null) {
            if (s.pinDisparity < 0) {
                throw new IllegalStateException("streamed CUDA slots were opened without keeping the disparity");
            }
            pinned.view(s.pinDisparity).asFloatBuffer().get(disparity.data(), 0, sizes.width() * sizes.height());
        }
        s.state = State.FREE;
    }

    private Slot slot(int slot, State expected, String call) {
        if (closed) {
            throw new IllegalStateException("streamed CUDA slots used after close()");
        }
        if (slot < 0 || slot >= slots.size()) {
            throw new IllegalArgumentException("streamed CUDA slots: slot " + slot + " of " + slots.size());
        }
        Slot s = slots.get(slot);
        if (s.state != expected) {
            throw new IllegalStateException("streamed CUDA slots: " + call + " on slot " + slot + " that is " + s.state
                    + ", expected " + expected);
        }
        return s;
    }

    /** Waits for every stream (queued copies may still use the memory), then frees events, streams, pinned and device memory. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (Slot s : slots) {
                if (s.stream != null) s.stream.synchronize();
            }
        } finally {
            try {
                for (Slot s : slots) {
                    if (s.statistics != null) s.statistics.close();
                    if (s.done != null) s.done.close();
                    if (s.stream != null) s.stream.close();
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
}

package org.tilestereo.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.IdentityHashMap;
import java.util.Map;

import org.tilestereo.kernels.DisparityParams;
import org.tilestereo.kernels.FrameOperators;
import org.tilestereo.kernels.Layout;
import org.tilestereo.kernels.ModelInput;
import org.tilestereo.kernels.OperatorSizes;
import org.tilestereo.kernels.TileGrid;
import org.tilestereo.memory.Arena;

/**
 * {@link FrameOperators} on a CUDA device (or the software device): its own stream, buffers from
 * the device memory it is given (one pool a run owns), staging in a region of one pinned host block,
 * marks as CUDA events. Each operator is its launcher in cuda/, queued on the stream.
 */
public final class CudaFrameOperators implements FrameOperators<DeviceBuffer> {
    /** The sizes of the CUDA operators, for sizing before any device is opened. */
    public static final OperatorSizes SIZES = new OperatorSizes() {
        @Override
        public long statisticsBytes() {
            return DepthNormalizeGpu.STATS_BYTES;
        }

        @Override
        public long warpForwardWorkspaceBytes(int width, int height) {
            return FrameBuffers.warpForwardWorkspace(width, height);
        }

        @Override
        public long holeFillWorkspaceBytes(int width, int height) {
            return FrameBuffers.holeFillWorkspace(width, height);
        }

        @Override
        public long layoutTablesBytes(Layout layout) {
            return switch (layout) {
                case ANAGLYPH -> LayoutComposeGpu.SRGB_TABLE_BYTES;
                case SBS, HSBS, TB, HTB, LEFT, RIGHT, DEPTH -> 0;
            };
        }
    };

    private final CudaStream stream;
    private final DeviceKind device;
    private final DevicePool memory;
    private final PinnedHostMemory pinned;
    private final Arena pinnedRegion;
    private final DeviceBuffer srgbTables;
    /** Where each staging view starts in the pinned block (views are looked up by identity). */
    private final Map<ByteBuffer, Long> stagingAddress = new IdentityHashMap<>();
    private boolean closed;

    /**
     * @param memory       device memory for the buffers (sub-allocated, never freed one by one)
     * @param pinned       the pinned block staging comes from
     * @param pinnedRegion this set's part of it (offsets into pinned)
     * @param srgbTables   the anaglyph's tables on the device, or null where the layout needs none
     */
    public CudaFrameOperators(DevicePool memory, PinnedHostMemory pinned, Arena pinnedRegion, DeviceBuffer srgbTables) {
        this.device = CudaProbe.requireSelected();
        this.stream = CudaStream.create();
        this.memory = memory;
        this.pinned = pinned;
        this.pinnedRegion = pinnedRegion;
        this.srgbTables = srgbTables;
    }

    public CudaStream stream() {
        return stream;
    }

    /** The device the set's buffers and stream are on: a GPU, or the software device. */
    public DeviceKind device() {
        return device;
    }

    @Override
    public long statisticsBytes() {
        return SIZES.statisticsBytes();
    }

    @Override
    public long warpForwardWorkspaceBytes(int width, int height) {
        return SIZES.warpForwardWorkspaceBytes(width, height);
    }

    @Override
    public long holeFillWorkspaceBytes(int width, int height) {
        return SIZES.holeFillWorkspaceBytes(width, height);
    }

    @Override
    public DeviceBuffer rgb(int width, int height, String what) {
        return memory.allocate(FrameBuffers.rgb(width, height), what);
    }

    @Override
    public DeviceBuffer floats(int width, int height, String what) {
        return memory.allocate(FrameBuffers.floats(width, height), what);
    }

    @Override
    public DeviceBuffer floats(long count, String what) {
        return memory.allocate(Math.multiplyExact(count, Float.BYTES), what);
    }

    @Override
    public DeviceBuffer bytes(long bytes, String what) {
        return memory.allocate(bytes, what);
    }

    @Override
    public DeviceBuffer slice(DeviceBuffer buffer, long offset, long bytes, String what) {
        return buffer.slice(offset, bytes, what);
    }

    @Override
    public DeviceBuffer statistics() {
        return memory.allocate(DepthNormalizeGpu.STATS_BYTES, "depth histogram");
    }

    @Override
    public ByteBuffer staging(long bytes, String what) {
        long offset = pinnedRegion.allocate(bytes, what);
        ByteBuffer view = pinned.view(offset);
        view.limit((int) bytes);
        ByteBuffer exact = view.slice().order(ByteOrder.nativeOrder());
        stagingAddress.put(exact, pinned.address() + offset);
        return exact;
    }

    private long addressOf(ByteBuffer staging) {
        Long at = stagingAddress.get(staging);
        if (at == null) {
            throw new IllegalArgumentException("CUDA copies go through this set's staging memory (staging()), not another buffer");
        }
        return at;
    }

    @Override
    public void upload(ByteBuffer src, DeviceBuffer dst) {
        requireFits(src, dst);
        CudaMemory.copyToDevice(dst.address(), addressOf(src), dst.bytes(), stream);
    }

    @Override
    public void download(DeviceBuffer src, ByteBuffer dst) {
        requireFits(dst, src);
        CudaMemory.copyToHost(addressOf(dst), src.address(), src.bytes(), stream);
    }

    private static void requireFits(ByteBuffer staging, DeviceBuffer b) {
        if (staging.capacity() < b.bytes()) {
            throw new IllegalArgumentException("copy of " + b.what() + ": " + b.bytes() + " bytes, the staging holds "
                    + staging.capacity());
        }
    }

    @Override
    public Mark mark() {
        CudaEvent event = CudaEvent.create();
        return new Mark() {
            @Override
            public void record() {
                event.record(stream);
            }

            @Override
            public boolean done() {
                return event.query();
            }

            @Override
            public void await() {
                event.synchronize();
            }

            @Override
            public void close() {
                event.close();
            }
        };
    }

    @Override
    public void tileExtract(DeviceBuffer frame, TileGrid grid, int first, int count, ModelInput input, DeviceBuffer out) {
        TileExtractGpu.launch(stream, frame, grid, first, count, input, out);
    }

    @Override
    public void tileBlend(DeviceBuffer tileDepth, int depthWidth, int depthHeight, TileGrid grid, DeviceBuffer scale,
                          DeviceBuffer shift, DeviceBuffer out) {
        TileBlendGpu.launch(stream, tileDepth, depthWidth, depthHeight, grid, scale, shift, out);
    }

    @Override
    public void depthStatistics(DeviceBuffer depth, int width, int height, float lowPercent, float highPercent,
                                DeviceBuffer statistics) {
        DepthNormalizeGpu.requirePercents(lowPercent, highPercent);
        DepthNormalizeGpu.launchHistogram(stream, depth, width, height, statistics);
    }

    @Override
    public float[] percentiles(ByteBuffer statistics, float lowPercent, float highPercent) {
        byte[] stats = new byte[DepthNormalizeGpu.STATS_BYTES];
        statistics.duplicate().position(0).get(stats);
        return DepthNormalizeGpu.percentiles(stats, lowPercent, highPercent);
    }

    @Override
    public void depthNormalize(DeviceBuffer depth, int width, int height, float lo, float hi, DeviceBuffer out) {
        DepthNormalizeGpu.launchNormalize(stream, depth, width, height, lo, hi, out);
    }

    @Override
    public void depthToDisparity(DeviceBuffer normalized, int width, int height, DisparityParams params, DeviceBuffer disparity) {
        DepthToDisparityGpu.launch(stream, normalized, width, height, params, disparity);
    }

    @Override
    public void warpForward(DeviceBuffer src, DeviceBuffer disparity, float factor, DeviceBuffer dst,
                            DeviceBuffer targetDisparity, int width, int height, DeviceBuffer workspace) {
        WarpForwardGpu.launch(stream, src, disparity, factor, dst, targetDisparity, width, height, workspace);
    }

    @Override
    public void holeFill(DeviceBuffer img, DeviceBuffer targetDisparity, DeviceBuffer src, int width, int height,
                         DeviceBuffer workspace) {
        HoleFillGpu.launch(stream, img, targetDisparity, src, width, height, workspace);
    }

    @Override
    public void warpBackward(DeviceBuffer src, DeviceBuffer disparity, float factor, DeviceBuffer dst, int width, int height) {
        WarpBackwardGpu.launch(stream, src, disparity, factor, dst, width, height);
    }

    @Override
    public void layoutCompose(DeviceBuffer left, DeviceBuffer right, int width, int height, Layout layout, DeviceBuffer out) {
        LayoutComposeGpu.launch(stream, left, right, width, height, layout, out, srgbTables);
    }

    /** Waits for the stream (queued copies may still use the memory), then destroys it; safe to call twice. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                stream.synchronize();
            } finally {
                stream.close();
            }
        }
    }
}

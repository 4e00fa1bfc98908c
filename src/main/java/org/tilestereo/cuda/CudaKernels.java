package org.tilestereo.cuda;

import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.DisparityParams;
import org.tilestereo.kernels.Layout;
import org.tilestereo.kernels.ModelInput;
import org.tilestereo.kernels.StereoKernels;
import org.tilestereo.kernels.DeviceQueues;
import org.tilestereo.kernels.OperatorSizes;
import org.tilestereo.kernels.TileGrid;
import org.tilestereo.memory.Arena;
import org.tilestereo.memory.Bytes;

/**
 * The operator set on the GPU, behind the same interface as the Java reference: host arrays in,
 * host arrays out. Each call takes its device buffers from one {@link DevicePool}, uploads through
 * a pinned ring ({@link Transfers}), runs the kernels and downloads, all queued on one stream, and
 * synchronises once, at its end; the buffers go back to the pool when the call's scope closes.
 *
 * <p>The pool is one cudaMalloc: sized on the first call of a frame size for every frame-sized
 * call of that size ({@link FrameBuffers#frameBudget}), grown again only when a call needs more
 * (a bigger frame, more tiles). {@link #deviceAllocations()} counts them, so a run can show that
 * its frames after the first allocate nothing. A pool of fixed size ({@link #withPool}) never
 * grows: a call that does not fit fails with the sizes.
 */
public final class CudaKernels implements StereoKernels {
    /** The pinned ring: a 4K float map in two pieces; larger transfers wait for the ring to empty. */
    public static final long DEFAULT_RING_BYTES = 64 * Bytes.MiB;

    private final CudaProbe.Device device;
    private final CudaStream stream;
    private final DevicePool pool;
    private final Transfers transfers;
    /** Tests set a byte value here to have every call's pool memory overwritten before it runs. */
    private int poison = -1;
    private boolean closed;

    private CudaKernels(CudaProbe.Device device, CudaStream stream, DevicePool pool, Transfers transfers) {
        this.device = device;
        this.stream = stream;
        this.pool = pool;
        this.transfers = transfers;
    }

    /** On the GPU: a pool that is allocated on the first call and grows when a call needs more. */
    public static CudaKernels open() {
        return open(DeviceKind.CUDA);
    }

    /** On the device kind, which becomes the process's device: a pool allocated on the first call, growing. */
    public static CudaKernels open(DeviceKind kind) {
        return create(kind, 0, true, -1);
    }

    /** On GPU index gpu of the device kind, which becomes the process's GPU (every thread's, see ts_device_use). */
    public static CudaKernels open(DeviceKind kind, int gpu) {
        return create(kind, 0, true, gpu);
    }

    /** A pool of exactly poolBytes, allocated now; a call that needs more fails with the sizes. */
    public static CudaKernels withPool(DeviceKind kind, long poolBytes) {
        if (poolBytes <= 0) {
            throw new IllegalArgumentException("device pool: capacity must be positive, got " + poolBytes);
        }
        return create(kind, poolBytes, false, -1);
    }

    private static CudaKernels create(DeviceKind kind, long poolBytes, boolean growable, int gpu) {
        CudaProbe.Report report = CudaProbe.select(kind);
        CudaProbe.Device device = gpu < 0 ? report.devices().get(report.device()) : CudaProbe.use(report, gpu);
        CudaStream stream = CudaStream.create();
        DevicePool pool = null;
        try {
            pool = growable ? DevicePool.growable(DeviceAllocator.cuda(), poolBytes)
                    : DevicePool.fixed(DeviceAllocator.cuda(), poolBytes);
            return new CudaKernels(device, stream, pool, new Transfers(stream, DEFAULT_RING_BYTES));
        } catch (RuntimeException e) {
            if (pool != null) {
                pool.close();
            }
            stream.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return "cuda";
    }

    /** The GPU the kernels run on. */
    public CudaProbe.Device device() {
        return device;
    }

    /** cudaMalloc calls of this instance's pool so far. */
    public int deviceAllocations() {
        return pool.deviceAllocations();
    }

    @Override
    public void reserveDeviceMemory(long bytes) {
        pool.reserve(bytes);
    }

    @Override
    public boolean hasDeviceMemory() {
        return true;
    }

    @Override
    public OperatorSizes deviceOperatorSizes() {
        return CudaFrameOperators.SIZES;
    }

    @Override
    public long freeDeviceBytes() {
        return CudaMemory.freeBytes();
    }

    @Override
    public DeviceQueues<DeviceBuffer> openQueues(int count, long deviceBytes, long stagingBytes, long sharedBytes,
                                                 Layout layout) {
        return CudaQueues.open(count, deviceBytes, stagingBytes, sharedBytes, layout);
    }

    public long poolCapacity() {
        return pool.capacity();
    }

    /** Every later call first overwrites its pool memory with this byte, so unwritten outputs show (tests). */
    void poisonPool(int byteValue) {
        poison = byteValue & 0xff;
    }

    @Override
    public void tileExtract(RgbImage src, TileGrid grid, int first, int count, ModelInput input, float[] out) {
        if (src.width() != grid.imageWidth || src.height() != grid.imageHeight) {
            throw new IllegalArgumentException("tile_extract: image is " + src.size() + " but the grid was planned for "
                    + grid.imageWidth + "x" + grid.imageHeight);
        }
        if (first < 0 || count < 1 || first + count > grid.count()) {
            throw new IllegalArgumentException("tile_extract: tiles [" + first + ", " + (first + count)
                    + ") outside the grid's " + grid.count());
        }
        long outFloats = (long) count * input.floatsPerImage();
        requireLength("tile_extract", "output", out.length, outFloats);
        int w = src.width(), h = src.height();
        long[] sizes = FrameBuffers.tileExtract(w, h, count, input.floatsPerImage());
        run(w, h, sizes, () -> {
            DeviceBuffer dSrc = pool.allocate(sizes[0], "frame");
            DeviceBuffer dOut = pool.allocate(sizes[1], "model input");
            transfers.upload(src.data(), dSrc);
            TileExtractGpu.launch(stream, dSrc, grid, first, count, input, dOut);
            transfers.download(dOut, out, (int) outFloats);
        });
    }

    @Override
    public void tileBlend(float[] tileDepth, int depthWidth, int depthHeight, TileGrid grid, float[] scale,
                           float[] shift, FloatMap out) {
        if (out.width() != grid.imageWidth || out.height() != grid.imageHeight) {
            throw new IllegalArgumentException("tile_blend: output is " + out.size() + " but the grid was planned for "
                    + grid.imageWidth + "x" + grid.imageHeight);
        }
        if (depthWidth < 1 || depthHeight < 1) {
            throw new IllegalArgumentException("tile_blend: tile depth size must be positive, got " + depthWidth + "x" + depthHeight);
        }
        long depthFloats = (long) grid.count() * depthWidth * depthHeight;
        requireLength("tile_blend", "tile depth", tileDepth.length, depthFloats);
        if (scale != null) requireLength("tile_blend", "scale", scale.length, grid.count());
        if (shift != null) requireLength("tile_blend", "shift", shift.length, grid.count());
        int w = out.width(), h = out.height();
        long[] sizes = FrameBuffers.tileBlend(w, h, grid.count(), depthWidth, depthHeight, scale != null, shift != null);
        run(w, h, sizes, () -> {
            DeviceBuffer dDepth = pool.allocate(sizes[0], "tile depth");
            DeviceBuffer dScale = scale == null ? null : pool.allocate(sizes[1], "tile scale");
            DeviceBuffer dShift = shift == null ? null : pool.allocate(sizes[2], "tile shift");
            DeviceBuffer dOut = pool.allocate(sizes[3], "blended depth");
            transfers.upload(tileDepth, (int) depthFloats, dDepth);
            if (dScale != null) transfers.upload(scale, grid.count(), dScale);
            if (dShift != null) transfers.upload(shift, grid.count(), dShift);
            TileBlendGpu.launch(stream, dDepth, depthWidth, depthHeight, grid, dScale, dShift, dOut);
            transfers.download(dOut, out.data());
        });
    }

    @Override
    public float[] depthPercentiles(FloatMap depth, float lowPercent, float highPercent) {
        DepthNormalizeGpu.requirePercents(lowPercent, highPercent);
        int w = depth.width(), h = depth.height();
        long[] sizes = FrameBuffers.depthPercentiles(w, h);
        byte[] stats = new byte[DepthNormalizeGpu.STATS_BYTES];
        run(w, h, sizes, () -> {
            DeviceBuffer dDepth = pool.allocate(sizes[0], "depth");
            DeviceBuffer dStats = pool.allocate(sizes[1], "depth histogram");
            transfers.upload(depth.data(), dDepth);
            DepthNormalizeGpu.launchHistogram(stream, dDepth, w, h, dStats);
            transfers.download(dStats, stats);
        });
        return DepthNormalizeGpu.percentiles(stats, lowPercent, highPercent);
    }

    @Override
    public void depthNormalize(FloatMap depth, float lo, float hi, FloatMap out) {
        requireSame("depth_normalize", depth, out);
        int w = depth.width(), h = depth.height();
        long[] sizes = FrameBuffers.mapToMap(w, h);
        run(w, h, sizes, () -> {
            DeviceBuffer dIn = pool.allocate(sizes[0], "depth");
            DeviceBuffer dOut = pool.allocate(sizes[1], "normalised depth");
            transfers.upload(depth.data(), dIn);
            DepthNormalizeGpu.launchNormalize(stream, dIn, w, h, lo, hi, dOut);
            transfers.download(dOut, out.data());
        });
    }

    @Override
    public void depthToDisparity(FloatMap normalized, DisparityParams params, FloatMap disparity) {
        requireSame("depth_to_disparity", normalized, disparity);
        int w = normalized.width(), h = normalized.height();
        long[] sizes = FrameBuffers.mapToMap(w, h);
        run(w, h, sizes, () -> {
            DeviceBuffer dIn = pool.allocate(sizes[0], "normalised depth");
            DeviceBuffer dOut = pool.allocate(sizes[1], "disparity");
            transfers.upload(normalized.data(), dIn);
            DepthToDisparityGpu.launch(stream, dIn, w, h, params, dOut);
            transfers.download(dOut, disparity.data());
        });
    }

    @Override
    public void warpForward(RgbImage src, FloatMap disparity, float factor, RgbImage dst, FloatMap targetDisparity) {
        int w = src.width(), h = src.height();
        requireSize("forward warp", "disparity", disparity.width(), disparity.height(), src);
        requireSize("forward warp", "destination image", dst.width(), dst.height(), src);
        requireSize("forward warp", "target disparity", targetDisparity.width(), targetDisparity.height(), src);
        requireFinite(factor);
        if (src.data() == dst.data()) {
            throw new IllegalArgumentException("forward warp cannot run in place: source and destination share one buffer");
        }
        long[] sizes = FrameBuffers.warpForward(w, h);
        run(w, h, sizes, () -> {
            DeviceBuffer dSrc = pool.allocate(sizes[0], "source image");
            DeviceBuffer dDisp = pool.allocate(sizes[1], "disparity");
            DeviceBuffer dDst = pool.allocate(sizes[2], "warped image");
            DeviceBuffer dTarget = pool.allocate(sizes[3], "target disparity");
            DeviceBuffer dWork = pool.allocate(sizes[4], "z-buffer and accumulators");
            transfers.upload(src.data(), dSrc);
            transfers.upload(disparity.data(), dDisp);
            WarpForwardGpu.launch(stream, dSrc, dDisp, factor, dDst, dTarget, w, h, dWork);
            transfers.download(dDst, dst.data());
            transfers.download(dTarget, targetDisparity.data());
        });
    }

    @Override
    public void holeFill(RgbImage img, FloatMap targetDisparity, RgbImage src) {
        int w = img.width(), h = img.height();
        if (targetDisparity.width() != w || targetDisparity.height() != h) {
            throw new IllegalArgumentException("hole fill: target disparity is " + targetDisparity.size()
                    + "; expected " + img.size() + " like the warped image");
        }
        if (src.width() != w || src.height() != h) {
            throw new IllegalArgumentException("hole fill: source image is " + src.size()
                    + "; expected " + img.size() + " like the warped image");
        }
        long[] sizes = FrameBuffers.holeFill(w, h);
        run(w, h, sizes, () -> {
            DeviceBuffer dImg = pool.allocate(sizes[0], "warped image");
            DeviceBuffer dDisp = pool.allocate(sizes[1], "target disparity");
            DeviceBuffer dSrc = pool.allocate(sizes[2], "source image");
            DeviceBuffer dWork = pool.allocate(sizes[3], "nearest valid columns");
            transfers.upload(img.data(), dImg);
            transfers.upload(targetDisparity.data(), dDisp);
            transfers.upload(src.data(), dSrc);
            HoleFillGpu.launch(stream, dImg, dDisp, dSrc, w, h, dWork);
            transfers.download(dImg, img.data());
            transfers.download(dDisp, targetDisparity.data());
        });
    }

    @Override
    public void warpBackward(RgbImage src, FloatMap disparity, float factor, RgbImage dst) {
        int w = src.width(), h = src.height();
        requireSize("backward warp", "disparity", disparity.width(), disparity.height(), src);
        requireSize("backward warp", "destination image", dst.width(), dst.height(), src);
        requireFinite(factor);
        if (src.data() == dst.data()) {
            throw new IllegalArgumentException("backward warp cannot run in place: source and destination share one buffer");
        }
        long[] sizes = FrameBuffers.warpBackward(w, h);
        run(w, h, sizes, () -> {
            DeviceBuffer dSrc = pool.allocate(sizes[0], "source image");
            DeviceBuffer dDisp = pool.allocate(sizes[1], "disparity");
            DeviceBuffer dDst = pool.allocate(sizes[2], "warped image");
            transfers.upload(src.data(), dSrc);
            transfers.upload(disparity.data(), dDisp);
            WarpBackwardGpu.launch(stream, dSrc, dDisp, factor, dDst, w, h);
            transfers.download(dDst, dst.data());
        });
    }

    @Override
    public void layoutCompose(RgbImage left, RgbImage right, Layout layout, RgbImage out) {
        LayoutComposeGpu.code(layout); // rejects DEPTH with the reference's message
        int w = left.width(), h = left.height();
        if (right.width() != w || right.height() != h) {
            throw new IllegalArgumentException("layout " + layout.cliName() + ": right eye is " + right.size()
                    + " but left eye is " + left.size() + "; both eyes must be the same size");
        }
        if (layout == Layout.HSBS && w < 2) {
            throw new IllegalArgumentException("layout hsbs needs eyes at least 2 pixels wide, got " + left.size());
        }
        if (layout == Layout.HTB && h < 2) {
            throw new IllegalArgumentException("layout htb needs eyes at least 2 pixels high, got " + left.size());
        }
        int ow = layout.outputWidth(w), oh = layout.outputHeight(h);
        if (out.width() != ow || out.height() != oh) {
            throw new IllegalArgumentException("layout " + layout.cliName() + ": output is " + out.size() + "; expected "
                    + ow + "x" + oh + " for eyes of " + left.size());
        }
        if (out.data() == left.data() || out.data() == right.data()) {
            throw new IllegalArgumentException("layout " + layout.cliName() + " cannot write into one of its input eyes");
        }
        long[] sizes = FrameBuffers.layoutCompose(w, h, layout);
        run(w, h, sizes, () -> {
            DeviceBuffer dLeft = pool.allocate(sizes[0], "left eye");
            DeviceBuffer dRight = pool.allocate(sizes[1], "right eye");
            DeviceBuffer dOut = pool.allocate(sizes[2], "composed frame");
            DeviceBuffer dTables = null;
            if (layout == Layout.ANAGLYPH) {
                dTables = pool.allocate(sizes[3], "sRGB tables");
                transfers.upload(LayoutComposeGpu.srgbTables(), dTables);
            }
            transfers.upload(left.data(), dLeft);
            transfers.upload(right.data(), dRight);
            LayoutComposeGpu.launch(stream, dLeft, dRight, w, h, layout, dOut, dTables);
            transfers.download(dOut, out.data());
        });
    }

    /**
     * One interface call: size the pool for it, open a scope, queue the body (allocations,
     * uploads, launches, downloads), wait for the stream once, and give the buffers back. On a
     * failure the stream is still waited for, so no queued copy outlives the memory it uses.
     */
    private void run(int width, int height, long[] sizes, Runnable body) {
        if (closed) {
            throw new IllegalStateException("CUDA kernels used after close()");
        }
        FrameBuffers.prepare(pool, width, height, Arena.need(sizes));
        boolean finished = false;
        try (Arena.Scope scope = pool.scope()) {
            try {
                if (poison >= 0) {
                    CudaMemory.fill(pool.whole(), poison, stream);
                }
                body.run();
                transfers.finish();
                finished = true;
            } finally {
                if (!finished) {
                    stream.synchronize();
                }
            }
        }
    }

    /** Waits for the stream, then frees the pinned ring, the pool and the stream; safe to call twice. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            transfers.close();
        } finally {
            try {
                pool.close();
            } finally {
                stream.close();
            }
        }
    }

    private static void requireSame(String op, FloatMap a, FloatMap b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException(op + ": sizes differ, " + a.size() + " vs " + b.size());
        }
    }

    private static void requireSize(String op, String what, int w, int h, RgbImage src) {
        if (w != src.width() || h != src.height()) {
            throw new IllegalArgumentException(op + ": " + what + " is " + w + "x" + h + "; expected " + src.size()
                    + " like the source image");
        }
    }

    private static void requireLength(String op, String what, int actual, long expected) {
        if (actual < expected) {
            throw new IllegalArgumentException(op + ": " + what + " holds " + actual + " values, needs " + expected);
        }
    }

    private static void requireFinite(float factor) {
        if (!Float.isFinite(factor)) {
            throw new IllegalArgumentException("warp factor must be finite, got " + factor);
        }
    }
}

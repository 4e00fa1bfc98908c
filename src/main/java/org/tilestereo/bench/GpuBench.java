package org.tilestereo.bench;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.tilestereo.cuda.CudaEvent;
import org.tilestereo.cuda.CudaKernels;
import org.tilestereo.cuda.CudaMemory;
import org.tilestereo.cuda.CudaProbe;
import org.tilestereo.cuda.CudaStream;
import org.tilestereo.cuda.DepthNormalizeGpu;
import org.tilestereo.cuda.DepthToDisparityGpu;
import org.tilestereo.cuda.DeviceAllocator;
import org.tilestereo.cuda.DeviceBuffer;
import org.tilestereo.cuda.DeviceKind;
import org.tilestereo.cuda.DevicePool;
import org.tilestereo.cuda.FrameBuffers;
import org.tilestereo.cuda.HoleFillGpu;
import org.tilestereo.cuda.LayoutComposeGpu;
import org.tilestereo.cuda.TileBlendGpu;
import org.tilestereo.cuda.TileExtractGpu;
import org.tilestereo.cuda.Transfers;
import org.tilestereo.cuda.WarpBackwardGpu;
import org.tilestereo.cuda.WarpForwardGpu;
import org.tilestereo.kernels.DisparityParams;
import org.tilestereo.memory.Arena;

/**
 * Times the CUDA operators with CUDA events, inputs already on the device: the kernels' own time,
 * without transfers. Each case is launched warmup times, then repeat times between two events,
 * and the median is taken. A device-to-device copy is timed the same way in the same run, so each
 * operator's bandwidth can be given as a fraction of what this GPU's memory can do.
 */
public final class GpuBench implements AutoCloseable {

    /** One frame size: median milliseconds per case, and the copy's bandwidth (bytes read + written per second). */
    public record FrameTimes(Map<OperatorCase, Double> millis, double copyGBps, long copyBytes) {
    }

    private final CudaProbe.Device device;
    private final CudaStream stream;
    private final DevicePool pool;
    private final Transfers transfers;
    private final CudaEvent start;
    private final CudaEvent end;

    private GpuBench(CudaProbe.Device device, CudaStream stream, DevicePool pool, Transfers transfers, CudaEvent start,
                     CudaEvent end) {
        this.device = device;
        this.stream = stream;
        this.pool = pool;
        this.transfers = transfers;
        this.start = start;
        this.end = end;
    }

    public static GpuBench open() {
        // A GPU only: the software device's timings are not GPU figures.
        CudaProbe.Report r = CudaProbe.select(DeviceKind.CUDA);
        CudaStream stream = CudaStream.create();
        DevicePool pool = DevicePool.growable(DeviceAllocator.cuda(), 0);
        Transfers transfers = null;
        CudaEvent start = null;
        try {
            transfers = new Transfers(stream, CudaKernels.DEFAULT_RING_BYTES);
            start = CudaEvent.create();
            return new GpuBench(r.devices().get(r.device()), stream, pool, transfers, start, CudaEvent.create());
        } catch (RuntimeException e) {
            if (start != null) start.close();
            if (transfers != null) transfers.close();
            pool.close();
            stream.close();
            throw e;
        }
    }

    public CudaProbe.Device device() {
        return device;
    }

    public FrameTimes measure(BenchFrame f, List<OperatorCase> cases, int warmup, int repeat) {
        int w = f.width, h = f.height;
        long n = f.pixels();
        int tiles = f.grid.count();
        long plane = (long) BenchFrame.TILE * BenchFrame.TILE;
        long warpWork = WarpForwardGpu.workspaceBytes(w, h);
        long fillWorkBytes = HoleFillGpu.workspaceBytes(w, h);
        long copyBytes = 8 * n;
        long[] sizes = {3 * n, 4 * n, 4 * n, 4 * n, 3 * n, 4 * n, tiles * 3 * plane * 4, tiles * plane * 4, 4L * tiles,
                4L * tiles, 4 * n, DepthNormalizeGpu.STATS_BYTES, 4 * n, 4 * n, 3 * n, 4 * n, warpWork, 3 * n, 4 * n, fillWorkBytes,
                3 * n, 6 * n, 3 * n, LayoutComposeGpu.SRGB_TABLE_BYTES, copyBytes, copyBytes};
        pool.reserve(Arena.need(sizes));
        try (Arena.Scope scope = pool.scope()) {
            DeviceBuffer image = pool.allocate(3 * n, "image");
            DeviceBuffer depth = pool.allocate(4 * n, "depth");
            DeviceBuffer normalized = pool.allocate(4 * n, "normalised depth");
            DeviceBuffer disparity = pool.allocate(4 * n, "disparity");
            DeviceBuffer warped = pool.allocate(3 * n, "warped image");
            DeviceBuffer warpedDisp = pool.allocate(4 * n, "warped disparity");
            DeviceBuffer tileOut = pool.allocate(tiles * 3 * plane * 4, "model input");
            DeviceBuffer tileDepth = pool.allocate(tiles * plane * 4, "tile depth");
            DeviceBuffer scale = pool.allocate(4L * tiles, "scale");
            DeviceBuffer shift = pool.allocate(4L * tiles, "shift");
            DeviceBuffer blended = pool.allocate(4 * n, "blended depth");
            DeviceBuffer stats = pool.allocate(DepthNormalizeGpu.STATS_BYTES, "statistics");
            DeviceBuffer normOut = pool.allocate(4 * n, "normalised out");
            DeviceBuffer dispOut = pool.allocate(4 * n, "disparity out");
            DeviceBuffer fwdDst = pool.allocate(3 * n, "forward warp image");
            DeviceBuffer fwdTarget = pool.allocate(4 * n, "forward warp disparity");
            DeviceBuffer fwdWork = pool.allocate(warpWork, "z-buffer and accumulators");
            DeviceBuffer fillImg = pool.allocate(3 * n, "fill image");
            DeviceBuffer fillDisp = pool.allocate(4 * n, "fill disparity");
            DeviceBuffer fillWork = pool.allocate(fillWorkBytes, "nearest valid columns");
            DeviceBuffer backDst = pool.allocate(3 * n, "backward warp image");
            DeviceBuffer sbs = pool.allocate(6 * n, "side by side");
            DeviceBuffer anaglyph = pool.allocate(3 * n, "anaglyph");
            DeviceBuffer tables = pool.allocate(LayoutComposeGpu.SRGB_TABLE_BYTES, "sRGB tables");
            DeviceBuffer copySrc = pool.allocate(copyBytes, "copy source");
            DeviceBuffer copyDst = pool.allocate(copyBytes, "copy destination");

            transfers.upload(f.image.data(), image);
            transfers.upload(f.depth.data(), depth);
            transfers.upload(f.normalized.data(), normalized);
            transfers.upload(f.disparity.data(), disparity);
            transfers.upload(f.warped.data(), warped);
            transfers.upload(f.warpedDisparity.data(), warpedDisp);
            transfers.upload(f.tileDepth, tileDepth);
            transfers.upload(f.scale, scale);
            transfers.upload(f.shift, shift);
            transfers.upload(LayoutComposeGpu.srgbTables(), tables);
            CudaMemory.fill(copySrc, 0, stream);
            transfers.finish();

            Map<OperatorCase, Double> millis = new EnumMap<>(OperatorCase.class);
            for (OperatorCase c : cases) {
                Runnable prepare = () -> { };
                Runnable launch = switch (c) {
                    case TILE_EXTRACT -> () -> TileExtractGpu.launch(stream, image, f.grid, 0, tiles, f.input, tileOut);
                    case TILE_BLEND -> () -> TileBlendGpu.launch(stream, tileDepth, BenchFrame.TILE, BenchFrame.TILE, f.grid,
                            scale, shift, blended);
                    case DEPTH_HISTOGRAM -> () -> DepthNormalizeGpu.launchHistogram(stream, depth, w, h, stats);
                    case DEPTH_NORMALIZE -> () -> DepthNormalizeGpu.launchNormalize(stream, depth, w, h, 1.2f, 4f, normOut);
                    case DEPTH_TO_DISPARITY -> () -> DepthToDisparityGpu.launch(stream, normalized, w, h,
                            DisparityParams.DEFAULT, dispOut);
                    case WARP_FORWARD -> () -> WarpForwardGpu.launch(stream, image, disparity, BenchFrame.EYE_FACTOR, fwdDst,
                            fwdTarget, w, h, fwdWork);
                    case HOLE_FILL -> () -> HoleFillGpu.launch(stream, fillImg, fillDisp, image, w, h, fillWork);
                    case WARP_BACKWARD -> () -> WarpBackwardGpu.launch(stream, image, disparity, -BenchFrame.EYE_FACTOR,
                            backDst, w, h);
                    case LAYOUT_SBS -> () -> LayoutComposeGpu.launch(stream, image, warped, w, h, c.layout(), sbs, null);
                    case LAYOUT_ANAGLYPH -> () -> LayoutComposeGpu.launch(stream, image, warped, w, h, c.layout(), anaglyph,
                            tables);
                };
                if (c == OperatorCase.HOLE_FILL) {
                    // The fill works in place: every run starts again from the warp's holes (before the start event).
                    prepare = () -> {
                        CudaMemory.copyOnDevice(fillImg.address(), warped.address(), 3 * n, stream);
                        CudaMemory.copyOnDevice(fillDisp.address(), warpedDisp.address(), 4 * n, stream);
                    };
                }
                millis.put(c, time(prepare, launch, warmup, repeat));
            }
            double copyMs = time(() -> { }, () -> CudaMemory.copyOnDevice(copyDst.address(), copySrc.address(), copyBytes,
                    stream), warmup, repeat);
            return new FrameTimes(millis, 2.0 * copyBytes / (copyMs * 1e6), copyBytes);
        }
    }

    private double time(Runnable prepare, Runnable launch, int warmup, int repeat) {
        for (int i = 0; i < warmup; i++) {
            prepare.run();
            launch.run();
        }
        stream.synchronize();
        double[] ms = new double[repeat];
        for (int i = 0; i < repeat; i++) {
            prepare.run();
            start.record(stream);
            launch.run();
            end.record(stream);
            end.synchronize();
            ms[i] = end.millisSince(start);
        }
        Arrays.sort(ms);
        return repeat % 2 == 1 ? ms[repeat / 2] : (ms[repeat / 2 - 1] + ms[repeat / 2]) / 2;
    }

    @Override
    public void close() {
        try {
            transfers.close();
        } finally {
            try {
                start.close();
                end.close();
            } finally {
                try {
                    pool.close();
                } finally {
                    stream.close();
                }
            }
        }
    }
}

package org.tilestereo.cuda;

import org.tilestereo.kernels.Layout;
import org.tilestereo.memory.Arena;

/**
 * The device buffers each {@link CudaKernels} call takes from the pool, in the order it takes
 * them, and the pool size a frame needs: pure arithmetic, so the pool's sizing is tested without a
 * GPU. The workspace formulas are the C API's (*_workspace_bytes); a test compares them.
 */
public final class FrameBuffers {
    private FrameBuffers() {
    }

    public static long rgb(int w, int h) {
        return 3L * w * h;
    }

    public static long floats(int w, int h) {
        return 4L * w * h;
    }

    /** ts_warp_forward_workspace_bytes: a 64-bit z-buffer key and a float4 accumulator per pixel. */
    public static long warpForwardWorkspace(int w, int h) {
        long n = (long) w * h;
        return Arena.aligned(8 * n) + Arena.aligned(16 * n);
    }

    /** ts_hole_fill_workspace_bytes: one int per pixel. */
    public static long holeFillWorkspace(int w, int h) {
        return 4L * w * h;
    }

    public static long[] tileExtract(int w, int h, int count, int floatsPerImage) {
        return new long[] {rgb(w, h), (long) count * floatsPerImage * Float.BYTES};
    }

    public static long[] tileBlend(int w, int h, int tiles, int depthW, int depthH, boolean scale, boolean shift) {
        return new long[] {(long) tiles * depthW * depthH * Float.BYTES, scale ? 4L * tiles : 0, shift ? 4L * tiles : 0,
                floats(w, h)};
    }

    public static long[] depthPercentiles(int w, int h) {
        return new long[] {floats(w, h), DepthNormalizeGpu.STATS_BYTES};
    }

    /** depthNormalize and depthToDisparity: one map in, one out. */
    public static long[] mapToMap(int w, int h) {
        return new long[] {floats(w, h), floats(w, h)};
    }

    public static long[] warpForward(int w, int h) {
        return new long[] {rgb(w, h), floats(w, h), rgb(w, h), floats(w, h), warpForwardWorkspace(w, h)};
    }

    public static long[] holeFill(int w, int h) {
        return new long[] {rgb(w, h), floats(w, h), rgb(w, h), holeFillWorkspace(w, h)};
    }

    public static long[] warpBackward(int w, int h) {
        return new long[] {rgb(w, h), floats(w, h), rgb(w, h)};
    }

    public static long[] layoutCompose(int w, int h, Layout layout) {
        long out = 3L * layout.outputWidth(w) * layout.outputHeight(h);
        return new long[] {rgb(w, h), rgb(w, h), out, CudaFrameOperators.SIZES.layoutTablesBytes(layout)};
    }

    /**
     * What the frame-sized calls of a w x h frame need at most (the forward warp, with its
     * workspace, is the largest), so that a growable pool sized on a frame's first call does not
     * grow again on the next one. Tile calls depend on the plan too and may need more once.
     */
    public static long frameBudget(int w, int h) {
        return Math.max(Arena.need(warpForward(w, h)), Math.max(Arena.need(holeFill(w, h)), Arena.need(layoutCompose(w, h, Layout.SBS))));
    }

    /**
     * Before a call of a w x h frame needing bytes: a growable pool too small for it grows to the
     * larger of the call's need and the frame budget (one allocation when the frame size changes);
     * a fixed pool throws PoolExhaustedException when the call does not fit.
     */
    public static void prepare(DevicePool pool, int w, int h, long bytes) {
        if (bytes > pool.capacity()) {
            pool.reserve(pool.isGrowable() ? Math.max(bytes, frameBudget(w, h)) : bytes);
        }
    }
}

package org.tilestereo.plan;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tilestereo.memory.Arena;

/**
 * The device buffers a run holds besides the model: what the CUDA pipeline takes from the pool for
 * one frame of width x height with tiles of tile x tile at the given batch (tile 0 = whole frame at
 * modelWidth x modelHeight). Sizes follow the operators: 8-bit RGB in and out, float maps, the warp's
 * 64-bit z-buffer and float accumulators. Each entry is rounded to the pool's alignment, as the pool
 * will round it.
 */
public final class PipelineBuffers {
    private PipelineBuffers() {
    }

    /** Bytes per buffer, by name, in allocation order. */
    public static Map<String, Long> of(int width, int height, int modelWidth, int modelHeight, int batch,
                                       int lowResWidth, int lowResHeight) {
        long px = (long) width * height;
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("frame in (RGB8)", Arena.aligned(px * 3));
        m.put("model input (NCHW float)", Arena.aligned((long) batch * 3 * modelWidth * modelHeight * 4));
        m.put("model output (float)", Arena.aligned((long) batch * modelWidth * modelHeight * 4));
        if (lowResWidth > 0) {
            m.put("whole-frame pass in+out", Arena.aligned((long) lowResWidth * lowResHeight * 4 * 4));
        }
        m.put("depth, normalized, disparity (float)", 3 * Arena.aligned(px * 4));
        m.put("warp z-buffer (64-bit)", Arena.aligned(px * 8));
        m.put("warp accumulators (4 float)", Arena.aligned(px * 16));
        m.put("target disparity (float)", Arena.aligned(px * 4));
        m.put("eyes (2 x RGB8)", 2 * Arena.aligned(px * 3));
        m.put("layout out (RGB8, up to 2 frames)", Arena.aligned(px * 6));
        m.put("percentile histogram", Arena.aligned(4096 * 8));
        return m;
    }

    public static long total(Map<String, Long> buffers) {
        long t = 0;
        for (long v : buffers.values()) t += v;
        return t;
    }
}

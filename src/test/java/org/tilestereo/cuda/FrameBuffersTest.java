package org.tilestereo.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tilestereo.kernels.Layout;
import org.tilestereo.kernels.ModelInput;
import org.tilestereo.kernels.TileGrid;
import org.tilestereo.memory.Arena;

/**
 * CudaKernels' pool sizing, replayed without a GPU: the same buffer lists and the same prepare
 * step, against a counting allocator. A frame's calls after the first frame of a size allocate
 * nothing; a new frame size allocates once (twice when its tiles need more than its maps).
 */
class FrameBuffersTest {

    /** The buffer lists of one frame's calls, in pipeline order. */
    private static List<long[]> frameCalls(int w, int h) {
        TileGrid grid = TileGrid.of(w, h, 518, 518, 64);
        ModelInput input = ModelInput.imagenet(518, 518);
        List<long[]> calls = new ArrayList<>();
        calls.add(FrameBuffers.tileExtract(w, h, grid.count(), input.floatsPerImage()));
        calls.add(FrameBuffers.tileBlend(w, h, grid.count(), 518, 518, true, true));
        calls.add(FrameBuffers.depthPercentiles(w, h));
        calls.add(FrameBuffers.mapToMap(w, h));
        calls.add(FrameBuffers.mapToMap(w, h));
        for (int eye = 0; eye < 2; eye++) {
            calls.add(FrameBuffers.warpForward(w, h));
            calls.add(FrameBuffers.holeFill(w, h));
        }
        calls.add(FrameBuffers.layoutCompose(w, h, Layout.ANAGLYPH));
        return calls;
    }

    /** Runs a frame's calls as CudaKernels.run does: prepare, scope, allocate each buffer. */
    private static void runFrame(DevicePool pool, int w, int h) {
        for (long[] sizes : frameCalls(w, h)) {
            FrameBuffers.prepare(pool, w, h, Arena.need(sizes));
            try (Arena.Scope scope = pool.scope()) {
                for (long s : sizes) {
                    if (s > 0) pool.allocate(s, "buffer");
                }
            }
        }
    }

    @Test
    void noDeviceAllocationAfterTheFirstFrameOfASize() {
        DevicePoolTest.CountingAllocator device = new DevicePoolTest.CountingAllocator();
        try (DevicePool pool = DevicePool.growable(device, 0)) {
            runFrame(pool, 1920, 1080);
            int first = pool.deviceAllocations();
            System.out.println("[tilestereo] 1920x1080 frames: " + first + " device allocation(s), blocks " + device.allocated);
            assertTrue(first == 1 || first == 2, "the first frame sizes the pool: " + first);
            for (int i = 0; i < 10; i++) {
                runFrame(pool, 1920, 1080);
            }
            assertEquals(first, pool.deviceAllocations(), "frames 2..11 allocated");

            runFrame(pool, 3840, 2160);
            int resized = pool.deviceAllocations();
            assertTrue(resized - first >= 1 && resized - first <= 2, "a bigger frame re-sizes once: " + first + " -> " + resized);
            for (int i = 0; i < 5; i++) {
                runFrame(pool, 3840, 2160);
                runFrame(pool, 1920, 1080); // smaller frames fit the bigger pool
            }
            assertEquals(resized, pool.deviceAllocations());
        }
    }

    @Test
    void theFrameBudgetCoversEveryFrameSizedCall() {
        int w = 1283, h = 721;
        long budget = FrameBuffers.frameBudget(w, h);
        for (long[] call : List.of(FrameBuffers.warpForward(w, h), FrameBuffers.holeFill(w, h),
                FrameBuffers.warpBackward(w, h), FrameBuffers.mapToMap(w, h), FrameBuffers.depthPercentiles(w, h),
                FrameBuffers.layoutCompose(w, h, Layout.SBS), FrameBuffers.layoutCompose(w, h, Layout.ANAGLYPH),
                FrameBuffers.layoutCompose(w, h, Layout.TB))) {
            assertTrue(Arena.need(call) <= budget);
        }
        // 3 + 4 + 3 + 4 bytes of images and maps and 8 + 16 of workspace per pixel, each aligned.
        assertEquals(Arena.aligned(3L * w * h) * 2 + Arena.aligned(4L * w * h) * 2 + Arena.aligned(8L * w * h)
                + Arena.aligned(16L * w * h), budget);
    }

    @Test
    void aFixedPoolIsNeverReallocated() {
        DevicePoolTest.CountingAllocator device = new DevicePoolTest.CountingAllocator();
        try (DevicePool pool = DevicePool.fixed(device, 2L << 30)) {
            for (int i = 0; i < 3; i++) {
                runFrame(pool, 3840, 2160);
            }
            assertEquals(1, pool.deviceAllocations());
            assertTrue(pool.peak() > 250L << 20, "a 4K forward warp takes about 300 MiB: " + pool.peak());
        }
    }
}

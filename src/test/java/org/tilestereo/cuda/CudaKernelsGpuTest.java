package org.tilestereo.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tilestereo.selftest.SelfTest;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.DisparityParams;
import org.tilestereo.kernels.Layout;
import org.tilestereo.kernels.ModelInput;
import org.tilestereo.kernels.StereoKernels;
import org.tilestereo.kernels.TileGrid;
import org.tilestereo.kernels.java.JavaKernels;
import org.tilestereo.memory.PoolExhaustedException;

/**
 * The operator set through the StereoKernels interface (host arrays in and out), frame after
 * frame: results equal the Java reference's, and the pool allocates on the first frame of a size
 * and never again for frames of that size.
 */
class CudaKernelsGpuTest {
    private boolean usedGpu;

    @AfterEach
    void noCudaErrorPending() {
        if (usedGpu) Gpu.assertNoErrorPending();
    }

    /** One frame's calls, as the pipeline makes them, on both implementations (the checks selftest makes). */
    private static void frame(StereoKernels gpu, int w, int h, long seed) {
        for (SelfTest.Check c : SelfTest.frame(gpu, w, h, seed)) {
            System.out.println("[tilestereo] " + c);
            assertTrue(c.passed(), c::toString);
        }
    }

    @Test
    void framesMatchTheReferenceAndAllocateOnlyOnTheFirstFrameOfASize() {
        Gpu.require();
        usedGpu = true;
        try (CudaKernels gpu = CudaKernels.open(Gpu.device())) {
            gpu.poisonPool(0xFF);
            assertEquals(0, gpu.deviceAllocations(), "nothing is allocated before the first frame");
            frame(gpu, 321, 187, 1);
            int afterFirst = gpu.deviceAllocations();
            System.out.println("[tilestereo] pool after the first 321x187 frame: " + afterFirst + " allocation(s), "
                    + gpu.poolCapacity() + " bytes");
            assertTrue(afterFirst >= 1 && afterFirst <= 2, "one allocation, two when the tiles need more: " + afterFirst);
            gpu.poisonPool(0x00);
            for (long seed = 2; seed <= 4; seed++) {
                frame(gpu, 321, 187, seed);
                assertEquals(afterFirst, gpu.deviceAllocations(), "frame " + seed + " of the same size allocated");
            }
            frame(gpu, 643, 361, 5);
            int afterResize = gpu.deviceAllocations();
            assertTrue(afterResize - afterFirst <= 2, "a new frame size re-sizes once: " + afterFirst + " -> " + afterResize);
            frame(gpu, 643, 361, 6);
            frame(gpu, 321, 187, 7);
            assertEquals(afterResize, gpu.deviceAllocations(), "frames after the re-size allocated");
        }
    }

    @Test
    void aFixedPoolThatIsTooSmallSaysByHowMuch() {
        Gpu.require();
        usedGpu = true;
        try (CudaKernels gpu = CudaKernels.withPool(Gpu.device(), 1 << 20)) {
            RgbImage src = Inputs.rgb(1001, 999, 1);
            FloatMap d = Inputs.uniform(1001, 999, 1f);
            PoolExhaustedException e = assertThrows(PoolExhaustedException.class,
                    () -> gpu.warpForward(src, d, 1f, new RgbImage(1001, 999), new FloatMap(1001, 999)));
            assertTrue(e.getMessage().startsWith("device pool: this frame needs ") && e.getMessage().contains("1.0 MiB"),
                    e.getMessage());
            assertEquals(1, gpu.deviceAllocations());
            // Still usable for what fits.
            RgbImage small = Inputs.rgb(17, 9, 2);
            RgbImage out = new RgbImage(34, 9);
            gpu.layoutCompose(small, small, Layout.SBS, out);
            RgbImage expected = new RgbImage(34, 9);
            new JavaKernels().layoutCompose(small, small, Layout.SBS, expected);
            assertArrayEquals(expected.data(), out.data());
        }
    }
}

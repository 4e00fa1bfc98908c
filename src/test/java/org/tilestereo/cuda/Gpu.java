package org.tilestereo.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.bytedeco.cuda.global.cudart;

/** Gates of the GPU tests, and the check that no CUDA error is left behind. */
final class Gpu {
    private Gpu() {
    }

    /** Skips the calling test, saying why, unless a usable GPU and our native library are here. */
    static void require() {
        CudaProbe.Report r = CudaProbe.probe();
        if (!r.usable()) {
            System.out.println("[tilestereo] GPU test skipped, no usable GPU: " + r.reason());
        }
        assumeTrue(r.usable(), () -> "no usable GPU: " + r.reason());
    }

    /** Skips the calling test unless the native library loaded (argument checks need no GPU). */
    static void requireLibrary() {
        NativeLibrary.Status lib = NativeLibrary.status();
        if (!lib.loaded()) {
            System.out.println("[tilestereo] native library test skipped: " + lib.reason());
        }
        assumeTrue(lib.loaded(), lib::reason);
    }

    /** Every queued kernel finished without error and no error is pending. */
    static void assertNoErrorPending() {
        int sync = cudart.cudaDeviceSynchronize();
        assertEquals(cudart.cudaSuccess, sync, () -> "cudaDeviceSynchronize after the test: " + CudaException.describeCudaError(sync));
        int pending = cudart.cudaGetLastError();
        assertEquals(cudart.cudaSuccess, pending, () -> "CUDA error pending: " + CudaException.describeCudaError(pending));
    }
}

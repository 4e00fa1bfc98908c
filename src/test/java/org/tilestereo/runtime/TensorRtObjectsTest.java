package org.tilestereo.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.tilestereo.cuda.CudaMemory;
import org.tilestereo.cuda.NativeLibrary;
import org.tilestereo.cuda.TileStereoNative;

/**
 * What TensorRT's factories return is deleted for real: a JavaCPP pointer to it has no deallocator
 * (deallocate() leaves the object alive, as the presets' do), ts_trt_destroy runs its virtual
 * destructor. Shown on an object of the same layout as nvinfer1::INoCopy, which needs no GPU.
 */
class TensorRtObjectsTest {

    @Test
    void deallocateLeavesItAliveDestroyDeletesIt() {
        NativeLibrary.Status lib = NativeLibrary.status();
        if (!lib.loaded()) {
            System.out.println("[tilestereo] TensorRT object test skipped: " + lib.reason());
        }
        assumeTrue(lib.loaded(), lib::reason);
        int before = TileStereoNative.ts_testing_trt_objects_alive();

        Pointer kept = CudaMemory.at(TileStereoNative.ts_testing_trt_object());
        kept.deallocate();
        assertEquals(before + 1, TileStereoNative.ts_testing_trt_objects_alive(), "deallocate() frees nothing");

        Pointer deleted = CudaMemory.at(TileStereoNative.ts_testing_trt_object());
        assertEquals(before + 2, TileStereoNative.ts_testing_trt_objects_alive());
        TensorRtObjects.destroy(deleted);
        assertEquals(before + 1, TileStereoNative.ts_testing_trt_objects_alive(), "destroy runs its destructor");
        assertTrue(deleted.isNull(), "and forgets it");
        TensorRtObjects.destroy(deleted);
        TensorRtObjects.destroy(null);
        assertEquals(before + 1, TileStereoNative.ts_testing_trt_objects_alive(), "twice, or null: nothing more");
        TileStereoNative.ts_trt_destroy(kept.address()); // the object the first pointer left behind
        assertEquals(before, TileStereoNative.ts_testing_trt_objects_alive());
    }
}

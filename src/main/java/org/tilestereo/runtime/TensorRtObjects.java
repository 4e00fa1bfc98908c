package org.tilestereo.runtime;

import org.bytedeco.javacpp.Pointer;
import org.tilestereo.cuda.NativeLibrary;
import org.tilestereo.cuda.TileStereoNative;

/**
 * Frees what TensorRT's factories created. In the org.bytedeco presets their deallocate() frees
 * nothing (no deallocator is attached to a returned object; javacpp-presets#1699), so an engine would
 * keep its weights on the device until the process ends. The project's C API deletes them through
 * their virtual destructor (ts_trt_destroy): every nvinfer1 interface (runtime, engine, execution
 * context, builder, its configuration, network, serialized host memory) derives from
 * nvinfer1::INoCopy. The ONNX parser does not, and is not freed here.
 */
final class TensorRtObjects {
    private TensorRtObjects() {
    }

    /** Deletes the object (null or a null pointer: nothing) and makes the Java pointer null. */
    static void destroy(Pointer object) {
        if (object == null || object.isNull()) {
            return;
        }
        NativeLibrary.require();
        TileStereoNative.ts_trt_destroy(object.address());
        object.setNull();
    }
}

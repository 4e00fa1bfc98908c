package org.tilestereo.cuda;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * The C API of libtilestereo (src/main/cpp/tilestereo.h), bound by JavaCPP: its Maven plugin
 * generates and compiles the JNI library (libjniTileStereoNative.so) at process-classes and copies
 * libtilestereo.so and libcudart.so.13 beside it, so the jar carries all three.
 *
 * <p>Use {@link NativeLibrary} to load it: touching this class directly when the library was not
 * built throws. Device pointers and streams are passed as addresses (0 = the default stream), so
 * buffers from the bytedeco cuda presets or a later memory pool can be handed over as they are.
 * Every function returns a status ({@link #TS_SUCCESS} or a failure whose details are in
 * {@link #ts_last_error_message()}); {@link CudaException#checkNative} turns it into an exception.
 */
@Platform(
        value = "linux-x86_64",
        include = "tilestereo.h",
        // The bundled CUDA runtime is loaded first: libtilestereo.so needs it, and once loaded under
        // this name the bytedeco cuda presets reuse it instead of looking for a system copy.
        preload = "cudart@.13",
        link = "tilestereo")
public final class TileStereoNative {
    static {
        Loader.load();
    }

    /** Values of ts_status; NativeLibraryTest checks them against ts_status_string. */
    public static final int TS_SUCCESS = 0;
    public static final int TS_ERROR_INVALID_ARGUMENT = 1;
    public static final int TS_ERROR_CUDA = 2;

    private TileStereoNative() {
    }

    public static native @Cast("const char*") String ts_version();

    public static native int ts_cuda_version_built();

    public static native @Cast("const char*") String ts_cuda_architectures();

    public static native @Cast("const char*") String ts_status_string(int status);

    public static native @Cast("const char*") String ts_last_error_message();

    public static native int ts_depth_to_disparity(
            @Cast("cudaStream_t") long stream,
            @Cast("const float*") long normalized,
            @Cast("float*") long disparity,
            int width, int height,
            float divergencePercent, float convergence, float foregroundScale);
}

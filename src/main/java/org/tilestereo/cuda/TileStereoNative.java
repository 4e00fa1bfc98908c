package org.tilestereo.cuda;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * The C API of libtilestereo (src/main/cpp/tilestereo.h), bound by JavaCPP: its Maven plugin
 * generates and compiles the JNI library (libjniTileStereoNative.so) at process-classes and copies
 * beside it the front libtilestereo.so, the two device libraries it forwards to
 * (libtilestereo_cuda.so, libtilestereo_software.so) and libcudart.so.13, so the jar carries them all.
 * The device libraries are preloaded, so the front finds them already in the process.
 *
 * <p>Use {@link NativeLibrary} to load it: touching this class directly when the library was not
 * built throws. Device pointers and streams are passed as addresses (0 = the default stream), so
 * buffers from the bytedeco cuda presets or a later memory pool can be handed over as they are.
 * Every operator returns a status ({@link #TS_SUCCESS} or a failure whose details are in
 * {@link #ts_last_error_message()}); {@link CudaException#checkNative} turns it into an exception.
 * The per-operator classes (TileExtractGpu, WarpForwardGpu, ...) are the typed way in.
 */
@Platform(
        value = "linux-x86_64",
        include = "tilestereo.h",
        // The bundled CUDA runtime is loaded first: libtilestereo.so needs it, and once loaded under
        // this name the bytedeco cuda presets reuse it instead of looking for a system copy.
        preload = {"cudart@.13", "tilestereo_cuda", "tilestereo_software"},
        link = "tilestereo")
public final class TileStereoNative {
    static {
        Loader.load();
    }

    /** Values of ts_status; NativeLibraryTest checks them against ts_status_string. */
    public static final int TS_SUCCESS = 0;
    public static final int TS_ERROR_INVALID_ARGUMENT = 1;
    public static final int TS_ERROR_CUDA = 2;
    public static final int TS_NOT_READY = 3;
    public static final int TS_ERROR_NO_DEVICE = 4;

    /** Device kinds of ts_device_select: the ordinals of {@link DeviceKind}. */
    public static final int TS_DEVICE_CUDA = 0, TS_DEVICE_SOFTWARE = 1;

    /** Directions of ts_memcpy_async. */
    public static final int TS_COPY_HOST_TO_DEVICE = 1, TS_COPY_DEVICE_TO_HOST = 2, TS_COPY_DEVICE_TO_DEVICE = 3;

    private TileStereoNative() {
    }

    public static native @Cast("const char*") String ts_version();

    public static native void ts_trt_destroy(@Cast("void*") long object);

    public static native @Cast("uintptr_t") long ts_testing_trt_object();

    public static native int ts_testing_trt_objects_alive();

    public static native int ts_cuda_version_built();

    public static native @Cast("const char*") String ts_cuda_architectures();

    public static native @Cast("const char*") String ts_status_string(int status);

    public static native @Cast("const char*") String ts_last_error_message();

    public static native int ts_device_select(int kind);

    public static native int ts_device_selected();

    public static native int ts_device_versions(int[] driverVersion, int[] runtimeVersion);

    public static native int ts_device_count(int[] count);

    public static native int ts_device_current(int[] index);

    public static native int ts_device_set(int index);

    /** Makes index the process's GPU, on this thread now and on every other at its next call (see tilestereo.h). */
    public static native int ts_device_use(int index);

    public static native int ts_device_properties(int index, @Cast("char*") byte[] name, int nameBytes, int[] major,
                                                  int[] minor, int[] multiprocessors,
                                                  @Cast("size_t*") long[] totalBytes, @Cast("size_t*") long[] freeBytes);

    public static native int ts_mem_get_info(@Cast("size_t*") long[] freeBytes, @Cast("size_t*") long[] totalBytes);

    public static native int ts_malloc(@Cast("void**") long[] devicePointer, @Cast("size_t") long bytes);

    public static native int ts_free(@Cast("void*") long devicePointer);

    public static native int ts_malloc_host(@Cast("void**") long[] hostPointer, @Cast("size_t") long bytes);

    public static native int ts_free_host(@Cast("void*") long hostPointer);

    public static native int ts_memcpy_async(@Cast("cudaStream_t") long stream, @Cast("void*") long dst,
                                             @Cast("const void*") long src, @Cast("size_t") long bytes, int direction);

    public static native int ts_memset_async(@Cast("cudaStream_t") long stream, @Cast("void*") long devicePointer,
                                             int value, @Cast("size_t") long bytes);

    public static native int ts_stream_create(@Cast("cudaStream_t*") long[] stream);

    public static native int ts_stream_synchronize(@Cast("cudaStream_t") long stream);

    public static native int ts_stream_destroy(@Cast("cudaStream_t") long stream);

    public static native int ts_event_create(@Cast("cudaEvent_t*") long[] event);

    public static native int ts_event_record(@Cast("cudaEvent_t") long event, @Cast("cudaStream_t") long stream);

    public static native int ts_event_synchronize(@Cast("cudaEvent_t") long event);

    public static native int ts_event_query(@Cast("cudaEvent_t") long event);

    public static native int ts_event_elapsed_ms(float[] milliseconds, @Cast("cudaEvent_t") long start,
                                                 @Cast("cudaEvent_t") long end);

    public static native int ts_event_destroy(@Cast("cudaEvent_t") long event);

    public static native int ts_device_synchronize();

    public static native int ts_device_take_error();

    /** ts_tile_grid: where the tiles of a frame lie (host memory; the functions copy it). */
    @Name("ts_tile_grid")
    public static final class TileGridStruct extends Pointer {
        static {
            Loader.load();
        }

        public TileGridStruct() {
            allocate();
        }

        private native void allocate();

        public native int image_width(); public native TileGridStruct image_width(int v);
        public native int image_height(); public native TileGridStruct image_height(int v);
        public native int tile_width(); public native TileGridStruct tile_width(int v);
        public native int tile_height(); public native TileGridStruct tile_height(int v);
        public native int overlap(); public native TileGridStruct overlap(int v);
        public native int cols(); public native TileGridStruct cols(int v);
        public native int rows(); public native TileGridStruct rows(int v);
        public native int origin_x(); public native TileGridStruct origin_x(int v);
        public native int origin_y(); public native TileGridStruct origin_y(int v);
    }

    public static native int ts_tile_extract(
            @Cast("cudaStream_t") long stream,
            @Cast("const unsigned char*") long src,
            @Const TileGridStruct grid,
            int first, int count, int inputWidth, int inputHeight,
            @Const float[] mean, @Const float[] std,
            @Cast("float*") long out);

    public static native int ts_tile_blend(
            @Cast("cudaStream_t") long stream,
            @Cast("const float*") long tileDepth, int depthWidth, int depthHeight,
            @Const TileGridStruct grid,
            @Cast("const float*") long scale, @Cast("const float*") long shift,
            @Cast("float*") long out);

    public static final int TS_DEPTH_HISTOGRAM_BINS = 4096;

    public static native @Cast("size_t") long ts_depth_stats_bytes();

    public static native int ts_depth_histogram(
            @Cast("cudaStream_t") long stream,
            @Cast("const float*") long depth, int width, int height,
            @Cast("ts_depth_stats*") long result);

    public static native int ts_depth_normalize(
            @Cast("cudaStream_t") long stream,
            @Cast("const float*") long depth, @Cast("float*") long out, int width, int height,
            float lo, float hi);

    public static native int ts_depth_to_disparity(
            @Cast("cudaStream_t") long stream,
            @Cast("const float*") long normalized,
            @Cast("float*") long disparity,
            int width, int height,
            float divergencePercent, float convergence, float foregroundScale);

    public static native @Cast("size_t") long ts_warp_forward_workspace_bytes(int width, int height);

    public static native int ts_warp_forward(
            @Cast("cudaStream_t") long stream,
            @Cast("const unsigned char*") long src, @Cast("const float*") long disparity, float factor,
            @Cast("unsigned char*") long dst, @Cast("float*") long targetDisparity, int width, int height,
            @Cast("void*") long workspace, @Cast("size_t") long workspaceBytes);

    public static native @Cast("size_t") long ts_hole_fill_workspace_bytes(int width, int height);

    public static native int ts_hole_fill(
            @Cast("cudaStream_t") long stream,
            @Cast("unsigned char*") long img, @Cast("float*") long targetDisparity,
            @Cast("const unsigned char*") long src, int width, int height,
            @Cast("void*") long workspace, @Cast("size_t") long workspaceBytes);

    public static native int ts_warp_backward(
            @Cast("cudaStream_t") long stream,
            @Cast("const unsigned char*") long src, @Cast("const float*") long disparity, float factor,
            @Cast("unsigned char*") long dst, int width, int height);

    /** Values of ts_layout: the ordinals of org.tilestereo.kernels.Layout (checked by a test). */
    public static final int TS_LAYOUT_SBS = 0, TS_LAYOUT_HSBS = 1, TS_LAYOUT_TB = 2, TS_LAYOUT_HTB = 3,
            TS_LAYOUT_ANAGLYPH = 4, TS_LAYOUT_LEFT = 5, TS_LAYOUT_RIGHT = 6;
    public static final int TS_SRGB_TABLE_FLOATS = 512;

    public static native int ts_layout_compose(
            @Cast("cudaStream_t") long stream,
            @Cast("const unsigned char*") long left, @Cast("const unsigned char*") long right,
            @Cast("unsigned char*") long out, int width, int height, int layout,
            @Cast("const float*") long srgbTables);
}

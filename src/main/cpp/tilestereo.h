/*
 * tilestereo C API: the CUDA operators of tilestereo, called from Java through JavaCPP
 * (org.tilestereo.cuda.TileStereoNative) and usable from C or C++.
 *
 * Conventions, the same for every operator:
 *  - the cudaStream_t comes first, then device pointers, then plain sizes and parameters;
 *  - every operator returns a ts_status (as int); on failure ts_last_error_message() says what
 *    was wrong and what was expected, for the calling thread;
 *  - no function exits, allocates device memory or synchronises: work is queued on the stream
 *    and its errors may surface at the caller's next synchronisation;
 *  - arguments are validated on the host before anything is launched, so an invalid call
 *    touches no CUDA state (and needs no GPU to be rejected);
 *  - scratch memory is the caller's: an operator that needs some takes a workspace pointer and
 *    its size, and a *_workspace_bytes query says how much (0 for sizes the operator rejects);
 *  - images are 8-bit RGB, interleaved, rows packed; maps are floats, rows packed.
 */
#ifndef TILESTEREO_H
#define TILESTEREO_H

#include <stddef.h>

/* The CUDA runtime's own handle types, declared here (the same typedefs as its headers) so that
   callers, the JNI binding and the device front need no CUDA toolkit. */
typedef struct CUstream_st* cudaStream_t;
typedef struct CUevent_st* cudaEvent_t;

#if defined(_WIN32)
#  define TS_API __declspec(dllexport)
#else
#  define TS_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ts_status {
    TS_SUCCESS = 0,
    /** An argument was rejected on the host; nothing was launched. */
    TS_ERROR_INVALID_ARGUMENT = 1,
    /** A CUDA runtime call or kernel launch failed; the message names the call and the CUDA error. */
    TS_ERROR_CUDA = 2,
    /** ts_event_query: the work before the event has not finished yet (not a failure). */
    TS_NOT_READY = 3,
    /** No device is selected, or the selected kind cannot be loaded here; the message says why. */
    TS_ERROR_NO_DEVICE = 4
} ts_status;

/*
 * Devices. libtilestereo.so is a front: the operators and the device functions below run on the
 * device kind selected for the process, whose implementation is a library of its own beside it:
 *  - TS_DEVICE_CUDA: libtilestereo_cuda.so, the kernels compiled by nvcc, on the CUDA runtime;
 *  - TS_DEVICE_SOFTWARE: libtilestereo_software.so, the same kernel sources compiled by the host
 *    C++ compiler against an emulation of the CUDA execution model (a test device, not a fast path).
 * Streams, events and memory belong to the kind that made them. The Java side reaches a device only
 * through these functions.
 */
#define TS_DEVICE_CUDA 0
#define TS_DEVICE_SOFTWARE 1

/** Loads kind's library (once) and routes every later call to it. TS_ERROR_NO_DEVICE says why not. */
TS_API int ts_device_select(int kind);

/** The selected kind, -1 when none is. */
TS_API int ts_device_selected(void);

/** The selected kind's driver and runtime versions (e.g. 13000), 0 when it has none. */
TS_API int ts_device_versions(int* driver_version, int* runtime_version);

TS_API int ts_device_count(int* count);
TS_API int ts_device_current(int* index);
TS_API int ts_device_set(int index);

/**
 * Makes device index the process's GPU: set now on the calling thread, and on any other thread at
 * its next call into this library (CUDA's current device is per thread, and a run's decode,
 * convert and encode threads all call in). -1 stops following; ts_device_set alone sets one thread.
 */
TS_API int ts_device_use(int index);

/**
 * name: name_bytes bytes, NUL-terminated. Memory: cudaMemGetInfo's figures for the current device;
 * for the others the total and a free of 0 (unknown), since asking would create a context on each.
 */
TS_API int ts_device_properties(int index, char* name, int name_bytes, int* major, int* minor,
                                int* multiprocessors, size_t* total_bytes, size_t* free_bytes);

/** Free and total bytes of the current device now. */
TS_API int ts_mem_get_info(size_t* free_bytes, size_t* total_bytes);

TS_API int ts_malloc(void** device_pointer, size_t bytes);
TS_API int ts_free(void* device_pointer);

/** Page-locked host memory: what the device copies from and to asynchronously. */
TS_API int ts_malloc_host(void** host_pointer, size_t bytes);
TS_API int ts_free_host(void* host_pointer);

/** Directions of ts_memcpy_async (the values of cudaMemcpyKind). */
#define TS_COPY_HOST_TO_DEVICE 1
#define TS_COPY_DEVICE_TO_HOST 2
#define TS_COPY_DEVICE_TO_DEVICE 3

TS_API int ts_memcpy_async(cudaStream_t stream, void* dst, const void* src, size_t bytes, int direction);
TS_API int ts_memset_async(cudaStream_t stream, void* device_pointer, int value, size_t bytes);

/** A stream that does not synchronise with the legacy default stream. */
TS_API int ts_stream_create(cudaStream_t* stream);
TS_API int ts_stream_synchronize(cudaStream_t stream);
/** Work already queued still completes. */
TS_API int ts_stream_destroy(cudaStream_t stream);

/** An event with timing. */
TS_API int ts_event_create(cudaEvent_t* event);
TS_API int ts_event_record(cudaEvent_t event, cudaStream_t stream);
TS_API int ts_event_synchronize(cudaEvent_t event);
/** TS_SUCCESS when the work queued before the event has finished, TS_NOT_READY when not yet. */
TS_API int ts_event_query(cudaEvent_t event);
TS_API int ts_event_elapsed_ms(float* milliseconds, cudaEvent_t start, cudaEvent_t end);
TS_API int ts_event_destroy(cudaEvent_t event);

/** Waits for all work of the current device; fails with the first asynchronous error. */
TS_API int ts_device_synchronize(void);

/** Fails with the device's pending error, if any, and clears it (cudaGetLastError). */
TS_API int ts_device_take_error(void);

/**
 * Deletes an object a TensorRT factory created (runtime, engine, execution context, builder, builder
 * configuration, network, serialized host memory): any nvinfer1::INoCopy, through its virtual
 * destructor. NULL is ignored. Not for the ONNX parser. Needs no device.
 */
TS_API void ts_trt_destroy(void* object);

/** For tests of ts_trt_destroy: an object of the same layout whose destruction is counted, and the count alive. */
TS_API void* ts_testing_trt_object(void);
TS_API int ts_testing_trt_objects_alive(void);

/** The library's version, e.g. "0.1.0" (the Maven project version it was built with). */
TS_API const char* ts_version(void);

/** CUDART_VERSION of the toolkit the CUDA device was compiled with, e.g. 13000; 0 when it was not built. */
TS_API int ts_cuda_version_built(void);

/** The CUDA architectures compiled in, as given to CMake, e.g. "75-real;80-real;86-real;89-real;90"; "" without the CUDA device. */
TS_API const char* ts_cuda_architectures(void);

/** The name of a status, e.g. "TS_ERROR_INVALID_ARGUMENT"; "unknown ts_status" for other values. */
TS_API const char* ts_status_string(int status);

/**
 * What the last operator call (ts_depth_to_disparity, ...) of this thread found wrong; "" when
 * that call succeeded. The text stays valid until this thread's next operator call.
 */
TS_API const char* ts_last_error_message(void);

/**
 * Where the tiles of a frame lie: the fields of org.tilestereo.kernels.TileGrid. Tile i (row-major)
 * starts at (origin_x + (i % cols) * (tile_width - overlap), origin_y + (i / cols) * (tile_height -
 * overlap)); parts outside the image are reflect-101 padding. overlap 0 with one tile is the
 * untiled frame. Passed by host pointer; the functions copy it.
 */
typedef struct ts_tile_grid {
    int image_width, image_height;
    int tile_width, tile_height;
    int overlap;
    int cols, rows;
    int origin_x, origin_y;
} ts_tile_grid;

/**
 * tile_extract: tiles [first, first + count) of grid, sampled bilinearly from src (the 8-bit RGB
 * frame, image_width x image_height, reflect-101 outside) at input_width x input_height and
 * normalised per channel, (v / 255 - mean[c]) / std[c], into out as NCHW floats: tile k fills
 * out[k * 3 * input_width * input_height ...]. mean and std are 3 floats each in host memory.
 * At most 65535 tiles per call.
 */
TS_API int ts_tile_extract(cudaStream_t stream, const unsigned char* src, const ts_tile_grid* grid,
                           int first, int count, int input_width, int input_height,
                           const float* mean, const float* std, float* out);

/**
 * tile_blend: every tile's depth (depth_width x depth_height floats each, all grid tiles, tile-major)
 * mapped back onto its source rectangle (bilinear, clamped to the tile's own map), aligned as
 * scale[i] * v + shift[i] (scale and shift: device arrays of grid->cols * grid->rows floats, or
 * NULL for identity) and blended into out (image_width x image_height floats) as
 * base + sum(w_i (v_i - base)) / sum(w_i) with the grid's feathered weights.
 */
TS_API int ts_tile_blend(cudaStream_t stream, const float* tile_depth, int depth_width, int depth_height,
                         const ts_tile_grid* grid, const float* scale, const float* shift, float* out);

/** Bins of the depth histogram: 1/4096 of the depth range. */
#define TS_DEPTH_HISTOGRAM_BINS 4096

/**
 * The result of ts_depth_histogram, in device memory: the minimum and maximum of the finite
 * values (+inf and -inf when there is none; -0 counts as +0), and, when max > min, how many finite
 * values fall into each of the bins between them, value x into bin
 * clamp((int) ((x - min) * (4096.0f / (max - min))), 0, 4095); all zero otherwise.
 */
typedef struct ts_depth_stats {
    float min;
    float max;
    unsigned int bins[TS_DEPTH_HISTOGRAM_BINS];
} ts_depth_stats;

/** sizeof(ts_depth_stats): the device buffer ts_depth_histogram fills. */
TS_API size_t ts_depth_stats_bytes(void);

/**
 * depth_normalize, statistics part: min, max and the histogram of the finite values of depth
 * (width x height floats) into result (device memory, ts_depth_stats_bytes()). The caller
 * takes percentiles from it on the host (org.tilestereo.kernels.java.DepthNormalize#fromHistogram).
 */
TS_API int ts_depth_histogram(cudaStream_t stream, const float* depth, int width, int height,
                              ts_depth_stats* result);

/**
 * depth_normalize, per-pixel part: out = clamp((depth - lo) * (1 / (hi - lo)), 0, 1); 0.5 everywhere
 * when hi <= lo (a flat map); 0 for non-finite depth. lo and hi must be finite. In place allowed.
 */
TS_API int ts_depth_normalize(cudaStream_t stream, const float* depth, float* out, int width, int height,
                              float lo, float hi);

/**
 * depth_to_disparity: normalised inverse depth (0 = far, 1 = near) to disparity in pixels,
 * disparity[i] = divergence_percent / 100 * width * (curve(normalized[i]) - convergence), with
 * curve(n) = n when foreground_scale is 0, else expm1(s n) / expm1(s) (computed in double, as the
 * Java reference does). Both maps are width x height floats, rows packed; they may be the same
 * buffer (in place) but must not otherwise overlap. Parameter ranges are those of
 * org.tilestereo.kernels.DisparityParams: divergence 0..20, convergence 0..1, scale -10..10.
 */
TS_API int ts_depth_to_disparity(cudaStream_t stream, const float* normalized, float* disparity,
                                 int width, int height, float divergence_percent, float convergence,
                                 float foreground_scale);

/** Scratch of ts_warp_forward for a width x height frame: the z-buffer and the colour accumulators. */
TS_API size_t ts_warp_forward_workspace_bytes(int width, int height);

/**
 * warp_forward: each source pixel x of src (8-bit RGB) moves to t = x + factor * disparity(x) in its
 * row and is splatted onto floor(t) and floor(t) + 1 with weights 1 - f and f. A 64-bit atomicMin
 * z-buffer (disparity mapped nearest-first in the high word, source column in the low word) picks
 * the nearest surface per target pixel; a resolve pass writes the winner's disparity to
 * target_disparity (NaN where nothing landed); the splats within 1 pixel of disparity of their
 * target's winner are accumulated; dst = the rounded weighted mean, black where nothing landed.
 * workspace: ts_warp_forward_workspace_bytes(width, height) bytes of device memory, 256-byte
 * aligned. src and dst must not overlap; factor must be finite.
 */
TS_API int ts_warp_forward(cudaStream_t stream, const unsigned char* src, const float* disparity, float factor,
                           unsigned char* dst, float* target_disparity, int width, int height,
                           void* workspace, size_t workspace_bytes);

/** Scratch of ts_hole_fill for a width x height frame: one index per pixel. */
TS_API size_t ts_hole_fill_workspace_bytes(int width, int height);

/**
 * hole_fill, in place on img (8-bit RGB) and target_disparity (floats): every run of holes (NaN) in
 * a row takes the colour and disparity of its neighbour on the background side (the valid pixel
 * left or right of the run with the smaller disparity; the left one on a tie; the one that exists
 * when only one does). A row without a valid pixel takes src's row (the unwarped image) and
 * disparity 0. workspace: ts_hole_fill_workspace_bytes(width, height) bytes of device memory.
 */
TS_API int ts_hole_fill(cudaStream_t stream, unsigned char* img, float* target_disparity, const unsigned char* src,
                        int width, int height, void* workspace, size_t workspace_bytes);

/**
 * warp_backward: dst(x) = src(x - factor * disparity(x)) along the row, linear between the two
 * nearest pixels, the position clamped to the row; a non-finite disparity leaves the pixel in
 * place. src and dst (8-bit RGB) must not overlap; factor must be finite.
 */
TS_API int ts_warp_backward(cudaStream_t stream, const unsigned char* src, const float* disparity, float factor,
                            unsigned char* dst, int width, int height);

/** Arrangements of the two eyes; the values are the ordinals of org.tilestereo.kernels.Layout. */
enum ts_layout {
    TS_LAYOUT_SBS = 0,      /* 2W x H, left eye on the left */
    TS_LAYOUT_HSBS = 1,     /* 2 * (W / 2) x H, each eye squeezed to half width */
    TS_LAYOUT_TB = 2,       /* W x 2H, left eye on top */
    TS_LAYOUT_HTB = 3,      /* W x 2 * (H / 2), each eye squeezed to half height */
    TS_LAYOUT_ANAGLYPH = 4, /* W x H, red-cyan, Dubois' matrices in linear light */
    TS_LAYOUT_LEFT = 5,     /* W x H, the left eye */
    TS_LAYOUT_RIGHT = 6     /* W x H, the right eye */
};

/** Floats in the sRGB tables of the anaglyph: 256 decoded codes, then 256 rounding bounds. */
#define TS_SRGB_TABLE_FLOATS 512

/**
 * layout_compose: left and right eyes (8-bit RGB, width x height each) arranged into out, whose
 * size follows from layout (see ts_layout). srgb_tables (device memory, TS_SRGB_TABLE_FLOATS floats)
 * is read by TS_LAYOUT_ANAGLYPH only and may be NULL otherwise: entry c (0..255) is code c in linear
 * light, entry 256 + c the least linear value that encodes to code c (org.tilestereo.kernels.java.
 * LayoutCompose#srgbTables). out must not overlap either eye.
 */
TS_API int ts_layout_compose(cudaStream_t stream, const unsigned char* left, const unsigned char* right,
                             unsigned char* out, int width, int height, int layout, const float* srgb_tables);

#ifdef __cplusplus
}
#endif

#endif

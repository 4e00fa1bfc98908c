/*
 * tilestereo C API: the CUDA operators of tilestereo, called from Java through JavaCPP
 * (org.tilestereo.cuda.TileStereoNative) and usable from C or C++.
 *
 * Conventions, the same for every operator:
 *  - the cudaStream_t comes first, then device pointers, then plain sizes and parameters;
 *  - every function returns a ts_status (as int); on failure ts_last_error_message() says what
 *    was wrong and what was expected, for the calling thread;
 *  - no function exits, allocates device memory or synchronises: work is queued on the stream
 *    and its errors may surface at the caller's next synchronisation;
 *  - arguments are validated on the host before anything is launched, so an invalid call
 *    touches no CUDA state (and needs no GPU to be rejected).
 */
#ifndef TILESTEREO_H
#define TILESTEREO_H

#include <cuda_runtime_api.h>

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
    TS_ERROR_CUDA = 2
} ts_status;

/** The library's version, e.g. "0.1.0" (the Maven project version it was built with). */
TS_API const char* ts_version(void);

/** CUDART_VERSION of the toolkit this library was compiled with, e.g. 13000 for CUDA 13.0. */
TS_API int ts_cuda_version_built(void);

/** The CUDA architectures compiled in, as given to CMake, e.g. "75-real;80-real;86-real;89-real;90". */
TS_API const char* ts_cuda_architectures(void);

/** The name of a status, e.g. "TS_ERROR_INVALID_ARGUMENT"; "unknown ts_status" for other values. */
TS_API const char* ts_status_string(int status);

/**
 * What the last operator call (ts_depth_to_disparity, ...) of this thread found wrong; "" when
 * that call succeeded. The text stays valid until this thread's next operator call.
 */
TS_API const char* ts_last_error_message(void);

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

#ifdef __cplusplus
}
#endif

#endif

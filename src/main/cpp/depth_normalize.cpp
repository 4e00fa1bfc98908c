// C API entries of operator depth_normalize (kernels: cuda/depth_normalize.cu).
#include "tilestereo.h"
#include "ts_errors.h"
#include "ts_launchers.h"

extern "C" size_t ts_depth_stats_bytes(void) {
    return sizeof(ts_depth_stats);
}

extern "C" int ts_depth_histogram(cudaStream_t stream, const float* depth, int width, int height,
                                  ts_depth_stats* result) {
    static const char op[] = "ts_depth_histogram";
    ts::clear_error();
    if (int s = ts::require_positive(op, "width", width)) return s;
    if (int s = ts::require_positive(op, "height", height)) return s;
    if (int s = ts::require_pixel_count(op, width, height)) return s;
    if (int s = ts::require_device_pointer(op, "depth", depth, alignof(float))) return s;
    if (int s = ts::require_device_pointer(op, "result", result, alignof(ts_depth_stats))) return s;
    size_t count = static_cast<size_t>(width) * height;
    if (int s = ts::require_disjoint(op, "depth", depth, count * sizeof(float), "result", result,
                                     sizeof(ts_depth_stats))) return s;
    TS_CHECK_CUDA(ts::launch_depth_histogram(stream, depth, count, result));
    return TS_SUCCESS;
}

extern "C" int ts_depth_normalize(cudaStream_t stream, const float* depth, float* out, int width, int height,
                                  float lo, float hi) {
    static const char op[] = "ts_depth_normalize";
    ts::clear_error();
    if (int s = ts::require_positive(op, "width", width)) return s;
    if (int s = ts::require_positive(op, "height", height)) return s;
    if (int s = ts::require_pixel_count(op, width, height)) return s;
    if (int s = ts::require_device_pointer(op, "depth", depth, alignof(float))) return s;
    if (int s = ts::require_device_pointer(op, "out", out, alignof(float))) return s;
    if (int s = ts::require_finite(op, "lo", lo)) return s;
    if (int s = ts::require_finite(op, "hi", hi)) return s;
    size_t count = static_cast<size_t>(width) * height;
    if (int s = ts::require_same_or_disjoint(op, "depth", depth, "out", out, count * sizeof(float))) return s;
    // As DepthNormalize.apply: a flat map is hi <= lo; the reciprocal is taken once, in float.
    bool flat = !(hi > lo);
    float inv = flat ? 0.0f : 1.0f / (hi - lo);
    TS_CHECK_CUDA(ts::launch_depth_normalize(stream, depth, out, count, lo, inv, flat));
    return TS_SUCCESS;
}

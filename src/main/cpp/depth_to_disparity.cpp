// C API entry of operator depth_to_disparity (kernel: cuda/depth_to_disparity.cu).
#include <cmath>
#include <cstddef>

#include "tilestereo.h"
#include "ts_errors.h"
#include "ts_launchers.h"

extern "C" int ts_depth_to_disparity(cudaStream_t stream, const float* normalized, float* disparity,
                                     int width, int height, float divergence_percent, float convergence,
                                     float foreground_scale) {
    static const char op[] = "ts_depth_to_disparity";
    ts::clear_error();
    if (int s = ts::require_positive(op, "width", width)) return s;
    if (int s = ts::require_positive(op, "height", height)) return s;
    if (int s = ts::require_pixel_count(op, width, height)) return s;
    if (int s = ts::require_device_pointer(op, "normalized", normalized, alignof(float))) return s;
    if (int s = ts::require_device_pointer(op, "disparity", disparity, alignof(float))) return s;
    // The ranges of org.tilestereo.kernels.DisparityParams.
    if (int s = ts::require_range(op, "divergence_percent", divergence_percent, 0.0f, 20.0f)) return s;
    if (int s = ts::require_range(op, "convergence", convergence, 0.0f, 1.0f)) return s;
    if (int s = ts::require_range(op, "foreground_scale", foreground_scale, -10.0f, 10.0f)) return s;
    size_t count = static_cast<size_t>(width) * static_cast<size_t>(height);
    if (int s = ts::require_same_or_disjoint(op, "normalized", normalized, "disparity", disparity,
                                             count * sizeof(float))) return s;

    // Same float expression as the Java reference: divergencePercent / 100f * width.
    float pixels_per_unit = divergence_percent / 100.0f * static_cast<float>(width);
    double expm1_scale = std::expm1(static_cast<double>(foreground_scale));
    TS_CHECK_CUDA(ts::launch_depth_to_disparity(stream, normalized, disparity, count, pixels_per_unit,
                                                convergence, foreground_scale, expm1_scale));
    return TS_SUCCESS;
}

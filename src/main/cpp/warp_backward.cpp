// C API entry of operator warp_backward (kernel: cuda/warp_backward.cu).
#include "tilestereo.h"
#include "ts_errors.h"
#include "ts_launchers.h"

extern "C" int ts_warp_backward(cudaStream_t stream, const unsigned char* src, const float* disparity, float factor,
                                unsigned char* dst, int width, int height) {
    static const char op[] = "ts_warp_backward";
    ts::clear_error();
    if (int s = ts::require_positive(op, "width", width)) return s;
    if (int s = ts::require_positive(op, "height", height)) return s;
    if (int s = ts::require_pixel_count(op, width, height)) return s;
    if (int s = ts::require_device_pointer(op, "src", src, 1)) return s;
    if (int s = ts::require_device_pointer(op, "disparity", disparity, alignof(float))) return s;
    if (int s = ts::require_device_pointer(op, "dst", dst, 1)) return s;
    if (int s = ts::require_finite(op, "factor", factor)) return s;
    size_t count = static_cast<size_t>(width) * height;
    if (int s = ts::require_disjoint(op, "src", src, 3 * count, "dst", dst, 3 * count)) return s;
    // __restrict__ in the kernel: dst must not overlap the disparity it reads either.
    if (int s = ts::require_disjoint(op, "disparity", disparity, 4 * count, "dst", dst, 3 * count)) return s;
    TS_CHECK_CUDA(ts::launch_warp_backward(stream, src, disparity, factor, dst, width, height));
    return TS_SUCCESS;
}

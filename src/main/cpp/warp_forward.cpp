// C API entry of operator warp_forward (kernels: cuda/warp_forward.cu).
#include "tilestereo.h"
#include "ts_errors.h"
#include "ts_launchers.h"

extern "C" size_t ts_warp_forward_workspace_bytes(int width, int height) {
    if (width <= 0 || height <= 0 || static_cast<long long>(width) * height > 0x7fffffffLL) {
        return 0;
    }
    size_t count = static_cast<size_t>(width) * height;
    return ts::warp_forward_zbuffer_bytes(count) + ts::warp_forward_accumulator_bytes(count);
}

extern "C" int ts_warp_forward(cudaStream_t stream, const unsigned char* src, const float* disparity, float factor,
                               unsigned char* dst, float* target_disparity, int width, int height,
                               void* workspace, size_t workspace_bytes) {
    static const char op[] = "ts_warp_forward";
    ts::clear_error();
    if (int s = ts::require_positive(op, "width", width)) return s;
    if (int s = ts::require_positive(op, "height", height)) return s;
    if (int s = ts::require_pixel_count(op, width, height)) return s;
    if (int s = ts::require_device_pointer(op, "src", src, 1)) return s;
    if (int s = ts::require_device_pointer(op, "disparity", disparity, alignof(float))) return s;
    if (int s = ts::require_device_pointer(op, "dst", dst, 1)) return s;
    if (int s = ts::require_device_pointer(op, "target_disparity", target_disparity, alignof(float))) return s;
    if (int s = ts::require_finite(op, "factor", factor)) return s;
    size_t needed = ts_warp_forward_workspace_bytes(width, height);
    if (int s = ts::require_workspace(op, workspace, workspace_bytes, needed)) return s;
    size_t count = static_cast<size_t>(width) * height;
    if (int s = ts::require_disjoint(op, "src", src, 3 * count, "dst", dst, 3 * count)) return s;
    if (int s = ts::require_disjoint(op, "disparity", disparity, 4 * count, "target_disparity", target_disparity,
                                     4 * count)) return s;
    if (int s = ts::require_disjoint(op, "workspace", workspace, needed, "dst", dst, 3 * count)) return s;
    if (int s = ts::require_disjoint(op, "workspace", workspace, needed, "target_disparity", target_disparity,
                                     4 * count)) return s;
    // __restrict__ in the kernels: every buffer written (dst, target_disparity, workspace) apart from every other.
    if (int s = ts::require_disjoint(op, "src", src, 3 * count, "target_disparity", target_disparity, 4 * count)) return s;
    if (int s = ts::require_disjoint(op, "src", src, 3 * count, "workspace", workspace, needed)) return s;
    if (int s = ts::require_disjoint(op, "disparity", disparity, 4 * count, "dst", dst, 3 * count)) return s;
    if (int s = ts::require_disjoint(op, "disparity", disparity, 4 * count, "workspace", workspace, needed)) return s;
    if (int s = ts::require_disjoint(op, "dst", dst, 3 * count, "target_disparity", target_disparity, 4 * count)) return s;
    TS_CHECK_CUDA(ts::launch_warp_forward(stream, src, disparity, factor, dst, target_disparity, width, height,
                                          workspace));
    return TS_SUCCESS;
}

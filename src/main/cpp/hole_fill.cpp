// C API entry of operator hole_fill (kernel: cuda/hole_fill.cu).
#include "tilestereo.h"
#include "ts_errors.h"
#include "ts_launchers.h"

extern "C" size_t ts_hole_fill_workspace_bytes(int width, int height) {
    if (width <= 0 || height <= 0 || static_cast<long long>(width) * height > 0x7fffffffLL) {
        return 0;
    }
    return static_cast<size_t>(width) * height * sizeof(int);
}

extern "C" int ts_hole_fill(cudaStream_t stream, unsigned char* img, float* target_disparity, const unsigned char* src,
                            int width, int height, void* workspace, size_t workspace_bytes) {
    static const char op[] = "ts_hole_fill";
    ts::clear_error();
    if (int s = ts::require_positive(op, "width", width)) return s;
    if (int s = ts::require_positive(op, "height", height)) return s;
    if (int s = ts::require_pixel_count(op, width, height)) return s;
    if (int s = ts::require_device_pointer(op, "img", img, 1)) return s;
    if (int s = ts::require_device_pointer(op, "target_disparity", target_disparity, alignof(float))) return s;
    if (int s = ts::require_device_pointer(op, "src", src, 1)) return s;
    size_t needed = ts_hole_fill_workspace_bytes(width, height);
    if (int s = ts::require_workspace(op, workspace, workspace_bytes, needed)) return s;
    size_t count = static_cast<size_t>(width) * height;
    if (int s = ts::require_disjoint(op, "img", img, 3 * count, "src", src, 3 * count)) return s;
    if (int s = ts::require_disjoint(op, "img", img, 3 * count, "target_disparity", target_disparity, 4 * count)) return s;
    if (int s = ts::require_disjoint(op, "workspace", workspace, needed, "img", img, 3 * count)) return s;
    if (int s = ts::require_disjoint(op, "workspace", workspace, needed, "target_disparity", target_disparity,
                                     4 * count)) return s;
    // __restrict__ in the kernel: src is read while img, target_disparity and workspace are written.
    if (int s = ts::require_disjoint(op, "target_disparity", target_disparity, 4 * count, "src", src, 3 * count)) return s;
    if (int s = ts::require_disjoint(op, "workspace", workspace, needed, "src", src, 3 * count)) return s;
    TS_CHECK_CUDA(ts::launch_hole_fill(stream, img, target_disparity, src, width, height, static_cast<int*>(workspace)));
    return TS_SUCCESS;
}

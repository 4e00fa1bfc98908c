// C API entry of operator tile_blend (kernel: cuda/tile_blend.cu).
#include "tilestereo.h"
#include "ts_errors.h"
#include "ts_launchers.h"

extern "C" int ts_tile_blend(cudaStream_t stream, const float* tile_depth, int depth_width, int depth_height,
                             const ts_tile_grid* grid, const float* scale, const float* shift, float* out) {
    static const char op[] = "ts_tile_blend";
    ts::clear_error();
    if (int s = ts::require_tile_grid(op, grid)) return s;
    if (int s = ts::require_positive(op, "depth_width", depth_width)) return s;
    if (int s = ts::require_positive(op, "depth_height", depth_height)) return s;
    if (int s = ts::require_device_pointer(op, "tile_depth", tile_depth, alignof(float))) return s;
    if (int s = ts::require_device_pointer(op, "out", out, alignof(float))) return s;
    // Frame rows go into grid y in blocks of 8.
    if (int s = ts::require_at_most(op, "grid image_height", grid->image_height, 8LL * 65535, "8 rows per block, 65535 blocks")) return s;
    if (scale != nullptr) {
        if (int s = ts::require_device_pointer(op, "scale", scale, alignof(float))) return s;
    }
    if (shift != nullptr) {
        if (int s = ts::require_device_pointer(op, "shift", shift, alignof(float))) return s;
    }
    size_t tiles = static_cast<size_t>(grid->cols) * grid->rows;
    size_t depth_bytes = tiles * depth_width * depth_height * sizeof(float);
    size_t out_bytes = static_cast<size_t>(grid->image_width) * grid->image_height * sizeof(float);
    if (int s = ts::require_disjoint(op, "tile_depth", tile_depth, depth_bytes, "out", out, out_bytes)) return s;
    // The kernel declares its buffers __restrict__: what it writes must not overlap what it reads.
    if (scale != nullptr) {
        if (int s = ts::require_disjoint(op, "scale", scale, tiles * sizeof(float), "out", out, out_bytes)) return s;
    }
    if (shift != nullptr) {
        if (int s = ts::require_disjoint(op, "shift", shift, tiles * sizeof(float), "out", out, out_bytes)) return s;
    }

    // Same float expressions as the Java reference: (float) depthWidth / tileWidth.
    float scale_x = static_cast<float>(depth_width) / static_cast<float>(grid->tile_width);
    float scale_y = static_cast<float>(depth_height) / static_cast<float>(grid->tile_height);
    TS_CHECK_CUDA(ts::launch_tile_blend(stream, tile_depth, depth_width, depth_height, *grid, scale_x, scale_y, scale,
                                        shift, out));
    return TS_SUCCESS;
}

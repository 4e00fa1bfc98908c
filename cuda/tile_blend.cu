// Operator tile_blend: tile depth maps back onto the frame with feathered weights, each tile
// aligned by its scale and shift first.
// Reference: org.tilestereo.kernels.java.TileBlend; C API: src/main/cpp/tile_blend.cpp.
#include "ts_device.cuh"
#include "ts_launchers.h"

namespace {

// TileGrid.weight1d, term for term.
__device__ float weight1d(int p, int t0, int length, int overlap) {
    if (overlap == 0) {
        return 1.0f;
    }
    float d = fminf(p - t0 + 0.5f, t0 + length - p - 0.5f);
    float w = (d - overlap * 0.25f) / (overlap * 0.5f);
    return w <= 0.0f ? 0.0f : (w >= 1.0f ? 1.0f : w);
}

// TileBlend.sample: bilinear in one tile's map, clamped to that map's edge.
__device__ float sample(const float* __restrict__ d, int dw, int dh, float u, float v) {
    u = u < 0.0f ? 0.0f : (u > dw - 1 ? dw - 1 : u);
    v = v < 0.0f ? 0.0f : (v > dh - 1 ? dh - 1 : v);
    int x0 = static_cast<int>(u);
    int y0 = static_cast<int>(v);
    float fx = u - x0;
    float fy = v - y0;
    int x1 = min(x0 + 1, dw - 1);
    int y1 = min(y0 + 1, dh - 1);
    float top = ts::lerp(d[y0 * dw + x0], d[y0 * dw + x1], fx);
    float bottom = ts::lerp(d[y1 * dw + x0], d[y1 * dw + x1], fx);
    return ts::lerp(top, bottom, fy);
}

// One thread per frame pixel; it visits the tiles covering it in the reference's order (rows, then
// columns), so the sums round identically.
template <bool Scale, bool Shift>
__global__ void tile_blend(const float* __restrict__ tile_depth, int dw, int dh, ts_tile_grid g, float sx, float sy,
                           const float* __restrict__ scale, const float* __restrict__ shift, float* __restrict__ out) {
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x >= g.image_width || y >= g.image_height) {
        return;
    }
    int step_x = g.tile_width - g.overlap;
    int step_y = g.tile_height - g.overlap;
    int row_lo = max(0, -ts::floor_div(-(y - g.origin_y - g.tile_height + 1), step_y));
    int row_hi = min(g.rows - 1, ts::floor_div(y - g.origin_y, step_y));
    int col_lo = max(0, -ts::floor_div(-(x - g.origin_x - g.tile_width + 1), step_x));
    int col_hi = min(g.cols - 1, ts::floor_div(x - g.origin_x, step_x));
    size_t plane = static_cast<size_t>(dw) * dh;
    float base = 0.0f, sum_w = 0.0f, sum_dev = 0.0f;
    bool have_base = false;
    for (int r = row_lo; r <= row_hi; r++) {
        int ty = g.origin_y + r * step_y;
        float wy = weight1d(y, ty, g.tile_height, g.overlap);
        if (wy == 0.0f) continue;
        for (int c = col_lo; c <= col_hi; c++) {
            int tx = g.origin_x + c * step_x;
            float wgt = wy * weight1d(x, tx, g.tile_width, g.overlap);
            if (wgt == 0.0f) continue;
            int t = r * g.cols + c;
            float v = sample(tile_depth + t * plane, dw, dh, (x - tx + 0.5f) * sx - 0.5f, (y - ty + 0.5f) * sy - 0.5f);
            if (Scale) v *= scale[t];
            if (Shift) v += shift[t];
            if (!have_base) {
                base = v;
                have_base = true;
            }
            sum_w += wgt;
            sum_dev += wgt * (v - base);
        }
    }
    out[static_cast<size_t>(y) * g.image_width + x] = have_base ? base + sum_dev / sum_w : __int_as_float(0x7fc00000);
}

template <bool Scale, bool Shift>
void launch(dim3 blocks, dim3 threads, cudaStream_t stream, const float* tile_depth, int dw, int dh,
            const ts_tile_grid& grid, float sx, float sy, const float* scale, const float* shift, float* out) {
    tile_blend<Scale, Shift><<<blocks, threads, 0, stream>>>(tile_depth, dw, dh, grid, sx, sy, scale, shift, out);
}

}  // namespace

namespace ts {

cudaError_t launch_tile_blend(cudaStream_t stream, const float* tile_depth, int depth_width, int depth_height,
                              const ts_tile_grid& grid, float scale_x, float scale_y, const float* scale,
                              const float* shift, float* out) {
    dim3 threads(32, 8);
    dim3 blocks((grid.image_width + threads.x - 1) / threads.x, (grid.image_height + threads.y - 1) / threads.y);
    switch ((scale != nullptr ? 2 : 0) | (shift != nullptr ? 1 : 0)) {
        case 0: launch<false, false>(blocks, threads, stream, tile_depth, depth_width, depth_height, grid, scale_x, scale_y, scale, shift, out); break;
        case 1: launch<false, true>(blocks, threads, stream, tile_depth, depth_width, depth_height, grid, scale_x, scale_y, scale, shift, out); break;
        case 2: launch<true, false>(blocks, threads, stream, tile_depth, depth_width, depth_height, grid, scale_x, scale_y, scale, shift, out); break;
        default: launch<true, true>(blocks, threads, stream, tile_depth, depth_width, depth_height, grid, scale_x, scale_y, scale, shift, out); break;
    }
    return cudaGetLastError();
}

}  // namespace ts

// Operator tile_extract: tiles of the frame, reflect-101 padded, resampled bilinearly and
// normalised into the model's batched NCHW input.
// Reference: org.tilestereo.kernels.java.TileExtract; C API: src/main/cpp/tile_extract.cpp.
#include "ts_device.cuh"
#include "ts_launchers.h"

namespace {

// One thread per output pixel of one tile (blockIdx.z); it writes that pixel in all three planes.
__global__ void tile_extract(const unsigned char* __restrict__ src, ts_tile_grid grid, int first,
                             int input_width, int input_height, float scale_x, float scale_y,
                             ts::Normalization norm, float* __restrict__ out) {
    int ox = blockIdx.x * blockDim.x + threadIdx.x;
    int oy = blockIdx.y * blockDim.y + threadIdx.y;
    if (ox >= input_width || oy >= input_height) {
        return;
    }
    int k = blockIdx.z;
    int tile = first + k;
    int tile_x = grid.origin_x + (tile % grid.cols) * (grid.tile_width - grid.overlap);
    int tile_y = grid.origin_y + (tile / grid.cols) * (grid.tile_height - grid.overlap);
    int w = grid.image_width;
    int h = grid.image_height;

    float sy = tile_y + (oy + 0.5f) * scale_y - 0.5f;
    int y0 = static_cast<int>(floorf(sy));
    float fy = sy - y0;
    float sx = tile_x + (ox + 0.5f) * scale_x - 0.5f;
    int x0 = static_cast<int>(floorf(sx));
    float fx = sx - x0;
    size_t r0 = static_cast<size_t>(ts::reflect101(y0, h)) * w;
    size_t r1 = static_cast<size_t>(ts::reflect101(y0 + 1, h)) * w;
    int c0 = ts::reflect101(x0, w);
    int c1 = ts::reflect101(x0 + 1, w);

    size_t plane = static_cast<size_t>(input_width) * input_height;
    float* o = out + static_cast<size_t>(k) * 3 * plane + static_cast<size_t>(oy) * input_width + ox;
    for (int c = 0; c < 3; c++) {
        float top = ts::lerp(src[(r0 + c0) * 3 + c], src[(r0 + c1) * 3 + c], fx);
        float bottom = ts::lerp(src[(r1 + c0) * 3 + c], src[(r1 + c1) * 3 + c], fx);
        float v = ts::lerp(top, bottom, fy);
        o[c * plane] = (v / 255.0f - norm.mean[c]) / norm.std[c];
    }
}

}  // namespace

namespace ts {

cudaError_t launch_tile_extract(cudaStream_t stream, const unsigned char* src, const ts_tile_grid& grid, int first,
                                int count, int input_width, int input_height, float scale_x, float scale_y,
                                const Normalization& norm, float* out) {
    dim3 threads(32, 8);
    dim3 blocks((input_width + threads.x - 1) / threads.x, (input_height + threads.y - 1) / threads.y, count);
    tile_extract<<<blocks, threads, 0, stream>>>(src, grid, first, input_width, input_height, scale_x, scale_y,
                                                 norm, out);
    return cudaGetLastError();
}

}  // namespace ts

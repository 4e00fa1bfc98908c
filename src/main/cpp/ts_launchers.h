// Kernel launchers, one per operator, defined beside their kernels in cuda/<op>.cu. They only
// configure and launch (no validation: the C API entries in src/main/cpp/<op>.cpp do that) and
// return the launch's cudaError_t.
#ifndef TS_LAUNCHERS_H
#define TS_LAUNCHERS_H

#include <cstddef>
#include <cuda_runtime_api.h>

#include "tilestereo.h"

namespace ts {

/** Per-channel normalisation of tile_extract, passed to the kernel by value. */
struct Normalization {
    float mean[3];
    float std[3];
};

cudaError_t launch_tile_extract(cudaStream_t stream, const unsigned char* src, const ts_tile_grid& grid, int first,
                                int count, int input_width, int input_height, float scale_x, float scale_y,
                                const Normalization& norm, float* out);

cudaError_t launch_tile_blend(cudaStream_t stream, const float* tile_depth, int depth_width, int depth_height,
                              const ts_tile_grid& grid, float scale_x, float scale_y, const float* scale,
                              const float* shift, float* out);

cudaError_t launch_depth_histogram(cudaStream_t stream, const float* depth, size_t count, ts_depth_stats* result);

/** flat (hi <= lo) makes every finite pixel 0.5; otherwise inv is 1 / (hi - lo), computed in float. */
cudaError_t launch_depth_normalize(cudaStream_t stream, const float* depth, float* out, size_t count, float lo,
                                   float inv, bool flat);

/** foreground_scale 0 selects the identity curve; expm1_scale is expm1((double) foreground_scale). */
cudaError_t launch_depth_to_disparity(cudaStream_t stream, const float* normalized, float* disparity,
                                      size_t count, float pixels_per_unit, float convergence,
                                      float foreground_scale, double expm1_scale);

/** Bytes of each part of the warp_forward workspace for a frame of count pixels. */
size_t warp_forward_zbuffer_bytes(size_t count);
size_t warp_forward_accumulator_bytes(size_t count);

cudaError_t launch_warp_forward(cudaStream_t stream, const unsigned char* src, const float* disparity, float factor,
                                unsigned char* dst, float* target_disparity, int width, int height, void* workspace);

cudaError_t launch_hole_fill(cudaStream_t stream, unsigned char* img, float* target_disparity,
                             const unsigned char* src, int width, int height, int* nearest_left);

cudaError_t launch_warp_backward(cudaStream_t stream, const unsigned char* src, const float* disparity, float factor,
                                 unsigned char* dst, int width, int height);

cudaError_t launch_layout_compose(cudaStream_t stream, const unsigned char* left, const unsigned char* right,
                                  unsigned char* out, int width, int height, ts_layout layout,
                                  const float* srgb_tables);

}  // namespace ts

#endif

// Operator depth_to_disparity: normalised inverse depth to disparity in pixels.
// Reference: org.tilestereo.kernels.java.DepthToDisparity; C API: src/main/cpp/depth_to_disparity.cpp.
#include "ts_launchers.h"

namespace {

// The curve is evaluated in double like DisparityParams.curve, so GPU and Java agree to the bit
// nearly always; it costs little on GPUs with slow FP64 because the kernel is memory bound.
template <bool Curved>
__global__ void depth_to_disparity(const float* __restrict__ normalized, float* __restrict__ disparity,
                                   size_t count, float pixels_per_unit, float convergence,
                                   float scale, double expm1_scale) {
    size_t i = static_cast<size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i >= count) {
        return;
    }
    float n = normalized[i];
    float curve = Curved ? static_cast<float>(expm1(static_cast<double>(scale) * n) / expm1_scale) : n;
    disparity[i] = pixels_per_unit * (curve - convergence);
}

}  // namespace

namespace ts {

cudaError_t launch_depth_to_disparity(cudaStream_t stream, const float* normalized, float* disparity,
                                      size_t count, float pixels_per_unit, float convergence,
                                      float foreground_scale, double expm1_scale) {
    constexpr unsigned threads = 256;
    unsigned blocks = static_cast<unsigned>((count + threads - 1) / threads);
    if (foreground_scale == 0.0f) {
        depth_to_disparity<false><<<blocks, threads, 0, stream>>>(
            normalized, disparity, count, pixels_per_unit, convergence, foreground_scale, expm1_scale);
    } else {
        depth_to_disparity<true><<<blocks, threads, 0, stream>>>(
            normalized, disparity, count, pixels_per_unit, convergence, foreground_scale, expm1_scale);
    }
    return cudaGetLastError();
}

}  // namespace ts

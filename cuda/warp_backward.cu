// Operator warp_backward: the gather warp, dst(x) = src(x - factor * d(x)) along the row.
// Reference: org.tilestereo.kernels.java.WarpBackward; C API: src/main/cpp/warp_backward.cpp.
#include "ts_device.cuh"
#include "ts_launchers.h"

namespace {

constexpr int kThreads = 256;

// One thread per target pixel; rows are packed, so x and the row start come from the flat index.
__global__ void warp_backward(const unsigned char* __restrict__ src, const float* __restrict__ disparity, float factor,
                              unsigned char* __restrict__ dst, int width, size_t count) {
    size_t i = ts::global_index();
    if (i >= count) {
        return;
    }
    int x = static_cast<int>(i % width);
    size_t row = i - x;
    float d = disparity[i];
    float sx = isfinite(d) ? x - factor * d : static_cast<float>(x);
    float max_x = static_cast<float>(width - 1);
    sx = sx < 0.0f ? 0.0f : (sx > max_x ? max_x : sx);
    int i0 = static_cast<int>(sx);
    float f = sx - i0;
    int i1 = i0 + 1 < width ? i0 + 1 : i0;
    const unsigned char* a = src + 3 * (row + i0);
    const unsigned char* b = src + 3 * (row + i1);
    unsigned char* q = dst + 3 * i;
    for (int c = 0; c < 3; c++) {
        q[c] = ts::to_byte(ts::lerp(a[c], b[c], f));
    }
}

}  // namespace

namespace ts {

cudaError_t launch_warp_backward(cudaStream_t stream, const unsigned char* src, const float* disparity, float factor,
                                 unsigned char* dst, int width, int height) {
    size_t count = static_cast<size_t>(width) * height;
    unsigned blocks = static_cast<unsigned>((count + kThreads - 1) / kThreads);
    warp_backward<<<blocks, kThreads, 0, stream>>>(src, disparity, factor, dst, width, count);
    return cudaGetLastError();
}

}  // namespace ts

// Operator hole_fill: every run of holes (NaN disparity) in a row copies its background-side
// neighbour. Reference: org.tilestereo.kernels.java.HoleFill; C API: src/main/cpp/hole_fill.cpp.
//
// One block per row. A left-to-right max-scan gives each pixel the nearest valid column at or left
// of it (kept in the workspace), a right-to-left min-scan the nearest at or right of it; a hole then
// knows both ends of its run. Only valid pixels are read as neighbours and only holes are written,
// so the threads need no order among themselves.
#include <climits>

#include "ts_device.cuh"
#include "ts_launchers.h"

namespace {

constexpr int kThreads = 256;

struct MaxOp {
    __device__ int operator()(int a, int b) const { return a > b ? a : b; }
};

struct MinOp {
    __device__ int operator()(int a, int b) const { return a < b ? a : b; }
};

__global__ void hole_fill(unsigned char* __restrict__ img, float* __restrict__ disp, const unsigned char* __restrict__ src,
                          int width, int* __restrict__ nearest_left) {
    __shared__ int totals[kThreads / 32];
    size_t row = static_cast<size_t>(blockIdx.x) * width;
    float* d = disp + row;
    int* left = nearest_left + row;

    int carry = -1;
    for (int base = 0; base < width; base += kThreads) {
        int x = base + threadIdx.x;
        int valid = x < width && !isnan(d[x]) ? x : -1;
        int chunk;
        int scanned = ts::block_inclusive_scan<kThreads>(valid, MaxOp(), totals, &chunk);
        if (x < width) {
            left[x] = max(scanned, carry);
        }
        carry = max(carry, chunk);
    }

    // Right to left: thread t takes column base - t, so a scan in thread order runs leftwards.
    carry = INT_MAX;
    for (int base = width - 1; base >= 0; base -= kThreads) {
        int x = base - static_cast<int>(threadIdx.x);
        bool hole = x >= 0 && isnan(d[x]);
        int valid = x >= 0 && !hole ? x : INT_MAX;
        int chunk;
        int scanned = ts::block_inclusive_scan<kThreads>(valid, MinOp(), totals, &chunk);
        int right = min(scanned, carry);
        carry = min(carry, chunk);
        if (hole) {
            int l = left[x];
            int r = right == INT_MAX ? -1 : right;
            size_t q = 3 * (row + x);
            if (l < 0 && r < 0) {  // the row has no valid pixel: the unwarped view at the screen plane
                img[q] = src[q];
                img[q + 1] = src[q + 1];
                img[q + 2] = src[q + 2];
                d[x] = 0.0f;
            } else {
                int from = l < 0 ? r : (r < 0 ? l : (d[r] < d[l] ? r : l));
                size_t p = 3 * (row + from);
                img[q] = img[p];
                img[q + 1] = img[p + 1];
                img[q + 2] = img[p + 2];
                d[x] = d[from];
            }
        }
    }
}

}  // namespace

namespace ts {

cudaError_t launch_hole_fill(cudaStream_t stream, unsigned char* img, float* target_disparity,
                             const unsigned char* src, int width, int height, int* nearest_left) {
    hole_fill<<<height, kThreads, 0, stream>>>(img, target_disparity, src, width, nearest_left);
    return cudaGetLastError();
}

}  // namespace ts

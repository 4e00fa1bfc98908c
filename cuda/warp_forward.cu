// Operator warp_forward: forward splatting with a 64-bit atomicMin z-buffer.
// Reference: org.tilestereo.kernels.java.WarpForward (the same passes, one row at a time);
// C API: src/main/cpp/warp_forward.cpp. The passes, each a launch so each sees the last finished:
//   clear    z-buffer to "empty", accumulators to 0;
//   depth    every splat tap atomicMin's its key (nearest disparity high, source column low);
//   resolve  the winner's disparity to target_disparity (NaN where no tap landed);
//   splat    taps within SURFACE_TOLERANCE of their target's winner add weight * colour;
//   shade    the weighted mean, rounded, to dst (black where no tap landed).
#include <cstdint>

#include "ts_device.cuh"
#include "ts_launchers.h"

namespace {

constexpr int kThreads = 256;
// atomicMin on 64 bits takes unsigned long long, which uint64_t is not on every platform.
using Key = unsigned long long;
constexpr Key kEmpty = ~0ull;
constexpr float kSurfaceTolerance = 1.0f;  // StereoKernels.SURFACE_TOLERANCE

// Where one source pixel lands: target i0 with weight 1 - f and i0 + 1 with weight f.
struct Landing {
    bool lands;
    int i0;
    float f;
    float d;
};

__device__ Landing land(const float* __restrict__ disparity, float factor, int x, int width, size_t at) {
    float d = disparity[at];
    d = d == 0.0f ? 0.0f : d;  // -0 and +0: one key, so the tie goes by column
    Landing l = {false, 0, 0.0f, d};
    if (!isfinite(d)) {
        return l;
    }
    float t = x + factor * d;  // two roundings, as in Java (no FMA: -fmad=false)
    if (!(t > -1.0f && t < width)) {
        return l;
    }
    int i0 = static_cast<int>(t);
    if (t < i0) {
        i0--;  // floor for t in (-1, 0)
    }
    l.lands = true;
    l.i0 = i0;
    l.f = t - i0;
    return l;
}

// WarpForward.depthKey: unsigned order is nearest (largest d) first, then the smaller column.
__device__ Key depth_key(float d, int x) {
    uint32_t nearest_first = ~ts::ascending_key(d);
    return (static_cast<Key>(nearest_first) << 32) | static_cast<uint32_t>(x);
}

__device__ float key_disparity(Key key) {
    return ts::from_ascending_key(~static_cast<uint32_t>(key >> 32));
}

__global__ void clear(Key* __restrict__ zbuf, float4* __restrict__ acc, size_t count) {
    size_t i = ts::global_index();
    if (i < count) {
        zbuf[i] = kEmpty;
        acc[i] = make_float4(0.0f, 0.0f, 0.0f, 0.0f);
    }
}

// One thread per source pixel, flat over the frame: a pixel only moves along its row.
__global__ void depth(const float* __restrict__ disparity, float factor, int width, size_t count,
                      Key* __restrict__ zbuf) {
    size_t i = ts::global_index();
    if (i >= count) {
        return;
    }
    int x = static_cast<int>(i % width);
    size_t row = i - x;
    Landing l = land(disparity, factor, x, width, i);
    if (!l.lands) {
        return;
    }
    Key key = depth_key(l.d, x);
    if (l.i0 >= 0 && l.f < 1.0f) {
        atomicMin(&zbuf[row + l.i0], key);
    }
    if (l.i0 + 1 < width && l.f > 0.0f) {
        atomicMin(&zbuf[row + l.i0 + 1], key);
    }
}

__global__ void resolve(const Key* __restrict__ zbuf, float* __restrict__ target_disparity, size_t count) {
    size_t i = ts::global_index();
    if (i < count) {
        Key key = zbuf[i];
        target_disparity[i] = key == kEmpty ? __int_as_float(0x7fc00000) : key_disparity(key);
    }
}

__device__ void add(float4* acc, const unsigned char* rgb, float weight) {
    atomicAdd(&acc->x, weight * rgb[0]);
    atomicAdd(&acc->y, weight * rgb[1]);
    atomicAdd(&acc->z, weight * rgb[2]);
    atomicAdd(&acc->w, weight);
}

__global__ void splat(const unsigned char* __restrict__ src, const float* __restrict__ disparity, float factor,
                      const float* __restrict__ target_disparity, int width, size_t count,
                      float4* __restrict__ acc) {
    size_t i = ts::global_index();
    if (i >= count) {
        return;
    }
    int x = static_cast<int>(i % width);
    size_t row = i - x;
    Landing l = land(disparity, factor, x, width, i);
    if (!l.lands) {
        return;
    }
    const unsigned char* rgb = src + 3 * i;
    if (l.i0 >= 0 && l.f < 1.0f && l.d >= target_disparity[row + l.i0] - kSurfaceTolerance) {
        add(&acc[row + l.i0], rgb, 1.0f - l.f);
    }
    if (l.i0 + 1 < width && l.f > 0.0f && l.d >= target_disparity[row + l.i0 + 1] - kSurfaceTolerance) {
        add(&acc[row + l.i0 + 1], rgb, l.f);
    }
}

__global__ void shade(const float4* __restrict__ acc, unsigned char* __restrict__ dst, size_t count) {
    size_t i = ts::global_index();
    if (i >= count) {
        return;
    }
    float4 a = acc[i];
    unsigned char* q = dst + 3 * i;
    if (a.w > 0.0f) {
        q[0] = ts::to_byte(a.x / a.w);
        q[1] = ts::to_byte(a.y / a.w);
        q[2] = ts::to_byte(a.z / a.w);
    } else {
        q[0] = q[1] = q[2] = 0;
    }
}

size_t align256(size_t bytes) {
    return (bytes + 255) & ~static_cast<size_t>(255);
}

}  // namespace

namespace ts {

size_t warp_forward_zbuffer_bytes(size_t count) {
    return align256(count * sizeof(Key));
}

size_t warp_forward_accumulator_bytes(size_t count) {
    return align256(count * sizeof(float4));
}

cudaError_t launch_warp_forward(cudaStream_t stream, const unsigned char* src, const float* disparity, float factor,
                                unsigned char* dst, float* target_disparity, int width, int height, void* workspace) {
    size_t count = static_cast<size_t>(width) * height;
    auto* zbuf = static_cast<Key*>(workspace);
    auto* acc = reinterpret_cast<float4*>(static_cast<char*>(workspace) + warp_forward_zbuffer_bytes(count));
    unsigned blocks = static_cast<unsigned>((count + kThreads - 1) / kThreads);
    clear<<<blocks, kThreads, 0, stream>>>(zbuf, acc, count);
    depth<<<blocks, kThreads, 0, stream>>>(disparity, factor, width, count, zbuf);
    resolve<<<blocks, kThreads, 0, stream>>>(zbuf, target_disparity, count);
    splat<<<blocks, kThreads, 0, stream>>>(src, disparity, factor, target_disparity, width, count, acc);
    shade<<<blocks, kThreads, 0, stream>>>(acc, dst, count);
    return cudaGetLastError();
}

}  // namespace ts

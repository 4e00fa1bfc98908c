// Operator depth_normalize: min/max and a 4096-bin histogram of the finite depths (the host takes
// the percentiles from it), then the per-pixel map to 0..1.
// Reference: org.tilestereo.kernels.java.DepthNormalize; C API: src/main/cpp/depth_normalize.cpp.
#include "ts_device.cuh"
#include "ts_launchers.h"

namespace {

constexpr int kThreads = 256;
constexpr int kBins = TS_DEPTH_HISTOGRAM_BINS;
// Enough blocks to fill any current GPU; each loops over its share of the pixels.
constexpr unsigned kMaxBlocks = 1024;

struct MinMax {
    uint32_t lo, hi;  // ascending keys
};

struct MinMaxOp {
    __device__ MinMax operator()(const MinMax& a, const MinMax& b) const {
        return {a.lo < b.lo ? a.lo : b.lo, a.hi > b.hi ? a.hi : b.hi};
    }
};

// While the statistics run, min and max hold ascending keys (so integer atomics order them).
__device__ uint32_t* min_key(ts_depth_stats* h) { return reinterpret_cast<uint32_t*>(&h->min); }
__device__ uint32_t* max_key(ts_depth_stats* h) { return reinterpret_cast<uint32_t*>(&h->max); }

__global__ void clear(ts_depth_stats* h) {
    for (int i = threadIdx.x; i < kBins; i += blockDim.x) {
        h->bins[i] = 0;
    }
    if (threadIdx.x == 0) {
        *min_key(h) = ts::ascending_key(__int_as_float(0x7f800000));   // +inf
        *max_key(h) = ts::ascending_key(__int_as_float(0xff800000));   // -inf
    }
}

// Each thread folds its share, each warp folds its threads', and one atomic per warp and end
// goes to the result.
__global__ void min_max(const float* __restrict__ depth, size_t count, ts_depth_stats* h) {
    MinMax m = {0xffffffffu, 0u};
    for (size_t i = ts::global_index(); i < count; i += static_cast<size_t>(gridDim.x) * blockDim.x) {
        float x = depth[i];
        if (isfinite(x)) {
            uint32_t k = ts::ascending_key(x == 0.0f ? 0.0f : x);  // -0 is +0
            m = MinMaxOp()(m, {k, k});
        }
    }
    for (int offset = 16; offset > 0; offset >>= 1) {
        m = MinMaxOp()(m, {__shfl_xor_sync(0xffffffffu, m.lo, offset), __shfl_xor_sync(0xffffffffu, m.hi, offset)});
    }
    if ((threadIdx.x & 31) == 0 && m.lo <= m.hi) {
        atomicMin(min_key(h), m.lo);
        atomicMax(max_key(h), m.hi);
    }
}

// Counts into shared memory, then adds the block's non-zero bins to the result.
__global__ void histogram(const float* __restrict__ depth, size_t count, ts_depth_stats* h) {
    __shared__ unsigned int bins[kBins];
    float lo = ts::from_ascending_key(*min_key(h));
    float hi = ts::from_ascending_key(*max_key(h));
    if (!(hi > lo)) {
        return;  // flat or empty: the reference needs no histogram (same answer in every thread)
    }
    for (int i = threadIdx.x; i < kBins; i += blockDim.x) {
        bins[i] = 0;
    }
    __syncthreads();
    float scale = kBins / (hi - lo);
    for (size_t i = ts::global_index(); i < count; i += static_cast<size_t>(gridDim.x) * blockDim.x) {
        float x = depth[i];
        if (isfinite(x)) {
            // DepthNormalize.bin: Java's (int) saturates (NaN -> 0), C++'s is undefined out of range,
            // so clamp in float first (scale is inf when hi - lo is subnormal).
            float t = (x - lo) * scale;
            int b = !(t >= 0.0f) ? 0 : (t >= static_cast<float>(kBins) ? kBins - 1 : static_cast<int>(t));
            atomicAdd(&bins[b], 1u);
        }
    }
    __syncthreads();
    for (int i = threadIdx.x; i < kBins; i += blockDim.x) {
        if (bins[i] != 0) {
            atomicAdd(&h->bins[i], bins[i]);
        }
    }
}

// The keys back to floats, once every block has read them.
__global__ void finish(ts_depth_stats* h) {
    h->min = ts::from_ascending_key(*min_key(h));
    h->max = ts::from_ascending_key(*max_key(h));
}

template <bool Flat>
__global__ void normalize(const float* __restrict__ depth, float* __restrict__ out, size_t count, float lo, float inv) {
    size_t i = ts::global_index();
    if (i >= count) {
        return;
    }
    float x = depth[i];
    float n;
    if (!isfinite(x)) {
        n = 0.0f;
    } else if (Flat) {
        n = 0.5f;
    } else {
        n = (x - lo) * inv;
        n = n < 0.0f ? 0.0f : (n > 1.0f ? 1.0f : n);
    }
    out[i] = n;
}

}  // namespace

namespace ts {

cudaError_t launch_depth_histogram(cudaStream_t stream, const float* depth, size_t count, ts_depth_stats* result) {
    size_t wanted = (count + kThreads * 8 - 1) / (kThreads * 8);
    unsigned blocks = static_cast<unsigned>(wanted < kMaxBlocks ? wanted : kMaxBlocks);
    clear<<<1, kThreads, 0, stream>>>(result);
    min_max<<<blocks, kThreads, 0, stream>>>(depth, count, result);
    histogram<<<blocks, kThreads, 0, stream>>>(depth, count, result);
    finish<<<1, 1, 0, stream>>>(result);
    return cudaGetLastError();
}

cudaError_t launch_depth_normalize(cudaStream_t stream, const float* depth, float* out, size_t count, float lo,
                                   float inv, bool flat) {
    unsigned blocks = static_cast<unsigned>((count + kThreads - 1) / kThreads);
    if (flat) {
        normalize<true><<<blocks, kThreads, 0, stream>>>(depth, out, count, lo, inv);
    } else {
        normalize<false><<<blocks, kThreads, 0, stream>>>(depth, out, count, lo, inv);
    }
    return cudaGetLastError();
}

}  // namespace ts

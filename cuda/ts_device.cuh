// Device helpers shared by the operator kernels: the Java reference's arithmetic, spelled the same
// way. The library is compiled with -fmad=false (cmake/CMakeLists.txt), so a * b + c rounds twice
// here as it does in Java; an FMA would round once and break bit-exact agreement.
#ifndef TS_DEVICE_CUH
#define TS_DEVICE_CUH

#include <cstddef>
#include <cstdint>

namespace ts {

/** One thread per element of a 1-D launch; size_t so that counts past 2^31 cannot wrap. */
__device__ inline size_t global_index() {
    return static_cast<size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
}

/** The reference's bilinear step: a + f * (b - a), so f = 0 returns a exactly. */
__device__ inline float lerp(float a, float b, float f) {
    return a + f * (b - a);
}

/** (int) (v + 0.5f) clamped to 0..255, the reference's rounding of 8-bit results. */
__device__ inline unsigned char to_byte(float v) {
    int i = static_cast<int>(v + 0.5f);
    return static_cast<unsigned char>(i < 0 ? 0 : (i > 255 ? 255 : i));
}

/** Java's Math.floorDiv and Math.floorMod for a positive divisor. */
__device__ inline int floor_div(int a, int b) {
    int q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

__device__ inline int floor_mod(int a, int b) {
    int m = a % b;
    return m < 0 ? m + b : m;
}

/** TileExtract.reflect101: mirror p into [0, n) without repeating the edge, any distance. */
__device__ inline int reflect101(int p, int n) {
    if (p >= 0 && p < n) {
        return p;
    }
    if (n == 1) {
        return 0;
    }
    int period = 2 * (n - 1);
    int m = floor_mod(p, period);
    return m < n ? m : period - m;
}

/** Float bits mapped so that unsigned order is float order (negatives flip all bits). */
__device__ inline uint32_t ascending_key(float v) {
    uint32_t bits = __float_as_uint(v);
    return (bits & 0x80000000u) ? ~bits : (bits | 0x80000000u);
}

__device__ inline float from_ascending_key(uint32_t key) {
    return __uint_as_float((key & 0x80000000u) ? (key & 0x7fffffffu) : ~key);
}

/**
 * Inclusive scan of v over a block of Threads threads (a multiple of 32) with an associative op;
 * also gives the block's total. totals: Threads / 32 ints of shared memory. Every thread of the
 * block must call it. Hand-written rather than CUB's BlockScan, which triples the compile time.
 */
template <int Threads, typename T, typename Op>
__device__ T block_inclusive_scan(T v, Op op, T* totals, T* block_total) {
    constexpr int kWarps = Threads / 32;
    int lane = threadIdx.x & 31;
    int warp = threadIdx.x >> 5;
    for (int offset = 1; offset < 32; offset <<= 1) {
        T other = __shfl_up_sync(0xffffffffu, v, offset);
        if (lane >= offset) v = op(other, v);
    }
    if (lane == 31) totals[warp] = v;
    __syncthreads();
    if (warp == 0) {
        T t = totals[lane < kWarps ? lane : kWarps - 1];
        for (int offset = 1; offset < kWarps; offset <<= 1) {
            T other = __shfl_up_sync(0xffffffffu, t, offset);
            if (lane >= offset) t = op(other, t);
        }
        if (lane < kWarps) totals[lane] = t;
    }
    __syncthreads();
    if (warp > 0) v = op(totals[warp - 1], v);
    *block_total = totals[kWarps - 1];
    __syncthreads();  // totals may be reused by the next call
    return v;
}

}  // namespace ts

#endif

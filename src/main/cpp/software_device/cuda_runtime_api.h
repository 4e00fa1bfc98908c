// The software CUDA device: what the kernels in cuda/*.cu and the C API in src/main/cpp/ need of
// CUDA, emulated on the CPU so that the same sources, compiled by the host C++ compiler, run in CI
// machines without a GPU. It stands in for <cuda_runtime_api.h> (its folder comes first on the
// include path of the software flavour only); cmake/software-device-source.cmake rewrites each
// kernel launch `k<<<grid, block, shared, stream>>>(args)` into `::ts_sw::Launch(grid, block,
// shared, stream).of(k)(args)`, nothing else.
//
// The execution model (software_device/execution.cpp):
//  - every stream is a worker thread that runs its queue in order; events are completion flags;
//  - a launch runs its blocks one after another on the stream's worker; the threads of a block are
//    fibers that switch only at __syncthreads and the warp primitives, so shared memory
//    (`__shared__` = a thread_local of the worker) and barriers behave as on a GPU;
//  - device memory is host memory; atomics are real atomics.
// It proves logic and ordering, not speed: nothing measured on it is a GPU figure.
#ifndef TS_SOFTWARE_DEVICE_CUDA_RUNTIME_API_H
#define TS_SOFTWARE_DEVICE_CUDA_RUNTIME_API_H

#include <climits>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <tuple>
#include <type_traits>
#include <utility>

#define TS_SOFTWARE_DEVICE 1
#define CUDART_VERSION 0

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __constant__
// One block runs at a time on a worker thread, so a thread_local is the block's shared memory.
#define __shared__ static thread_local

typedef enum cudaError {
    cudaSuccess = 0,
    cudaErrorInvalidValue = 1,
    cudaErrorMemoryAllocation = 2,
    cudaErrorInvalidConfiguration = 9,
    cudaErrorInvalidResourceHandle = 400,
    cudaErrorNotReady = 600,
    cudaErrorLaunchFailure = 719
} cudaError_t;

typedef struct CUstream_st* cudaStream_t;
typedef struct CUevent_st* cudaEvent_t;

struct dim3 {
    unsigned x, y, z;
    constexpr dim3(unsigned vx = 1, unsigned vy = 1, unsigned vz = 1) : x(vx), y(vy), z(vz) {}
};

struct alignas(16) float4 {
    float x, y, z, w;
};

inline float4 make_float4(float x, float y, float z, float w) {
    return float4{x, y, z, w};
}

using std::expm1;
using std::isfinite;
using std::isnan;

inline int min(int a, int b) { return a < b ? a : b; }
inline int max(int a, int b) { return a > b ? a : b; }

template <typename To, typename From>
inline To ts_sw_bit_cast(From v) {
    static_assert(sizeof(To) == sizeof(From), "same size");
    To out;
    std::memcpy(&out, &v, sizeof out);
    return out;
}
inline float __int_as_float(int v) { return ts_sw_bit_cast<float>(v); }
inline int __float_as_int(float v) { return ts_sw_bit_cast<int>(v); }
inline float __uint_as_float(unsigned v) { return ts_sw_bit_cast<float>(v); }
inline unsigned __float_as_uint(float v) { return ts_sw_bit_cast<unsigned>(v); }

const char* cudaGetErrorName(cudaError_t error);
const char* cudaGetErrorString(cudaError_t error);
/** The error of the last launch of this thread (a configuration the device rejects), cleared. */
cudaError_t cudaGetLastError(void);

namespace ts_sw {

// Set by the scheduler before it resumes a fiber (threadIdx) or starts a block (the others).
extern thread_local dim3 thread_idx;
extern thread_local dim3 block_idx;
extern thread_local dim3 block_dim;
extern thread_local dim3 grid_dim;

void sync_block();
/** Every live lane of the calling thread's warp has posted value; returns what lane src posted. */
uint64_t exchange(uint64_t value, int src_lane);
unsigned lane_id();

template <typename T>
T shuffle_from(T v, int src_lane) {
    static_assert(sizeof(T) <= 8 && std::is_trivially_copyable<T>::value, "shuffles move up to 8 bytes");
    uint64_t bits = 0;
    std::memcpy(&bits, &v, sizeof v);
    uint64_t got = exchange(bits, src_lane);
    T out;
    std::memcpy(&out, &got, sizeof out);
    return out;
}

struct LaunchConfig {
    dim3 grid;
    dim3 block;
    size_t shared_bytes;
    cudaStream_t stream;
};

/** Queues body on the stream: run once per thread of every block of the grid. */
void enqueue_kernel(const LaunchConfig& config, std::function<void()> body);

template <typename... P>
struct KernelCall {
    LaunchConfig config;
    void (*kernel)(P...);

    template <typename... A>
    void operator()(A&&... args) const {
        // Converted now, as a call converts its arguments: the launch keeps copies, like CUDA.
        std::tuple<std::decay_t<P>...> values(std::forward<A>(args)...);
        auto k = kernel;
        enqueue_kernel(config, [k, values]() { std::apply(k, values); });
    }
};

struct Launch {
    LaunchConfig config;
    Launch(dim3 grid, dim3 block, size_t shared_bytes = 0, cudaStream_t stream = nullptr)
        : config{grid, block, shared_bytes, stream} {}

    template <typename... P>
    KernelCall<P...> of(void (*kernel)(P...)) const {
        return KernelCall<P...>{config, kernel};
    }
};

template <typename T>
T atomic_update(T* address, T value, T (*op)(T, T)) {
    using Bits = std::conditional_t<sizeof(T) == 8, unsigned long long, unsigned int>;
    static_assert(sizeof(T) == sizeof(Bits), "4 or 8 bytes");
    Bits* word = reinterpret_cast<Bits*>(address);
    Bits old = __atomic_load_n(word, __ATOMIC_RELAXED);
    for (;;) {
        T current = ts_sw_bit_cast<T>(old);
        Bits next = ts_sw_bit_cast<Bits>(op(current, value));
        if (__atomic_compare_exchange_n(word, &old, next, true, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
            return current;
        }
    }
}

}  // namespace ts_sw

#define threadIdx (::ts_sw::thread_idx)
#define blockIdx (::ts_sw::block_idx)
#define blockDim (::ts_sw::block_dim)
#define gridDim (::ts_sw::grid_dim)
#define warpSize 32

inline void __syncthreads() {
    ::ts_sw::sync_block();
}

template <typename T>
T __shfl_sync(unsigned /*mask*/, T v, int src_lane) {
    return ::ts_sw::shuffle_from(v, src_lane & 31);
}

template <typename T>
T __shfl_up_sync(unsigned /*mask*/, T v, unsigned delta) {
    int lane = static_cast<int>(::ts_sw::lane_id());
    int src = lane - static_cast<int>(delta);
    T got = ::ts_sw::shuffle_from(v, src < 0 ? lane : src);
    return src < 0 ? v : got;
}

template <typename T>
T __shfl_down_sync(unsigned /*mask*/, T v, unsigned delta) {
    int lane = static_cast<int>(::ts_sw::lane_id());
    int src = lane + static_cast<int>(delta);
    T got = ::ts_sw::shuffle_from(v, src > 31 ? lane : src);
    return src > 31 ? v : got;
}

template <typename T>
T __shfl_xor_sync(unsigned /*mask*/, T v, int lane_mask) {
    return ::ts_sw::shuffle_from(v, static_cast<int>(::ts_sw::lane_id()) ^ (lane_mask & 31));
}

template <typename T>
T atomicMin(T* address, T value) {
    return ::ts_sw::atomic_update<T>(address, value, [](T a, T b) { return b < a ? b : a; });
}

template <typename T>
T atomicMax(T* address, T value) {
    return ::ts_sw::atomic_update<T>(address, value, [](T a, T b) { return b > a ? b : a; });
}

template <typename T>
T atomicAdd(T* address, T value) {
    return ::ts_sw::atomic_update<T>(address, value, [](T a, T b) { return a + b; });
}

#endif

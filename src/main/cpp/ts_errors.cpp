#include "ts_errors.h"

#include <climits>
#include <cstdarg>
#include <cstdint>
#include <cstdio>

namespace {
// A fixed buffer per thread: recording a failure must not allocate.
thread_local char last_message[1024];
}  // namespace

namespace ts {

void clear_error() {
    last_message[0] = '\0';
}

int fail(int status, const char* format, ...) {
    va_list args;
    va_start(args, format);
    std::vsnprintf(last_message, sizeof last_message, format, args);
    va_end(args);
    return status;
}

int fail_cuda(const char* call, cudaError_t error) {
    return fail(TS_ERROR_CUDA, "%s failed: %s (%d): %s", call, cudaGetErrorName(error),
                static_cast<int>(error), cudaGetErrorString(error));
}

int require_device_pointer(const char* op, const char* name, const void* p, size_t alignment) {
    if (p == nullptr) {
        return fail(TS_ERROR_INVALID_ARGUMENT, "%s: %s is a null pointer, expected a device buffer", op, name);
    }
    if (reinterpret_cast<std::uintptr_t>(p) % alignment != 0) {
        return fail(TS_ERROR_INVALID_ARGUMENT, "%s: %s (%p) is not aligned to %zu bytes", op, name, p, alignment);
    }
    return TS_SUCCESS;
}

int require_positive(const char* op, const char* name, int value) {
    if (value <= 0) {
        return fail(TS_ERROR_INVALID_ARGUMENT, "%s: %s is %d, expected a positive size", op, name, value);
    }
    return TS_SUCCESS;
}

int require_pixel_count(const char* op, int width, int height) {
    long long pixels = static_cast<long long>(width) * height;
    if (pixels > INT_MAX) {
        return fail(TS_ERROR_INVALID_ARGUMENT, "%s: %dx%d is %lld pixels, expected at most %d", op, width, height,
                    pixels, INT_MAX);
    }
    return TS_SUCCESS;
}

int require_range(const char* op, const char* name, float value, float lo, float hi) {
    // Written so that NaN fails too.
    if (!(value >= lo && value <= hi)) {
        return fail(TS_ERROR_INVALID_ARGUMENT, "%s: %s is %g, expected %g..%g", op, name, value, lo, hi);
    }
    return TS_SUCCESS;
}

int require_same_or_disjoint(const char* op, const char* a_name, const void* a, const char* b_name,
                             const void* b, size_t bytes) {
    std::uintptr_t x = reinterpret_cast<std::uintptr_t>(a);
    std::uintptr_t y = reinterpret_cast<std::uintptr_t>(b);
    if (x != y && x < y + bytes && y < x + bytes) {
        return fail(TS_ERROR_INVALID_ARGUMENT,
                    "%s: %s (%p) and %s (%p) overlap within %zu bytes, expected the same buffer or disjoint ones",
                    op, a_name, a, b_name, b, bytes);
    }
    return TS_SUCCESS;
}

}  // namespace ts

extern "C" const char* ts_last_error_message(void) {
    return last_message;
}

#include "ts_errors.h"

#include <climits>
#include <cmath>
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
    // A non-sticky error stays as the runtime's last error: clear it, or the next launch's check
    // (cudaGetLastError) would report this failure as its own.
    cudaGetLastError();
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

int require_disjoint(const char* op, const char* a_name, const void* a, size_t a_bytes, const char* b_name,
                     const void* b, size_t b_bytes) {
    std::uintptr_t x = reinterpret_cast<std::uintptr_t>(a);
    std::uintptr_t y = reinterpret_cast<std::uintptr_t>(b);
    if (x < y + b_bytes && y < x + a_bytes) {
        return fail(TS_ERROR_INVALID_ARGUMENT, "%s: %s (%p, %zu bytes) and %s (%p, %zu bytes) overlap, expected separate buffers",
                    op, a_name, a, a_bytes, b_name, b, b_bytes);
    }
    return TS_SUCCESS;
}

int require_at_most(const char* op, const char* name, long long value, long long limit, const char* why) {
    if (value > limit) {
        return fail(TS_ERROR_INVALID_ARGUMENT, "%s: %s is %lld, expected at most %lld (%s)", op, name, value, limit, why);
    }
    return TS_SUCCESS;
}

int require_finite(const char* op, const char* name, float value) {
    if (!std::isfinite(value)) {
        return fail(TS_ERROR_INVALID_ARGUMENT, "%s: %s is %g, expected a finite number", op, name, value);
    }
    return TS_SUCCESS;
}

int require_workspace(const char* op, const void* workspace, size_t bytes, size_t needed) {
    if (int s = require_device_pointer(op, "workspace", workspace, 256)) return s;
    if (bytes < needed) {
        return fail(TS_ERROR_INVALID_ARGUMENT, "%s: workspace holds %zu bytes, expected at least %zu (the *_workspace_bytes query)",
                    op, bytes, needed);
    }
    return TS_SUCCESS;
}

int require_tile_grid(const char* op, const ts_tile_grid* g) {
    if (g == nullptr) {
        return fail(TS_ERROR_INVALID_ARGUMENT, "%s: grid is a null pointer, expected a ts_tile_grid in host memory", op);
    }
    if (int s = require_positive(op, "grid image_width", g->image_width)) return s;
    if (int s = require_positive(op, "grid image_height", g->image_height)) return s;
    if (int s = require_pixel_count(op, g->image_width, g->image_height)) return s;
    if (int s = require_positive(op, "grid cols", g->cols)) return s;
    if (int s = require_positive(op, "grid rows", g->rows)) return s;
    if (g->overlap < 0 || g->overlap % 2 != 0) {
        return fail(TS_ERROR_INVALID_ARGUMENT, "%s: grid overlap is %d, expected 0 or an even number", op, g->overlap);
    }
    if (g->tile_width <= 2 * g->overlap || g->tile_height <= 2 * g->overlap) {
        return fail(TS_ERROR_INVALID_ARGUMENT, "%s: grid tile %dx%d must be more than twice the overlap %d on each side",
                    op, g->tile_width, g->tile_height, g->overlap);
    }
    // Every pixel lies in some tile: the grid's first tiles start at or before the image and its
    // last ones end at or after it (what TileGrid.of and TileGrid.whole produce).
    long long end_x = g->origin_x + static_cast<long long>(g->cols) * (g->tile_width - g->overlap) + g->overlap;
    long long end_y = g->origin_y + static_cast<long long>(g->rows) * (g->tile_height - g->overlap) + g->overlap;
    if (g->origin_x > 0 || g->origin_y > 0 || end_x < g->image_width || end_y < g->image_height) {
        return fail(TS_ERROR_INVALID_ARGUMENT,
                    "%s: grid of %dx%d tiles of %dx%d from (%d, %d) covers up to (%lld, %lld), expected all of the %dx%d image",
                    op, g->cols, g->rows, g->tile_width, g->tile_height, g->origin_x, g->origin_y, end_x, end_y,
                    g->image_width, g->image_height);
    }
    return TS_SUCCESS;
}

}  // namespace ts

extern "C" const char* ts_last_error_message(void) {
    return last_message;
}

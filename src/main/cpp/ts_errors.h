// Status reporting shared by the C API entries: the one CUDA check macro and the argument checks.
#ifndef TS_ERRORS_H
#define TS_ERRORS_H

#include <cstddef>
#include <cuda_runtime_api.h>

#include "tilestereo.h"

namespace ts {

/** Forgets the previous failure: every entry calls this first, so the message belongs to it. */
void clear_error();

/** Records a printf-style message for ts_last_error_message() and returns status. */
int fail(int status, const char* format, ...) __attribute__((format(printf, 2, 3)));

/** Records "<call> failed: <cudaErrorName> (<code>): <description>" and returns TS_ERROR_CUDA. */
int fail_cuda(const char* call, cudaError_t error);

// Argument checks: TS_SUCCESS, or a failure naming operator, argument, value and expectation.
int require_device_pointer(const char* op, const char* name, const void* p, size_t alignment);
int require_positive(const char* op, const char* name, int value);
/** width * height must stay within what one launch of one thread per pixel covers (INT_MAX). */
int require_pixel_count(const char* op, int width, int height);
int require_range(const char* op, const char* name, float value, float lo, float hi);
/** Two buffers of bytes each must be the same buffer (in place) or not overlap at all. */
int require_same_or_disjoint(const char* op, const char* a_name, const void* a, const char* b_name,
                             const void* b, size_t bytes);
/** Buffers [a, a + a_bytes) and [b, b + b_bytes) must not share a byte. */
int require_disjoint(const char* op, const char* a_name, const void* a, size_t a_bytes, const char* b_name,
                     const void* b, size_t b_bytes);
int require_at_most(const char* op, const char* name, long long value, long long limit, const char* why);
int require_finite(const char* op, const char* name, float value);
/** A caller's workspace: a device pointer aligned to 256 bytes holding at least needed bytes. */
int require_workspace(const char* op, const void* workspace, size_t bytes, size_t needed);
/** A host pointer to a ts_tile_grid whose fields are those TileGrid produces. */
int require_tile_grid(const char* op, const ts_tile_grid* grid);

}  // namespace ts

// The one error check: a failing CUDA call returns TS_ERROR_CUDA from the enclosing entry,
// with the call's text and the CUDA error in the message.
#define TS_CHECK_CUDA(call)                                  \
    do {                                                     \
        cudaError_t ts_check_error_ = (call);                \
        if (ts_check_error_ != cudaSuccess) {                \
            return ts::fail_cuda(#call, ts_check_error_);    \
        }                                                    \
    } while (0)

#endif

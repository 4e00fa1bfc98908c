// C API entry of operator layout_compose (kernel: cuda/layout_compose.cu).
#include "tilestereo.h"
#include "ts_errors.h"
#include "ts_launchers.h"

extern "C" int ts_layout_compose(cudaStream_t stream, const unsigned char* left, const unsigned char* right,
                                 unsigned char* out, int width, int height, int layout, const float* srgb_tables) {
    static const char op[] = "ts_layout_compose";
    ts::clear_error();
    if (int s = ts::require_positive(op, "width", width)) return s;
    if (int s = ts::require_positive(op, "height", height)) return s;
    if (layout < TS_LAYOUT_SBS || layout > TS_LAYOUT_RIGHT) {
        return ts::fail(TS_ERROR_INVALID_ARGUMENT, "%s: layout is %d, expected a ts_layout (%d..%d)", op, layout,
                        TS_LAYOUT_SBS, TS_LAYOUT_RIGHT);
    }
    // SBS and TB outputs hold two eyes.
    long long pixels = static_cast<long long>(width) * height;
    long long out_pixels = (layout == TS_LAYOUT_SBS || layout == TS_LAYOUT_TB) ? 2 * pixels : pixels;
    if (int s = ts::require_at_most(op, "output pixels", out_pixels, 0x7fffffffLL, "one thread per output pixel")) return s;
    if (layout == TS_LAYOUT_HSBS && width < 2) {
        return ts::fail(TS_ERROR_INVALID_ARGUMENT, "%s: layout hsbs needs eyes at least 2 pixels wide, got %dx%d", op,
                        width, height);
    }
    if (layout == TS_LAYOUT_HTB && height < 2) {
        return ts::fail(TS_ERROR_INVALID_ARGUMENT, "%s: layout htb needs eyes at least 2 pixels high, got %dx%d", op,
                        width, height);
    }
    if (int s = ts::require_device_pointer(op, "left", left, 1)) return s;
    if (int s = ts::require_device_pointer(op, "right", right, 1)) return s;
    if (int s = ts::require_device_pointer(op, "out", out, 1)) return s;
    if (layout == TS_LAYOUT_ANAGLYPH) {
        if (int s = ts::require_device_pointer(op, "srgb_tables", srgb_tables, alignof(float))) return s;
    }
    size_t eye_bytes = 3 * static_cast<size_t>(pixels);
    size_t out_bytes = 3 * static_cast<size_t>(out_pixels);
    if (int s = ts::require_disjoint(op, "left", left, eye_bytes, "out", out, out_bytes)) return s;
    if (int s = ts::require_disjoint(op, "right", right, eye_bytes, "out", out, out_bytes)) return s;
    if (layout == TS_LAYOUT_ANAGLYPH) {  // __restrict__ in the kernel: the tables must not overlap out
        if (int s = ts::require_disjoint(op, "srgb_tables", srgb_tables, TS_SRGB_TABLE_FLOATS * sizeof(float), "out", out,
                                         out_bytes)) return s;
    }
    TS_CHECK_CUDA(ts::launch_layout_compose(stream, left, right, out, width, height, static_cast<ts_layout>(layout),
                                            srgb_tables));
    return TS_SUCCESS;
}

// Operator layout_compose: the two eyes arranged side by side, top and bottom, squeezed, as an
// anaglyph, or one alone. Reference: org.tilestereo.kernels.java.LayoutCompose;
// C API: src/main/cpp/layout_compose.cpp.
#include "ts_device.cuh"
#include "ts_launchers.h"

namespace {

constexpr int kThreads = 256;

// Dubois' red-cyan matrices, row-major (LayoutCompose.DUBOIS_LEFT / DUBOIS_RIGHT).
__constant__ float kDuboisLeft[9] = {0.456f, 0.500f, 0.176f, -0.040f, -0.038f, -0.016f, -0.015f, -0.021f, -0.005f};
__constant__ float kDuboisRight[9] = {-0.043f, -0.088f, -0.002f, 0.378f, 0.734f, -0.018f, -0.072f, -0.113f, 1.226f};

__device__ void copy_pixel(unsigned char* q, const unsigned char* p) {
    q[0] = p[0];
    q[1] = p[1];
    q[2] = p[2];
}

// Linear squeeze between two pixels (stride apart) at position s of an axis of n samples, as
// LayoutCompose.halfWidthRow / halfHeightRow: clamp, floor, a + f * (b - a), round.
__device__ void squeezed_pixel(unsigned char* q, const unsigned char* line, int j, int n, int half, size_t stride) {
    float scale = static_cast<float>(n) / static_cast<float>(half);
    float s = (j + 0.5f) * scale - 0.5f;
    s = s < 0.0f ? 0.0f : (s > n - 1 ? n - 1 : s);
    int i0 = static_cast<int>(s);
    float f = s - i0;
    int i1 = i0 + 1 < n ? i0 + 1 : i0;
    const unsigned char* a = line + i0 * stride;
    const unsigned char* b = line + i1 * stride;
    for (int c = 0; c < 3; c++) {
        q[c] = ts::to_byte(ts::lerp(a[c], b[c], f));
    }
}

// LayoutCompose.linearToSrgbByte: the number of rounding bounds v reaches is the code (binary
// search over the 255 increasing bounds instead of the reference's bucket table: same answer).
__device__ unsigned char linear_to_srgb(float v, const float* __restrict__ bounds) {
    if (!(v > 0.0f)) return 0;
    if (v >= 1.0f) return 255;
    int lo = 0, hi = 255;  // answer in [lo, hi]: bounds[1..lo] <= v, bounds[hi+1..255] > v
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (v >= bounds[mid]) lo = mid; else hi = mid - 1;
    }
    return static_cast<unsigned char>(lo);
}

__device__ void anaglyph_pixel(unsigned char* q, const unsigned char* l, const unsigned char* r,
                               const float* __restrict__ tables) {
    float lr = tables[l[0]], lg = tables[l[1]], lb = tables[l[2]];
    float rr = tables[r[0]], rg = tables[r[1]], rb = tables[r[2]];
    for (int c = 0; c < 3; c++) {
        int k = 3 * c;
        float v = kDuboisLeft[k] * lr + kDuboisLeft[k + 1] * lg + kDuboisLeft[k + 2] * lb
                + kDuboisRight[k] * rr + kDuboisRight[k + 1] * rg + kDuboisRight[k + 2] * rb;
        q[c] = linear_to_srgb(v, tables + 256);
    }
}

// One thread per output pixel; ow x oh is the output size.
template <ts_layout L>
__global__ void compose(const unsigned char* __restrict__ left, const unsigned char* __restrict__ right,
                        unsigned char* __restrict__ out, int w, int h, int ow, size_t count,
                        const float* __restrict__ tables) {
    size_t i = ts::global_index();
    if (i >= count) {
        return;
    }
    int x = static_cast<int>(i % ow);
    int y = static_cast<int>(i / ow);
    unsigned char* q = out + 3 * i;
    size_t eye_row = static_cast<size_t>(y) * w;
    if (L == TS_LAYOUT_SBS) {
        copy_pixel(q, x < w ? left + 3 * (eye_row + x) : right + 3 * (eye_row + x - w));
    } else if (L == TS_LAYOUT_TB) {
        copy_pixel(q, y < h ? left + 3 * i : right + 3 * (i - static_cast<size_t>(w) * h));
    } else if (L == TS_LAYOUT_LEFT) {
        copy_pixel(q, left + 3 * i);
    } else if (L == TS_LAYOUT_RIGHT) {
        copy_pixel(q, right + 3 * i);
    } else if (L == TS_LAYOUT_HSBS) {
        int half = w / 2;
        const unsigned char* eye = x < half ? left : right;
        squeezed_pixel(q, eye + 3 * eye_row, x < half ? x : x - half, w, half, 3);
    } else if (L == TS_LAYOUT_HTB) {
        int half = h / 2;
        const unsigned char* eye = y < half ? left : right;
        squeezed_pixel(q, eye + 3 * static_cast<size_t>(x), y < half ? y : y - half, h, half, 3 * static_cast<size_t>(w));
    } else {
        anaglyph_pixel(q, left + 3 * i, right + 3 * i, tables);
    }
}

template <ts_layout L>
void launch(cudaStream_t stream, const unsigned char* left, const unsigned char* right, unsigned char* out,
            int w, int h, int ow, size_t count, const float* tables) {
    unsigned blocks = static_cast<unsigned>((count + kThreads - 1) / kThreads);
    compose<L><<<blocks, kThreads, 0, stream>>>(left, right, out, w, h, ow, count, tables);
}

}  // namespace

namespace ts {

cudaError_t launch_layout_compose(cudaStream_t stream, const unsigned char* left, const unsigned char* right,
                                  unsigned char* out, int width, int height, ts_layout layout,
                                  const float* srgb_tables) {
    size_t w = width, h = height;
    switch (layout) {
        case TS_LAYOUT_SBS: launch<TS_LAYOUT_SBS>(stream, left, right, out, width, height, 2 * width, 2 * w * h, srgb_tables); break;
        case TS_LAYOUT_HSBS: launch<TS_LAYOUT_HSBS>(stream, left, right, out, width, height, 2 * (width / 2), 2 * (w / 2) * h, srgb_tables); break;
        case TS_LAYOUT_TB: launch<TS_LAYOUT_TB>(stream, left, right, out, width, height, width, 2 * w * h, srgb_tables); break;
        case TS_LAYOUT_HTB: launch<TS_LAYOUT_HTB>(stream, left, right, out, width, height, width, w * 2 * (h / 2), srgb_tables); break;
        case TS_LAYOUT_ANAGLYPH: launch<TS_LAYOUT_ANAGLYPH>(stream, left, right, out, width, height, width, w * h, srgb_tables); break;
        case TS_LAYOUT_LEFT: launch<TS_LAYOUT_LEFT>(stream, left, right, out, width, height, width, w * h, srgb_tables); break;
        case TS_LAYOUT_RIGHT: launch<TS_LAYOUT_RIGHT>(stream, left, right, out, width, height, width, w * h, srgb_tables); break;
        default: return cudaErrorInvalidValue;  // the C API rejects other values first
    }
    return cudaGetLastError();
}

}  // namespace ts

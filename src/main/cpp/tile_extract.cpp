// C API entry of operator tile_extract (kernel: cuda/tile_extract.cu).
#include <cmath>

#include "tilestereo.h"
#include "ts_errors.h"
#include "ts_launchers.h"

extern "C" int ts_tile_extract(cudaStream_t stream, const unsigned char* src, const ts_tile_grid* grid, int first,
                               int count, int input_width, int input_height, const float* mean, const float* std,
                               float* out) {
    static const char op[] = "ts_tile_extract";
    ts::clear_error();
    if (int s = ts::require_tile_grid(op, grid)) return s;
    if (int s = ts::require_device_pointer(op, "src", src, 1)) return s;
    if (int s = ts::require_device_pointer(op, "out", out, alignof(float))) return s;
    if (int s = ts::require_positive(op, "input_width", input_width)) return s;
    if (int s = ts::require_positive(op, "input_height", input_height)) return s;
    // The launch puts columns of 32 and rows of 8 threads into grid x and y, tiles into grid z.
    if (int s = ts::require_at_most(op, "input_height", input_height, 8LL * 65535, "8 rows per block, 65535 blocks")) return s;
    if (int s = ts::require_positive(op, "count", count)) return s;
    if (int s = ts::require_at_most(op, "count", count, 65535, "tiles per call")) return s;
    long long tiles = static_cast<long long>(grid->cols) * grid->rows;
    if (first < 0 || first + static_cast<long long>(count) > tiles) {
        return ts::fail(TS_ERROR_INVALID_ARGUMENT, "%s: tiles [%d, %lld) outside the grid's %lld", op, first,
                        first + static_cast<long long>(count), tiles);
    }
    if (mean == nullptr || std == nullptr) {
        return ts::fail(TS_ERROR_INVALID_ARGUMENT, "%s: mean and std must be 3 floats each in host memory", op);
    }
    ts::Normalization norm;
    for (int c = 0; c < 3; c++) {
        if (!(std[c] > 0.0f) || !std::isfinite(std[c]) || !std::isfinite(mean[c])) {
            return ts::fail(TS_ERROR_INVALID_ARGUMENT, "%s: channel %d has mean %g and std %g, expected finite values and std > 0",
                            op, c, mean[c], std[c]);
        }
        norm.mean[c] = mean[c];
        norm.std[c] = std[c];
    }
    size_t in_bytes = static_cast<size_t>(grid->image_width) * grid->image_height * 3;
    size_t out_bytes = static_cast<size_t>(count) * 3 * input_width * input_height * sizeof(float);
    if (int s = ts::require_disjoint(op, "src", src, in_bytes, "out", out, out_bytes)) return s;

    // Same float expressions as the Java reference: (float) tileWidth / inputWidth.
    float scale_x = static_cast<float>(grid->tile_width) / static_cast<float>(input_width);
    float scale_y = static_cast<float>(grid->tile_height) / static_cast<float>(input_height);
    TS_CHECK_CUDA(ts::launch_tile_extract(stream, src, *grid, first, count, input_width, input_height, scale_x,
                                          scale_y, norm, out));
    return TS_SUCCESS;
}

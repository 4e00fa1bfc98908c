// Kernel launchers, one per operator, defined beside their kernels in cuda/<op>.cu. They only
// configure and launch (no validation: the C API entries in src/main/cpp/<op>.cpp do that) and
// return the launch's cudaError_t.
#ifndef TS_LAUNCHERS_H
#define TS_LAUNCHERS_H

#include <cstddef>
#include <cuda_runtime_api.h>

namespace ts {

/** foreground_scale 0 selects the identity curve; expm1_scale is expm1((double) foreground_scale). */
cudaError_t launch_depth_to_disparity(cudaStream_t stream, const float* normalized, float* disparity,
                                      size_t count, float pixels_per_unit, float convergence,
                                      float foreground_scale, double expm1_scale);

}  // namespace ts

#endif

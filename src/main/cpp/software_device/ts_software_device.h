// Internals of the software device shared by its execution model and its device functions.
#ifndef TS_SOFTWARE_DEVICE_H
#define TS_SOFTWARE_DEVICE_H

#include <functional>
#include <string>

#include "cuda_runtime_api.h"

namespace ts_sw {

/** Runs every block of a grid on the calling thread; false, with message, when a block deadlocks. */
bool run_grid(const LaunchConfig& config, const std::function<void()>& body, std::string& message);

}  // namespace ts_sw

#endif

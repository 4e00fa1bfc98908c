// The device functions of the C API on the CUDA runtime (the CUDA device's library only).
#include <cstdio>
#include <cuda_runtime_api.h>

#include "tilestereo.h"
#include "ts_errors.h"

extern "C" {

int ts_device_versions(int* driver_version, int* runtime_version) {
    ts::clear_error();
    *driver_version = 0;
    *runtime_version = 0;
    // The driver's version is 0 without a driver; that is an answer, not a failure.
    if (cudaDriverGetVersion(driver_version) != cudaSuccess) *driver_version = 0;
    if (cudaRuntimeGetVersion(runtime_version) != cudaSuccess) *runtime_version = 0;
    cudaGetLastError();
    return TS_SUCCESS;
}

int ts_device_count(int* count) {
    ts::clear_error();
    *count = 0;
    cudaError_t e = cudaGetDeviceCount(count);
    if (e != cudaSuccess) {
        cudaGetLastError();  // reported here; leave nothing pending
        return ts::fail_cuda("cudaGetDeviceCount", e);
    }
    return TS_SUCCESS;
}

int ts_device_current(int* index) {
    ts::clear_error();
    TS_CHECK_CUDA(cudaGetDevice(index));
    return TS_SUCCESS;
}

int ts_device_set(int index) {
    ts::clear_error();
    TS_CHECK_CUDA(cudaSetDevice(index));
    return TS_SUCCESS;
}

int ts_device_properties(int index, char* name, int name_bytes, int* major, int* minor, int* multiprocessors,
                         size_t* total_bytes, size_t* free_bytes) {
    ts::clear_error();
    cudaDeviceProp prop;
    TS_CHECK_CUDA(cudaGetDeviceProperties(&prop, index));
    int current = 0;
    TS_CHECK_CUDA(cudaGetDevice(&current));
    if (index == current) {
        TS_CHECK_CUDA(cudaMemGetInfo(free_bytes, total_bytes));
    } else {
        // Free memory needs a context on that GPU (hundreds of MB each); only the device in use is asked.
        *total_bytes = prop.totalGlobalMem;
        *free_bytes = 0;
    }
    std::snprintf(name, static_cast<size_t>(name_bytes), "%s", prop.name);
    *major = prop.major;
    *minor = prop.minor;
    *multiprocessors = prop.multiProcessorCount;
    return TS_SUCCESS;
}

int ts_mem_get_info(size_t* free_bytes, size_t* total_bytes) {
    ts::clear_error();
    TS_CHECK_CUDA(cudaMemGetInfo(free_bytes, total_bytes));
    return TS_SUCCESS;
}

int ts_malloc(void** device_pointer, size_t bytes) {
    ts::clear_error();
    cudaError_t e = cudaMalloc(device_pointer, bytes);
    if (e != cudaSuccess) {
        cudaGetLastError();  // an allocation failure is reported here, not left pending
        return ts::fail_cuda("cudaMalloc", e);
    }
    return TS_SUCCESS;
}

int ts_free(void* device_pointer) {
    ts::clear_error();
    TS_CHECK_CUDA(cudaFree(device_pointer));
    return TS_SUCCESS;
}

int ts_malloc_host(void** host_pointer, size_t bytes) {
    ts::clear_error();
    cudaError_t e = cudaMallocHost(host_pointer, bytes);
    if (e != cudaSuccess) {
        cudaGetLastError();
        return ts::fail_cuda("cudaMallocHost", e);
    }
    return TS_SUCCESS;
}

int ts_free_host(void* host_pointer) {
    ts::clear_error();
    TS_CHECK_CUDA(cudaFreeHost(host_pointer));
    return TS_SUCCESS;
}

int ts_memcpy_async(cudaStream_t stream, void* dst, const void* src, size_t bytes, int direction) {
    ts::clear_error();
    if (direction < TS_COPY_HOST_TO_DEVICE || direction > TS_COPY_DEVICE_TO_DEVICE) {
        return ts::fail(TS_ERROR_INVALID_ARGUMENT, "ts_memcpy_async: direction is %d, expected 1, 2 or 3", direction);
    }
    TS_CHECK_CUDA(cudaMemcpyAsync(dst, src, bytes, static_cast<cudaMemcpyKind>(direction), stream));
    return TS_SUCCESS;
}

int ts_memset_async(cudaStream_t stream, void* device_pointer, int value, size_t bytes) {
    ts::clear_error();
    TS_CHECK_CUDA(cudaMemsetAsync(device_pointer, value, bytes, stream));
    return TS_SUCCESS;
}

int ts_stream_create(cudaStream_t* stream) {
    ts::clear_error();
    TS_CHECK_CUDA(cudaStreamCreateWithFlags(stream, cudaStreamNonBlocking));
    return TS_SUCCESS;
}

int ts_stream_synchronize(cudaStream_t stream) {
    ts::clear_error();
    TS_CHECK_CUDA(cudaStreamSynchronize(stream));
    return TS_SUCCESS;
}

int ts_stream_destroy(cudaStream_t stream) {
    ts::clear_error();
    TS_CHECK_CUDA(cudaStreamDestroy(stream));
    return TS_SUCCESS;
}

int ts_event_create(cudaEvent_t* event) {
    ts::clear_error();
    TS_CHECK_CUDA(cudaEventCreate(event));
    return TS_SUCCESS;
}

int ts_event_record(cudaEvent_t event, cudaStream_t stream) {
    ts::clear_error();
    TS_CHECK_CUDA(cudaEventRecord(event, stream));
    return TS_SUCCESS;
}

int ts_event_synchronize(cudaEvent_t event) {
    ts::clear_error();
    TS_CHECK_CUDA(cudaEventSynchronize(event));
    return TS_SUCCESS;
}

int ts_event_query(cudaEvent_t event) {
    ts::clear_error();
    cudaError_t e = cudaEventQuery(event);
    if (e == cudaErrorNotReady) {
        return TS_NOT_READY;
    }
    TS_CHECK_CUDA(e);
    return TS_SUCCESS;
}

int ts_event_elapsed_ms(float* milliseconds, cudaEvent_t start, cudaEvent_t end) {
    ts::clear_error();
    TS_CHECK_CUDA(cudaEventElapsedTime(milliseconds, start, end));
    return TS_SUCCESS;
}

int ts_event_destroy(cudaEvent_t event) {
    ts::clear_error();
    TS_CHECK_CUDA(cudaEventDestroy(event));
    return TS_SUCCESS;
}

int ts_device_synchronize(void) {
    ts::clear_error();
    TS_CHECK_CUDA(cudaDeviceSynchronize());
    return TS_SUCCESS;
}

int ts_device_take_error(void) {
    ts::clear_error();
    TS_CHECK_CUDA(cudaGetLastError());
    return TS_SUCCESS;
}

}  // extern "C"

// The device functions of the C API on the software device: each stream a worker thread that runs
// its queue in order, events completion flags with a time, device memory host memory within a
// fixed capacity (TS_SOFTWARE_DEVICE_MEMORY bytes, default 4 GiB) so plans and out-of-memory paths
// behave as on a card of that size.
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "cuda_runtime_api.h"
#include "tilestereo.h"
#include "ts_errors.h"
#include "ts_software_device.h"

using Clock = std::chrono::steady_clock;

namespace {

// An asynchronous failure (a kernel that deadlocked) waits here for the next synchronisation.
struct PendingError {
    std::mutex m;
    std::string message;

    void set(const std::string& text) {
        std::lock_guard<std::mutex> lock(m);
        if (message.empty()) message = text;
    }

    std::string take() {
        std::lock_guard<std::mutex> lock(m);
        std::string out;
        out.swap(message);
        return out;
    }
};

PendingError& pending() {
    static PendingError* p = new PendingError();  // never destroyed: workers may outlive static destructors
    return *p;
}

int report_pending(const char* call) {
    std::string text = pending().take();
    if (text.empty()) {
        return TS_SUCCESS;
    }
    return ts::fail(TS_ERROR_CUDA, "%s failed: cudaErrorLaunchFailure (%d): %s", call,
                    static_cast<int>(cudaErrorLaunchFailure), text.c_str());
}

}  // namespace

struct CUstream_st {
    std::mutex m;
    std::condition_variable changed;
    std::deque<std::function<void()>> queue;
    size_t unfinished = 0;  // queued or running
    bool stopping = false;
    std::thread worker;

    CUstream_st() : worker([this] { run(); }) {}

    void run() {
        for (;;) {
            std::function<void()> task;
            {
                std::unique_lock<std::mutex> lock(m);
                changed.wait(lock, [this] { return stopping || !queue.empty(); });
                if (queue.empty()) return;
                task = std::move(queue.front());
                queue.pop_front();
            }
            task();
            {
                std::lock_guard<std::mutex> lock(m);
                unfinished--;
            }
            changed.notify_all();
        }
    }

    void enqueue(std::function<void()> task) {
        {
            std::lock_guard<std::mutex> lock(m);
            queue.push_back(std::move(task));
            unfinished++;
        }
        changed.notify_all();
    }

    void drain() {
        std::unique_lock<std::mutex> lock(m);
        changed.wait(lock, [this] { return unfinished == 0; });
    }

    void stop() {
        {
            std::lock_guard<std::mutex> lock(m);
            stopping = true;
        }
        changed.notify_all();
        worker.join();
    }
};

struct CUevent_st {
    std::mutex m;
    std::condition_variable changed;
    unsigned long long recorded = 0;  // how many times recorded
    unsigned long long completed = 0;
    Clock::time_point at;
};

namespace {

struct Streams {
    std::mutex m;
    std::set<cudaStream_t> live;
    cudaStream_t fallback = nullptr;  // the default stream (0), made on first use
};

Streams& streams() {
    static Streams* s = new Streams();
    return *s;
}

cudaStream_t resolve(cudaStream_t stream) {
    if (stream != nullptr) {
        return stream;
    }
    Streams& s = streams();
    std::lock_guard<std::mutex> lock(s.m);
    if (s.fallback == nullptr) {
        s.fallback = new CUstream_st();
        s.live.insert(s.fallback);
    }
    return s.fallback;
}

bool known(cudaStream_t stream) {
    if (stream == nullptr) return true;
    Streams& s = streams();
    std::lock_guard<std::mutex> lock(s.m);
    return s.live.count(stream) != 0;
}

struct Memory {
    std::mutex m;
    std::map<void*, size_t> device;
    std::set<void*> host;
    size_t used = 0;
    size_t capacity = 0;
};

Memory& memory() {
    static Memory* mem = [] {
        auto* m = new Memory();
        const char* v = std::getenv("TS_SOFTWARE_DEVICE_MEMORY");
        unsigned long long bytes = v != nullptr ? std::strtoull(v, nullptr, 10) : 0;
        m->capacity = bytes > 0 ? static_cast<size_t>(bytes) : (static_cast<size_t>(4) << 30);
        return m;
    }();
    return *mem;
}

thread_local cudaError_t last_launch_error = cudaSuccess;

int bad_handle(const char* call, const char* what) {
    return ts::fail(TS_ERROR_CUDA, "%s failed: cudaErrorInvalidResourceHandle (%d): %s is not a live %s of the software device",
                    call, static_cast<int>(cudaErrorInvalidResourceHandle), what, what);
}

}  // namespace

const char* cudaGetErrorName(cudaError_t error) {
    switch (error) {
        case cudaSuccess: return "cudaSuccess";
        case cudaErrorInvalidValue: return "cudaErrorInvalidValue";
        case cudaErrorMemoryAllocation: return "cudaErrorMemoryAllocation";
        case cudaErrorInvalidConfiguration: return "cudaErrorInvalidConfiguration";
        case cudaErrorInvalidResourceHandle: return "cudaErrorInvalidResourceHandle";
        case cudaErrorNotReady: return "cudaErrorNotReady";
        case cudaErrorLaunchFailure: return "cudaErrorLaunchFailure";
    }
    return "cudaErrorUnknown";
}

const char* cudaGetErrorString(cudaError_t error) {
    switch (error) {
        case cudaSuccess: return "no error";
        case cudaErrorInvalidValue: return "invalid argument";
        case cudaErrorMemoryAllocation: return "out of memory (software device capacity)";
        case cudaErrorInvalidConfiguration: return "invalid configuration argument";
        case cudaErrorInvalidResourceHandle: return "invalid resource handle";
        case cudaErrorNotReady: return "device not ready";
        case cudaErrorLaunchFailure: return "unspecified launch failure";
    }
    return "unknown error";
}

cudaError_t cudaGetLastError(void) {
    cudaError_t e = last_launch_error;
    last_launch_error = cudaSuccess;
    return e;
}

namespace ts_sw {

void enqueue_kernel(const LaunchConfig& config, std::function<void()> body) {
    const dim3& g = config.grid;
    const dim3& b = config.block;
    unsigned long long threads = static_cast<unsigned long long>(b.x) * b.y * b.z;
    // The limits of every GPU tilestereo supports (sm_75 and newer).
    if (g.x == 0 || g.y == 0 || g.z == 0 || threads == 0 || threads > 1024 || b.z > 64 || g.y > 65535 || g.z > 65535 ||
        config.shared_bytes > 48 * 1024) {
        last_launch_error = cudaErrorInvalidConfiguration;
        return;
    }
    if (!known(config.stream)) {
        last_launch_error = cudaErrorInvalidResourceHandle;
        return;
    }
    LaunchConfig copy = config;
    resolve(config.stream)->enqueue([copy, body = std::move(body)] {
        std::string message;
        if (!run_grid(copy, body, message)) {
            pending().set(message);
        }
    });
}

}  // namespace ts_sw

extern "C" {

int ts_device_versions(int* driver_version, int* runtime_version) {
    ts::clear_error();
    *driver_version = 0;
    *runtime_version = 0;
    return TS_SUCCESS;
}

int ts_device_count(int* count) {
    ts::clear_error();
    *count = 1;
    return TS_SUCCESS;
}

int ts_device_current(int* index) {
    ts::clear_error();
    *index = 0;
    return TS_SUCCESS;
}

int ts_device_set(int index) {
    ts::clear_error();
    if (index != 0) {
        return ts::fail(TS_ERROR_CUDA, "cudaSetDevice(%d) failed: cudaErrorInvalidValue (1): the software device has device 0 only",
                        index);
    }
    return TS_SUCCESS;
}

int ts_mem_get_info(size_t* free_bytes, size_t* total_bytes) {
    ts::clear_error();
    Memory& mem = memory();
    std::lock_guard<std::mutex> lock(mem.m);
    *total_bytes = mem.capacity;
    *free_bytes = mem.capacity - mem.used;
    return TS_SUCCESS;
}

int ts_device_properties(int index, char* name, int name_bytes, int* major, int* minor, int* multiprocessors,
                         size_t* total_bytes, size_t* free_bytes) {
    if (int s = ts_device_set(index)) return s;
    std::snprintf(name, static_cast<size_t>(name_bytes), "%s", "tilestereo software device (CPU emulation of CUDA)");
    *major = 0;
    *minor = 0;
    unsigned cores = std::thread::hardware_concurrency();
    *multiprocessors = cores == 0 ? 1 : static_cast<int>(cores);
    return ts_mem_get_info(free_bytes, total_bytes);
}

int ts_malloc(void** device_pointer, size_t bytes) {
    ts::clear_error();
    *device_pointer = nullptr;
    Memory& mem = memory();
    size_t rounded = (bytes + 255) & ~static_cast<size_t>(255);
    std::lock_guard<std::mutex> lock(mem.m);
    if (rounded == 0 || rounded > mem.capacity - mem.used) {
        return ts::fail(TS_ERROR_CUDA, "cudaMalloc failed: cudaErrorMemoryAllocation (2): %zu bytes asked, %zu of %zu free on the software device",
                        bytes, mem.capacity - mem.used, mem.capacity);
    }
    void* p = std::aligned_alloc(256, rounded);
    if (p == nullptr) {
        return ts::fail(TS_ERROR_CUDA, "cudaMalloc failed: cudaErrorMemoryAllocation (2): the host could not give %zu bytes", rounded);
    }
    mem.device[p] = rounded;
    mem.used += rounded;
    *device_pointer = p;
    return TS_SUCCESS;
}

int ts_free(void* device_pointer) {
    ts::clear_error();
    if (device_pointer == nullptr) return TS_SUCCESS;
    Memory& mem = memory();
    std::lock_guard<std::mutex> lock(mem.m);
    auto it = mem.device.find(device_pointer);
    if (it == mem.device.end()) {
        return ts::fail(TS_ERROR_CUDA, "cudaFree failed: cudaErrorInvalidValue (1): %p is not an allocation of the software device",
                        device_pointer);
    }
    mem.used -= it->second;
    mem.device.erase(it);
    std::free(device_pointer);
    return TS_SUCCESS;
}

int ts_malloc_host(void** host_pointer, size_t bytes) {
    ts::clear_error();
    size_t rounded = (bytes + 255) & ~static_cast<size_t>(255);
    void* p = rounded == 0 ? nullptr : std::aligned_alloc(256, rounded);
    *host_pointer = p;
    if (p == nullptr) {
        return ts::fail(TS_ERROR_CUDA, "cudaMallocHost failed: cudaErrorMemoryAllocation (2): %zu bytes", bytes);
    }
    Memory& mem = memory();
    std::lock_guard<std::mutex> lock(mem.m);
    mem.host.insert(p);
    return TS_SUCCESS;
}

int ts_free_host(void* host_pointer) {
    ts::clear_error();
    if (host_pointer == nullptr) return TS_SUCCESS;
    Memory& mem = memory();
    std::lock_guard<std::mutex> lock(mem.m);
    if (mem.host.erase(host_pointer) == 0) {
        return ts::fail(TS_ERROR_CUDA, "cudaFreeHost failed: cudaErrorInvalidValue (1): %p is not pinned memory of the software device",
                        host_pointer);
    }
    std::free(host_pointer);
    return TS_SUCCESS;
}

int ts_memcpy_async(cudaStream_t stream, void* dst, const void* src, size_t bytes, int direction) {
    ts::clear_error();
    if (direction < TS_COPY_HOST_TO_DEVICE || direction > TS_COPY_DEVICE_TO_DEVICE) {
        return ts::fail(TS_ERROR_INVALID_ARGUMENT, "ts_memcpy_async: direction is %d, expected 1, 2 or 3", direction);
    }
    if (!known(stream)) return bad_handle("cudaMemcpyAsync", "stream");
    if (bytes == 0) return TS_SUCCESS;
    resolve(stream)->enqueue([dst, src, bytes] { std::memcpy(dst, src, bytes); });
    return TS_SUCCESS;
}

int ts_memset_async(cudaStream_t stream, void* device_pointer, int value, size_t bytes) {
    ts::clear_error();
    if (!known(stream)) return bad_handle("cudaMemsetAsync", "stream");
    if (bytes == 0) return TS_SUCCESS;
    resolve(stream)->enqueue([device_pointer, value, bytes] { std::memset(device_pointer, value, bytes); });
    return TS_SUCCESS;
}

int ts_stream_create(cudaStream_t* stream) {
    ts::clear_error();
    auto* s = new CUstream_st();
    Streams& all = streams();
    std::lock_guard<std::mutex> lock(all.m);
    all.live.insert(s);
    *stream = s;
    return TS_SUCCESS;
}

int ts_stream_synchronize(cudaStream_t stream) {
    ts::clear_error();
    if (!known(stream)) return bad_handle("cudaStreamSynchronize", "stream");
    resolve(stream)->drain();
    return report_pending("cudaStreamSynchronize");
}

int ts_stream_destroy(cudaStream_t stream) {
    ts::clear_error();
    if (stream == nullptr) {
        return ts::fail(TS_ERROR_INVALID_ARGUMENT, "ts_stream_destroy: the default stream cannot be destroyed");
    }
    {
        Streams& all = streams();
        std::lock_guard<std::mutex> lock(all.m);
        if (all.live.erase(stream) == 0) return bad_handle("cudaStreamDestroy", "stream");
    }
    stream->stop();  // runs what is queued first, as a destroyed CUDA stream does
    delete stream;
    return TS_SUCCESS;
}

int ts_event_create(cudaEvent_t* event) {
    ts::clear_error();
    *event = new CUevent_st();
    return TS_SUCCESS;
}

int ts_event_record(cudaEvent_t event, cudaStream_t stream) {
    ts::clear_error();
    if (!known(stream)) return bad_handle("cudaEventRecord", "stream");
    unsigned long long ticket;
    {
        std::lock_guard<std::mutex> lock(event->m);
        ticket = ++event->recorded;
    }
    resolve(stream)->enqueue([event, ticket] {
        {
            std::lock_guard<std::mutex> lock(event->m);
            if (ticket > event->completed) {
                event->completed = ticket;
                event->at = Clock::now();
            }
        }
        event->changed.notify_all();
    });
    return TS_SUCCESS;
}

int ts_event_synchronize(cudaEvent_t event) {
    ts::clear_error();
    std::unique_lock<std::mutex> lock(event->m);
    unsigned long long wanted = event->recorded;
    event->changed.wait(lock, [event, wanted] { return event->completed >= wanted; });
    lock.unlock();
    return report_pending("cudaEventSynchronize");
}

int ts_event_query(cudaEvent_t event) {
    ts::clear_error();
    std::lock_guard<std::mutex> lock(event->m);
    return event->completed >= event->recorded ? TS_SUCCESS : TS_NOT_READY;
}

int ts_event_elapsed_ms(float* milliseconds, cudaEvent_t start, cudaEvent_t end) {
    ts::clear_error();
    Clock::time_point a, b;
    bool done;
    {
        std::lock_guard<std::mutex> l1(start->m);
        done = start->recorded > 0 && start->completed >= start->recorded;
        a = start->at;
    }
    {
        std::lock_guard<std::mutex> l2(end->m);
        done = done && end->recorded > 0 && end->completed >= end->recorded;
        b = end->at;
    }
    if (!done) {
        return ts::fail(TS_ERROR_CUDA, "cudaEventElapsedTime failed: cudaErrorNotReady (600): an event has not completed");
    }
    *milliseconds = std::chrono::duration<float, std::milli>(b - a).count();
    return TS_SUCCESS;
}

int ts_event_destroy(cudaEvent_t event) {
    ts::clear_error();
    ts_event_synchronize(event);  // a task of a stream may still point at it
    delete event;
    return TS_SUCCESS;
}

int ts_device_synchronize(void) {
    ts::clear_error();
    Streams& all = streams();
    std::set<cudaStream_t> live;
    {
        std::lock_guard<std::mutex> lock(all.m);
        live = all.live;
    }
    for (cudaStream_t s : live) {
        s->drain();
    }
    return report_pending("cudaDeviceSynchronize");
}

int ts_device_take_error(void) {
    ts::clear_error();
    cudaError_t launch = cudaGetLastError();
    if (launch != cudaSuccess) {
        return ts::fail_cuda("cudaGetLastError", launch);
    }
    return report_pending("cudaGetLastError");
}

}  // extern "C"

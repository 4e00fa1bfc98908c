// The software device's execution model: a grid runs block after block on its stream's worker
// thread; the threads of a block are fibers that switch only where a GPU thread could wait for
// others (__syncthreads, warp shuffles), so barrier code behaves as on a GPU. A thread that never
// waits runs start to end on one reused stack, which keeps barrier-free kernels cheap.
// The switch saves only the callee-saved registers (x86-64 System V): a fiber is only ever left
// from inside a function call, where the others are dead.
#include <sys/mman.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "cuda_runtime_api.h"
#include "ts_software_device.h"

#if defined(__SANITIZE_ADDRESS__)
#define TS_SW_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TS_SW_ASAN 1
#endif
#endif

#ifdef TS_SW_ASAN
#include <sanitizer/common_interface_defs.h>
#endif

#if !defined(__x86_64__)
#error "the software device's fiber switch is written for x86-64"
#endif

extern "C" void ts_sw_switch(void** save_sp, void* resume_sp);
extern "C" void ts_sw_fiber_entry();

// Pushes the callee-saved registers, saves the stack pointer, takes the other one and pops its
// registers; `ret` then continues the other fiber where it last called ts_sw_switch (or, for a
// new fiber, at ts_sw_fiber_entry, whose address its stack was prepared with).
asm(R"(
    .text
    .globl ts_sw_switch
    .hidden ts_sw_switch
    .type ts_sw_switch,@function
ts_sw_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .size ts_sw_switch,.-ts_sw_switch
    .section .note.GNU-stack,"",@progbits
    .text
)");

namespace ts_sw {

thread_local dim3 thread_idx;
thread_local dim3 block_idx;
thread_local dim3 block_dim;
thread_local dim3 grid_dim;

namespace {

#ifdef TS_SW_ASAN
constexpr size_t kStackBytes = 1u << 20;  // ASan's redzones make frames larger
#else
constexpr size_t kStackBytes = 256u << 10;
#endif
constexpr size_t kGuardBytes = 4096;
constexpr int kMaxThreads = 1024;
constexpr int kWarps = kMaxThreads / 32;

enum class State { kReady, kRunning, kWaitBlock, kWaitWarp, kDone };

struct Fiber {
    void* sp = nullptr;
    char* stack = nullptr;  // lowest usable byte; nullptr until the fiber first runs
    State state = State::kReady;
    dim3 index;
    int linear = 0;
    void* fake_stack = nullptr;  // ASan's bookkeeping across switches
};

// One block being run: its fibers, barrier counters and the slots the warp shuffles exchange through.
struct Block {
    std::vector<Fiber> fibers;
    std::vector<int> ready;  // a queue: next is the front
    size_t ready_head = 0;
    const std::function<void()>* body = nullptr;
    void* scheduler_sp = nullptr;
    const void* scheduler_stack_bottom = nullptr;
    size_t scheduler_stack_size = 0;
    int current = -1;
    int live = 0;
    int block_arrived = 0;
    int warp_live[kWarps] = {};
    int warp_arrived[kWarps] = {};
    uint64_t slots[kWarps][32] = {};
};

thread_local Block* running = nullptr;
thread_local std::vector<char*> free_stacks;

bool reverse_order() {
    static const bool reverse = [] {
        const char* v = std::getenv("TS_SOFTWARE_DEVICE_ORDER");
        return v != nullptr && std::string(v) == "reverse";
    }();
    return reverse;
}

char* take_stack() {
    if (!free_stacks.empty()) {
        char* s = free_stacks.back();
        free_stacks.pop_back();
        return s;
    }
    void* m = mmap(nullptr, kStackBytes + kGuardBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    if (m == MAP_FAILED) {
        std::fprintf(stderr, "tilestereo software device: cannot map a %zu-byte fiber stack\n", kStackBytes);
        std::abort();
    }
    mprotect(m, kGuardBytes, PROT_NONE);  // a stack overflow faults instead of corrupting memory
    return static_cast<char*>(m) + kGuardBytes;
}

// A new fiber's stack, as ts_sw_switch expects to find it: six registers, then the address to
// `ret` to, then a dummy return address so the entry sees the stack alignment of a called function.
void* prepare(char* stack) {
    uintptr_t top = (reinterpret_cast<uintptr_t>(stack) + kStackBytes) & ~static_cast<uintptr_t>(15);
    void** sp = reinterpret_cast<void**>(top);
    *--sp = nullptr;
    *--sp = reinterpret_cast<void*>(&ts_sw_fiber_entry);
    for (int i = 0; i < 6; i++) {
        *--sp = nullptr;
    }
    return sp;
}

void push_ready(Block* b, int i) {
    b->fibers[i].state = State::kReady;
    b->ready.push_back(i);
}

void release_block(Block* b) {
    b->block_arrived = 0;
    for (size_t i = 0; i < b->fibers.size(); i++) {
        if (b->fibers[i].state == State::kWaitBlock) push_ready(b, static_cast<int>(i));
    }
}

void release_warp(Block* b, int warp) {
    b->warp_arrived[warp] = 0;
    size_t end = std::min(b->fibers.size(), static_cast<size_t>(warp + 1) * 32);
    for (size_t i = static_cast<size_t>(warp) * 32; i < end; i++) {
        if (b->fibers[i].state == State::kWaitWarp) push_ready(b, static_cast<int>(i));
    }
}

// Leaves the running fiber for the scheduler; returns when the scheduler resumes it.
void yield_to_scheduler(Block* b, bool dying) {
    Fiber& f = b->fibers[b->current];
#ifdef TS_SW_ASAN
    __sanitizer_start_switch_fiber(dying ? nullptr : &f.fake_stack, b->scheduler_stack_bottom, b->scheduler_stack_size);
#else
    (void) dying;
#endif
    ts_sw_switch(&f.sp, b->scheduler_sp);
#ifdef TS_SW_ASAN
    __sanitizer_finish_switch_fiber(f.fake_stack, &b->scheduler_stack_bottom, &b->scheduler_stack_size);
#endif
}

Block* require_fiber(const char* what) {
    Block* b = running;
    if (b == nullptr) {
        std::fprintf(stderr, "tilestereo software device: %s called outside a kernel\n", what);
        std::abort();
    }
    return b;
}

void warp_barrier(Block* b) {
    int warp = b->fibers[b->current].linear / 32;
    if (++b->warp_arrived[warp] == b->warp_live[warp]) {
        release_warp(b, warp);  // the last to arrive goes on without a switch
        b->fibers[b->current].state = State::kRunning;
        return;
    }
    b->fibers[b->current].state = State::kWaitWarp;
    yield_to_scheduler(b, false);
}

// Runs one block; returns false (and says why in message) when its threads wait at barriers that
// the others never reach.
bool run_block(Block& b, std::string& message) {
    int n = static_cast<int>(b.fibers.size());
    b.ready.clear();
    b.ready_head = 0;
    b.live = n;
    b.block_arrived = 0;
    for (int w = 0; w < kWarps; w++) {
        b.warp_arrived[w] = 0;
        b.warp_live[w] = std::max(0, std::min(32, n - 32 * w));
    }
    for (int i = 0; i < n; i++) {
        int t = reverse_order() ? n - 1 - i : i;
        b.fibers[t].stack = nullptr;
        push_ready(&b, t);
    }
    running = &b;
    while (b.ready_head < b.ready.size()) {
        int i = b.ready[b.ready_head++];
        Fiber& f = b.fibers[i];
        if (f.stack == nullptr) {
            f.stack = take_stack();
            f.sp = prepare(f.stack);
        }
        f.state = State::kRunning;
        b.current = i;
        thread_idx = f.index;
#ifdef TS_SW_ASAN
        void* fake = nullptr;
        __sanitizer_start_switch_fiber(&fake, f.stack, kStackBytes);
#endif
        ts_sw_switch(&b.scheduler_sp, f.sp);
#ifdef TS_SW_ASAN
        __sanitizer_finish_switch_fiber(fake, nullptr, nullptr);
#endif
        if (f.state == State::kDone) {
            free_stacks.push_back(f.stack);
            f.stack = nullptr;
        }
        if (b.ready_head > 4096 && b.ready_head * 2 > b.ready.size()) {
            b.ready.erase(b.ready.begin(), b.ready.begin() + static_cast<long>(b.ready_head));
            b.ready_head = 0;
        }
    }
    running = nullptr;
    if (b.live == 0) {
        return true;
    }
    int waiting_block = 0, waiting_warp = 0;
    for (Fiber& f : b.fibers) {
        if (f.state == State::kWaitBlock) waiting_block++;
        if (f.state == State::kWaitWarp) waiting_warp++;
        if (f.stack != nullptr) {
            free_stacks.push_back(f.stack);  // abandoned mid-kernel: the memory is reused as it is
            f.stack = nullptr;
        }
    }
    char text[256];
    std::snprintf(text, sizeof text,
                  "deadlock in block (%u, %u, %u): %d threads wait at __syncthreads and %d at a warp primitive "
                  "that the other %d live threads never reach",
                  block_idx.x, block_idx.y, block_idx.z, waiting_block, waiting_warp, b.live - waiting_block - waiting_warp);
    message = text;
    return false;
}

}  // namespace

void sync_block() {
    Block* b = require_fiber("__syncthreads");
    if (++b->block_arrived == b->live) {
        release_block(b);
        b->fibers[b->current].state = State::kRunning;
        return;
    }
    b->fibers[b->current].state = State::kWaitBlock;
    yield_to_scheduler(b, false);
}

unsigned lane_id() {
    Block* b = require_fiber("a warp primitive");
    return static_cast<unsigned>(b->fibers[b->current].linear & 31);
}

uint64_t exchange(uint64_t value, int src_lane) {
    Block* b = require_fiber("a warp shuffle");
    int linear = b->fibers[b->current].linear;
    int warp = linear / 32;
    b->slots[warp][linear & 31] = value;
    warp_barrier(b);  // every lane has posted
    uint64_t got = b->slots[warp][src_lane & 31];
    warp_barrier(b);  // every lane has read before any posts again
    return got;
}

bool run_grid(const LaunchConfig& config, const std::function<void()>& body, std::string& message) {
    thread_local Block block;
    int n = static_cast<int>(config.block.x * config.block.y * config.block.z);
    block.fibers.assign(static_cast<size_t>(n), Fiber{});
    for (int i = 0; i < n; i++) {
        Fiber& f = block.fibers[i];
        f.linear = i;
        f.index = dim3(i % config.block.x, (i / config.block.x) % config.block.y, i / (config.block.x * config.block.y));
    }
    block.body = &body;
    block_dim = config.block;
    grid_dim = config.grid;
    size_t blocks = static_cast<size_t>(config.grid.x) * config.grid.y * config.grid.z;
    for (size_t k = 0; k < blocks; k++) {
        size_t j = reverse_order() ? blocks - 1 - k : k;
        block_idx = dim3(static_cast<unsigned>(j % config.grid.x), static_cast<unsigned>((j / config.grid.x) % config.grid.y),
                         static_cast<unsigned>(j / (static_cast<size_t>(config.grid.x) * config.grid.y)));
        if (!run_block(block, message)) {
            return false;
        }
    }
    return true;
}

}  // namespace ts_sw

extern "C" void ts_sw_fiber_entry() {
    using namespace ts_sw;
    Block* b = running;
#ifdef TS_SW_ASAN
    __sanitizer_finish_switch_fiber(nullptr, &b->scheduler_stack_bottom, &b->scheduler_stack_size);
#endif
    (*b->body)();
    // Done: the barriers it no longer counts in may now be complete.
    Fiber& f = b->fibers[b->current];
    f.state = State::kDone;
    int warp = f.linear / 32;
    b->live--;
    b->warp_live[warp]--;
    if (b->block_arrived > 0 && b->block_arrived == b->live) release_block(b);
    if (b->warp_arrived[warp] > 0 && b->warp_arrived[warp] == b->warp_live[warp]) release_warp(b, warp);
    yield_to_scheduler(b, true);
    std::abort();  // a finished fiber is never resumed
}

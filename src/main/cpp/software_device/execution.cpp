// The software device's execution model: a grid runs block after block on its stream's worker
// thread; the threads of a block run on fibers that switch only where a GPU thread could wait for
// others (__syncthreads, warp shuffles), so barrier code behaves as on a GPU. A fiber runs one
// thread after another until a thread waits; only then is another fiber started for the next
// thread. So a barrier-free kernel runs all of a block's threads on one fiber, as plain calls, and
// a block whose threads all meet at barriers has one fiber per thread. A fiber that parks switches
// straight to the next runnable one.
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

enum class State : unsigned char { kNotStarted, kRunning, kWaitBlock, kWaitWarp, kDone };

// An execution context: the scheduler's own (stack == nullptr) or a fiber's.
struct Context {
    void* sp = nullptr;
    char* stack = nullptr;  // lowest usable byte
    int thread = -1;        // the thread it runs now
    void* fake_stack = nullptr;  // ASan's bookkeeping across switches
};

// One block being run: its threads' states, the fibers running them, barrier counters and the
// slots the warp shuffles exchange through.
struct Block {
    int n = 0;
    std::vector<State> state;
    std::vector<dim3> index;
    std::vector<Context*> context_of;  // the fiber that runs each started thread
    std::vector<int> ready;            // parked threads released by a barrier, to resume in order
    size_t ready_head = 0;
    int started = 0;
    std::vector<Context> fibers;       // fibers made for this block (reserved: pointers stay valid)
    Context scheduler;
    Context* current = nullptr;
    const void* scheduler_stack_bottom = nullptr;
    size_t scheduler_stack_size = 0;
    const std::function<void()>* body = nullptr;
    int live = 0;
    int block_arrived = 0;
    int warp_live[kWarps] = {};
    int warp_arrived[kWarps] = {};
    // Two sets of shuffle slots, used in turn: a lane can only post to a set again after every lane
    // has passed the exchange in between, so it has read this one. One barrier per shuffle.
    uint64_t slots[2][kWarps][32] = {};
    std::vector<unsigned char> exchanges;  // per thread: how many shuffles so far, mod 2
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

// Leaves the current context for `to` (dying: the current one is never resumed); returns when
// something switches back to it.
void switch_to(Block* b, Context* to, bool dying) {
    Context* from = b->current;
    b->current = to;
    if (to->thread >= 0) {
        thread_idx = b->index[to->thread];
    }
#ifdef TS_SW_ASAN
    const void* bottom = to->stack != nullptr ? to->stack : b->scheduler_stack_bottom;
    size_t size = to->stack != nullptr ? kStackBytes : b->scheduler_stack_size;
    __sanitizer_start_switch_fiber(dying ? nullptr : &from->fake_stack, bottom, size);
#else
    (void) dying;
#endif
    ts_sw_switch(&from->sp, to->sp);
#ifdef TS_SW_ASAN
    if (from->stack == nullptr) {
        __sanitizer_finish_switch_fiber(from->fake_stack, nullptr, nullptr);
    } else {
        __sanitizer_finish_switch_fiber(from->fake_stack, &b->scheduler_stack_bottom, &b->scheduler_stack_size);
    }
#endif
}

// What runs when the current context cannot: a released thread's fiber, else a new fiber for the
// next thread that has not started, else the scheduler (the block is done, or deadlocked).
Context* next_runnable(Block* b) {
    if (b->ready_head < b->ready.size()) {
        int t = b->ready[b->ready_head++];
        b->state[t] = State::kRunning;
        return b->context_of[t];
    }
    if (b->started < b->n) {
        b->fibers.emplace_back();
        Context* c = &b->fibers.back();
        c->stack = take_stack();
        c->sp = prepare(c->stack);
        return c;
    }
    return &b->scheduler;
}

void release(Block* b, int from, int to, State waiting) {
    for (int t = from; t < to; t++) {
        if (b->state[t] == waiting) {
            b->state[t] = State::kNotStarted;  // queued; kRunning when resumed
            b->ready.push_back(t);
        }
    }
}

void park(Block* b, State waiting) {
    b->state[b->current->thread] = waiting;
    switch_to(b, next_runnable(b), false);
}

Block* require_fiber(const char* what) {
    Block* b = running;
    if (b == nullptr || b->current == nullptr || b->current->stack == nullptr) {
        std::fprintf(stderr, "tilestereo software device: %s called outside a kernel\n", what);
        std::abort();
    }
    return b;
}

void warp_barrier(Block* b) {
    int t = b->current->thread;
    int warp = t / 32;
    if (++b->warp_arrived[warp] == b->warp_live[warp]) {
        b->warp_arrived[warp] = 0;
        release(b, warp * 32, std::min(b->n, warp * 32 + 32), State::kWaitWarp);  // the last to arrive goes on
        return;
    }
    park(b, State::kWaitWarp);
}

// The thread order: forward, or reversed to show code that depends on it.
int thread_at(const Block& b, int k) {
    return reverse_order() ? b.n - 1 - k : k;
}

// Runs one block; returns false (and says why in message) when its threads wait at barriers that
// the others never reach.
bool run_block(Block& b, std::string& message) {
    b.ready.clear();
    b.ready_head = 0;
    b.started = 0;
    std::fill(b.exchanges.begin(), b.exchanges.end(), 0);
    b.fibers.clear();
    b.live = b.n;
    b.block_arrived = 0;
    for (int t = 0; t < b.n; t++) {
        b.state[t] = State::kNotStarted;
        b.context_of[t] = nullptr;
    }
    for (int w = 0; w < kWarps; w++) {
        b.warp_arrived[w] = 0;
        b.warp_live[w] = std::max(0, std::min(32, b.n - 32 * w));
    }
    running = &b;
    b.current = &b.scheduler;
    b.scheduler.thread = -1;
    switch_to(&b, next_runnable(&b), false);
    running = nullptr;
    for (Context& c : b.fibers) {
        free_stacks.push_back(c.stack);  // a deadlocked fiber's stack is abandoned mid-kernel and reused as it is
    }
    b.fibers.clear();
    if (b.live == 0) {
        return true;
    }
    int waiting_block = 0, waiting_warp = 0;
    for (int t = 0; t < b.n; t++) {
        if (b.state[t] == State::kWaitBlock) waiting_block++;
        if (b.state[t] == State::kWaitWarp) waiting_warp++;
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
        b->block_arrived = 0;
        release(b, 0, b->n, State::kWaitBlock);  // the last to arrive goes on without a switch
        return;
    }
    park(b, State::kWaitBlock);
}

unsigned lane_id() {
    Block* b = require_fiber("a warp primitive");
    return static_cast<unsigned>(b->current->thread & 31);
}

uint64_t exchange(uint64_t value, int src_lane) {
    Block* b = require_fiber("a warp shuffle");
    int t = b->current->thread;
    int warp = t / 32;
    int set = b->exchanges[t];
    b->exchanges[t] = static_cast<unsigned char>(set ^ 1);
    b->slots[set][warp][t & 31] = value;
    warp_barrier(b);  // every lane has posted
    return b->slots[set][warp][src_lane & 31];
}

bool run_grid(const LaunchConfig& config, const std::function<void()>& body, std::string& message) {
    thread_local Block block;
    int n = static_cast<int>(config.block.x * config.block.y * config.block.z);
    block.n = n;
    block.state.assign(static_cast<size_t>(n), State::kNotStarted);
    block.context_of.assign(static_cast<size_t>(n), nullptr);
    block.exchanges.assign(static_cast<size_t>(n), 0);
    block.index.resize(static_cast<size_t>(n));
    block.fibers.reserve(static_cast<size_t>(n));  // never reallocated while a block runs
    for (int i = 0; i < n; i++) {
        block.index[i] = dim3(i % config.block.x, (i / config.block.x) % config.block.y, i / (config.block.x * config.block.y));
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

// A fiber: runs threads that have not started, one after another, until one of them parks (then
// another fiber takes the next) or none is left.
extern "C" void ts_sw_fiber_entry() {
    using namespace ts_sw;
    Block* b = running;
#ifdef TS_SW_ASAN
    __sanitizer_finish_switch_fiber(nullptr, &b->scheduler_stack_bottom, &b->scheduler_stack_size);
#endif
    Context* self = b->current;
    while (b->started < b->n) {
        int t = thread_at(*b, b->started++);
        self->thread = t;
        b->context_of[t] = self;
        b->state[t] = State::kRunning;
        thread_idx = b->index[t];
        (*b->body)();
        // Done: the barriers it no longer counts in may now be complete.
        b->state[t] = State::kDone;
        int warp = t / 32;
        b->live--;
        b->warp_live[warp]--;
        if (b->block_arrived > 0 && b->block_arrived == b->live) {
            b->block_arrived = 0;
            release(b, 0, b->n, State::kWaitBlock);
        }
        if (b->warp_arrived[warp] > 0 && b->warp_arrived[warp] == b->warp_live[warp]) {
            b->warp_arrived[warp] = 0;
            release(b, warp * 32, std::min(b->n, warp * 32 + 32), State::kWaitWarp);
        }
        // Where a fiber parked, this one should not start new threads ahead of the released ones.
        if (b->ready_head < b->ready.size()) {
            break;
        }
    }
    self->thread = -1;
    switch_to(b, next_runnable(b), true);
    std::abort();  // a finished fiber is never resumed
}

#pragma once
// Private: the layout of a session registry in shared memory (see proclab/session.h).
//
// [Header][ProcessSlot x kMaxProcesses][ObjectSlot x kMaxObjects][EventSlot x kEventRing]
//
// Process slots have two parts with a sequence word each (a seqlock): `life` (identity, start,
// exit: written under the header's robust `alloc` mutex by the process itself, its parent or its
// reaper) and `self` (what the process is doing: written only by the process). An odd sequence
// means "being written"; a writer killed there leaves it odd until the reaper rewrites the part.
//
// Relayed processes: a process of another host cannot map this segment (an MPI worker rank on
// another node). The process that talks to it (the pool's process, rank 0) writes its record
// instead: `life.remote` is 1, `ppid` is the relaying process, and the slot's `host` part names
// its host and rank. Its pid is a pid of that host: it may equal a pid of this one, so a record is
// found by (pid, remote) and nothing probes a relayed pid on this host (kill, /proc, pidfd).

#include <proclab/detail/robust_mutex.h>
#include <proclab/session.h>

#include <atomic>
#include <cstdint>

namespace proclab::detail::registry {

inline constexpr std::uint32_t kMagic = 0x47455250; // "PREG"
inline constexpr std::uint32_t kLayoutVersion = 5;
inline constexpr std::size_t kNameMax = 64;

struct alignas(64) Header {
    std::uint32_t magic;
    std::uint32_t version;
    std::uint64_t total_size;
    char name[kNameMax + 8];
    std::int32_t creator;
    std::uint32_t reserved0;
    std::uint64_t creator_starttime; // /proc/<pid>/stat field 22: tells a recycled pid apart
    std::int64_t created_mono_ns;
    std::int64_t created_real_s;
    RobustMutex alloc;                    // slot allocation and `life` writes
    std::atomic<std::uint32_t> processes; // slots handed out (high-water mark)
    std::atomic<std::uint32_t> objects;
    alignas(64) std::atomic<std::uint64_t> event_head; // next event sequence
    // Scheduler mode (proclab/scheduler.h). `sched_mode` 1: processes stop at their points;
    // `sched_controller` is the controlling process (never held); `sched_changes` is bumped (and
    // futex-woken) whenever a process is held, blocks, unblocks or ends while the mode is on.
    alignas(64) std::atomic<std::uint32_t> sched_mode;
    std::atomic<std::int32_t> sched_controller;
    std::atomic<std::uint32_t> sched_changes;
};

struct LifePart {
    std::int32_t pid;
    std::int32_t ppid;
    std::uint8_t kind; // ProcessKind
    std::uint8_t daemon;
    std::uint8_t ended; // exit code known
    std::uint8_t joined;
    std::int32_t exitcode;
    std::int64_t start_ns;
    std::int64_t end_ns;
    char name[kNameMax];
    // The kernel's parent when it started (ps's PPID; the fork server for its workers), recorded
    // by the process that forked it or by the process itself: known also for a process that ended
    // before it was ever sampled. 0: not known.
    std::int32_t os_ppid;
    std::uint8_t remote; // 1: a process of another host, relayed (see HostPart)
    // 1: the process withdrew (detail::monitor::withdraw): never shown; the record stays, ended and
    // collected, so that its starter's late child_started() finds it instead of making a new one.
    std::uint8_t withdrawn;
    std::uint8_t reserved[2];
};

struct SelfPart {
    std::uint8_t blocked; // 1: waiting
    std::uint8_t op;      // WaitOp
    std::uint16_t reserved;
    std::uint32_t blocked_obj;
    std::int32_t blocked_pid;
    std::uint32_t task_pool;
    std::int64_t since_ns;
    std::uint64_t task_id;
    char task_fn[48];
};

// The process's scheduler gate (written by the process, except `state` kGo by the controller).
enum GateState : std::uint32_t { kGateFree, kGateHeld, kGateGo };
struct GatePart {
    std::atomic<std::uint32_t> state; // GateState
    std::atomic<std::uint32_t> seq;   // bumped at each hold (the controller's step matches it)
    std::uint8_t op;                  // SchedOp
    std::uint8_t reserved[3];
    std::uint32_t object;
    std::int32_t target;
    std::uint32_t line;  // the program's source line of the point (0: the program does not say)
    std::uint64_t holds; // points reached so far
};

// Where a relayed process runs: written together with `life` (under `life_seq`, in the same
// odd-even window), read only when life.remote is 1 (a slot reused by a local process keeps the
// bytes of an earlier relayed one).
struct HostPart {
    std::int32_t rank; // its rank in its MPI job (-1: none)
    char name[28];     // its host name (not NUL-terminated when 28 characters long)
};

struct alignas(64) ProcessSlot {
    std::atomic<std::uint32_t> life_seq;
    std::atomic<std::uint32_t> self_seq;
    LifePart life;
    SelfPart self;
    alignas(64) GatePart gate;
    HostPart host; // the gate's cache line had 32 bytes to spare
};
static_assert(sizeof(ProcessSlot) == 256, "a process slot stays four cache lines");

// kOwner and kValue are pushed only by objects without a segment of their own (a watched Python
// program's locks, semaphores and events: see python/).
enum Counter : unsigned {
    kPuts,
    kGets,
    kBytes,
    kWorkers,
    kQueued,
    kRunning,
    kDone,
    kFailed,
    kLost,
    kOwner,
    kValue,
    kCounters
};

struct alignas(64) ObjectSlot {
    std::atomic<std::uint32_t> seq;
    std::uint8_t kind; // ObjectKind
    std::uint8_t alive;
    std::uint16_t reserved;
    std::int32_t creator;
    std::uint32_t reserved1;
    std::int64_t created_ns;
    std::int64_t destroyed_ns;
    std::uint64_t capacity;
    char name[96];
    char label[32];
    // Pushed figures (pipes, pools): monotonic or gauge counters, each one atomic.
    std::atomic<std::int64_t> counters[kCounters];
};

struct alignas(64) EventSlot {
    std::atomic<std::uint64_t> seq; // 2*s+1 while event s is written, 2*s+2 once complete
    std::int64_t t_ns;
    std::int32_t pid;
    std::uint32_t object;
    std::uint16_t kind;
    // An event of a relayed process (written by its relay): 1 + its process slot, whose record
    // has the host; 0: `pid` is a process of this host.
    std::uint16_t remote_slot;
    std::uint16_t reserved[2];
    std::int64_t arg;
    std::uint64_t arg2;
};
static_assert(sizeof(EventSlot) == 64);
static_assert(sizeof(ObjectSlot) == 256);

struct Layout {
    Header header;
    ProcessSlot processes[Session::kMaxProcesses];
    ObjectSlot objects[Session::kMaxObjects];
    EventSlot events[Session::kEventRing];
};

} // namespace proclab::detail::registry

#pragma once
// Private to the core (public only for inline fast paths): the hooks through which processes and
// objects record themselves in the session registry (proclab/session.h). Without an attached
// session every hook costs one predictable branch on `g_attached`.

#include <proclab/session.h>

#include <atomic>
#include <cstdint>
#include <string_view>

namespace proclab::detail {
class Segment;
}

namespace proclab::detail::monitor {

/// True once this process is attached to a session.
extern std::atomic<bool> g_attached;
/// Per-thread sampling countdown for high-rate operations: an operation is recorded when it
/// reaches zero (see record_sampled).
extern thread_local constinit std::uint32_t t_countdown __attribute__((tls_model("initial-exec")));

inline bool attached() noexcept
{
    return g_attached.load(std::memory_order_relaxed);
}

// Scheduler mode (proclab/scheduler.h).
/// The attached session's scheduler-mode word (a zero word of this process when detached).
extern std::atomic<std::atomic<std::uint32_t>*> g_sched_word;
/// True while the session is in scheduler mode: inline fast paths then take their full path,
/// where the gate is.
inline bool gated() noexcept
{
    return g_sched_word.load(std::memory_order_relaxed)->load(std::memory_order_relaxed) != 0;
}
/// Nesting depth of Ungated on this thread.
extern thread_local constinit int t_ungated __attribute__((tls_model("initial-exec")));
/// In scheduler mode, holds this process at a synchronization point until the controller lets it
/// do `op` on `object` (`target`: the child of a join; `line`: the source line of the point, when
/// the program knows it, e.g. a Python script's). No effect outside the mode, in the controller,
/// the fork server, a manager, a thread other than the main one, or under Ungated.
void gate_slow(SchedOp op, ObjectId object, pid_t target, std::uint32_t line = 0) noexcept;
inline void gate(SchedOp op, ObjectId object, pid_t target = 0) noexcept
{
    if (gated()) [[unlikely]]
        gate_slow(op, object, target);
}
/// The same for the object whose shared memory contains `address` (no gate when it is not a
/// registered object: internal objects of a tool never stop).
void gate_slow(SchedOp op, const void* address) noexcept;
inline void gate(SchedOp op, const void* address) noexcept
{
    if (gated()) [[unlikely]]
        gate_slow(op, address);
}
/// While alive, this thread passes gates without stopping (an operation made of others: a Value's
/// read takes its lock, a Condition's wait releases and re-takes its lock).
class Ungated {
public:
    Ungated() noexcept { ++t_ungated; }
    ~Ungated() { --t_ungated; }
    Ungated(const Ungated&) = delete;
    Ungated& operator=(const Ungated&) = delete;
};

/// Attaches from PROCLAB_SESSION when not done yet (cheap after the first call).
void ensure_attached() noexcept;

/// True when this high-rate operation is to be recorded (the sampler's countdown reached zero).
inline bool sample() noexcept
{
    return attached() && --t_countdown == 0;
}

/// Records a sampled high-rate event (call only when sample() was true); its weight is the
/// sampling period in force.
void record_sampled(const Segment* segment, EventKind kind, std::int64_t arg) noexcept;
void record_sampled(ObjectId object, EventKind kind, std::int64_t arg) noexcept;
/// Records an event (never sampled: rare events such as start, exit, task begin/end).
void record(EventKind kind, ObjectId object, std::int64_t arg, std::uint64_t arg2 = 0) noexcept;

// Objects.
/// A shared object was created (Segment::create): registered with its segment name.
void object_created(Segment& segment, std::string_view kind) noexcept;
/// Nesting depth of Unlisted on this thread.
extern thread_local constinit int t_unlisted __attribute__((tls_model("initial-exec")));
/// While alive, the objects this thread creates stay out of the session's object table: internal
/// objects of a tool (the lesson runner's step gate), not the learner's. Nests.
class Unlisted {
public:
    Unlisted() noexcept { ++t_unlisted; }
    ~Unlisted() { --t_unlisted; }
    Unlisted(const Unlisted&) = delete;
    Unlisted& operator=(const Unlisted&) = delete;
};
/// A label for the object's registry entry ("JoinableQueue", "RLock", ...).
void set_label(const Segment& segment, std::string_view label) noexcept;
void set_label(const std::string& segment_name, std::string_view label) noexcept;
/// The last user removed the object.
void object_destroyed(const std::string& segment_name) noexcept;
/// Registers an object that is not a Segment (pipes, pools, managers). kNoObject when detached.
ObjectId register_object(ObjectKind kind, std::string_view name, std::string_view label,
                         std::uint64_t capacity = 0) noexcept;
void unregister_object(ObjectId id) noexcept;
/// The id of the live object registered under `name` by any process (kNoObject when none).
ObjectId find_object(std::string_view name) noexcept;
/// Adds to a pushed counter of an object (pipes, pools). See registry_layout.h's Counter.
void add_counter(ObjectId id, unsigned counter, std::int64_t delta) noexcept;
void set_counter(ObjectId id, unsigned counter, std::int64_t value) noexcept;
/// The registry id of the object whose shared memory contains `address`, or of `segment`.
ObjectId id_of(const void* address) noexcept;
ObjectId id_of(const Segment* segment) noexcept;
/// In scheduler mode, holds this process before `op` on the object `segment` (see gate_slow()).
inline void gate(SchedOp op, const Segment* segment) noexcept
{
    if (gated()) [[unlikely]]
        gate_slow(op, id_of(segment), 0);
}

// Processes.
/// This process's parent-side record of a child it just started.
void child_started(pid_t pid, std::string_view name, ProcessKind kind, bool daemon) noexcept;
/// The exit code of a child was collected (by join, is_alive, the reaper...).
void child_exited(pid_t pid, int exitcode) noexcept;
/// This process (a fresh child or an exec'd worker) takes on its identity.
void became(std::string_view name, ProcessKind kind, bool daemon) noexcept;
/// This process is about to exit with `exitcode` (its own record; the parent marks it joined).
void self_exiting(int exitcode) noexcept;
/// The session name this process is attached to ("" when none): handed to Spawn/ForkServer children.
std::string session_name();
/// In a ForkServer/Spawn child whose environment may lack PROCLAB_SESSION: attach to `name`.
void attach_to(const std::string& name) noexcept;
/// In a forked child, before anything else: the registry mapping is inherited, the slot is not.
/// The child's record appears already carrying `name` and `daemon`, never nameless. `self`: this
/// process's pid when the caller knows it (0: asked of the kernel when needed).
void after_fork_in_child(std::string_view name = {}, bool daemon = false, pid_t self = 0) noexcept;

/// Takes this process out of its session as if it had never joined: its record is dropped (not
/// shown ended) and it detaches (PROCLAB_SESSION unset). For a process that is shown through a
/// relay instead (an MPI rank told to behave as a rank of another host).
void withdraw() noexcept;

// Relayed processes: processes of another host that cannot reach the session's memory, recorded
// by the process that talks to them (the MPI pool's process for its worker ranks on other nodes).
// Their records carry the host (ProcessRecord::host) and their pids are never probed here.
/// A relayed process's record in the session this process was attached to when it was made.
struct Relayed {
    const void* registry = nullptr; // the mapping it lives in (null: none)
    std::uint32_t slot = 0;
    pid_t pid = 0;
    explicit operator bool() const noexcept { return registry != nullptr; }
};
/// Makes the record of process `pid` of `host` (rank: its MPI rank, -1: none), started at
/// `start_ns` (this host's CLOCK_MONOTONIC), with this process as its parent. Empty when detached
/// or when the process table is full.
Relayed relayed_started(pid_t pid, std::string_view host, int rank, std::string_view name, ProcessKind kind,
                        bool daemon, std::int64_t start_ns) noexcept;
/// Its current task (task_id 0: none), as task_begin()/task_end() set it for a local worker.
void relayed_task(const Relayed& who, ObjectId pool, std::uint64_t task_id, std::string_view fn) noexcept;
/// An event of it at `t_ns` (this host's clock), e.g. TaskBegin/TaskEnd as it reported them.
void relayed_event(const Relayed& who, std::int64_t t_ns, EventKind kind, ObjectId object, std::int64_t arg,
                   std::uint64_t arg2 = 0) noexcept;
/// It ended at `t_ns` with `exitcode` (a relay has nothing to collect: the record is also joined).
void relayed_exited(const Relayed& who, int exitcode, std::int64_t t_ns) noexcept;

/// The current task of this process (pool workers); fn may be empty.
void task_begin(ObjectId pool, std::uint64_t task_id, std::string_view fn) noexcept;
void task_end(ObjectId pool, std::uint64_t task_id, int outcome) noexcept; // 0 ok, 1 error, 2 lost

/// While alive, this thread is shown blocked on the object containing `address` (or `object`,
/// or the child `pid` for joins). Nests: the innermost wait is shown.
class Blocked {
public:
    /// Shown only when `address` lies in a registered object.
    Blocked(const void* address, WaitOp op) noexcept
    {
        if (attached())
            if (const ObjectId id = id_of(address))
                begin(id, op, 0);
    }
    Blocked(ObjectId object, WaitOp op, pid_t pid = 0) noexcept
    {
        if (attached())
            begin(object, op, pid);
    }
    ~Blocked()
    {
        if (m_active)
            end();
    }
    Blocked(const Blocked&) = delete;
    Blocked& operator=(const Blocked&) = delete;

private:
    void begin(ObjectId object, WaitOp op, pid_t pid) noexcept;
    void end() noexcept;
    bool m_active = false;
    ObjectId m_object = kNoObject;
    WaitOp m_op = WaitOp::None;
    pid_t m_pid = 0;
    std::int64_t m_since = 0;
    const Blocked* m_outer = nullptr;
    Blocked* m_older = nullptr; // the process's list of active waits, newest first (no allocation)
};

} // namespace proclab::detail::monitor

// The writer side of the session registry: the hooks of proclab/detail/monitor.h for attaching,
// this process's record and its children's, and the event ring. Objects: monitor_objects.cpp;
// waits, tasks and scheduler gates: monitor_waits.cpp; processes of other hosts: monitor_relay.cpp.
#include <proclab/detail/monitor.h>
#include <proclab/detail/segment.h>
#include <proclab/detail/sync_common.h>

#include "process/runtime.h"
#include "session/monitor_bridge.h"
#include "session/monitor_state.h"
#include "session/registry.h"
#include "sync/futex.h"

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <unistd.h>
#include <vector>

namespace proclab::detail::monitor {

std::atomic<bool> g_attached{false};
thread_local constinit std::uint32_t t_countdown __attribute__((tls_model("initial-exec"))) = 1;
thread_local constinit int t_unlisted __attribute__((tls_model("initial-exec"))) = 0;
thread_local constinit int t_ungated __attribute__((tls_model("initial-exec"))) = 0;
namespace {
std::atomic<std::uint32_t> g_no_sched{0};
} // namespace
std::atomic<std::atomic<std::uint32_t>*> g_sched_word{&g_no_sched};

using namespace registry;

// The attached registry. Set once (attach), replaced only by attach_to() in a fresh child.
Layout* g_layout = nullptr;
std::mutex g_self_mutex;
Blocked* g_blocked = nullptr;
thread_local constinit const Blocked* t_innermost = nullptr;

namespace {

std::mutex g_attach_mutex;
std::shared_ptr<RegistryMap> g_map;
std::atomic<int> g_env_checked{0};

// This process's slot (-1: none yet) and the pid it was claimed for (a forked child re-claims).
int g_slot = -1;
pid_t g_slot_pid = 0;

// True when no thread held `m` (as this process's memory says; read, not written).
bool mutex_is_free(std::mutex& m) noexcept
{
    return m.native_handle()->__data.__lock == 0;
}

// Sampler state per thread (see record_sampled).
thread_local std::uint32_t t_shift = 0;
thread_local std::int64_t t_window_start = 0;
thread_local std::uint32_t t_window_count = 0;
constexpr std::int64_t kWindowNs = 10'000'000; // 10 ms
constexpr std::uint32_t kWindowHigh = 500;     // > 50,000 events/s: sample more sparsely
constexpr std::uint32_t kWindowLow = 100;      // < 10,000 events/s: record more

} // namespace

// Scheduler mode: tells the controller that something it waits for may have changed.
void sched_notify() noexcept
{
    Layout* l = g_layout;
    if (!l || l->header.sched_mode.load(std::memory_order_relaxed) == 0)
        return;
    l->header.sched_changes.fetch_add(1, std::memory_order_release);
    futex_wake(l->header.sched_changes, INT_MAX);
}

// Requires the alloc mutex. Claims a slot for a new record (-1: the table is full of live ones).
int claim_locked(Layout& l) noexcept
{
    const std::uint32_t n = l.header.processes.load(std::memory_order_relaxed);
    int slot = -1;
    if (n < Session::kMaxProcesses) {
        l.header.processes.store(n + 1, std::memory_order_release);
        slot = static_cast<int>(n);
    } else {
        // Full: reuse the slot of the process that ended first.
        for (std::uint32_t i = 0; i < n; ++i) {
            const LifePart& life = l.processes[i].life;
            if (life.ended && (slot < 0 || life.end_ns < l.processes[slot].life.end_ns))
                slot = static_cast<int>(i);
        }
    }
    if (slot >= 0) {
        GatePart& g = l.processes[slot].gate;
        g.state.store(kGateFree, std::memory_order_relaxed);
        g.op = 0;
        g.object = 0;
        g.target = 0;
        g.line = 0;
        g.holds = 0;
    }
    return slot;
}

namespace {

// Requires the alloc mutex. Finds the live slot of `pid` (a process of this host), or claims one.
int find_or_claim_locked(Layout& l, pid_t pid, bool* fresh) noexcept
{
    const std::uint32_t n = l.header.processes.load(std::memory_order_relaxed);
    for (std::uint32_t i = n; i-- > 0;) {
        const LifePart& life = l.processes[i].life;
        if (life.pid == pid && !life.ended && !life.remote) {
            *fresh = false;
            return static_cast<int>(i);
        }
    }
    *fresh = true;
    return claim_locked(l);
}

int find_locked(Layout& l, pid_t pid) noexcept
{
    const std::uint32_t n = l.header.processes.load(std::memory_order_relaxed);
    for (std::uint32_t i = n; i-- > 0;)
        if (l.processes[i].life.pid == pid && !l.processes[i].life.ended && !l.processes[i].life.remote)
            return static_cast<int>(i);
    return -1;
}

// The newest record of `pid` that ended, was not collected yet and was forked by `forker`, or
// that its process withdrew from (its zombie, or the process itself, keeps the pid from reuse).
int find_uncollected_child_locked(Layout& l, pid_t pid, pid_t forker) noexcept
{
    const std::uint32_t n = l.header.processes.load(std::memory_order_relaxed);
    for (std::uint32_t i = n; i-- > 0;) {
        const LifePart& life = l.processes[i].life;
        if (life.pid == pid && !life.remote)
            return (life.withdrawn || (life.ended && !life.joined)) && life.os_ppid == forker ? static_cast<int>(i)
                                                                                              : -1;
    }
    return -1;
}

// Registers this process (a fresh attach, or a forked child). Requires g_layout.
void register_self(std::string_view name, ProcessKind kind, bool daemon, bool keep_kind) noexcept
{
    Layout& l = *g_layout;
    const pid_t pid = getpid();
    AllocGuard g(l.header);
    bool fresh = false;
    int slot = find_or_claim_locked(l, pid, &fresh);
    if (slot < 0)
        return;
    ProcessSlot& ps = l.processes[slot];
    LifePart life = fresh ? LifePart{} : ps.life;
    life.pid = pid;
    // The parent's child_started() may have come first: its ppid (the process that asked for this
    // one, e.g. the GUI rather than the fork server that forked it) stays, whatever the order.
    if (fresh)
        life.ppid = getppid();
    // The kernel's parent, as ps shows it (the fork server for its workers), whoever came first.
    life.os_ppid = getppid();
    if (fresh) {
        life.start_ns = now_ns();
        life.kind = static_cast<std::uint8_t>(kind);
    } else if (!keep_kind &&
               (kind != ProcessKind::Process || life.kind == static_cast<std::uint8_t>(ProcessKind::Main))) {
        // A plain process never takes back a kind its starter gave (a pool worker, a command): the
        // starter's child_started() may come first, before the child's became().
        life.kind = static_cast<std::uint8_t>(kind);
    }
    // keep_kind: a record the parent already made (child_started) keeps the identity it gave.
    if (!name.empty() && (fresh || !keep_kind))
        copy_name(life.name, sizeof life.name, name);
    if (fresh || !keep_kind)
        life.daemon = daemon ? 1 : 0;
    write_part(ps.life_seq, ps.life, life);
    if (fresh)
        write_part(ps.self_seq, ps.self, SelfPart{});
    g_slot = slot;
    g_slot_pid = pid;
}

std::string self_name()
{
    char buf[64] = {};
    FILE* f = std::fopen("/proc/self/comm", "re");
    if (f) {
        if (std::fgets(buf, sizeof buf, f))
            buf[strcspn(buf, "\n")] = '\0';
        std::fclose(f);
    }
    return buf[0] ? std::string("MainProcess (") + buf + ")" : std::string("MainProcess");
}

// Keeps a replaced registry mapped: another thread may still be in a hook with its pointer.
void retire_locked() noexcept
{
    if (!g_map)
        return;
    g_attached.store(false, std::memory_order_release);
    g_sched_word.store(&g_no_sched, std::memory_order_release);
    g_layout = nullptr;
    g_slot = -1;
    if (thread_count() <= 1) {
        g_map.reset(); // no other thread can be in a hook: unmap
        return;
    }
    g_map->release_hold();
    static auto* retired = new (std::nothrow) std::vector<std::shared_ptr<RegistryMap>>;
    if (retired)
        retired->push_back(std::move(g_map));
}

void attach_locked(std::shared_ptr<RegistryMap> map, std::string_view name, ProcessKind kind) noexcept
{
    retire_locked();
    g_map = std::move(map);
    g_layout = &g_map->layout();
    g_sched_word.store(&g_layout->header.sched_mode, std::memory_order_release);
    g_slot = -1;
    register_self(name, kind, false, true);
    g_attached.store(true, std::memory_order_release);
    record(EventKind::ProcessStart, kNoObject, getpid());
    if (kind == ProcessKind::Main) {
        // A main program records its own exit status (exit(), or the return of main()).
        static const bool hooked = [] {
            on_exit(
                [](int status, void*) {
                    if (g_layout && g_slot_pid == getpid())
                        self_exiting(status);
                },
                nullptr);
            return true;
        }();
        (void)hooked;
    }
}

} // namespace

ProcessSlot* my_slot() noexcept
{
    if (!g_layout)
        return nullptr;
    if (g_slot < 0 || g_slot_pid != current_pid())
        register_self({}, ProcessKind::Process, false, true);
    return g_slot >= 0 ? &g_layout->processes[g_slot] : nullptr;
}

void ensure_attached() noexcept
{
    if (g_env_checked.load(std::memory_order_acquire))
        return;
    std::lock_guard lock(g_attach_mutex);
    if (g_env_checked.load(std::memory_order_relaxed))
        return;
    const char* env = std::getenv(Session::kEnvVar);
    if (env && *env && !g_layout) {
        try {
            attach_locked(RegistryMap::open(env), self_name(), ProcessKind::Main);
        } catch (...) {
            // A session that is gone or invalid: run unmonitored.
        }
    }
    g_env_checked.store(1, std::memory_order_release);
}

void attach_to(const std::string& name) noexcept
{
    std::lock_guard lock(g_attach_mutex);
    g_env_checked.store(1, std::memory_order_release);
    if (name.empty() || (g_map && g_map->session() == name))
        return;
    try {
        attach_locked(RegistryMap::open(name), {}, ProcessKind::Process);
        setenv(Session::kEnvVar, name.c_str(), 1);
    } catch (...) {
    }
}

// Used by Session::create: makes `map` this process's session.
void attach_created(std::shared_ptr<RegistryMap> map)
{
    std::lock_guard lock(g_attach_mutex);
    g_env_checked.store(1, std::memory_order_release);
    setenv(Session::kEnvVar, map->session().c_str(), 1);
    attach_locked(std::move(map), self_name(), ProcessKind::Main);
}

void detach() noexcept
{
    std::lock_guard lock(g_attach_mutex);
    g_env_checked.store(1, std::memory_order_release);
    unsetenv(Session::kEnvVar);
    retire_locked();
}

std::string session_name()
{
    if (!attached())
        return {}; // unwatched: no lock taken (every start asks)
    std::lock_guard lock(g_attach_mutex);
    return g_map ? g_map->session() : std::string();
}

void after_fork_in_child(std::string_view name, bool daemon, pid_t self) noexcept
{
    // The parent's mutexes may have been held by other threads, and their waits are not ours.
    // Unwatched (no registry), nothing here is written unless it must be: a page written in a
    // forked child is a page copied for it.
    if (t_ungated != 0) // a new process stops at its points, wherever its parent forked it
        t_ungated = 0;
    if (g_layout || !mutex_is_free(g_attach_mutex))
        new (&g_attach_mutex) std::mutex;
    if (g_layout || !mutex_is_free(g_self_mutex))
        new (&g_self_mutex) std::mutex;
    if (g_blocked)
        g_blocked = nullptr;
    if (t_innermost)
        t_innermost = nullptr;
    if (g_layout) {
        if (self != 0)
            note_current_pid(self);
        g_slot = -1;
        register_self(name, ProcessKind::Process, daemon, name.empty()); // unnamed: keep what the parent said
    }
}

void became(std::string_view name, ProcessKind kind, bool daemon) noexcept
{
    ensure_attached();
    if (!attached())
        return;
    register_self(name, kind, daemon, false);
}

void record_at(Layout* l, std::int64_t t, EventKind kind, ObjectId object, std::int64_t arg, std::uint64_t arg2,
               pid_t pid, std::uint16_t remote_slot) noexcept
{
    const std::uint64_t s = l->header.event_head.fetch_add(1, std::memory_order_relaxed);
    EventSlot& e = l->events[s % Session::kEventRing];
    e.seq.store(2 * s + 1, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_release);
    e.t_ns = t;
    e.pid = remote_slot ? pid : current_pid();
    e.object = object;
    e.kind = static_cast<std::uint16_t>(kind);
    e.remote_slot = remote_slot;
    e.arg = arg;
    e.arg2 = arg2;
    e.seq.store(2 * s + 2, std::memory_order_release);
}

void record(EventKind kind, ObjectId object, std::int64_t arg, std::uint64_t arg2) noexcept
{
    if (Layout* l = g_layout)
        record_at(l, now_ns(), kind, object, arg, arg2);
}

void record_sampled(ObjectId object, EventKind kind, std::int64_t arg) noexcept
{
    Layout* l = g_layout;
    if (!l) {
        t_countdown = 1U << 30;
        return;
    }
    const std::int64_t now = now_ns();
    record_at(l, now, kind, object, arg, std::uint64_t(1) << t_shift);
    // Adapt the sampling period so that each thread records about 10k-50k events per second.
    ++t_window_count;
    if (t_window_start == 0)
        t_window_start = now;
    if (now - t_window_start >= kWindowNs) {
        if (t_window_count > kWindowHigh && t_shift < 24)
            ++t_shift;
        else if (t_window_count < kWindowLow && t_shift > 0)
            --t_shift;
        t_window_start = now;
        t_window_count = 0;
    } else if (t_window_count > kWindowHigh && t_shift < 24) {
        ++t_shift; // a burst: back off at once
        t_window_count = kWindowHigh / 2;
    }
    t_countdown = 1U << t_shift;
}

void record_sampled(const Segment* segment, EventKind kind, std::int64_t arg) noexcept
{
    record_sampled(id_of(segment), kind, arg);
}

// ---- processes ----------------------------------------------------------------------------

void child_started(pid_t pid, std::string_view name, ProcessKind kind, bool daemon) noexcept
{
    child_started(pid, name, kind, daemon, current_pid());
}

void child_started(pid_t pid, std::string_view name, ProcessKind kind, bool daemon, pid_t forker) noexcept
{
    ensure_attached();
    Layout* l = g_layout;
    if (!l)
        return;
    {
        AllocGuard g(l->header);
        bool fresh = false;
        // A child quick enough to end before its starter gets here has left an ended record that
        // nobody collected yet: its zombie keeps the pid from being reused, so that record is this
        // child's and a second one would show it twice.
        int slot = find_uncollected_child_locked(*l, pid, forker);
        if (slot < 0)
            slot = find_or_claim_locked(*l, pid, &fresh);
        if (slot >= 0 && !l->processes[slot].life.withdrawn) {
            ProcessSlot& ps = l->processes[slot];
            LifePart life = fresh ? LifePart{} : ps.life;
            life.pid = pid;
            life.ppid = current_pid();
            if (!life.os_ppid) // the child's own getppid() wins when it came first
                life.os_ppid = forker;
            life.daemon = daemon ? 1 : 0;
            if (fresh) {
                life.kind = static_cast<std::uint8_t>(kind);
                life.start_ns = now_ns();
                copy_name(life.name, sizeof life.name, name);
            } else if (kind != ProcessKind::Process) {
                // The child registered first, as a plain process: what its starter says it is (a
                // command, a pool worker) wins.
                life.kind = static_cast<std::uint8_t>(kind);
            }
            if (!fresh && life.name[0] == '\0') // the child registered first, before it knew its name
                copy_name(life.name, sizeof life.name, name);
            write_part(ps.life_seq, ps.life, life);
            if (fresh)
                write_part(ps.self_seq, ps.self, SelfPart{});
        }
    }
    record(EventKind::ProcessStart, kNoObject, pid);
}

namespace {

// A watched Python queue counts the getters inside get() in its kRunning counter (C++ queues leave
// it at 0): one killed while shown waiting there never takes itself off, so its reaper does.
void forget_killed_getter(Layout& l, const SelfPart& self) noexcept
{
    if (self.blocked == 0 || static_cast<WaitOp>(self.op) != WaitOp::Get || self.blocked_obj == kNoObject ||
        self.blocked_obj > Session::kMaxObjects)
        return;
    ObjectSlot& o = l.objects[self.blocked_obj - 1];
    if (static_cast<ObjectKind>(o.kind) != ObjectKind::Queue)
        return;
    std::int64_t n = o.counters[kRunning].load(std::memory_order_relaxed);
    while (n > 0 && !o.counters[kRunning].compare_exchange_weak(n, n - 1, std::memory_order_relaxed)) {}
}

} // namespace

void child_exited(pid_t pid, int exitcode) noexcept
{
    Layout* l = g_layout;
    if (!l)
        return;
    {
        AllocGuard g(l->header);
        int slot = find_locked(*l, pid);
        if (slot < 0) {
            // It recorded its own end already: mark it collected.
            const std::uint32_t n = l->header.processes.load(std::memory_order_relaxed);
            for (std::uint32_t i = n; i-- > 0;) {
                ProcessSlot& ps = l->processes[i];
                if (ps.life.pid == pid && ps.life.withdrawn) {
                    // Reaped: its pid may be reused, by a process to show.
                    LifePart life = ps.life;
                    life.pid = 0;
                    write_part(ps.life_seq, ps.life, life);
                    break;
                }
                if (ps.life.pid == pid && ps.life.ended && !ps.life.joined && !ps.life.remote) {
                    LifePart life = ps.life;
                    life.joined = 1;
                    if (exitcode < 0)
                        life.exitcode = exitcode; // a signal after its last words
                    write_part(ps.life_seq, ps.life, life);
                    break;
                }
            }
        } else {
            ProcessSlot& ps = l->processes[slot];
            LifePart life = ps.life;
            life.ended = 1;
            life.joined = 1;
            life.exitcode = exitcode;
            life.end_ns = now_ns();
            write_part(ps.life_seq, ps.life, life);
            forget_killed_getter(*l, ps.self);
            // Its own record may have been cut mid-write: the reaper finalizes it.
            write_part(ps.self_seq, ps.self, SelfPart{});
        }
    }
    record(EventKind::ProcessExit, kNoObject, exitcode, static_cast<std::uint64_t>(pid));
    sched_notify();
}

void self_exiting(int exitcode) noexcept
{
    Layout* l = g_layout;
    if (!l)
        return;
    record(EventKind::ProcessExit, kNoObject, exitcode, static_cast<std::uint64_t>(current_pid()));
    AllocGuard g(l->header);
    int slot = find_locked(*l, current_pid());
    if (slot < 0)
        return;
    ProcessSlot& ps = l->processes[slot];
    LifePart life = ps.life;
    life.ended = 1;
    life.exitcode = exitcode;
    life.end_ns = now_ns();
    write_part(ps.life_seq, ps.life, life);
    write_part(ps.self_seq, ps.self, SelfPart{});
    sched_notify();
}

void withdraw() noexcept
{
    std::lock_guard lock(g_attach_mutex);
    g_env_checked.store(1, std::memory_order_release);
    unsetenv(Session::kEnvVar);
    if (Layout* l = g_layout) {
        std::lock_guard self_lock(g_self_mutex);
        AllocGuard g(l->header);
        if (const int slot = find_locked(*l, current_pid()); slot >= 0) {
            // Withdrawn: no record to show. Its pid stays, so that a starter recording it late
            // (child_started after the child's own withdrawal) finds it and leaves it withdrawn.
            // Ended at time 0: the first slot reused when the table is full.
            ProcessSlot& ps = l->processes[slot];
            LifePart life{};
            life.pid = current_pid();
            life.os_ppid = getppid();
            life.ended = 1;
            life.joined = 1;
            life.withdrawn = 1;
            write_part(ps.life_seq, ps.life, life);
            write_part(ps.self_seq, ps.self, SelfPart{});
        }
    }
    retire_locked();
}

} // namespace proclab::detail::monitor

namespace proclab::detail {
std::shared_ptr<RegistryMap> attached_registry() noexcept
{
    std::lock_guard lock(monitor::g_attach_mutex);
    return monitor::g_map;
}
} // namespace proclab::detail

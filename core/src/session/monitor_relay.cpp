// The writer side of the session registry, processes of other hosts: the records a process keeps
// for the processes it relays (an MPI pool's ranks), their tasks, events and ends.
#include <proclab/detail/monitor.h>
#include <proclab/detail/sync_common.h>

#include "session/monitor_state.h"
#include "session/registry.h"

#include <algorithm>
#include <cstring>

namespace proclab::detail::monitor {

using namespace registry;

namespace {

// `life` and the host part in one odd-even window of life_seq (a relayed record's identity).
void write_life_and_host(ProcessSlot& ps, const LifePart& life, const HostPart& host) noexcept
{
    std::uint32_t s = ps.life_seq.load(std::memory_order_relaxed);
    const std::uint32_t odd = (s & 1U) ? s + 2 : s + 1;
    ps.life_seq.store(odd, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_release);
    std::memcpy(static_cast<void*>(&ps.life), &life, sizeof life);
    std::memcpy(static_cast<void*>(&ps.host), &host, sizeof host);
    ps.life_seq.store(odd + 1, std::memory_order_release);
}

// The slot of a live relayed record made in the registry this process is attached to now.
ProcessSlot* relayed_slot(Layout* l, const Relayed& who) noexcept
{
    if (!l || who.registry != l || who.slot >= Session::kMaxProcesses)
        return nullptr;
    ProcessSlot& ps = l->processes[who.slot];
    return ps.life.pid == who.pid && ps.life.remote && !ps.life.ended ? &ps : nullptr;
}

} // namespace

Relayed relayed_started(pid_t pid, std::string_view host, int rank, std::string_view name, ProcessKind kind,
                        bool daemon, std::int64_t start_ns) noexcept
{
    ensure_attached();
    Layout* l = g_layout;
    if (!l || pid <= 0 || host.empty())
        return {};
    Relayed who;
    {
        AllocGuard g(l->header);
        const int slot = claim_locked(*l); // never a local record of the same pid
        if (slot < 0)
            return {};
        ProcessSlot& ps = l->processes[slot];
        LifePart life{};
        life.pid = pid;
        life.ppid = current_pid();
        life.kind = static_cast<std::uint8_t>(kind);
        life.daemon = daemon ? 1 : 0;
        life.start_ns = start_ns;
        life.remote = 1;
        copy_name(life.name, sizeof life.name, name);
        HostPart where{};
        where.rank = rank;
        std::memcpy(where.name, host.data(), std::min(host.size(), sizeof where.name));
        write_part(ps.self_seq, ps.self, SelfPart{});
        write_life_and_host(ps, life, where);
        who.registry = l;
        who.slot = static_cast<std::uint32_t>(slot);
        who.pid = pid;
    }
    record_at(l, start_ns, EventKind::ProcessStart, kNoObject, pid, 0, pid, static_cast<std::uint16_t>(who.slot + 1));
    return who;
}

void relayed_task(const Relayed& who, ObjectId pool, std::uint64_t task_id, std::string_view fn) noexcept
{
    ProcessSlot* ps = relayed_slot(g_layout, who);
    if (!ps)
        return;
    SelfPart self{};
    if (task_id != 0) {
        self.task_pool = pool;
        self.task_id = task_id;
        copy_name(self.task_fn, sizeof self.task_fn, fn);
    }
    write_part(ps->self_seq, ps->self, self);
}

void relayed_event(const Relayed& who, std::int64_t t_ns, EventKind kind, ObjectId object, std::int64_t arg,
                   std::uint64_t arg2) noexcept
{
    Layout* l = g_layout;
    if (relayed_slot(l, who))
        record_at(l, t_ns, kind, object, arg, arg2, who.pid, static_cast<std::uint16_t>(who.slot + 1));
}

void relayed_exited(const Relayed& who, int exitcode, std::int64_t t_ns) noexcept
{
    Layout* l = g_layout;
    {
        if (!l)
            return;
        AllocGuard g(l->header);
        ProcessSlot* ps = relayed_slot(l, who);
        if (!ps)
            return;
        LifePart life = ps->life;
        life.ended = 1;
        life.joined = 1; // nothing for anyone to collect here
        life.exitcode = exitcode;
        life.end_ns = std::max(t_ns, life.start_ns);
        write_part(ps->life_seq, ps->life, life);
        write_part(ps->self_seq, ps->self, SelfPart{});
    }
    record_at(l, t_ns, EventKind::ProcessExit, kNoObject, exitcode, static_cast<std::uint64_t>(who.pid), who.pid,
              static_cast<std::uint16_t>(who.slot + 1));
    sched_notify();
}

} // namespace proclab::detail::monitor

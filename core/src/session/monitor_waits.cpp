// The writer side of the session registry, this process's waits and tasks: what it is blocked in
// (Blocked), the pool task it runs, and the scheduler mode's gates where it stops until let go.
#include <proclab/detail/monitor.h>
#include <proclab/detail/sync_common.h>

#include "session/monitor_state.h"
#include "session/registry.h"
#include "sync/futex.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <mutex>
#include <sys/syscall.h>
#include <unistd.h>

namespace proclab::detail::monitor {

using namespace registry;

void task_begin(ObjectId pool, std::uint64_t task_id, std::string_view fn) noexcept
{
    if (!attached())
        return;
    {
        std::lock_guard lock(g_self_mutex);
        if (ProcessSlot* ps = my_slot()) {
            SelfPart self = ps->self;
            self.task_pool = pool;
            self.task_id = task_id;
            copy_name(self.task_fn, sizeof self.task_fn, fn);
            write_part(ps->self_seq, ps->self, self);
        }
    }
    record(EventKind::TaskBegin, pool, static_cast<std::int64_t>(task_id));
}

void task_end(ObjectId pool, std::uint64_t task_id, int outcome) noexcept
{
    if (!attached())
        return;
    record(EventKind::TaskEnd, pool, static_cast<std::int64_t>(task_id), static_cast<std::uint64_t>(outcome));
    std::lock_guard lock(g_self_mutex);
    if (ProcessSlot* ps = my_slot()) {
        SelfPart self = ps->self;
        self.task_pool = 0;
        self.task_id = 0;
        self.task_fn[0] = '\0';
        write_part(ps->self_seq, ps->self, self);
    }
}

void Blocked::begin(ObjectId object, WaitOp op, pid_t pid) noexcept
{
    m_active = true;
    m_object = object;
    m_op = op;
    m_pid = pid;
    m_since = now_ns();
    m_outer = t_innermost;
    t_innermost = this;
    {
        std::lock_guard lock(g_self_mutex);
        m_older = g_blocked;
        g_blocked = this;
        if (ProcessSlot* ps = my_slot()) {
            SelfPart self = ps->self;
            self.blocked = 1;
            self.op = static_cast<std::uint8_t>(op);
            self.blocked_obj = object;
            self.blocked_pid = pid;
            self.since_ns = m_since;
            write_part(ps->self_seq, ps->self, self);
        }
    }
    sched_notify();
    record(op == WaitOp::Join ? EventKind::JoinBegin : EventKind::WaitBegin, object,
           op == WaitOp::Join ? pid : static_cast<std::int64_t>(op));
}

void Blocked::end() noexcept
{
    t_innermost = m_outer;
    {
        std::lock_guard lock(g_self_mutex);
        for (Blocked** p = &g_blocked; *p; p = &(*p)->m_older)
            if (*p == this) {
                *p = m_older;
                break;
            }
        if (ProcessSlot* ps = my_slot()) {
            SelfPart self = ps->self;
            if (!g_blocked) {
                self.blocked = 0;
                self.op = 0;
                self.blocked_obj = 0;
                self.blocked_pid = 0;
                self.since_ns = 0;
            } else {
                const Blocked* b = g_blocked;
                self.blocked = 1;
                self.op = static_cast<std::uint8_t>(b->m_op);
                self.blocked_obj = b->m_object;
                self.blocked_pid = b->m_pid;
                self.since_ns = b->m_since;
            }
            write_part(ps->self_seq, ps->self, self);
        }
    }
    sched_notify();
    record(m_op == WaitOp::Join ? EventKind::JoinEnd : EventKind::WaitEnd, m_object,
           m_op == WaitOp::Join ? m_pid : static_cast<std::int64_t>(m_op));
}

void gate_slow(SchedOp op, ObjectId object, pid_t target, std::uint32_t line) noexcept
{
    if (t_ungated > 0 || op == SchedOp::None || (object == kNoObject && op != SchedOp::Start && op != SchedOp::Join))
        return;
    Layout* l = g_layout;
    if (!l)
        return;
    Header& h = l->header;
    if (h.sched_mode.load(std::memory_order_acquire) == 0)
        return;
    const pid_t me = current_pid();
    if (h.sched_controller.load(std::memory_order_relaxed) == me || static_cast<pid_t>(::syscall(SYS_gettid)) != me)
        return; // the controller, or a helper thread (one gate per process: its main thread's)
    ProcessSlot* ps = nullptr;
    {
        std::lock_guard lock(g_self_mutex);
        ps = my_slot();
    }
    if (!ps)
        return;
    const auto kind = static_cast<ProcessKind>(ps->life.kind);
    if (kind == ProcessKind::ForkServer || kind == ProcessKind::Manager || kind == ProcessKind::Helper)
        return;
    GatePart& g = ps->gate;
    g.op = static_cast<std::uint8_t>(op);
    g.object = object;
    g.target = target;
    g.line = line;
    ++g.holds;
    g.seq.fetch_add(1, std::memory_order_relaxed);
    g.state.store(kGateHeld, std::memory_order_release);
    sched_notify();
    using namespace std::chrono_literals;
    while (g.state.load(std::memory_order_acquire) == kGateHeld && h.sched_mode.load(std::memory_order_acquire) != 0) {
        if (futex_wait(g.state, kGateHeld, deadline_after(500ms)))
            continue;
        // Nobody let it go for half a second: is the controller still there?
        const pid_t controller = h.sched_controller.load(std::memory_order_relaxed);
        if (controller <= 0 || (::kill(controller, 0) != 0 && errno == ESRCH)) {
            std::uint32_t on = 1;
            h.sched_mode.compare_exchange_strong(on, 0, std::memory_order_acq_rel);
            break;
        }
    }
    g.state.store(kGateFree, std::memory_order_release);
}

void gate_slow(SchedOp op, const void* address) noexcept
{
    if (t_ungated > 0)
        return;
    if (const ObjectId id = id_of(address))
        gate_slow(op, id, 0);
}

} // namespace proclab::detail::monitor

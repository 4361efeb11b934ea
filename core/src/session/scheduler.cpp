// Scheduler mode: the controller side (proclab/scheduler.h). The held side is monitor::gate_slow.
#include <proclab/errors.h>
#include <proclab/scheduler.h>

#include "session/registry.h"
#include "sync/futex.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <csignal>
#include <map>
#include <unistd.h>

namespace proclab {

using namespace detail::registry;

std::string_view to_string(SchedOp op) noexcept
{
    switch (op) {
    case SchedOp::None:
        return "none";
    case SchedOp::Start:
        return "start";
    case SchedOp::Join:
        return "join";
    case SchedOp::Put:
        return "put";
    case SchedOp::Get:
        return "get";
    case SchedOp::Send:
        return "send";
    case SchedOp::Recv:
        return "recv";
    case SchedOp::Acquire:
        return "acquire";
    case SchedOp::Release:
        return "release";
    case SchedOp::Wait:
        return "wait";
    case SchedOp::Set:
        return "set";
    case SchedOp::Notify:
        return "notify";
    case SchedOp::Read:
        return "read";
    case SchedOp::Write:
        return "write";
    case SchedOp::Abort:
        return "abort";
    }
    return "?";
}

std::string HeldProcess::describe() const
{
    std::string s = name + " (" + std::to_string(pid) + "): " + std::string(to_string(op));
    if (!object_name.empty())
        s += " " + object_name;
    return s;
}

std::string ScheduleStep::text() const
{
    std::string s = std::to_string(index) + ". " + process + ": " + std::string(to_string(op));
    if (!object_name.empty())
        s += " " + object_name;
    return s;
}

std::vector<const HeldProcess*> SchedulerState::movable() const
{
    std::vector<const HeldProcess*> out;
    for (const auto& h : held)
        if (h.can_move)
            out.push_back(&h);
    return out;
}

const HeldProcess* SchedulerState::held_process(pid_t pid) const noexcept
{
    for (const auto& h : held)
        if (h.pid == pid)
            return &h;
    return nullptr;
}

namespace {

std::string process_text(const Snapshot& snap, pid_t pid)
{
    const ProcessRecord* p = snap.process(pid);
    return (p && !p->name.empty() ? p->name : std::string("process")) + " (" + std::to_string(pid) + ")";
}

std::string object_text(const ObjectRecord* o, ObjectId id)
{
    if (!o)
        return "object #" + std::to_string(id);
    return (o->label.empty() ? std::string(to_string(o->kind)) : o->label) + " '" + o->name + "'";
}

// Whether `op` on `object` by `pid` can go on now, and if not, why.
bool can_go(const Snapshot& snap, pid_t pid, SchedOp op, ObjectId object, pid_t target, std::string& why)
{
    if (op == SchedOp::Join) {
        const ProcessRecord* c = snap.process(target);
        if (c && c->end_ns == 0) {
            why = process_text(snap, target) + " has not ended";
            return false;
        }
        return true;
    }
    const ObjectRecord* o = snap.object(object);
    if (!o)
        return true;
    const std::string what = object_text(o, object);
    switch (op) {
    case SchedOp::Acquire:
        if (o->kind == ObjectKind::Semaphore || o->kind == ObjectKind::BoundedSemaphore) {
            if (o->value <= 0) {
                why = what + " is at 0";
                return false;
            }
            return true;
        }
        if (o->owner != 0 && !(o->owner == pid && o->kind == ObjectKind::RLock)) {
            why = what + " is held by " + process_text(snap, o->owner);
            return false;
        }
        return true;
    case SchedOp::Get:
        if (o->depth == 0) {
            why = what + " is empty";
            return false;
        }
        return true;
    case SchedOp::Put:
        if (o->capacity != 0 && o->kind == ObjectKind::Queue && o->depth >= o->capacity) {
            why = what + " is full";
            return false;
        }
        return true;
    case SchedOp::Recv:
        if (o->depth == 0) {
            why = what + " has nothing to read";
            return false;
        }
        return true;
    case SchedOp::Wait:
        if (o->kind == ObjectKind::Event && o->value == 0) {
            why = what + " is not set";
            return false;
        }
        return true;
    default:
        return true;
    }
}

SchedOp sched_op_of(WaitOp op) noexcept
{
    switch (op) {
    case WaitOp::Get:
        return SchedOp::Get;
    case WaitOp::Put:
        return SchedOp::Put;
    case WaitOp::Acquire:
        return SchedOp::Acquire;
    case WaitOp::Wait:
        return SchedOp::Wait;
    case WaitOp::Join:
        return SchedOp::Join;
    case WaitOp::Recv:
        return SchedOp::Recv;
    case WaitOp::Send:
        return SchedOp::Send;
    default:
        return SchedOp::None;
    }
}

WaitOp wait_op_of(SchedOp op) noexcept
{
    switch (op) {
    case SchedOp::Get:
        return WaitOp::Get;
    case SchedOp::Put:
        return WaitOp::Put;
    case SchedOp::Acquire:
        return WaitOp::Acquire;
    case SchedOp::Wait:
        return WaitOp::Wait;
    case SchedOp::Join:
        return WaitOp::Join;
    case SchedOp::Recv:
        return WaitOp::Recv;
    case SchedOp::Send:
        return WaitOp::Send;
    default:
        return WaitOp::None;
    }
}

bool alive(pid_t pid) noexcept
{
    return pid > 0 && (::kill(pid, 0) == 0 || errno != ESRCH);
}

} // namespace

struct Scheduler::Impl {
    Session session;
    std::shared_ptr<detail::RegistryMap> map;
    pid_t self = ::getpid();
    ObjectId first_id = kNoObject; // the first object created while this scheduler was on
    bool active = true;
    std::vector<ScheduleStep> transcript;
    std::optional<SchedulerState> last; // the state step() acts on (settled, nothing moved since)

    Header& header() const { return map->layout().header; }

    // "Lock #2": the kind and its rank among the objects of that kind made before this scheduler,
    // or among those made since. Unlike shared-memory names, the same in every run of a program.
    std::string object_label(const Snapshot& snap, ObjectId id) const
    {
        const ObjectRecord* o = snap.object(id);
        if (!o)
            return "object #" + std::to_string(id);
        const std::string kind = o->label.empty() ? std::string(to_string(o->kind)) : o->label;
        const bool late = id >= first_id;
        int rank = 0;
        for (const ObjectRecord& r : snap.objects)
            if (r.id <= id && (r.id >= first_id) == late &&
                (r.label.empty() ? std::string(to_string(r.kind)) : r.label) == kind)
                ++rank;
        return kind + " #" + std::to_string(rank);
    }
    static std::string name_of(const Snapshot& snap, pid_t pid)
    {
        const ProcessRecord* p = snap.process(pid);
        return p && !p->name.empty() ? p->name : "process " + std::to_string(pid);
    }

    // One look at the run: who is held where, who is blocked, who runs.
    SchedulerState evaluate(bool& waking)
    {
        waking = false;
        SchedulerState st;
        // The snapshot and the gates must agree: a process that moved between the two (its hold
        // or its wake bumps sched_changes) makes us look again.
        Layout& l = map->layout();
        Snapshot snap;
        struct Gate {
            bool held = false;
            SchedOp op = SchedOp::None;
            ObjectId object = kNoObject;
            pid_t target = 0;
            std::uint32_t line = 0;
        };
        std::map<pid_t, Gate> gates;
        for (int tries = 0;; ++tries) {
            const std::uint32_t before = l.header.sched_changes.load(std::memory_order_acquire);
            snap = session.snapshot(false);
            gates.clear();
            const std::uint32_t n =
                std::min<std::uint32_t>(l.header.processes.load(std::memory_order_acquire), Session::kMaxProcesses);
            for (std::uint32_t i = 0; i < n; ++i) {
                const ProcessSlot& ps = l.processes[i];
                if (ps.life.pid <= 0 || ps.life.ended || ps.life.remote)
                    continue;
                Gate g;
                g.held = ps.gate.state.load(std::memory_order_acquire) == kGateHeld;
                g.op = static_cast<SchedOp>(ps.gate.op);
                g.object = ps.gate.object;
                g.target = ps.gate.target;
                g.line = ps.gate.line;
                gates[ps.life.pid] = g;
            }
            std::atomic_thread_fence(std::memory_order_acquire);
            if (l.header.sched_changes.load(std::memory_order_acquire) == before || tries >= 100)
                break;
        }
        bool any_alive = false;
        for (const ProcessRecord& p : snap.processes) {
            // Not in the run: the controller, the fork server, managers, helpers, and commands
            // (they run another program, which never reaches a point: a join of one waits for its
            // end), and relayed processes of other hosts (no gate here; their pids are not this
            // host's).
            if (p.end_ns != 0 || p.remote() || p.pid == self || p.kind == ProcessKind::ForkServer ||
                p.kind == ProcessKind::Manager || p.kind == ProcessKind::Helper || p.kind == ProcessKind::Command ||
                p.observed)
                continue;
            if (!alive(p.pid))
                continue; // gone, its reaper has not said so yet
            any_alive = true;
            const auto g = gates.find(p.pid);
            if (g != gates.end() && g->second.held) {
                const Gate& gate = g->second;
                HeldProcess h;
                h.pid = p.pid;
                h.name = p.name;
                h.op = gate.op;
                h.object = gate.object;
                h.target = gate.target;
                h.line = static_cast<int>(gate.line);
                if (h.op == SchedOp::Join)
                    h.object_name = name_of(snap, h.target);
                else if (h.object != kNoObject)
                    h.object_name = object_label(snap, h.object);
                h.can_move = can_go(snap, h.pid, h.op, h.object, h.target, h.why);
                if (!h.can_move && h.object != kNoObject) // the why in the run's own names
                    if (const ObjectRecord* o = snap.object(h.object)) {
                        const std::string shm = object_text(o, h.object);
                        if (const auto at = h.why.find(shm); at != std::string::npos)
                            h.why.replace(at, shm.size(), h.object_name);
                    }
                st.held.push_back(std::move(h));
            } else if (p.state == RunState::Blocked && (p.blocked_on != kNoObject || p.blocked_op == WaitOp::Join)) {
                // (A wait on no registered object is internal, e.g. the registry's own mutex while a
                // new process registers: it passes by itself, so the process counts as running.)
                st.blocked.push_back(p.pid);
                // A sleeper whose condition holds now is about to wake (someone just released).
                std::string unused;
                const SchedOp op = sched_op_of(p.blocked_op);
                if (op == SchedOp::Join || (op != SchedOp::None && op != SchedOp::Wait) ||
                    (op == SchedOp::Wait && snap.object(p.blocked_on) &&
                     snap.object(p.blocked_on)->kind == ObjectKind::Event))
                    waking =
                        waking || (op != SchedOp::None && can_go(snap, p.pid, op, p.blocked_on, p.blocked_pid, unused));
                // A Barrier's sleepers wake when it is broken (abort, a timeout): BrokenBarrierError.
                if (const ObjectRecord* o = snap.object(p.blocked_on);
                    op == SchedOp::Wait && o && o->kind == ObjectKind::Barrier)
                    waking = waking || o->value < 0;
            } else {
                st.running.push_back(p.pid);
            }
        }
        st.finished = !any_alive;
        if (st.running.empty() && !st.finished && st.movable().empty() && !waking) {
            st.deadlock = true;
            explain(snap, st);
        }
        return st;
    }

    // A deadlock in words: the wait-for graph with held processes counted as waiting.
    void explain(const Snapshot& snap, SchedulerState& st) const
    {
        Snapshot s = snap;
        for (auto& p : s.processes) {
            const HeldProcess* h = st.held_process(p.pid);
            if (!h || p.end_ns != 0)
                continue;
            p.state = RunState::Blocked;
            p.blocked_op = wait_op_of(h->op);
            p.blocked_on = h->op == SchedOp::Join ? kNoObject : h->object;
            p.blocked_pid = h->op == SchedOp::Join ? h->target : 0;
        }
        const WaitForGraph g = Session::wait_for_graph(s);
        st.cycles = g.cycles;
        for (const auto& cycle : g.cycles) {
            std::string line = "deadlock: ";
            for (std::size_t i = 0; i < cycle.size(); ++i) {
                const pid_t next = cycle[(i + 1) % cycle.size()];
                std::string what = "the end of " + name_of(s, next);
                for (const auto& e : g.edges)
                    if (e.waiter == cycle[i] && e.object != kNoObject)
                        what = object_label(s, e.object) + ", held by " + name_of(s, next);
                line += (i ? "; " : "") + name_of(s, cycle[i]) + " waits for " + what;
            }
            st.explanation.push_back(line);
        }
        if (!g.cycles.empty())
            return;
        for (const auto& h : st.held)
            st.explanation.push_back(h.name + " cannot " + std::string(to_string(h.op)) + " " + h.object_name + ": " +
                                     h.why);
        for (pid_t pid : st.blocked)
            if (const ProcessRecord* p = s.process(pid))
                st.explanation.push_back(name_of(s, pid) + " sleeps in " + std::string(to_string(p->blocked_op)) +
                                         (p->blocked_on ? " on " + object_label(s, p->blocked_on) : std::string()));
    }

    void release_all()
    {
        Layout& l = map->layout();
        const std::uint32_t n =
            std::min<std::uint32_t>(l.header.processes.load(std::memory_order_acquire), Session::kMaxProcesses);
        for (std::uint32_t i = 0; i < n; ++i) {
            GatePart& g = l.processes[i].gate;
            std::uint32_t held = kGateHeld;
            if (g.state.compare_exchange_strong(held, kGateGo, std::memory_order_acq_rel))
                detail::futex_wake(g.state, INT_MAX);
        }
    }
};

Scheduler::Scheduler(const Session& session)
    : m_impl(std::make_unique<Impl>(Impl{Session::open(session.name()), nullptr}))
{
    Impl& im = *m_impl;
    im.map = detail::RegistryMap::open(im.session.name());
    Header& h = im.header();
    std::int32_t current = h.sched_controller.load(std::memory_order_acquire);
    for (;;) {
        if (current != 0 && current != im.self && alive(current))
            throw Error("session '" + im.session.name() + "' is already controlled by the scheduler of process " +
                        std::to_string(current));
        if (h.sched_controller.compare_exchange_weak(current, im.self, std::memory_order_acq_rel))
            break;
    }
    im.first_id = h.objects.load(std::memory_order_acquire) + 1;
    h.sched_mode.store(1, std::memory_order_release);
}

Scheduler::Scheduler(Scheduler&&) noexcept = default;
Scheduler& Scheduler::operator=(Scheduler&&) noexcept = default;

Scheduler::~Scheduler()
{
    if (!m_impl)
        return;
    run_freely();
    std::int32_t me = m_impl->self;
    m_impl->header().sched_controller.compare_exchange_strong(me, 0, std::memory_order_acq_rel);
}

bool Scheduler::active() const noexcept
{
    return m_impl->active;
}

void Scheduler::run_freely()
{
    Impl& im = *m_impl;
    im.active = false;
    im.last.reset();
    im.header().sched_mode.store(0, std::memory_order_release);
    im.release_all();
}

SchedulerState Scheduler::settle(std::chrono::milliseconds timeout)
{
    using namespace std::chrono;
    Impl& im = *m_impl;
    Header& h = im.header();
    const auto deadline = steady_clock::now() + timeout;
    for (;;) {
        const std::uint32_t changes = h.sched_changes.load(std::memory_order_acquire);
        bool waking = false;
        SchedulerState st = im.evaluate(waking);
        const bool late = steady_clock::now() >= deadline;
        if (st.finished || (st.running.empty() && !waking && st.blocked.empty()) || late) {
            im.last = st;
            return st;
        }
        if (st.running.empty() && !waking) {
            // Settled with sleepers: settled for good when nothing changes for 5 ms (a sleeper
            // woken by the last step has that long to say so).
            if (!detail::futex_wait(h.sched_changes, changes, detail::deadline_after(milliseconds(5)))) {
                im.last = st;
                return st;
            }
            continue;
        }
        const auto left = duration_cast<nanoseconds>(deadline - steady_clock::now());
        detail::futex_wait(h.sched_changes, changes,
                           detail::deadline_after(std::min<nanoseconds>(left, milliseconds(5))));
    }
}

void Scheduler::step(pid_t pid)
{
    Impl& im = *m_impl;
    if (!im.active)
        throw ValueError("the scheduler runs freely: there is nothing to step");
    if (!im.last) {
        bool waking = false;
        im.last = im.evaluate(waking);
    }
    const HeldProcess* h = im.last->held_process(pid);
    if (!h)
        throw ValueError("process " + std::to_string(pid) + " is not held at a synchronization point");
    if (!h->can_move)
        throw ValueError(h->describe() + " would block now: " + h->why);
    Layout& l = im.map->layout();
    const std::uint32_t n =
        std::min<std::uint32_t>(l.header.processes.load(std::memory_order_acquire), Session::kMaxProcesses);
    for (std::uint32_t i = 0; i < n; ++i) {
        ProcessSlot& ps = l.processes[i];
        if (ps.life.pid != pid || ps.life.ended || ps.life.remote)
            continue;
        std::uint32_t held = kGateHeld;
        if (!ps.gate.state.compare_exchange_strong(held, kGateGo, std::memory_order_acq_rel))
            throw ValueError("process " + std::to_string(pid) + " is no longer held");
        detail::futex_wake(ps.gate.state, INT_MAX);
        ScheduleStep s;
        s.index = im.transcript.size() + 1;
        s.pid = pid;
        s.process = h->name;
        s.op = h->op;
        s.object_name = h->object_name;
        im.transcript.push_back(std::move(s));
        im.last.reset();
        return;
    }
    throw ValueError("process " + std::to_string(pid) + " is not in the session any more");
}

void Scheduler::step(std::string_view name)
{
    Impl& im = *m_impl;
    if (!im.last) {
        bool waking = false;
        im.last = im.evaluate(waking);
    }
    for (const auto& h : im.last->held)
        if (h.name == name) {
            step(h.pid);
            return;
        }
    throw ValueError("no process named '" + std::string(name) + "' is held at a synchronization point");
}

const std::vector<ScheduleStep>& Scheduler::transcript() const noexcept
{
    return m_impl->transcript;
}

std::string Scheduler::schedule_text() const
{
    std::string out;
    for (const auto& s : m_impl->transcript)
        out += s.process + "\n";
    return out;
}

std::vector<std::string> Scheduler::parse_schedule(std::string_view text)
{
    std::vector<std::string> names;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        if (const auto hash = line.find('#'); hash != std::string_view::npos)
            line = line.substr(0, hash);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
            line.remove_suffix(1);
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t'))
            line.remove_prefix(1);
        if (!line.empty())
            names.emplace_back(line);
        pos = end + 1;
    }
    return names;
}

ReplayPolicy::ReplayPolicy(std::vector<std::string> names)
    : m_names(std::move(names))
{
}

std::optional<pid_t> ReplayPolicy::choose(const SchedulerState& state)
{
    const auto movable = state.movable();
    if (movable.empty())
        return std::nullopt;
    if (m_next < m_names.size()) {
        const std::string& want = m_names[m_next];
        for (const HeldProcess* h : movable)
            if (h->name == want) {
                ++m_next;
                m_last = h->pid;
                return h->pid;
            }
        std::string can;
        for (const HeldProcess* h : movable)
            can += (can.empty() ? "" : ", ") + h->name;
        throw ValueError("schedule step " + std::to_string(m_next + 1) + " names '" + want +
                         "', which cannot move here (can move: " + can + ")");
    }
    for (const HeldProcess* h : movable)
        if (h->pid == m_last)
            return h->pid;
    m_last = movable.front()->pid;
    return m_last;
}

RandomPolicy::RandomPolicy(std::uint64_t seed)
    : m_state(seed)
{
}

std::optional<pid_t> RandomPolicy::choose(const SchedulerState& state)
{
    const auto movable = state.movable();
    if (movable.empty())
        return std::nullopt;
    // splitmix64: the same seed gives the same choices on every platform and library.
    std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return movable[z % movable.size()]->pid;
}

DriveResult drive(Scheduler& scheduler, SchedulePolicy& policy, std::uint64_t max_steps,
                  std::chrono::milliseconds settle_timeout)
{
    DriveResult r;
    for (;;) {
        r.last = scheduler.settle(settle_timeout);
        if (r.last.finished) {
            r.finished = true;
            break;
        }
        if (r.last.deadlock) {
            r.deadlock = true;
            return r; // left held: the caller shows it, then ends the run
        }
        if (r.steps >= max_steps)
            break;
        const std::optional<pid_t> next = policy.choose(r.last);
        if (!next)
            break;
        scheduler.step(*next);
        ++r.steps;
    }
    scheduler.run_freely();
    return r;
}

} // namespace proclab

// Condition: a futex sequence word next to (or pointing at) a robust lock.
#include "session/registry.h"
#include <proclab/condition.h>
#include <proclab/detail/monitor.h>
#include <proclab/errors.h>

#include "sync/futex.h"
#include "sync/sync.h"

#include <climits>
#include <cstring>

namespace proclab {

namespace {
struct ConditionState {
    detail::LockState lock;         // its own lock (unused when `external`)
    std::atomic<std::uint32_t> seq; // bumped by every notify; waiters sleep on it
    std::uint32_t external;         // 1: the lock is another object, named below
    std::uint32_t recursive;        // the lock is an RLock
    std::uint32_t reserved;
    char lock_name[128];
    char lock_kind[16];
};

ConditionState* state_of(const std::shared_ptr<detail::Segment>& s)
{
    return static_cast<ConditionState*>(s->data());
}

void init_own(void* data, std::size_t, void*)
{
    auto* st = static_cast<ConditionState*>(data);
    detail::init_lock_state(&st->lock, false);
    st->seq.store(0);
}

void init_external(void* data, std::size_t, void* ctx)
{
    auto* st = static_cast<ConditionState*>(data);
    const auto* lock = static_cast<const detail::LockCore*>(ctx);
    detail::init_lock_state(&st->lock, false);
    st->seq.store(0);
    st->external = 1;
    st->recursive = lock->recursive() ? 1 : 0;
    std::strncpy(st->lock_name, lock->name().c_str(), sizeof st->lock_name - 1);
    const std::string kind = detail::kind_of(lock->name());
    std::strncpy(st->lock_kind, kind.c_str(), sizeof st->lock_kind - 1);
}

const detail::LockCore& checked(const detail::LockCore& lock)
{
    if (!lock.segment())
        throw ValueError("cannot create a Condition over an empty lock handle");
    if (lock.name().size() >= sizeof(ConditionState::lock_name))
        throw ValueError("cannot create a Condition over '" + lock.name() + "': name too long");
    return lock;
}
} // namespace

Condition::Condition()
    : m_segment(detail::Segment::create("condition", sizeof(ConditionState), &init_own, nullptr))
    , m_lock(m_segment, false, "Lock")
{
}

Condition::Condition(const Lock& lock)
    : m_segment(detail::Segment::create("condition", sizeof(ConditionState), &init_external,
                                        const_cast<detail::LockCore*>(&checked(lock.core()))))
    , m_lock(lock.core())
{
}

Condition::Condition(const RLock& lock)
    : m_segment(detail::Segment::create("condition", sizeof(ConditionState), &init_external,
                                        const_cast<detail::LockCore*>(&checked(lock.core()))))
    , m_lock(lock.core())
{
}

Condition::Condition(Opened, std::shared_ptr<detail::Segment> segment)
    : m_segment(std::move(segment))
{
    detail::sized_data(*m_segment, sizeof(ConditionState), "condition");
    ConditionState* st = state_of(m_segment);
    if (!st->external) {
        m_lock = detail::LockCore(m_segment, false, "Lock");
        return;
    }
    const std::string lock_name(st->lock_name, strnlen(st->lock_name, sizeof st->lock_name));
    try {
        m_lock = detail::open_lock_core(lock_name, st->recursive != 0, st->recursive ? "RLock" : "Lock");
    } catch (const NotFound&) {
        throw NotFound("cannot open condition '" + m_segment->name() + "': its lock '" + lock_name +
                       "' no longer exists");
    }
}

Condition Condition::open(const std::string& name)
{
    return Condition(Opened{}, detail::Segment::open(name, "condition"));
}

const std::string& Condition::name() const
{
    static const std::string empty;
    return m_segment ? m_segment->name() : empty;
}

bool Condition::wait_impl(std::optional<std::chrono::nanoseconds> timeout)
{
    if (!m_lock.held_by_caller())
        throw ValueError("cannot wait on Condition '" + name() + "': the caller does not hold its lock");
    detail::monitor::gate(SchedOp::Wait, m_segment.get());
    detail::monitor::Ungated inner; // its lock's release and re-acquire are part of the wait
    ConditionState* st = state_of(m_segment);
    const auto deadline = detail::deadline_after(timeout);
    // Read the sequence while holding the lock: a notify after we release changes it, so the
    // futex wait below returns at once instead of missing it.
    const std::uint32_t seq = st->seq.load(std::memory_order_acquire);
    const std::uint32_t levels = m_lock.release_all();
    bool woken = true;
    try {
        detail::monitor::Blocked shown(&st->seq, WaitOp::Wait);
        woken = detail::futex_wait(st->seq, seq, deadline);
    } catch (...) {
        m_lock.acquire_restore(levels);
        throw;
    }
    m_lock.acquire_restore(levels);
    return woken;
}

void Condition::notify(int n)
{
    if (n < 0)
        throw ValueError("Condition '" + name() + "': notify(n) needs n >= 0, got " + std::to_string(n));
    if (!m_lock.held_by_caller())
        throw ValueError("cannot notify on Condition '" + name() + "': the caller does not hold its lock");
    if (n == 0)
        return;
    detail::monitor::gate(SchedOp::Notify, m_segment.get());
    ConditionState* st = state_of(m_segment);
    st->seq.fetch_add(1, std::memory_order_acq_rel);
    detail::futex_wake(st->seq, n);
}

void Condition::notify_all()
{
    if (!m_lock.held_by_caller())
        throw ValueError("cannot notify on Condition '" + name() + "': the caller does not hold its lock");
    detail::monitor::gate(SchedOp::Notify, m_segment.get());
    ConditionState* st = state_of(m_segment);
    st->seq.fetch_add(1, std::memory_order_acq_rel);
    detail::futex_wake(st->seq, INT_MAX);
}

} // namespace proclab

namespace proclab::detail {
void peek_condition(const void* data, std::size_t size, ObjectRecord& r) noexcept
{
    if (const auto* s = peek_as<ConditionState>(data, size)) {
        if (!s->external)
            r.owner = lock_owner_pid(s->lock);
        r.value = s->seq.load(std::memory_order_relaxed); // notifications so far
    }
}
} // namespace proclab::detail

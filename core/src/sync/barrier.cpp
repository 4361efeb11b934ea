// Barrier: a robust mutex guards the arrival count; waiters sleep on a futex word that holds the
// generation and a broken bit.
#include "session/registry.h"
#include <proclab/barrier.h>
#include <proclab/detail/monitor.h>
#include <proclab/errors.h>

#include "sync/futex.h"
#include "sync/sync.h"

#include <climits>

namespace proclab {

namespace {
struct BarrierState {
    detail::RobustMutex mutex;
    std::atomic<std::uint32_t> word; // generation << 1 | broken
    std::uint32_t parties;
    std::atomic<std::uint32_t> count; // arrived in this generation (under `mutex`)
    std::uint32_t reserved;
    std::int64_t timeout_ns;                // default timeout of wait(); -1: none
    std::atomic<std::uint64_t> broken_gens; // bit g % 64: generation g ended broken
};

BarrierState* st(void* p)
{
    return static_cast<BarrierState*>(p);
}

struct Init {
    int parties;
    std::int64_t timeout_ns;
};

void init(void* data, std::size_t, void* ctx)
{
    auto* s = static_cast<BarrierState*>(data);
    auto* i = static_cast<Init*>(ctx);
    s->mutex.init(false);
    s->word.store(0);
    s->parties = static_cast<std::uint32_t>(i->parties);
    s->count.store(0);
    s->timeout_ns = i->timeout_ns;
    s->broken_gens.store(0);
}

std::uint64_t bit(std::uint32_t gen)
{
    return std::uint64_t(1) << (gen % 64);
}

// Requires the mutex. Breaks the current generation and wakes its waiters.
void break_locked(BarrierState* s)
{
    const std::uint32_t w = s->word.load(std::memory_order_relaxed);
    s->count.store(0, std::memory_order_relaxed);
    if (w & 1)
        return;
    s->broken_gens.fetch_or(bit(w >> 1), std::memory_order_relaxed);
    s->word.store(w | 1, std::memory_order_release);
    detail::futex_wake(s->word, INT_MAX);
}

// Requires the mutex. Starts generation gen + 1, not broken.
void next_generation_locked(BarrierState* s)
{
    const std::uint32_t gen = s->word.load(std::memory_order_relaxed) >> 1;
    s->count.store(0, std::memory_order_relaxed);
    s->broken_gens.fetch_and(~bit(gen + 1), std::memory_order_relaxed);
    s->word.store((gen + 1) << 1, std::memory_order_release);
    detail::futex_wake(s->word, INT_MAX);
}

// The barrier's internal lock; a holder that died mid-update leaves the barrier broken.
class Guard {
public:
    explicit Guard(BarrierState* s)
        : m_s(s)
    {
        if (s->mutex.lock() == detail::RobustMutex::Result::OwnerDied)
            break_locked(s);
    }
    ~Guard()
    {
        if (m_s)
            m_s->mutex.unlock();
    }
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;

private:
    BarrierState* m_s;
};
} // namespace

Barrier::Barrier(int parties, std::function<void()> action, std::optional<std::chrono::nanoseconds> timeout)
{
    if (parties < 1)
        throw ValueError("Barrier: parties must be >= 1, got " + std::to_string(parties));
    Init i{parties, timeout ? std::max<std::int64_t>(0, timeout->count()) : -1};
    m_segment = detail::Segment::create("barrier", sizeof(BarrierState), &init, &i);
    m_state = m_segment->data();
    if (action)
        m_action = std::make_shared<std::function<void()>>(std::move(action));
}

Barrier::Barrier(std::shared_ptr<detail::Segment> segment, std::function<void()> action)
    : m_segment(std::move(segment))
    , m_state(detail::sized_data(*m_segment, sizeof(BarrierState), "barrier"))
{
    if (action)
        m_action = std::make_shared<std::function<void()>>(std::move(action));
}

Barrier Barrier::open(const std::string& name, std::function<void()> action)
{
    return Barrier(detail::Segment::open(name, "barrier"), std::move(action));
}

void Barrier::check() const
{
    if (!m_state)
        throw ValueError("empty Barrier handle (it refers to no barrier)");
}

const std::string& Barrier::name() const
{
    static const std::string empty;
    return m_segment ? m_segment->name() : empty;
}

int Barrier::wait_impl(std::optional<std::chrono::nanoseconds> timeout, bool use_default)
{
    check();
    detail::monitor::gate(SchedOp::Wait, m_segment.get());
    BarrierState* s = st(m_state);
    if (use_default && s->timeout_ns >= 0)
        timeout = std::chrono::nanoseconds(s->timeout_ns);
    const auto deadline = detail::deadline_after(timeout);
    const std::string broken_message = "Barrier '" + name() + "' is broken";
    std::uint32_t gen;
    int index;
    {
        Guard guard(s);
        const std::uint32_t w = s->word.load(std::memory_order_relaxed);
        if (w & 1)
            throw BrokenBarrierError(broken_message);
        gen = w >> 1;
        index = static_cast<int>(s->count.fetch_add(1, std::memory_order_relaxed));
        if (static_cast<std::uint32_t>(index) + 1 == s->parties) {
            // Last to arrive: run the action, then release everyone.
            if (m_action && *m_action) {
                try {
                    (*m_action)();
                } catch (...) {
                    break_locked(s);
                    throw;
                }
            }
            next_generation_locked(s);
            return index;
        }
    }
    for (;;) {
        const std::uint32_t w = s->word.load(std::memory_order_acquire);
        if ((w >> 1) != gen) {
            if (s->broken_gens.load(std::memory_order_relaxed) & bit(gen))
                throw BrokenBarrierError(broken_message + " (reset while waiting)");
            return index;
        }
        if (w & 1)
            throw BrokenBarrierError(broken_message);
        detail::monitor::Blocked shown(&s->word, WaitOp::Wait);
        if (!detail::futex_wait(s->word, w, deadline) || detail::expired(deadline)) {
            Guard guard(s);
            const std::uint32_t now = s->word.load(std::memory_order_relaxed);
            if (now == w) {
                break_locked(s);
                throw BrokenBarrierError(broken_message + ": the wait timed out");
            }
        }
    }
}

void Barrier::abort()
{
    check();
    detail::monitor::gate(SchedOp::Abort, m_segment.get());
    Guard guard(st(m_state));
    break_locked(st(m_state));
}

void Barrier::reset()
{
    check();
    BarrierState* s = st(m_state);
    Guard guard(s);
    if (s->count.load(std::memory_order_relaxed) > 0)
        break_locked(s);
    next_generation_locked(s);
}

bool Barrier::broken() const
{
    check();
    return st(m_state)->word.load(std::memory_order_acquire) & 1;
}

int Barrier::parties() const
{
    check();
    return static_cast<int>(st(m_state)->parties);
}

int Barrier::n_waiting() const
{
    check();
    BarrierState* s = st(m_state);
    if (s->word.load(std::memory_order_acquire) & 1)
        return 0;
    return static_cast<int>(s->count.load(std::memory_order_relaxed));
}

} // namespace proclab

namespace proclab::detail {
void peek_barrier(const void* data, std::size_t size, ObjectRecord& r) noexcept
{
    if (const auto* s = peek_as<BarrierState>(data, size)) {
        r.capacity = s->parties;
        r.waiters = s->count.load(std::memory_order_relaxed);
        r.value = (s->word.load(std::memory_order_relaxed) & 1U) ? -1 : 0; // -1: broken
    }
}
} // namespace proclab::detail

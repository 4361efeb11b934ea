// Semaphore / BoundedSemaphore: an atomic counter with a futex, no lock (a dead waiter leaves
// nothing behind).
#include "session/registry.h"
#include <proclab/detail/monitor.h>
#include <proclab/errors.h>
#include <proclab/semaphore.h>

#include "sync/futex.h"
#include "sync/sync.h"

#include <climits>

namespace proclab {

namespace {
struct SemaphoreState {
    std::atomic<std::uint32_t> value;   // units available; waiters sleep on it while it is 0
    std::atomic<std::uint32_t> waiters; // sleeping (or about to); a dead waiter only costs a spare wake
    std::uint32_t initial;
    std::uint32_t bounded;
};

SemaphoreState* st(void* p)
{
    return static_cast<SemaphoreState*>(p);
}

struct Init {
    std::uint32_t value;
    bool bounded;
};

void init(void* data, std::size_t, void* ctx)
{
    auto* s = static_cast<SemaphoreState*>(data);
    auto* i = static_cast<Init*>(ctx);
    s->value.store(i->value);
    s->waiters.store(0);
    s->initial = i->value;
    s->bounded = i->bounded ? 1 : 0;
}

std::uint32_t checked_value(long long value, const char* type)
{
    if (value < 0)
        throw ValueError(std::string(type) + ": the initial value must be >= 0, got " + std::to_string(value));
    if (value > INT_MAX)
        throw ValueError(std::string(type) + ": the initial value must be <= " + std::to_string(INT_MAX) + ", got " +
                         std::to_string(value));
    return static_cast<std::uint32_t>(value);
}

std::shared_ptr<detail::Segment> create(long long value, bool bounded)
{
    Init i{checked_value(value, bounded ? "BoundedSemaphore" : "Semaphore"), bounded};
    return detail::Segment::create(bounded ? "bsemaphore" : "semaphore", sizeof(SemaphoreState), &init, &i);
}
} // namespace

Semaphore::Semaphore(long long value)
    : Semaphore(create(value, false))
{
}

Semaphore::Semaphore(Bounded, long long value)
    : Semaphore(create(value, true))
{
}

Semaphore::Semaphore(std::shared_ptr<detail::Segment> segment)
    : m_segment(std::move(segment))
    , m_state(detail::sized_data(*m_segment, sizeof(SemaphoreState), "semaphore"))
{
}

Semaphore Semaphore::open(const std::string& name)
{
    return Semaphore(detail::Segment::open(name, "semaphore"));
}

std::string Semaphore::describe() const
{
    return std::string(st(m_state)->bounded ? "BoundedSemaphore '" : "Semaphore '") + m_segment->name() + "'";
}

const std::string& Semaphore::name() const
{
    return m_segment->name();
}

int Semaphore::get_value() const noexcept
{
    return static_cast<int>(st(m_state)->value.load(std::memory_order_relaxed));
}

bool Semaphore::acquire_impl(bool block, std::optional<std::chrono::nanoseconds> timeout)
{
    detail::monitor::gate(SchedOp::Acquire, m_segment.get());
    SemaphoreState* s = st(m_state);
    const auto deadline = block ? detail::deadline_after(timeout) : std::nullopt;
    for (;;) {
        std::uint32_t v = s->value.load(std::memory_order_relaxed);
        while (v > 0)
            if (s->value.compare_exchange_weak(v, v - 1, std::memory_order_acquire, std::memory_order_relaxed))
                return true;
        if (!block)
            return false;
        const bool in_time = detail::counted_wait(s->value, 0, s->waiters, WaitOp::Acquire, deadline);
        if (!in_time || detail::expired(deadline)) {
            // One last try: a release may have come right at the deadline.
            v = s->value.load(std::memory_order_relaxed);
            while (v > 0)
                if (s->value.compare_exchange_weak(v, v - 1, std::memory_order_acquire, std::memory_order_relaxed))
                    return true;
            return false;
        }
    }
}

void Semaphore::release(long long n)
{
    detail::monitor::gate(SchedOp::Release, m_segment.get());
    SemaphoreState* s = st(m_state);
    if (n < 1)
        throw ValueError(describe() + ": release(n) needs n >= 1, got " + std::to_string(n));
    const long long limit = s->bounded ? s->initial : INT_MAX;
    std::uint32_t v = s->value.load(std::memory_order_relaxed);
    do {
        if (static_cast<long long>(v) + n > limit) {
            if (s->bounded)
                throw ValueError(describe() + " released too many times: its value would exceed the initial value " +
                                 std::to_string(s->initial));
            throw ValueError(describe() + ": release would overflow the value");
        }
    } while (!s->value.compare_exchange_weak(v, static_cast<std::uint32_t>(v + n), std::memory_order_seq_cst,
                                             std::memory_order_relaxed));
    if (s->waiters.load(std::memory_order_seq_cst) > 0)
        detail::futex_wake(s->value, n >= INT_MAX ? INT_MAX : static_cast<int>(n));
}

BoundedSemaphore::BoundedSemaphore(long long value)
    : Semaphore(Bounded{}, value)
{
}

BoundedSemaphore BoundedSemaphore::open(const std::string& name)
{
    return BoundedSemaphore(detail::Segment::open(name, "bsemaphore"));
}

int BoundedSemaphore::max_value() const noexcept
{
    return static_cast<int>(st(m_state)->initial);
}

} // namespace proclab

namespace proclab::detail {
void peek_semaphore(const void* data, std::size_t size, ObjectRecord& r) noexcept
{
    if (const auto* s = peek_as<SemaphoreState>(data, size)) {
        r.value = s->value.load(std::memory_order_acquire);
        r.capacity = s->initial;
        r.waiters = s->waiters.load(std::memory_order_relaxed);
    }
}
} // namespace proclab::detail

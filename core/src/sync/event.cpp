// Event: a futex on a flag word.
#include "session/registry.h"
#include <proclab/detail/monitor.h>
#include <proclab/errors.h>
#include <proclab/event.h>

#include "sync/futex.h"
#include "sync/sync.h"

#include <climits>

namespace proclab {

namespace {
struct EventState {
    std::atomic<std::uint32_t> flag;
    std::atomic<std::uint32_t> waiters; // a dead waiter only costs a spare wake
};
EventState* st(void* p)
{
    return static_cast<EventState*>(p);
}
} // namespace

Event::Event()
    : Event(detail::Segment::create("event", sizeof(EventState)))
{
}

Event::Event(std::shared_ptr<detail::Segment> segment)
    : m_segment(std::move(segment))
    , m_state(detail::sized_data(*m_segment, sizeof(EventState), "event"))
{
}

Event Event::open(const std::string& name)
{
    return Event(detail::Segment::open(name, "event"));
}

const std::string& Event::name() const
{
    return m_segment->name();
}

void Event::set()
{
    detail::monitor::gate(SchedOp::Set, m_segment.get());
    EventState* s = st(m_state);
    if (s->flag.exchange(1, std::memory_order_seq_cst) == 0 && s->waiters.load(std::memory_order_seq_cst) > 0)
        detail::futex_wake(s->flag, INT_MAX);
}

void Event::clear()
{
    st(m_state)->flag.store(0, std::memory_order_seq_cst);
}

bool Event::is_set() const noexcept
{
    return st(m_state)->flag.load(std::memory_order_acquire) != 0;
}

bool Event::wait_impl(std::optional<std::chrono::nanoseconds> timeout)
{
    detail::monitor::gate(SchedOp::Wait, m_segment.get());
    EventState* s = st(m_state);
    const auto deadline = detail::deadline_after(timeout);
    while (s->flag.load(std::memory_order_acquire) == 0) {
        const bool in_time = detail::counted_wait(s->flag, 0, s->waiters, WaitOp::Wait, deadline);
        if (!in_time || detail::expired(deadline))
            return s->flag.load(std::memory_order_acquire) != 0;
    }
    return true;
}

} // namespace proclab

namespace proclab::detail {
void peek_event(const void* data, std::size_t size, ObjectRecord& r) noexcept
{
    if (const auto* s = peek_as<EventState>(data, size)) {
        r.value = s->flag.load(std::memory_order_acquire) ? 1 : 0;
        r.waiters = s->waiters.load(std::memory_order_relaxed);
    }
}
} // namespace proclab::detail

#pragma once
// Event: a process-shared flag that processes can wait for, as Python's multiprocessing.Event.
//
//   proclab::Event ready;
//   // child: ready.set();        parent: ready.wait();  /  if (!ready.wait(1s)) ...
//
// Lock-free (a futex on the flag): a process that dies while waiting leaves nothing behind.

#include <proclab/detail/named_handle.h>
#include <proclab/detail/sync_common.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace proclab {

class Event : public detail::NamedHandle<Event> {
public:
    /// A new event, not set.
    Event();
    /// Opens an existing Event by name (NotFound / Error as Lock::open).
    static Event open(const std::string& name);

    /// Sets the flag and wakes every waiter.
    void set();
    /// Clears the flag.
    void clear();
    bool is_set() const noexcept;
    /// Blocks until the flag is set; returns true.
    bool wait() { return wait_impl(std::nullopt); }
    /// Waits at most `timeout`; returns the flag (false: timed out).
    template <class Rep, class Period>
    bool wait(const std::chrono::duration<Rep, Period>& timeout)
    {
        return wait_impl(detail::to_timeout(timeout));
    }
    const std::string& name() const;

private:
    explicit Event(std::shared_ptr<detail::Segment> segment);
    bool wait_impl(std::optional<std::chrono::nanoseconds> timeout);
    std::shared_ptr<detail::Segment> m_segment;
    void* m_state = nullptr;
};

} // namespace proclab

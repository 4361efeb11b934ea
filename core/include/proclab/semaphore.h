#pragma once
// Semaphore and BoundedSemaphore: process-shared counters, as Python's multiprocessing ones.
//
//   proclab::Semaphore slots(3);           // at most 3 holders at a time
//   { std::lock_guard g(slots); ... }       // acquire ... release
//
// Lock-free (an atomic counter and a futex): a process that dies while waiting leaves nothing
// behind. A process that dies after acquiring does not give its unit back (as in Python).

#include <proclab/detail/sync_common.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace proclab {

class Semaphore : public detail::LockableHandle<Semaphore> {
public:
    /// A new semaphore with `value` units. ValueError if value < 0 (or above 2^31 - 1).
    explicit Semaphore(long long value = 1);
    /// Opens an existing Semaphore by name (NotFound / Error as Lock::open).
    static Semaphore open(const std::string& name);

    /// Takes a unit, blocking while there is none; returns true.
    bool acquire() { return acquire_impl(true, std::nullopt); }
    /// Waits at most `timeout`; false when it ran out.
    template <class Rep, class Period>
    bool acquire(const std::chrono::duration<Rep, Period>& timeout)
    {
        return acquire_impl(true, detail::to_timeout(timeout));
    }
    /// Takes a unit only if one is available now.
    bool try_acquire() { return acquire_impl(false, std::nullopt); }
    /// Gives `n` units back (n >= 1, else ValueError), waking waiters. Any process may release.
    /// BoundedSemaphore: ValueError naming it if that would exceed the initial value.
    void release(long long n = 1);

    /// The units available now.
    int get_value() const noexcept;
    const std::string& name() const;

protected:
    struct Bounded {};
    Semaphore(Bounded, long long value);
    explicit Semaphore(std::shared_ptr<detail::Segment> segment);
    /// "Semaphore 'name'" or "BoundedSemaphore 'name'".
    std::string describe() const;
    bool acquire_impl(bool block, std::optional<std::chrono::nanoseconds> timeout);
    std::shared_ptr<detail::Segment> m_segment;
    void* m_state = nullptr;
};

/// A Semaphore whose release() may not raise the value above the initial one.
class BoundedSemaphore
    : public Semaphore
    , public detail::NamedHandle<BoundedSemaphore> {
public:
    using detail::NamedHandle<BoundedSemaphore>::save;
    using detail::NamedHandle<BoundedSemaphore>::load;

    explicit BoundedSemaphore(long long value = 1);
    static BoundedSemaphore open(const std::string& name);
    /// The initial (and maximum) value.
    int max_value() const noexcept;

private:
    explicit BoundedSemaphore(std::shared_ptr<detail::Segment> segment)
        : Semaphore(std::move(segment))
    {
    }
};

} // namespace proclab

#pragma once
// Private to the core (public for templates): what the synchronization and shared-data handles
// have in common — timeout conversion, the shared state of a lock, and the lock implementation
// that Lock, RLock, Condition, Value and Array share.

#include <proclab/detail/monitor.h>
#include <proclab/detail/named_handle.h>
#include <proclab/detail/robust_mutex.h>
#include <proclab/detail/segment.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>

namespace proclab::detail {

/// Any duration as nanoseconds, rounded up, clamped (negative → 0, huge → ~292 years).
template <class Rep, class Period>
std::chrono::nanoseconds to_timeout(const std::chrono::duration<Rep, Period>& d) noexcept
{
    using namespace std::chrono;
    if (d <= d.zero())
        return nanoseconds(0);
    const auto max = duration<double, std::nano>(double(std::numeric_limits<std::int64_t>::max()) / 2);
    if (duration<double, std::nano>(d) >= max)
        return nanoseconds(std::numeric_limits<std::int64_t>::max() / 2);
    return ceil<nanoseconds>(d);
}

/// Time left until `tp` on its own clock (0 when passed).
template <class Clock, class Duration>
std::chrono::nanoseconds until(const std::chrono::time_point<Clock, Duration>& tp) noexcept
{
    return to_timeout(tp - Clock::now());
}

/// This process's pid, cached (refreshed in fork children).
/// CRTP base: the standard Lockable and TimedLockable names (std::lock_guard, std::unique_lock,
/// std::scoped_lock) over Derived's acquire(), acquire(timeout), try_acquire() and release().
template <class Derived>
class Lockable {
public:
    void lock() { self().acquire(); }
    void unlock() { self().release(); }
    bool try_lock() { return self().try_acquire(); }
    template <class Rep, class Period>
    bool try_lock_for(const std::chrono::duration<Rep, Period>& d)
    {
        return self().acquire(d);
    }
    /// Waits until `tp` on its own clock.
    template <class Clock, class Duration>
    bool try_lock_until(const std::chrono::time_point<Clock, Duration>& tp)
    {
        return self().acquire(until(tp));
    }

protected:
    Lockable() = default;

private:
    Derived& self() { return static_cast<Derived&>(*this); }
};

/// A named handle that is Lockable too (Condition, Semaphore, Lock and RLock).
template <class Derived>
class LockableHandle
    : public NamedHandle<Derived>
    , public Lockable<Derived> {
protected:
    LockableHandle() = default;
};

pid_t current_pid() noexcept;
/// In a fresh child that knows its pid (from fork's caller): current_pid() without a system call.
void note_current_pid(pid_t pid) noexcept;

/// The shared part of a Lock or RLock: the mutex and who holds it.
struct LockState {
    RobustMutex mutex;
    std::atomic<std::int32_t> owner; ///< unused: the holder is the thread id in mutex.word
    std::uint32_t recursive;         ///< 1 for an RLock
    std::uint32_t depth;             ///< RLock: recursion depth (changed by the holder only)
    std::uint32_t reserved;
    std::uint64_t owner_thread; ///< unused (the mutex word holds the holder's thread id)
};

/// In fresh shared memory, before anyone else sees it.
void init_lock_state(LockState* state, bool recursive);

/// Tag of the constructors that adopt an existing object instead of creating one.
struct Adopt {};

/// The implementation behind Lock, RLock and the lock of a Condition, Value or Array: a handle on
/// a LockState at offset 0 of a segment.
class LockCore {
public:
    LockCore() = default;
    /// `type` names the handle in messages ("Lock", "RLock"); the state must match `recursive`.
    LockCore(std::shared_ptr<Segment> segment, bool recursive, const char* type);

    /// The uncontended acquire of a Lock, inline: one compare-and-swap. False: take the full path.
    bool fast_acquire() noexcept
    {
        if (!m_state || m_recursive || monitor::gated())
            return false;
        std::uint32_t free = 0;
        if (!m_state->mutex.word.compare_exchange_strong(free, this_thread_id(), std::memory_order_acquire,
                                                         std::memory_order_relaxed))
            return false;
        m_state->mutex.depth = 1;
        m_previous_owner_died = false;
        if (monitor::sample()) [[unlikely]]
            monitor::record_sampled(m_segment.get(), EventKind::Acquire, 0);
        return true;
    }
    /// The release of a Lock nobody waits for, inline. False: take the full path.
    bool fast_release() noexcept
    {
        if (!m_state || m_recursive || monitor::gated())
            return false;
        std::uint32_t mine = this_thread_id();
        if (!m_state->mutex.word.compare_exchange_strong(mine, 0, std::memory_order_release, std::memory_order_relaxed))
            return false;
        if (monitor::sample()) [[unlikely]]
            monitor::record_sampled(m_segment.get(), EventKind::Release, 0);
        return true;
    }
    /// Blocks (`block`), waits up to `timeout`, or only tries. True when acquired.
    bool acquire(bool block, std::optional<std::chrono::nanoseconds> timeout);
    /// ValueError (naming the lock) when the calling thread does not hold it.
    void release();
    /// True when the calling thread holds it.
    bool held_by_caller() const noexcept;
    /// Condition::wait: releases every level (RLock), returns how many there were.
    std::uint32_t release_all();
    /// Condition::wait: re-acquires and restores the level count.
    void acquire_restore(std::uint32_t depth);

    bool previous_owner_died() const noexcept { return m_previous_owner_died; }
    std::uint32_t owner_deaths() const noexcept;
    pid_t owner() const noexcept;
    std::uint32_t depth() const noexcept;
    const std::string& name() const;
    const std::shared_ptr<Segment>& segment() const noexcept { return m_segment; }
    bool recursive() const noexcept { return m_recursive; }
    /// "Lock 'proclab-…'"
    std::string describe() const;

private:
    void check() const;
    std::shared_ptr<Segment> m_segment;
    LockState* m_state = nullptr;
    bool m_recursive = false;
    bool m_previous_owner_died = false;
    const char* m_type = "Lock";
};

/// The lock named `name`: a Lock / RLock object, or the lock inside a Condition (Lock) or a
/// Value / Array (RLock). NotFound / Error (naming it) as Segment::open.
LockCore open_lock_core(const std::string& name, bool recursive, const char* type);

/// FNV-1a of a type name: what Value<T>/Array<T> record to check the type when opened.
constexpr std::uint64_t type_hash(std::string_view s) noexcept
{
    std::uint64_t h = 1469598103934665603ULL;
    for (char c : s)
        h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    return h;
}

} // namespace proclab::detail

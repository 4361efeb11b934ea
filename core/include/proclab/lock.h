#pragma once
// Lock and RLock: process-shared mutual exclusion, as Python's multiprocessing.Lock / RLock.
//
//   proclab::Lock lock;                 // a new lock (shared memory, usable from any process)
//   { std::lock_guard guard(lock); ... }
//   if (lock.acquire(1s)) { ...; lock.release(); }
//   auto same = proclab::Lock::open(lock.name());   // in any process of this user
//
// A holder that dies never deadlocks the others: the next acquire() succeeds and that handle's
// previous_owner_died() returns true until its next acquire — check it right after acquiring to
// learn that the data the lock guards may be half-updated, and repair it. owner_deaths() counts
// such take-overs over the lock's whole life.
//
// Handles are cheap copies of one shared object; the object goes away with its last handle in the
// last process. They are cereal-serializable (the name), so they can be passed to a task.

#include <proclab/detail/sync_common.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <sys/types.h>

namespace proclab {

namespace detail {

/// The front end Lock and RLock share (CRTP: `Derived::open` reopens a handle by name). Both are
/// Lockable and TimedLockable, so std::lock_guard, std::unique_lock and std::scoped_lock work.
template <class Derived>
class LockHandle : public LockableHandle<Derived> {
public:
    /// Blocks until acquired (an RLock: at once if the caller holds it already); returns true.
    /// Lock: ValueError if the calling thread already holds it (not re-entrant: use RLock).
    bool acquire() { return m_core.fast_acquire() || m_core.acquire(true, std::nullopt); }
    /// Waits at most `timeout`; false when it ran out.
    template <class Rep, class Period>
    bool acquire(const std::chrono::duration<Rep, Period>& timeout)
    {
        return m_core.fast_acquire() || m_core.acquire(true, detail::to_timeout(timeout));
    }
    /// Acquires only if free now (or, an RLock, already held by the caller).
    bool try_acquire() { return m_core.fast_acquire() || m_core.acquire(false, std::nullopt); }
    /// Releases (an RLock: one level). ValueError (naming the lock) when the calling thread does
    /// not hold it; an RLock says "cannot release un-acquired/unowned RLock 'name'".
    void release()
    {
        if (!m_core.fast_release())
            m_core.release();
    }

    /// True when this handle's last (first-level) acquire took the lock over from a holder that
    /// died (the guarded data may be inconsistent).
    bool previous_owner_died() const noexcept { return m_core.previous_owner_died(); }
    /// How many holders died holding this lock, over its whole life.
    std::uint32_t owner_deaths() const noexcept { return m_core.owner_deaths(); }
    /// Pid of the process holding it, 0 when free.
    pid_t owner() const noexcept { return m_core.owner(); }
    /// True when the calling thread holds it.
    bool held() const noexcept { return m_core.held_by_caller(); }
    /// The shared object's name, for open().
    const std::string& name() const { return m_core.name(); }

    /// Internal (Condition, Value, Array).
    const LockCore& core() const noexcept { return m_core; }
    LockCore& core() noexcept { return m_core; }

protected:
    LockHandle() = default;
    explicit LockHandle(LockCore core)
        : m_core(std::move(core))
    {
    }

    LockCore m_core;
};

} // namespace detail

/// A non-recursive lock. Only the thread that acquired it may release it.
class Lock : public detail::LockHandle<Lock> {
public:
    /// Creates a new, unlocked lock.
    Lock();
    /// Opens an existing lock by name. NotFound if there is none; Error if it belongs to another
    /// user or is not a Lock (the name of a Condition opens the Condition's own lock).
    static Lock open(const std::string& name);

    /// Internal: the lock at offset 0 of `segment` (Condition, Value, Array).
    Lock(detail::Adopt, std::shared_ptr<detail::Segment> segment);
};

/// A re-entrant lock: the holder may acquire it again; it is free once released as many times.
/// Only the holder may release it.
class RLock : public detail::LockHandle<RLock> {
public:
    /// Creates a new, unlocked re-entrant lock.
    RLock();
    /// Opens an existing RLock by name (NotFound / Error as Lock::open). The name of a Value or
    /// an Array opens its lock.
    static RLock open(const std::string& name);

    /// How many times the holder has acquired it (0 when free).
    std::uint32_t recursion_depth() const noexcept { return m_core.depth(); }

    /// Internal: the re-entrant lock at offset 0 of `segment` (Condition, Value, Array).
    RLock(detail::Adopt, std::shared_ptr<detail::Segment> segment);
};

} // namespace proclab

#pragma once
// Condition: a process-shared condition variable, as Python's multiprocessing.Condition.
//
//   proclab::Condition cond;                      // with a new Lock of its own
//   // consumer                                   // producer
//   std::unique_lock lk(cond);                    // std::lock_guard g(cond);
//   cond.wait_for([&] { return ready(); });       // make_ready(); cond.notify();
//
// wait() releases the lock, sleeps until notified (or the timeout), re-acquires the lock. As with
// every condition variable, wake-ups may be spurious: re-check the predicate (wait_for does).
// If a holder of the lock dies, the next acquirer (a waiter waking up included) gets it and
// previous_owner_died() says so.

#include <proclab/lock.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace proclab {

class Condition : public detail::LockableHandle<Condition> {
public:
    /// A new condition with a new Lock of its own.
    Condition();
    /// A new condition over an existing lock (shared with whoever else uses that lock).
    explicit Condition(const Lock& lock);
    explicit Condition(const RLock& lock);
    /// Opens an existing condition by name (NotFound / Error as Lock::open).
    static Condition open(const std::string& name);

    // The underlying lock.
    bool acquire() { return m_lock.acquire(true, std::nullopt); }
    template <class Rep, class Period>
    bool acquire(const std::chrono::duration<Rep, Period>& timeout)
    {
        return m_lock.acquire(true, detail::to_timeout(timeout));
    }
    bool try_acquire() { return m_lock.acquire(false, std::nullopt); }
    void release() { m_lock.release(); }

    /// Requires the lock held by the caller (else ValueError naming the condition). Releases it,
    /// sleeps until notified, re-acquires it. Returns true (may return spuriously).
    bool wait() { return wait_impl(std::nullopt); }
    /// As wait(), at most `timeout`; false when the timeout ran out.
    template <class Rep, class Period>
    bool wait(const std::chrono::duration<Rep, Period>& timeout)
    {
        return wait_impl(detail::to_timeout(timeout));
    }
    /// Waits until `predicate()` is true (checked first, then after each wake-up); returns its
    /// last value (false: the timeout ran out first). Python's Condition.wait_for.
    template <class Predicate>
    bool wait_for(Predicate predicate)
    {
        while (!predicate())
            wait_impl(std::nullopt);
        return true;
    }
    template <class Predicate, class Rep, class Period>
    bool wait_for(Predicate predicate, const std::chrono::duration<Rep, Period>& timeout)
    {
        const auto end = std::chrono::steady_clock::now() + detail::to_timeout(timeout);
        bool result = predicate();
        while (!result) {
            const auto left = end - std::chrono::steady_clock::now();
            if (left <= left.zero())
                break;
            wait_impl(std::chrono::duration_cast<std::chrono::nanoseconds>(left));
            result = predicate();
        }
        return result;
    }
    /// Requires the lock held (else ValueError). Wakes up to `n` waiters (n >= 0).
    void notify(int n = 1);
    /// Requires the lock held (else ValueError). Wakes every waiter.
    void notify_all();

    /// As Lock: the last acquire through this handle took the lock over from a dead holder.
    bool previous_owner_died() const noexcept { return m_lock.previous_owner_died(); }
    /// Name of the condition (for open()).
    const std::string& name() const;
    /// Name of its lock (the condition's own name when it has its own lock).
    const std::string& lock_name() const { return m_lock.name(); }

private:
    struct Opened {};
    Condition(Opened, std::shared_ptr<detail::Segment> segment);
    void adopt_external(const detail::LockCore& lock);
    bool wait_impl(std::optional<std::chrono::nanoseconds> timeout);
    std::shared_ptr<detail::Segment> m_segment;
    detail::LockCore m_lock;
};

} // namespace proclab

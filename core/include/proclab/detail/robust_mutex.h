#pragma once
// Private to the core (public for templates): a process-shared robust mutex that lives in shared
// memory. When its holder dies, the next locker gets it, learns so, and repairs what it guards.
//
// A futex word holding the owner's thread id (as the kernel's robust futexes do), so that the
// uncontended lock and unlock are one atomic instruction each. A waiter that has waited for a
// while checks whether the owner still exists and, if it died, takes the lock over.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>

namespace proclab::detail {

// The calling thread's kernel thread id, cached (0 until first use; reset in fork children).
// initial-exec: the library is position-independent, and the general TLS model costs a call.
extern thread_local constinit std::uint32_t t_thread_id __attribute__((tls_model("initial-exec")));
std::uint32_t this_thread_id_slow() noexcept;

/// False when thread `tid` no longer exists (or is a zombie).
bool thread_alive(std::uint32_t tid) noexcept;

/// The calling thread's kernel thread id.
inline std::uint32_t this_thread_id() noexcept
{
    const std::uint32_t tid = t_thread_id;
    return tid ? tid : this_thread_id_slow();
}

struct RobustMutex {
    enum class Result { Acquired, OwnerDied, Timeout };
    static constexpr std::uint32_t kWaiters = 0x80000000U;

    std::atomic<std::uint32_t> word; // 0: free; else the holder's tid, kWaiters when someone may sleep
    std::uint32_t owner_deaths;      // how many holders died holding it
    std::uint32_t recursive;         // 1: the holder may lock again (counted in depth)
    std::uint32_t depth;             // levels held by the holder (recursive only)

    /// In fresh shared memory, once, before any other process sees it.
    void init(bool recursive = false) noexcept;
    /// Blocks (or until `timeout`). OwnerDied: acquired, the previous owner died holding it and the
    /// caller must make the guarded state consistent. ValueError when a non-recursive mutex is
    /// locked again by its holder.
    Result lock(std::optional<std::chrono::nanoseconds> timeout = std::nullopt)
    {
        std::uint32_t free = 0;
        const std::uint32_t tid = this_thread_id();
        if (word.compare_exchange_strong(free, tid, std::memory_order_acquire, std::memory_order_relaxed)) {
            depth = 1;
            return Result::Acquired;
        }
        return lock_slow(tid, timeout, true);
    }
    /// Never waits (Timeout when held by another thread).
    Result try_lock() { return lock_slow(this_thread_id(), std::nullopt, false); }
    /// ValueError when the caller does not hold it.
    void unlock()
    {
        const std::uint32_t tid = this_thread_id();
        const std::uint32_t w = word.load(std::memory_order_relaxed);
        if ((w & ~kWaiters) != tid)
            not_owner();
        if (recursive && --depth > 0)
            return;
        if (word.exchange(0, std::memory_order_release) & kWaiters)
            wake_one();
    }
    /// True when the calling thread holds it.
    bool held_by_caller() const noexcept
    {
        return (word.load(std::memory_order_relaxed) & ~kWaiters) == this_thread_id();
    }
    /// Thread id of the holder, 0 when free.
    std::uint32_t holder() const noexcept { return word.load(std::memory_order_relaxed) & ~kWaiters; }

private:
    Result lock_slow(std::uint32_t tid, std::optional<std::chrono::nanoseconds> timeout, bool block);
    [[noreturn]] static void not_owner();
    void wake_one() noexcept;
};

} // namespace proclab::detail

#pragma once
// Private to the monitor (monitor*.cpp): the attached registry, this process's self part and the
// helpers every writer of the registry uses. Hidden: not one of the core's symbols for others.

#include <proclab/detail/monitor.h>

#include "session/registry.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <string_view>

namespace proclab::detail::monitor {

#pragma GCC visibility push(hidden)

/// The attached registry (null: unwatched). Replaced only by an attach.
extern registry::Layout* g_layout;

/// The self part has one writer per process: the mutex serializes this process's threads. The
/// active waits of all threads form a list through the Blocked objects themselves (newest first),
/// so that nothing is allocated: a forked child re-initializes both in place.
extern std::mutex g_self_mutex;
extern Blocked* g_blocked;
extern thread_local constinit const Blocked* t_innermost;

/// This process's slot (claimed on first use, and again in a forked child); null when unwatched.
/// Requires g_self_mutex.
registry::ProcessSlot* my_slot() noexcept;

/// Requires the alloc mutex. Claims a slot for a new record (-1: the table is full of live ones).
int claim_locked(registry::Layout& l) noexcept;

/// Scheduler mode: tells the controller that something it waits for may have changed.
void sched_notify() noexcept;

/// Appends an event at time `t`; `remote_slot` (slot + 1) names a relayed process `pid`, 0 this one.
void record_at(registry::Layout* l, std::int64_t t, EventKind kind, ObjectId object, std::int64_t arg,
               std::uint64_t arg2, pid_t pid = 0, std::uint16_t remote_slot = 0) noexcept;

#pragma GCC visibility pop

/// Writes one part of a slot in its odd-even sequence window (readers retry on odd or changed).
template <class Part>
void write_part(std::atomic<std::uint32_t>& seq, Part& part, const Part& value) noexcept
{
    std::uint32_t s = seq.load(std::memory_order_relaxed);
    const std::uint32_t odd = (s & 1U) ? s + 2 : s + 1; // odd: a killed writer left it odd
    seq.store(odd, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_release);
    std::memcpy(static_cast<void*>(&part), &value, sizeof(Part));
    seq.store(odd + 1, std::memory_order_release);
}

/// Copies `s` into a fixed field of `cap` bytes, cut and zero-padded.
inline void copy_name(char* dst, std::size_t cap, std::string_view s) noexcept
{
    const std::size_t n = std::min(cap - 1, s.size());
    std::memcpy(dst, s.data(), n);
    std::memset(dst + n, 0, cap - n);
}

/// The registry's alloc mutex (slot allocation and `life` writes), held for a scope.
struct AllocGuard {
    explicit AllocGuard(registry::Header& h) noexcept
        : m(h.alloc)
    {
        try {
            m.lock();
        } catch (...) {
        }
    }
    ~AllocGuard() { m.unlock(); }
    AllocGuard(const AllocGuard&) = delete;
    AllocGuard& operator=(const AllocGuard&) = delete;
    RobustMutex& m;
};

} // namespace proclab::detail::monitor

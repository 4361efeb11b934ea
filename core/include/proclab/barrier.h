#pragma once
// Barrier: `parties` processes wait for each other, as Python's multiprocessing.Barrier.
//
//   proclab::Barrier barrier(3, [] { std::puts("all here"); });
//   int index = barrier.wait();   // in each of the 3 processes; 0..2, distinct per generation
//
// The action runs in the last process to arrive, before the others are released — if that
// process's handle has an action: handles copied or inherited by fork keep it; handles opened by
// name or received by a task have none unless given to open(name, action). An action that throws
// breaks the barrier (the others get BrokenBarrierError) and its exception reaches that caller.
// A wait that times out, abort(), or reset() with parties waiting break it likewise: every waiter
// gets BrokenBarrierError, and wait() keeps failing until reset().
// If a process dies inside wait() while holding the barrier's internal lock, the barrier is
// broken (never left half-updated). A process that dies while *waiting* still counts as arrived.

#include <proclab/detail/named_handle.h>
#include <proclab/detail/sync_common.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace proclab {

class Barrier : public detail::NamedHandle<Barrier> {
public:
    /// An empty handle (refers to no barrier; for deserialization and assignment).
    Barrier() = default;
    /// A new barrier for `parties` processes (ValueError if < 1). `timeout`: the default of wait().
    explicit Barrier(int parties, std::function<void()> action = {},
                     std::optional<std::chrono::nanoseconds> timeout = std::nullopt);
    /// Opens an existing barrier by name (NotFound / Error as Lock::open), with this handle's action.
    static Barrier open(const std::string& name, std::function<void()> action = {});

    /// Waits until `parties` processes have called wait(), up to the default timeout. Returns this
    /// arrival's index in [0, parties): 0 for the first to arrive, parties - 1 for the last.
    /// BrokenBarrierError if the barrier is or gets broken, or the timeout runs out (which breaks it).
    int wait() { return wait_impl(std::nullopt, true); }
    template <class Rep, class Period>
    int wait(const std::chrono::duration<Rep, Period>& timeout)
    {
        return wait_impl(detail::to_timeout(timeout), false);
    }
    /// Puts it in the broken state: current and future waiters get BrokenBarrierError until reset().
    void abort();
    /// Back to the empty state; parties waiting now get BrokenBarrierError.
    void reset();
    /// True in the broken state.
    bool broken() const;
    int parties() const;
    /// Parties waiting now.
    int n_waiting() const;
    const std::string& name() const;

private:
    explicit Barrier(std::shared_ptr<detail::Segment> segment, std::function<void()> action);
    int wait_impl(std::optional<std::chrono::nanoseconds> timeout, bool use_default);
    void check() const;
    std::shared_ptr<detail::Segment> m_segment;
    void* m_state = nullptr;
    std::shared_ptr<std::function<void()>> m_action;
};

} // namespace proclab

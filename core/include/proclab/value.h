#pragma once
// Value<T> and RawValue<T>: one T in shared memory, as Python's multiprocessing.Value / RawValue.
//
//   proclab::Value<long> counter(0);
//   { std::lock_guard g(counter.get_lock()); counter.value() += 1; }   // Python: with v.get_lock(): v.value += 1
//   long now = counter.load();                                          // Python: v.value
//
// T must be trivially copyable (no pointers into one process's memory: no std::string).
// Value's lock is an RLock living in the same shared object, as Python's default (lock=True):
// load() and store() take it, so they may be called while holding get_lock(). value() is the raw
// reference: a read-modify-write through it needs get_lock() held, exactly as `v.value += 1` in
// Python. RawValue has no lock.

#include <proclab/detail/named_handle.h>
#include <proclab/detail/shared_data.h>
#include <proclab/lock.h>

#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>

namespace proclab {

template <class T, bool Locked>
class BasicValue : public detail::NamedHandle<BasicValue<T, Locked>> {
    static_assert(std::is_trivially_copyable_v<T>,
                  "proclab::Value<T> / RawValue<T> need a trivially copyable T: the value lives in shared "
                  "memory seen by several processes (no std::string, no pointers, no virtual functions)");

public:
    /// A new shared value holding `initial`.
    explicit BasicValue(T initial = T{})
        : BasicValue(detail::create_shared_data(spec(1)))
    {
        std::memcpy(static_cast<void*>(m_ptr), &initial, sizeof(T));
    }
    /// Opens an existing value by name. NotFound if there is none; Error if it belongs to another
    /// user, is not a Value (RawValue) or holds another type.
    static BasicValue open(const std::string& name) { return BasicValue(detail::open_shared_data(name, spec(0))); }

    /// The shared T itself (no locking).
    T& value() const noexcept { return *m_ptr; }
    /// cereal's load (by name, detail::NamedHandle), next to the value's own load().
    using detail::NamedHandle<BasicValue>::load;
    /// A copy of the value (Value: read under the lock).
    /// In scheduler mode (proclab/scheduler.h), a load or store not under get_lock() is a point.
    T load() const
    {
        if constexpr (Locked) {
            if (detail::monitor::gated()) [[unlikely]]
                return gated_access(SchedOp::Read, [&] { return *m_ptr; });
            std::lock_guard guard(m_lock);
            return *m_ptr;
        } else {
            detail::monitor::gate(SchedOp::Read, m_segment.get());
            return *m_ptr;
        }
    }
    /// Replaces the value (Value: under the lock).
    void store(const T& v)
    {
        if constexpr (Locked) {
            if (detail::monitor::gated()) [[unlikely]]
                return gated_access(SchedOp::Write, [&] { *m_ptr = v; });
            std::lock_guard guard(m_lock);
            *m_ptr = v;
        } else {
            detail::monitor::gate(SchedOp::Write, m_segment.get());
            *m_ptr = v;
        }
    }
    /// The lock guarding the value (Value only).
    RLock& get_lock() const requires Locked { return m_lock; }
    /// The shared object's name, for open().
    const std::string& name() const { return m_segment->name(); }

private:
    // Scheduler mode: one point for the read or write (none when the caller holds the lock: no
    // other process can get in between), then the lock taken without points of its own.
    template <class F>
    auto gated_access(SchedOp op, F&& f) const
    {
        if (!m_lock.held())
            detail::monitor::gate(op, m_segment.get());
        detail::monitor::Ungated inner;
        std::lock_guard guard(m_lock);
        return f();
    }

    static detail::SharedDataSpec spec(std::size_t count)
    {
        return detail::spec_of<T>(Locked ? "value" : "rawvalue", Locked ? "Value" : "RawValue", Locked, count);
    }
    // A RawValue has no lock at all (not an empty optional, which GCC 12 reports as maybe
    // uninitialized in every function that destroys one).
    struct NoLock {
        NoLock(detail::Adopt, const std::shared_ptr<detail::Segment>&) noexcept {}
    };
    explicit BasicValue(std::shared_ptr<detail::Segment> segment)
        : m_segment(std::move(segment))
        , m_ptr(static_cast<T*>(detail::shared_data_of(*m_segment)))
        , m_lock(detail::Adopt{}, m_segment)
    {
    }

    std::shared_ptr<detail::Segment> m_segment;
    T* m_ptr = nullptr;
    [[no_unique_address]] mutable std::conditional_t<Locked, RLock, NoLock> m_lock;
};

/// A shared T with a lock (get_lock()).
template <class T>
using Value = BasicValue<T, true>;
/// A shared T without a lock.
template <class T>
using RawValue = BasicValue<T, false>;

} // namespace proclab

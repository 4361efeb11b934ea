#pragma once
// Array<T> and RawArray<T>: a fixed-size array of T in shared memory, as Python's
// multiprocessing.Array / RawArray.
//
//   proclab::Array<double> samples(1000);            // 1000 zeros
//   proclab::Array<int> primes{2, 3, 5, 7};
//   { std::lock_guard g(samples.get_lock()); for (double& x : samples) x *= 2; }
//
// T must be trivially copyable. Array's lock is an RLock in the same shared object (Python's
// default); element access itself does not lock. RawArray has no lock.
// Handles are like std::span: a const handle still gives access to the shared elements.

#include <proclab/detail/named_handle.h>
#include <proclab/detail/shared_data.h>
#include <proclab/errors.h>
#include <proclab/lock.h>

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace proclab {

template <class T, bool Locked>
class BasicArray : public detail::NamedHandle<BasicArray<T, Locked>, detail::EmptyName::EmptyHandle> {
    static_assert(std::is_trivially_copyable_v<T>,
                  "proclab::Array<T> / RawArray<T> need a trivially copyable T: the elements live in shared "
                  "memory seen by several processes (no std::string, no pointers, no virtual functions)");

public:
    using value_type = T;
    using iterator = T*;
    using const_iterator = const T*;

    /// An empty handle (refers to no array; for deserialization and assignment).
    BasicArray() = default;
    /// A new array of `size` copies of `fill`. ValueError if size < 0.
    explicit BasicArray(std::ptrdiff_t size, const T& fill = T{})
        : BasicArray(detail::create_shared_data(spec(checked_size(size))))
    {
        std::fill(begin(), end(), fill);
    }
    /// A new array holding these values.
    BasicArray(std::initializer_list<T> values)
        : BasicArray(detail::create_shared_data(spec(values.size())))
    {
        std::copy(values.begin(), values.end(), begin());
    }
    explicit BasicArray(const std::vector<T>& values)
        : BasicArray(detail::create_shared_data(spec(values.size())))
    {
        std::copy(values.begin(), values.end(), begin());
    }
    /// Opens an existing array by name. NotFound if there is none; Error if it belongs to another
    /// user, is not an Array (RawArray) or holds another type.
    static BasicArray open(const std::string& name) { return BasicArray(detail::open_shared_data(name, spec(0))); }

    /// Unchecked element access.
    T& operator[](std::size_t i) const noexcept { return m_data[i]; }
    /// Checked element access: ValueError naming the array when i is out of range.
    T& at(std::size_t i) const
    {
        if (i >= m_size)
            throw ValueError(std::string(Locked ? "Array '" : "RawArray '") + name() + "': index " + std::to_string(i) +
                             " out of range (size " + std::to_string(m_size) + ")");
        return m_data[i];
    }
    std::size_t size() const noexcept { return m_size; }
    bool empty() const noexcept { return m_size == 0; }
    T* data() const noexcept { return m_data; }
    T* begin() const noexcept { return m_data; }
    T* end() const noexcept { return m_data + m_size; }
    /// A copy of the elements (Array: under the lock). Python's arr[:].
    std::vector<T> to_vector() const
    {
        if constexpr (Locked) {
            std::lock_guard guard(get_lock());
            return std::vector<T>(begin(), end());
        } else {
            return std::vector<T>(begin(), end());
        }
    }
    /// The lock guarding the elements (Array only).
    RLock& get_lock() const requires Locked
    {
        if (!m_lock)
            throw ValueError("empty Array handle (it refers to no array)");
        return *m_lock;
    }
    /// The shared object's name, for open() ("" for an empty handle).
    const std::string& name() const
    {
        static const std::string empty;
        return m_segment ? m_segment->name() : empty;
    }

private:
    static std::size_t checked_size(std::ptrdiff_t size)
    {
        if (size < 0)
            throw ValueError(std::string("cannot create ") + (Locked ? "an Array" : "a RawArray") + " of " +
                             std::to_string(size) + " elements: the size must be >= 0");
        return static_cast<std::size_t>(size);
    }
    static detail::SharedDataSpec spec(std::size_t count)
    {
        return detail::spec_of<T>(Locked ? "array" : "rawarray", Locked ? "Array" : "RawArray", Locked, count);
    }
    explicit BasicArray(std::shared_ptr<detail::Segment> segment)
        : m_segment(std::move(segment))
        , m_data(static_cast<T*>(detail::shared_data_of(*m_segment)))
        , m_size(detail::shared_count_of(*m_segment))
    {
        if constexpr (Locked)
            m_lock.emplace(detail::Adopt{}, m_segment);
    }

    std::shared_ptr<detail::Segment> m_segment;
    T* m_data = nullptr;
    std::size_t m_size = 0;
    mutable std::optional<RLock> m_lock;
};

/// A shared array with a lock (get_lock()).
template <class T>
using Array = BasicArray<T, true>;
/// A shared array without a lock.
template <class T>
using RawArray = BasicArray<T, false>;

} // namespace proclab

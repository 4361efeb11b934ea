#pragma once
// Private to the core (public for the Value/Array templates): the layout of a shared value or
// array — a lock, the element type's fingerprint and count, then the elements.

#include <proclab/detail/segment.h>
#include <proclab/detail/sync_common.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <typeinfo>

namespace proclab::detail {

struct SharedDataSpec {
    const char* kind;        ///< segment kind: "value", "rawvalue", "array", "rawarray"
    const char* type;        ///< for messages: "Value", "RawValue", "Array", "RawArray"
    bool locked;             ///< has a lock (an RLock at offset 0)
    std::uint64_t type_hash; ///< of the element type's name
    std::size_t elem_size;
    std::size_t elem_align;
    std::size_t count; ///< elements (create only)
};

/// The spec of `count` elements of T in an object of `kind`, called `type` in messages.
template <class T>
SharedDataSpec spec_of(const char* kind, const char* type, bool locked, std::size_t count) noexcept
{
    return {kind, type, locked, type_hash(typeid(T).name()), sizeof(T), alignof(T), count};
}

/// A new zero-filled object for `spec.count` elements.
std::shared_ptr<Segment> create_shared_data(const SharedDataSpec& spec);
/// Opens one by name, checking kind, element type and size; the message names the object.
std::shared_ptr<Segment> open_shared_data(const std::string& name, const SharedDataSpec& spec);
/// The first element.
void* shared_data_of(const Segment& segment) noexcept;
/// The number of elements.
std::size_t shared_count_of(const Segment& segment) noexcept;

} // namespace proclab::detail

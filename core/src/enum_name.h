#pragma once
// Private: the to_string() of the library's enumerations as one table lookup each, instead of a
// switch per enumeration (process/process.cpp, session/session_export.cpp).

#include <cstddef>
#include <string_view>

namespace proclab::detail {

/// The name of `e` in `names`, which lists every enumerator in order from 0 up to `Last` (checked
/// at compile time); "?" for a value outside the enumeration.
template <auto Last, class E, std::size_t N>
constexpr std::string_view enum_name(E e, const std::string_view (&names)[N]) noexcept
{
    static_assert(N == static_cast<std::size_t>(Last) + 1, "one name per enumerator, in order");
    const auto i = static_cast<std::size_t>(e);
    return i < N ? names[i] : "?";
}

} // namespace proclab::detail

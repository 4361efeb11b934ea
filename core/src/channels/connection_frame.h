#pragma once
// The framing shared by the parts of Connection (connection.cpp, connection_poll.cpp).

#include <cstddef>
#include <cstdint>

namespace proclab::detail {

inline constexpr std::size_t kHeader = sizeof(std::uint32_t);   // a frame's length word
inline constexpr std::size_t kBufSize = std::size_t(16) * 1024; // a Connection's read buffer

} // namespace proclab::detail

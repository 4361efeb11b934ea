#pragma once
// Serialization of task arguments and results with cereal's binary archive.
// Supported: arithmetic types, std::string, std::vector, std::map, std::optional, std::tuple,
// std::pair, std::array, and structs with a serialize() member (cereal's rules).

#include <cereal/archives/binary.hpp>
#include <cereal/types/array.hpp>
#include <cereal/types/chrono.hpp>
#include <cereal/types/deque.hpp>
#include <cereal/types/list.hpp>
#include <cereal/types/map.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/set.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/tuple.hpp>
#include <cereal/types/unordered_map.hpp>
#include <cereal/types/unordered_set.hpp>
#include <cereal/types/utility.hpp>
#include <cereal/types/variant.hpp>
#include <cereal/types/vector.hpp>

#include <sstream>
#include <string>
#include <string_view>

namespace proclab {

/// Serializes values into one byte string (cereal binary archive, in order).
template <class... T>
std::string to_bytes(const T&... values)
{
    std::ostringstream os(std::ios::binary);
    {
        cereal::BinaryOutputArchive ar(os);
        (ar(values), ...);
    }
    return std::move(os).str();
}

/// Reads values written by to_bytes() back, in the same order.
/// Throws cereal::Exception on truncated or malformed input.
template <class... T>
void from_bytes(std::string_view bytes, T&... values)
{
    std::istringstream is(std::string(bytes), std::ios::binary);
    cereal::BinaryInputArchive ar(is);
    (ar(values), ...);
}

} // namespace proclab

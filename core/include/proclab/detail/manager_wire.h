#pragma once
// Internal: the byte encoding of Manager call arguments and results (little-endian integers,
// u32-length-prefixed byte strings). Shared by the typed proxies (templates, in manager.h) and
// the server; every read is bounds-checked and throws ManagerError on truncated input.

#include <proclab/errors.h>
#include <proclab/serialize.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace proclab::detail {

class WireWriter {
public:
    WireWriter& u8(std::uint8_t v)
    {
        m_buf.push_back(char(v));
        return *this;
    }
    WireWriter& u32(std::uint32_t v) { return raw(&v, sizeof v); }
    WireWriter& u64(std::uint64_t v) { return raw(&v, sizeof v); }
    WireWriter& i64(std::int64_t v) { return raw(&v, sizeof v); }
    WireWriter& boolean(bool v) { return u8(v ? 1 : 0); }
    /// A byte string: u32 length, then the bytes.
    WireWriter& bytes(std::string_view v)
    {
        u32(std::uint32_t(v.size()));
        m_buf.append(v.data(), v.size());
        return *this;
    }
    /// A timeout: -1 for none (wait forever), else nanoseconds (negative clamped to 0).
    WireWriter& timeout(std::optional<std::chrono::nanoseconds> t)
    {
        return i64(t ? std::max<std::int64_t>(0, t->count()) : -1);
    }
    WireWriter& raw(const void* p, std::size_t n)
    {
        m_buf.append(static_cast<const char*>(p), n);
        return *this;
    }
    std::string& str() noexcept { return m_buf; }
    std::string take() noexcept { return std::move(m_buf); }

private:
    std::string m_buf;
};

class WireReader {
public:
    explicit WireReader(std::string_view data) noexcept
        : m_data(data)
    {
    }
    std::uint8_t u8() { return std::uint8_t(take(1)[0]); }
    std::uint32_t u32() { return fixed<std::uint32_t>(); }
    std::uint64_t u64() { return fixed<std::uint64_t>(); }
    std::int64_t i64() { return fixed<std::int64_t>(); }
    bool boolean() { return u8() != 0; }
    std::string_view bytes() { return take(u32()); }
    std::optional<std::chrono::nanoseconds> timeout()
    {
        const std::int64_t v = i64();
        if (v < 0)
            return std::nullopt;
        return std::chrono::nanoseconds(v);
    }
    std::string_view rest() noexcept
    {
        std::string_view r = m_data.substr(m_pos);
        m_pos = m_data.size();
        return r;
    }
    bool at_end() const noexcept { return m_pos == m_data.size(); }
    std::size_t remaining() const noexcept { return m_data.size() - m_pos; }

private:
    template <class T>
    T fixed()
    {
        T v;
        std::memcpy(&v, take(sizeof v).data(), sizeof v);
        return v;
    }
    std::string_view take(std::size_t n)
    {
        if (n > m_data.size() - m_pos)
            throw ManagerError("malformed message: " + std::to_string(n) + " bytes wanted at offset " +
                               std::to_string(m_pos) + ", " + std::to_string(m_data.size() - m_pos) + " left");
        std::string_view v = m_data.substr(m_pos, n);
        m_pos += n;
        return v;
    }
    std::string_view m_data;
    std::size_t m_pos = 0;
};

/// Stored as its bytes: arithmetic types and trivially copyable structs.
template <class T>
inline constexpr bool wire_raw_v = std::is_trivially_copyable_v<T> && !std::is_pointer_v<T>;

/// A value as the server stores it (opaque bytes): trivially copyable T as its bytes, std::string
/// as itself, anything else through cereal (serialize.h).
template <class T>
std::string encode_value(const T& v)
{
    if constexpr (std::is_same_v<T, std::string>)
        return v;
    else if constexpr (wire_raw_v<T>)
        return std::string(reinterpret_cast<const char*>(&v), sizeof v);
    else
        return to_bytes(v);
}

template <class T>
T decode_value(std::string_view bytes)
{
    if constexpr (std::is_same_v<T, std::string>) {
        return std::string(bytes);
    } else if constexpr (wire_raw_v<T>) {
        if (bytes.size() != sizeof(T))
            throw ValueError("a manager value of " + std::to_string(bytes.size()) + " bytes does not hold a value of " +
                             std::to_string(sizeof(T)) + " bytes (was the object created with another type?)");
        T v;
        std::memcpy(static_cast<void*>(&v), bytes.data(), sizeof v);
        return v;
    } else {
        T v{};
        try {
            from_bytes(bytes, v);
        } catch (const std::exception& e) {
            throw ValueError("a manager value of " + std::to_string(bytes.size()) +
                             " bytes cannot be read as the requested type: " + e.what());
        }
        return v;
    }
}

/// A list of values: u32 count, then each as bytes().
template <class T>
std::string encode_list(const std::vector<T>& items)
{
    WireWriter w;
    w.u32(std::uint32_t(items.size()));
    for (const T& v : items)
        w.bytes(encode_value(v));
    return w.take();
}

template <class T>
std::vector<T> decode_list(std::string_view bytes)
{
    WireReader r(bytes);
    const std::uint32_t n = r.u32();
    std::vector<T> out;
    out.reserve(std::min<std::size_t>(n, r.remaining() / 4));
    for (std::uint32_t i = 0; i < n; ++i)
        out.push_back(decode_value<T>(r.bytes()));
    return out;
}

} // namespace proclab::detail

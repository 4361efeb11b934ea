#pragma once
// Private: the Manager's wire protocol. Pure functions (no sockets), so that the request decoder
// can be fuzzed (tests/fuzz/fuzz_manager_request.cpp) and unit-tested.
//
// Framing: every message is a u32 little-endian length followed by that many bytes; at most
// kMaxHandshake bytes before authentication, kMaxMessage after.
//
// Handshake (Python's deliver_challenge / answer_challenge, both directions, HMAC-SHA256):
//   server → "#CHALLENGE#{sha256}" + 32 random bytes     client → HMAC(authkey, that message)
//   server → "#WELCOME#" or "#FAILURE#" (then closes)
//   the same with the roles swapped, so that the client also knows the server holds the key.
//
// Request:  u8 op, u64 object id, u8 method length, method, arguments (the rest).
// Reply:    u8 status 0, result (the rest)
//           u8 status 1, bytes type, bytes message, u8 builtin (1: a ProcLab error to rethrow as
//           its own type, e.g. Empty; 0: RemoteError)

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace proclab::detail::manager {

inline constexpr std::uint32_t kMaxMessage = 64u << 20;
inline constexpr std::uint32_t kMaxHandshake = 256;
inline constexpr std::size_t kChallengeBytes = 32;
inline constexpr std::string_view kChallenge = "#CHALLENGE#{sha256}";
inline constexpr std::string_view kWelcome = "#WELCOME#";
inline constexpr std::string_view kFailure = "#FAILURE#";

/// How long each side polls for the peer's next message before blocking (see Channel::set_spin).
inline constexpr std::chrono::microseconds kSpin{50};

enum class Op : std::uint8_t {
    Call = 1,     ///< a method of object `id`
    Create = 2,   ///< a new object of type `method`; reply: u64 id, bytes kind
    Shutdown = 3, ///< stop the server (reply first)
    Ping = 4,     ///< reply empty (round trip)
};

enum class Status : std::uint8_t { Ok = 0, Error = 1 };

/// A decoded request: `method` and `args` are views into the decoded payload.
struct Request {
    Op op = Op::Ping;
    std::uint64_t id = 0;
    std::string_view method;
    std::string_view args;
};

// Marks a parameter that the result points into (clang then warns when a temporary is passed).
#if defined(__clang__)
#define PROCLAB_LIFETIMEBOUND [[clang::lifetimebound]]
#else
#define PROCLAB_LIFETIMEBOUND
#endif

/// Decodes one request payload (without the length prefix). Throws ManagerError naming what is
/// wrong: truncated, unknown op, empty or non-printable method name. The request's views point
/// into `payload`: it must not outlive the buffer (a temporary string is refused at compile time).
[[nodiscard]] Request decode_request(std::string_view payload PROCLAB_LIFETIMEBOUND);
Request decode_request(std::string&& payload) = delete;
/// The payload of a request (without the length prefix). ValueError when the method name is longer
/// than 255 bytes.
std::string encode_request(Op op, std::uint64_t id, std::string_view method, std::string_view args);
/// Appends a whole frame (length prefix + request) to `out`.
void append_request_frame(std::string& out, Op op, std::uint64_t id, std::string_view method, std::string_view args);

/// A reply frame (length prefix included).
std::string ok_frame(std::string_view result);
std::string error_frame(std::string_view type, std::string_view message, bool builtin);

/// Reads a reply payload: returns the result, or throws the error it carries (the ProcLab error of
/// that name when builtin, else RemoteError). `where` names the manager for the messages.
std::string_view open_reply(std::string_view payload, std::string_view where);

/// HMAC-SHA256(key, message), 32 bytes.
std::string hmac_sha256(std::string_view key, std::string_view message);
/// Constant-time comparison.
bool digest_equal(std::string_view a, std::string_view b) noexcept;
/// `n` bytes from the OS's random source.
std::string random_bytes(std::size_t n);

} // namespace proclab::detail::manager

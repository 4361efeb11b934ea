#pragma once
// Private: sockets and framing of the Manager (client and server sides).

#include "manager/protocol.h"

#include <proclab/manager.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace proclab::detail::manager {

/// The shared-memory fast path of a local connection: one request slot and one reply slot, each
/// announced by a sequence number (futex word). A message too large for its slot goes through the
/// socket, the slot's length saying so. Both sides poll a little before sleeping on the futex.
struct SharedSlots {
    static constexpr std::uint32_t kOnSocket = ~std::uint32_t(0);
    static constexpr std::size_t kSlot = std::size_t{32} * 1024;
    std::atomic<std::uint32_t> req_seq{0};
    std::atomic<std::uint32_t> rep_seq{0};
    std::atomic<std::uint32_t> server_sleeping{0};
    std::atomic<std::uint32_t> client_sleeping{0};
    std::uint32_t req_len = 0;
    std::uint32_t rep_len = 0;
    char req[kSlot];
    char rep[kSlot];
};

/// One end of a manager connection: a socket and its read buffer. Move-only; closes the socket.
class Channel {
public:
    Channel() = default;
    explicit Channel(int fd) noexcept
        : m_fd(fd)
    {
    }
    Channel(Channel&& o) noexcept;
    Channel& operator=(Channel&& o) noexcept;
    ~Channel();

    int fd() const noexcept { return m_fd; }
    /// Reads the next frame's payload, valid until the next read. nullopt at end of file (the peer
    /// closed or died). ManagerError when the frame is over `max` bytes or the socket fails.
    std::optional<std::string_view> read_frame(std::uint32_t max);
    /// Writes all of `bytes`; false when the peer is gone (EPIPE, ECONNRESET).
    bool write_all(std::string_view bytes);
    /// Writes one frame (length prefix + payload).
    bool write_frame(std::string_view payload);
    void close() noexcept;
    /// Before blocking in read_frame(), poll without blocking for up to this long: a reply (or the
    /// next request of a busy client) usually arrives within microseconds, while a blocking
    /// read costs two scheduler wake-ups (10-20 us each on a loaded machine).
    void set_spin(std::chrono::nanoseconds spin) noexcept { m_spin = spin; }

    /// Client, after the handshake on a Unix socket: answers the server's offer with a memfd for
    /// the fast path (`use` false, or when that fails: declines, the socket alone is used).
    void accept_fast_path(bool use = true);
    /// Server, after the handshake on a Unix socket: offers the fast path and maps what comes back.
    void offer_fast_path();
    bool fast() const noexcept { return m_slots != nullptr; }

    /// Client: sends a request frame (length prefix included) and returns the reply payload, valid
    /// until the next call; nullopt when the server is gone.
    std::optional<std::string_view> call(std::string_view frame);
    /// Server: the next request payload (valid until the next one); nullopt when the client is gone.
    std::optional<std::string_view> next_request();
    /// Server: sends a reply frame (length prefix included); false when the client is gone.
    bool send_reply(std::string_view frame);
    /// The peer hung up (or the socket broke).
    bool peer_gone() const noexcept;

private:
    /// Waits until `seq` differs from `last` (spin, then futex with hang-up checks); false when the
    /// peer is gone.
    bool await(std::atomic<std::uint32_t>& seq, std::uint32_t last, std::atomic<std::uint32_t>& sleeping);
    SharedSlots* m_slots = nullptr;
    std::uint32_t m_seq = 0;
    std::chrono::nanoseconds m_spin{0};
    int m_fd = -1;
    std::string m_in;
    std::size_t m_start = 0; ///< first unconsumed byte of m_in
    std::size_t m_end = 0;   ///< bytes of m_in that hold data
};

/// Binds and listens at `address` (filling in a generated path or the chosen port); the socket file
/// gets mode 0600. `made_dir` receives the private directory created for a generated path.
/// ManagerError when the address cannot be used.
int listen_on(Address& address, std::string& made_dir);
/// Connects (blocking). ManagerError naming the address when nothing listens there.
Channel connect_to(const Address& address);

/// The challenge–response, server side first (deliver then answer), client side the reverse.
/// AuthenticationError when the peer does not hold `authkey`; ManagerError when the connection
/// breaks. `where` names the address for the messages.
void server_handshake(Channel& c, std::string_view authkey);
void client_handshake(Channel& c, std::string_view authkey, std::string_view where);

} // namespace proclab::detail::manager

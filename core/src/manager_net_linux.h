#pragma once
// Private: sockets and framing of the Manager (client and server sides).

#include "manager_protocol.h"

#include <proclab/manager.h>

#include <optional>
#include <string>
#include <string_view>

namespace proclab::detail::manager {

/// One end of a manager connection: a socket and its read buffer. Move-only; closes the socket.
class Channel {
public:
    Channel() = default;
    explicit Channel(int fd) noexcept : m_fd(fd) {}
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

private:
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

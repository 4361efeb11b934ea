#pragma once
// Pipe and Connection: a two-ended message channel between related processes, as Python's
// multiprocessing.Pipe() / Connection.
//
//   auto [a, b] = proclab::Pipe<int>();        // duplex: both ends send and receive
//   a.send(42);  int v = b.recv();
//   auto [r, w] = proclab::Pipe<std::string>(false);  // one-way: r receives, w sends (as Python)
//
// Messages are framed (4-byte length + payload), so every recv() returns exactly one send().
// The ends are file descriptors (socketpair(AF_UNIX, SOCK_STREAM) for duplex, pipe2 for one-way),
// opened close-on-exec: a Fork child inherits them (use the Connection objects in the child),
// exec'd programs do not. A Connection is move-only and closes its descriptor when destroyed.
// Pass Connections to Fork children only; under Spawn/ForkServer use a Queue (opened by name).
//
// Errors:
//   EOFError       recv*() once the peer closed its end (or died) and every message was read;
//                  send*() once the peer closed its end (or died): nothing can reach it. The
//                  process never gets SIGPIPE from a Connection.
//   ValueError     an operation on a closed Connection, send on a read-only end, recv on a
//                  write-only end, a message over max_message_size (the message names the size).
//   BufferTooShort recv_bytes_into() with a buffer smaller than the message; the message is
//                  consumed and carried by the exception (Python's BufferTooShort).
//   BrokenResource the byte stream is corrupt (a frame header over the maximum: someone wrote
//                  to the descriptor without the framing), or an unexpected OS error.
// Thread safety: as Python's, a Connection end is used by one thread at a time, and each end
// by one process at a time (two processes writing the same inherited end may interleave frames).

#include <proclab/errors.h>
#include <proclab/serialize.h>

#include <bit>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace proclab {

/// recv_bytes_into() got a message longer than the buffer. The message was consumed; it is here.
class BufferTooShort : public ValueError {
public:
    BufferTooShort(const std::string& what, std::string message)
        : ValueError(what)
        , m_message(std::move(message))
    {
    }
    /// The whole message that did not fit.
    const std::string& message() const noexcept { return m_message; }

private:
    std::string m_message;
};

namespace detail {

/// The untyped end of a Pipe: framing, buffering and errors. Connection<T> adds send/recv of T.
class ConnectionBase {
public:
    /// The largest message: 1 GiB. Bigger ones are refused by send with ValueError.
    static constexpr std::size_t max_message_size = std::size_t(1) << 30;

    ConnectionBase() noexcept = default; ///< a closed end
    /// Adopts `fd` (closed by this object). `kind` names it in error messages ("duplex", …).
    ConnectionBase(int fd, bool readable, bool writable, const char* kind) noexcept;
    ConnectionBase(ConnectionBase&& other) noexcept;
    ConnectionBase& operator=(ConnectionBase&& other) noexcept;
    ConnectionBase(const ConnectionBase&) = delete;
    ConnectionBase& operator=(const ConnectionBase&) = delete;
    ~ConnectionBase();

    /// Sends one message (blocks while the channel is full). Throws as described above.
    void send_bytes(std::span<const std::byte> data);
    void send_bytes(std::string_view data);
    /// Receives one message, blocking until one arrives; EOFError once the peer closed.
    std::string recv_bytes();
    /// Receives one message into `buffer`; returns its size. A message longer than the buffer
    /// throws BufferTooShort (naming both sizes) and is consumed: the exception carries it.
    std::size_t recv_bytes_into(std::span<std::byte> buffer);

    /// True when recv() will not block: a whole message has arrived, or the end of the stream
    /// (recv() then throws EOFError at once), or at least 4 KiB of a longer message (recv() then
    /// reads the rest as the sender writes it). Waits up to `timeout` (0: just checks).
    /// poll() only looks: it never takes a byte out of the channel (MSG_PEEK and FIONREAD on a
    /// duplex end, tee(2) into a private pipe and FIONREAD on a one-way end), so a process that
    /// polls an end it shares with others (a Fork child), or polls and then hands the end to a
    /// task, leaves every message to whoever receives it, as Python's poll() does.
    bool poll(std::chrono::nanoseconds timeout = std::chrono::nanoseconds::zero());
    /// Waits without limit until recv() would not block; always true.
    bool poll(std::nullopt_t);

    /// Closes this end (idempotent). The peer's recv gets EOFError after the pending messages.
    void close() noexcept;
    bool closed() const noexcept { return m_fd < 0; }
    bool readable() const noexcept { return m_readable; }
    bool writable() const noexcept { return m_writable; }
    /// The file descriptor; ValueError when closed.
    int fileno() const;
    /// Internal: the pipe's entry in the session registry (monitor.h).
    void set_monitor_id(std::uint32_t id) noexcept { m_monitor_id = id; }

    /// Serialization as a task argument (Spawn, ForkServer): the descriptor travels beside the
    /// bytes (see FdExport), with what recv() read ahead and did not consume yet; elsewhere
    /// ValueError — a Connection is not data.
    template <class Archive>
    void save(Archive& ar) const
    {
        ar(export_descriptor(), m_readable, m_writable, std::string(m_kind), m_monitor_id, read_ahead());
    }
    template <class Archive>
    void load(Archive& ar)
    {
        std::uint32_t index = 0, monitor_id = 0;
        bool readable = false, writable = false;
        std::string kind, ahead;
        ar(index, readable, writable, kind, monitor_id, ahead);
        import_descriptor(index, readable, writable, kind, monitor_id);
        set_read_ahead(ahead);
    }

protected:
    /// One message of exactly `size` bytes into `out` (typed recv of a trivially copyable T);
    /// ValueError naming both sizes when the message has another size (it is consumed).
    void recv_exact(void* out, std::size_t size);

private:
    std::uint32_t export_descriptor() const;
    void import_descriptor(std::uint32_t index, bool readable, bool writable, const std::string& kind,
                           std::uint32_t monitor_id);
    std::string describe() const;
    std::string read_ahead() const;                ///< bytes received and not consumed yet
    void set_read_ahead(const std::string& bytes); ///< the read buffer holds `bytes`
    bool message_buffered() const noexcept;        ///< a whole message waits in the read buffer
    void check_open(const char* op) const;
    void check_readable(const char* op) const;
    void check_writable(const char* op) const;
    std::uint32_t read_header(const char* op);
    void read_payload(char* out, std::size_t size, const char* op);
    std::size_t fill(const char* op, std::size_t want);
    bool ready_now();
    std::ptrdiff_t peek(char* to, std::size_t size) noexcept;
    std::ptrdiff_t read_nowait(char* to, std::size_t size) const noexcept;
    [[noreturn]] void throw_os(const char* op, int err) const;

    int m_fd = -1;
    bool m_readable = false;
    bool m_writable = false;
    bool m_socket = false;
    const char* m_kind = "closed";
    // Read buffer: bytes [m_begin, m_end) of m_buf are received and not yet consumed.
    std::unique_ptr<char[]> m_buf;
    std::size_t m_begin = 0;
    std::size_t m_end = 0;
    std::size_t m_last_length = 0; // the last message's payload: the next one is read as if alike
    std::uint32_t m_monitor_id = 0;
    // One-way ends: the private pipe poll() tees the front of the stream into (made on first
    // need, by the process that uses it: a Fork child makes its own).
    int m_peek_fds[2] = {-1, -1};
    int m_peek_owner = 0;
};

/// While alive (Process::start, around the encoding of a task's arguments), each Connection being
/// serialized hands it a duplicate of its descriptor; fds() lists them in order. Closes them.
class FdExport {
public:
    FdExport();
    ~FdExport();
    FdExport(const FdExport&) = delete;
    FdExport& operator=(const FdExport&) = delete;
    const std::vector<int>& fds() const noexcept { return m_fds; }
    /// The active export of this thread, or null.
    static FdExport* current() noexcept;
    std::uint32_t add(int fd);

private:
    std::vector<int> m_fds;
    FdExport* m_outer;
};

/// While alive (a child decoding its task's arguments), Connections being deserialized take the
/// descriptors of `fds` by index.
class FdImport {
public:
    explicit FdImport(const std::vector<int>& fds);
    ~FdImport();
    FdImport(const FdImport&) = delete;
    FdImport& operator=(const FdImport&) = delete;
    static FdImport* current() noexcept;
    int take(std::uint32_t index);

private:
    std::vector<int> m_fds;
    FdImport* m_outer;
};

std::pair<int, int> make_pipe_fds(bool duplex);
/// Registers a new pipe in the session registry (0 when no session is attached).
std::uint32_t register_pipe(bool duplex, int fd_a, int fd_b) noexcept;

} // namespace detail

/// One end of a Pipe, carrying messages of type T:
///   std::string  raw bytes (send(s) is send_bytes(s); recv() is recv_bytes())
///   trivially copyable T  its bytes (memcpy); recv() checks the size
///   anything else  cereal (to_bytes / from_bytes); T must be default-constructible
/// send_bytes / recv_bytes / recv_bytes_into work on every Connection, whatever T.
template <class T = std::string>
class Connection : public detail::ConnectionBase {
public:
    using value_type = T;
    using detail::ConnectionBase::ConnectionBase;

    /// Sends one value; blocks while the channel is full. EOFError when the peer closed.
    void send(const T& value)
    {
        if constexpr (std::is_same_v<T, std::string>) {
            send_bytes(std::string_view(value));
        } else if constexpr (std::is_trivially_copyable_v<T>) {
            send_bytes(std::as_bytes(std::span<const T, 1>(&value, 1)));
        } else {
            send_bytes(to_bytes(value));
        }
    }

    /// Receives one value, blocking until it arrives. EOFError once the peer closed.
    T recv()
    {
        if constexpr (std::is_same_v<T, std::string>) {
            return recv_bytes();
        } else if constexpr (std::is_trivially_copyable_v<T> && std::is_default_constructible_v<T>) {
            T value;
            recv_exact(&value, sizeof(T));
            return value;
        } else if constexpr (std::is_trivially_copyable_v<T>) {
            struct Raw {
                alignas(T) std::byte b[sizeof(T)];
            } raw;
            recv_exact(raw.b, sizeof(T));
            return std::bit_cast<T>(raw);
        } else {
            const std::string bytes = recv_bytes();
            T value{};
            from_bytes(bytes, value);
            return value;
        }
    }
};

/// The first one-way Pipe() of a process sets SIGPIPE from its default action to SIG_IGN, as
/// Python does at startup (a signal handler of the program's own is left alone).
/// ignore_sigpipe(true) sets SIGPIPE to SIG_IGN process-wide, as Python does at startup. Sends
/// through a one-way Pipe then skip the per-call signal masking that otherwise keeps SIGPIPE from
/// killing the process (two system calls per send; they matter for small messages): a send to a
/// closed peer is an EOFError either way. Programs started by Process::command get the default
/// action back. ignore_sigpipe(false) restores SIG_DFL (and the masking); do not restore the
/// default action by other means while Pipes are in use, nor while another thread is sending.
void ignore_sigpipe(bool ignore = true);

/// A pair of connected ends (Python's multiprocessing.Pipe). duplex: both ends send and receive
/// (a socketpair); otherwise first = the read end, second = the write end (a pipe).
/// Throws Error when the system is out of descriptors.
template <class T = std::string>
std::pair<Connection<T>, Connection<T>> Pipe(bool duplex = true)
{
    const auto [a, b] = detail::make_pipe_fds(duplex);
    std::pair<Connection<T>, Connection<T>> ends =
        duplex ? std::pair<Connection<T>, Connection<T>>{Connection<T>(a, true, true, "duplex"),
                                                         Connection<T>(b, true, true, "duplex")}
               : std::pair<Connection<T>, Connection<T>>{Connection<T>(a, true, false, "read end"),
                                                         Connection<T>(b, false, true, "write end")};
    if (const std::uint32_t id = detail::register_pipe(duplex, a, b)) {
        ends.first.set_monitor_id(id);
        ends.second.set_monitor_id(id);
    }
    return ends;
}

} // namespace proclab

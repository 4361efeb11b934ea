// Connection (the ends of a Pipe) on Linux: framing over a socketpair or a pipe, buffered reads.
//
// Frame: a native-endian u32 payload length, then the payload. A small message goes out in one
// write() of header+payload; a larger one in one writev()/sendmsg() (looping on partial writes).
// Reads go through a buffer, so a stream of small messages costs about one read() per buffer
// fill; a large payload is read straight into its destination. poll() is in connection_poll.cpp.

#include "channels/connection_frame.h"
#include "session/registry_layout.h"
#include <proclab/detail/monitor.h>
#include <proclab/pipe.h>

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <mutex>

namespace proclab::detail {

namespace {

constexpr std::size_t kDirectRead = std::size_t(8) * 1024; // payload rests at least this big skip the buffer
constexpr std::size_t kSmall = 512;                        // payloads copied next to their header: one write()

std::string size_text(std::size_t n)
{
    return std::to_string(n) + (n == 1 ? " byte" : " bytes");
}

/// Blocks SIGPIPE in this thread while alive (a pipe write to a closed reader then fails with
/// EPIPE instead of killing the process); a SIGPIPE raised meanwhile is consumed.
class SigpipeBlock {
public:
    SigpipeBlock() noexcept
    {
        sigemptyset(&m_set);
        sigaddset(&m_set, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &m_set, &m_old);
        m_was_blocked = sigismember(&m_old, SIGPIPE) == 1;
    }
    ~SigpipeBlock()
    {
        if (m_was_blocked)
            return; // the caller blocks SIGPIPE itself: leave its mask (and pending set) alone
        if (m_epipe) {
            timespec zero{0, 0};
            while (sigtimedwait(&m_set, nullptr, &zero) == SIGPIPE) {}
        }
        pthread_sigmask(SIG_SETMASK, &m_old, nullptr);
    }
    SigpipeBlock(const SigpipeBlock&) = delete;
    SigpipeBlock& operator=(const SigpipeBlock&) = delete;
    void saw_epipe() noexcept { m_epipe = true; }

private:
    sigset_t m_set;
    sigset_t m_old;
    bool m_was_blocked = false;
    bool m_epipe = false;
};

/// Set by ignore_sigpipe(true): SIGPIPE is ignored process-wide, pipe writes need no masking.
std::atomic<bool> g_sigpipe_ignored{false};
std::once_flag g_sigpipe_default;

// The first one-way Pipe of a process does what Python does at startup: SIGPIPE at its default
// action (death) becomes ignored, so sends need no per-call masking. A handler of the program's
// own is left alone (sends then mask it per call).
void adopt_python_sigpipe() noexcept
{
    std::call_once(g_sigpipe_default, [] {
        struct sigaction sa {};
        if (::sigaction(SIGPIPE, nullptr, &sa) != 0)
            return;
        if (sa.sa_handler == SIG_DFL && !(sa.sa_flags & SA_SIGINFO)) {
            struct sigaction ign {};
            ign.sa_handler = SIG_IGN;
            sigemptyset(&ign.sa_mask);
            if (::sigaction(SIGPIPE, &ign, nullptr) != 0)
                return;
            g_sigpipe_ignored.store(true);
        } else if (sa.sa_handler == SIG_IGN) {
            g_sigpipe_ignored.store(true);
        }
    });
}

} // namespace

namespace {
thread_local FdExport* t_export = nullptr;
thread_local FdImport* t_import = nullptr;

const char* kind_literal(const std::string& kind) noexcept
{
    // m_kind points at a literal: map the received name back to one.
    for (const char* k : {"duplex", "read end", "write end"})
        if (kind == k)
            return k;
    return "received";
}
} // namespace

FdExport::FdExport()
    : m_outer(t_export)
{
    t_export = this;
}

FdExport::~FdExport()
{
    t_export = m_outer;
    for (const int fd : m_fds)
        ::close(fd);
}

FdExport* FdExport::current() noexcept
{
    return t_export;
}

std::uint32_t FdExport::add(int fd)
{
    const int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
    if (copy < 0)
        throw Error(std::string("cannot pass a Pipe end to a task: dup failed: ") + std::strerror(errno));
    m_fds.push_back(copy);
    return static_cast<std::uint32_t>(m_fds.size() - 1);
}

// NOLINTNEXTLINE(modernize-pass-by-value): the public header's signature; a copy either way
FdImport::FdImport(const std::vector<int>& fds)
    : m_fds(fds)
    , m_outer(t_import)
{
    t_import = this;
}

FdImport::~FdImport()
{
    t_import = m_outer;
    for (const int fd : m_fds)
        if (fd >= 0)
            ::close(fd); // passed but not taken by any argument
}

FdImport* FdImport::current() noexcept
{
    return t_import;
}

int FdImport::take(std::uint32_t index)
{
    if (index >= m_fds.size() || m_fds[index] < 0)
        throw BrokenResource("a Pipe end among the task's arguments did not arrive (descriptor " +
                             std::to_string(index) + " of " + std::to_string(m_fds.size()) + ")");
    return std::exchange(m_fds[index], -1);
}

std::uint32_t ConnectionBase::export_descriptor() const
{
    FdExport* out = FdExport::current();
    if (!out)
        throw ValueError(describe() + " cannot be serialized: a Connection can be passed as an argument of a Process "
                                      "(any start method), not put into a Queue, a Pipe or a Pool task");
    check_open("pass to a task");
    return out->add(m_fd);
}

void ConnectionBase::import_descriptor(std::uint32_t index, bool readable, bool writable, const std::string& kind,
                                       std::uint32_t monitor_id)
{
    FdImport* in = FdImport::current();
    if (!in)
        throw ValueError("a Connection can only be received as an argument of a task (no descriptor came with it)");
    ConnectionBase end(in->take(index), readable, writable, kind_literal(kind));
    end.m_monitor_id = monitor_id;
    *this = std::move(end);
}

std::uint32_t register_pipe(bool duplex, int fd_a, int fd_b) noexcept
{
    if (!monitor::attached())
        return 0;
    const std::string name =
        "pipe-" + std::to_string(::getpid()) + "-" + std::to_string(fd_a) + "-" + std::to_string(fd_b);
    return monitor::register_object(ObjectKind::Pipe, name, duplex ? "Pipe (duplex)" : "Pipe (one-way)");
}

std::pair<int, int> make_pipe_fds(bool duplex)
{
    int fds[2];
    if (duplex) {
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
            throw Error(std::string("Pipe(duplex=true): socketpair: ") + std::strerror(errno));
    } else {
        adopt_python_sigpipe();
        if (::pipe2(fds, O_CLOEXEC) != 0)
            throw Error(std::string("Pipe(duplex=false): pipe2: ") + std::strerror(errno));
    }
    return {fds[0], fds[1]};
}

ConnectionBase::ConnectionBase(int fd, bool readable, bool writable, const char* kind) noexcept
    : m_fd(fd)
    , m_readable(readable)
    , m_writable(writable)
    , m_kind(kind)
{
    struct stat st {};
    m_socket = ::fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode);
}

ConnectionBase::ConnectionBase(ConnectionBase&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1))
    , m_readable(std::exchange(other.m_readable, false))
    , m_writable(std::exchange(other.m_writable, false))
    , m_socket(std::exchange(other.m_socket, false))
    , m_kind(other.m_kind)
    , m_buf(std::move(other.m_buf))
    , m_begin(std::exchange(other.m_begin, 0))
    , m_end(std::exchange(other.m_end, 0))
    , m_monitor_id(std::exchange(other.m_monitor_id, 0))
    , m_peek_fds{std::exchange(other.m_peek_fds[0], -1), std::exchange(other.m_peek_fds[1], -1)}
    , m_peek_owner(std::exchange(other.m_peek_owner, 0))
{
}

ConnectionBase& ConnectionBase::operator=(ConnectionBase&& other) noexcept
{
    if (this != &other) {
        close();
        m_fd = std::exchange(other.m_fd, -1);
        m_readable = std::exchange(other.m_readable, false);
        m_writable = std::exchange(other.m_writable, false);
        m_socket = std::exchange(other.m_socket, false);
        m_kind = other.m_kind;
        m_buf = std::move(other.m_buf);
        m_begin = std::exchange(other.m_begin, 0);
        m_end = std::exchange(other.m_end, 0);
        m_monitor_id = std::exchange(other.m_monitor_id, 0);
        m_peek_fds[0] = std::exchange(other.m_peek_fds[0], -1);
        m_peek_fds[1] = std::exchange(other.m_peek_fds[1], -1);
        m_peek_owner = std::exchange(other.m_peek_owner, 0);
    }
    return *this;
}

ConnectionBase::~ConnectionBase()
{
    close();
}

void ConnectionBase::close() noexcept
{
    if (m_fd >= 0) {
        ::close(m_fd); // Linux releases the descriptor even when close() reports EINTR
        m_fd = -1;
    }
    for (int& fd : m_peek_fds)
        if (fd >= 0)
            ::close(std::exchange(fd, -1));
    m_peek_owner = 0;
    m_buf.reset();
    m_begin = m_end = 0;
}

std::string ConnectionBase::read_ahead() const
{
    return m_buf ? std::string(m_buf.get() + m_begin, m_end - m_begin) : std::string();
}

void ConnectionBase::set_read_ahead(const std::string& bytes)
{
    if (bytes.empty())
        return;
    if (bytes.size() > kBufSize)
        throw BrokenResource(describe() + ": a Pipe end arrived with " + size_text(bytes.size()) +
                             " read ahead, over the read buffer's " + size_text(kBufSize));
    m_buf = std::make_unique<char[]>(kBufSize);
    std::memcpy(m_buf.get(), bytes.data(), bytes.size());
    m_begin = 0;
    m_end = bytes.size();
}

int ConnectionBase::fileno() const
{
    check_open("fileno()");
    return m_fd;
}

std::string ConnectionBase::describe() const
{
    if (m_fd < 0)
        return std::string("Connection (") + m_kind + ", closed)";
    return "Connection (fd " + std::to_string(m_fd) + ", " + m_kind + ")";
}

void ConnectionBase::check_open(const char* op) const
{
    if (m_fd < 0)
        throw ValueError(describe() + ": " + op + ": the connection is closed");
}

void ConnectionBase::check_readable(const char* op) const
{
    check_open(op);
    if (!m_readable)
        throw ValueError(describe() + ": " + op + ": the connection is write-only (the write end of a one-way Pipe)");
}

void ConnectionBase::check_writable(const char* op) const
{
    check_open(op);
    if (!m_writable)
        throw ValueError(describe() + ": " + op + ": the connection is read-only (the read end of a one-way Pipe)");
}

void ConnectionBase::throw_os(const char* op, int err) const
{
    if (err == EPIPE || err == ECONNRESET)
        throw EOFError(describe() + ": " + op + ": the peer closed its end of the pipe");
    throw BrokenResource(describe() + ": " + op + ": " + std::strerror(err));
}

// -- sending ------------------------------------------------------------------------------------

void ConnectionBase::send_bytes(std::string_view data)
{
    send_bytes(std::as_bytes(std::span<const char>(data.data(), data.size())));
}

void ConnectionBase::send_bytes(std::span<const std::byte> data)
{
    check_writable("send");
    monitor::gate(SchedOp::Send, m_monitor_id);
    if (data.size() > max_message_size)
        throw ValueError(describe() + ": send: a message of " + size_text(data.size()) + " is over the maximum of " +
                         size_text(max_message_size) + " (1 GiB)");
    const std::uint32_t length = std::uint32_t(data.size());
    if (m_monitor_id) {
        monitor::add_counter(m_monitor_id, registry::kPuts, 1);
        monitor::add_counter(m_monitor_id, registry::kBytes, static_cast<std::int64_t>(data.size()));
        if (monitor::sample())
            monitor::record_sampled(m_monitor_id, EventKind::Put, 0);
    }

    char small[kHeader + kSmall];
    iovec iov[2];
    int count = 0;
    if (data.size() <= kSmall) {
        std::memcpy(small, &length, kHeader);
        if (!data.empty())
            std::memcpy(small + kHeader, data.data(), data.size());
        iov[0] = {small, kHeader + data.size()};
        count = 1;
    } else {
        std::memcpy(small, &length, kHeader);
        iov[0] = {small, kHeader};
        iov[1] = {const_cast<std::byte*>(data.data()), data.size()};
        count = 2;
    }

    std::optional<SigpipeBlock> block; // pipes only: sockets use MSG_NOSIGNAL
    if (!m_socket && !g_sigpipe_ignored.load(std::memory_order_relaxed))
        block.emplace();
    iovec* next = iov;
    while (count > 0) {
        ssize_t n;
        if (m_socket) {
            if (count == 1) {
                n = ::send(m_fd, next->iov_base, next->iov_len, MSG_NOSIGNAL);
            } else {
                msghdr msg{};
                msg.msg_iov = next;
                msg.msg_iovlen = std::size_t(count);
                n = ::sendmsg(m_fd, &msg, MSG_NOSIGNAL);
            }
        } else {
            n = count == 1 ? ::write(m_fd, next->iov_base, next->iov_len) : ::writev(m_fd, next, count);
        }
        if (n < 0) {
            const int err = errno;
            if (err == EINTR)
                continue;
            if (err == EAGAIN) { // a descriptor made non-blocking by someone else: wait for room
                pollfd p{m_fd, POLLOUT, 0};
                ::poll(&p, 1, -1);
                continue;
            }
            if (err == EPIPE && block)
                block->saw_epipe();
            block.reset();
            throw_os("send", err);
        }
        std::size_t done = std::size_t(n);
        while (count > 0 && done >= next->iov_len) {
            done -= next->iov_len;
            ++next;
            --count;
        }
        if (count > 0) {
            next->iov_base = static_cast<char*>(next->iov_base) + done;
            next->iov_len -= done;
        }
    }
}

// -- receiving ----------------------------------------------------------------------------------

/// Reads up to `want` bytes into the buffer (at least one byte unless the stream ended); returns
/// the number of bytes read, 0 at the end of the stream. Callers ask for what the current message
/// needs, not for all that is there: a reader that drains the pipe makes the writer's every
/// write find it empty and wake the reader (8 B messages: 1 us instead of 320 ns, as a raw pipe).
std::size_t ConnectionBase::fill(const char* op, std::size_t want)
{
    if (!m_buf)
        m_buf = std::make_unique<char[]>(kBufSize);
    if (m_begin == m_end) {
        m_begin = m_end = 0;
    } else if (m_begin > 0) {
        std::memmove(m_buf.get(), m_buf.get() + m_begin, m_end - m_begin);
        m_end -= m_begin;
        m_begin = 0;
    }
    const std::size_t size = std::clamp<std::size_t>(want, 1, kBufSize - m_end);
    if (m_monitor_id && monitor::attached()) {
        // Shown blocked in recv while nothing has arrived: a read that does not wait first (no
        // extra system call when data is there), then the wait, shown.
        for (;;) {
            const ssize_t n = read_nowait(m_buf.get() + m_end, size);
            if (n >= 0) {
                m_end += std::size_t(n);
                return std::size_t(n);
            }
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                pollfd p{m_fd, POLLIN, 0};
                monitor::Blocked shown(m_monitor_id, WaitOp::Recv);
                ::poll(&p, 1, -1);
            }
            break; // data now (or another error, or no RWF_NOWAIT here): the plain read below
        }
    }
    for (;;) {
        const ssize_t n = ::read(m_fd, m_buf.get() + m_end, size);
        if (n >= 0) {
            m_end += std::size_t(n);
            return std::size_t(n);
        }
        const int err = errno;
        if (err == EINTR)
            continue;
        if (err == ECONNRESET)
            return 0; // the peer died with unread data of ours: the end of the stream
        if (err == EAGAIN) {
            pollfd p{m_fd, POLLIN, 0};
            ::poll(&p, 1, -1);
            continue;
        }
        throw_os(op, err);
    }
}

std::uint32_t ConnectionBase::read_header(const char* op)
{
    monitor::gate(SchedOp::Recv, m_monitor_id);
    while (m_end - m_begin < kHeader) {
        const std::size_t had = m_end - m_begin;
        // This header and, as a guess, a payload as long as the last one: one read a message.
        if (fill(op, kHeader - had + m_last_length) == 0) {
            if (had == 0)
                throw EOFError(describe() + ": " + op + ": the peer closed its end of the pipe (no more messages)");
            throw EOFError(describe() + ": " + op + ": the peer closed its end in the middle of a message header");
        }
    }
    std::uint32_t length;
    std::memcpy(&length, m_buf.get() + m_begin, kHeader);
    m_begin += kHeader;
    m_last_length = std::min<std::size_t>(length, kBufSize / 2);
    if (m_monitor_id) {
        monitor::add_counter(m_monitor_id, registry::kGets, 1);
        if (monitor::sample())
            monitor::record_sampled(m_monitor_id, EventKind::Get, 0);
    }
    if (length > max_message_size)
        throw BrokenResource(describe() + ": " + op + ": corrupt stream: a message header announces " +
                             size_text(length) + ", over the maximum of " + size_text(max_message_size) +
                             " (was something else written to this descriptor?)");
    return length;
}

void ConnectionBase::read_payload(char* out, std::size_t size, const char* op)
{
    const std::size_t total = size;
    for (;;) {
        const std::size_t take = std::min(size, m_end - m_begin);
        if (take > 0) {
            std::memcpy(out, m_buf.get() + m_begin, take);
            m_begin += take;
            out += take;
            size -= take;
        }
        if (size == 0)
            return;
        if (size >= kDirectRead) {
            // A large rest: straight into the destination, without going through the buffer.
            const ssize_t n = ::read(m_fd, out, size);
            if (n > 0) {
                out += n;
                size -= std::size_t(n);
                if (size == 0)
                    return;
                continue;
            }
            if (n < 0) {
                const int err = errno;
                if (err == EINTR)
                    continue;
                if (err == EAGAIN) {
                    pollfd p{m_fd, POLLIN, 0};
                    ::poll(&p, 1, -1);
                    continue;
                }
                if (err != ECONNRESET)
                    throw_os(op, err);
            }
        } else if (fill(op, size) > 0) {
            continue;
        }
        throw EOFError(describe() + ": " + op + ": the peer closed its end in the middle of a message (" +
                       std::to_string(total - size) + " of " + size_text(total) + " received)");
    }
}

std::string ConnectionBase::recv_bytes()
{
    check_readable("recv");
    const std::uint32_t length = read_header("recv");
    std::string out;
    out.resize(length);
    read_payload(out.data(), length, "recv");
    return out;
}

std::size_t ConnectionBase::recv_bytes_into(std::span<std::byte> buffer)
{
    check_readable("recv_bytes_into");
    const std::uint32_t length = read_header("recv_bytes_into");
    if (length > buffer.size()) {
        std::string message(length, '\0');
        read_payload(message.data(), length, "recv_bytes_into");
        throw BufferTooShort(describe() + ": recv_bytes_into: a message of " + size_text(length) +
                                 " does not fit in a buffer of " + size_text(buffer.size()) +
                                 " (the message was consumed; BufferTooShort::message() holds it)",
                             std::move(message));
    }
    read_payload(reinterpret_cast<char*>(buffer.data()), length, "recv_bytes_into");
    return length;
}

void ConnectionBase::recv_exact(void* out, std::size_t size)
{
    check_readable("recv");
    const std::uint32_t length = read_header("recv");
    if (length != size) {
        std::string discard(length, '\0');
        read_payload(discard.data(), length, "recv");
        throw ValueError(describe() + ": recv: a message of " + size_text(length) + " cannot be a value of " +
                         size_text(size) + " (was it sent as another type? the message was consumed)");
    }
    read_payload(static_cast<char*>(out), size, "recv");
}

} // namespace proclab::detail

namespace proclab {

void ignore_sigpipe(bool ignore)
{
    struct sigaction sa {};
    sa.sa_handler = ignore ? SIG_IGN : SIG_DFL;
    sigemptyset(&sa.sa_mask);
    if (!ignore) // masking resumes before the default action returns
        detail::g_sigpipe_ignored.store(false);
    if (::sigaction(SIGPIPE, &sa, nullptr) != 0)
        throw Error(std::string("ignore_sigpipe: sigaction: ") + std::strerror(errno));
    if (ignore)
        detail::g_sigpipe_ignored.store(true);
}

} // namespace proclab

// Connection::poll(): whether recv() would block, found without taking a byte out of the channel
// (MSG_PEEK on a socket, tee(2) into a private pipe on a pipe; FIONREAD for what is queued), so
// that an end shared with a Fork child, or handed to a task after a poll, loses no message.

#include "channels/connection_frame.h"
#include <proclab/pipe.h>

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <thread>
#include <utility>

namespace proclab::detail {

namespace {
constexpr std::size_t kPollEnough = 4096;                 // this much of a long message is enough
constexpr auto kFirstNap = std::chrono::microseconds(20); // waiting for the rest of a message
constexpr auto kLastNap = std::chrono::microseconds(1000);
} // namespace

bool ConnectionBase::message_buffered() const noexcept
{
    const std::size_t have = m_end - m_begin;
    if (have < kHeader)
        return false;
    std::uint32_t length;
    std::memcpy(&length, m_buf.get() + m_begin, kHeader);
    return length > max_message_size || have - kHeader >= length; // a corrupt header: recv() reports it
}

/// read(2) that never waits: -1 with EAGAIN when nothing is there (RWF_NOWAIT for a pipe, whose
/// descriptor may be shared, so O_NONBLOCK is not ours to set; MSG_DONTWAIT for a socket).
std::ptrdiff_t ConnectionBase::read_nowait(char* to, std::size_t size) const noexcept
{
    if (m_socket)
        return ::recv(m_fd, to, size, MSG_DONTWAIT);
    iovec iov{to, size};
    return ::preadv2(m_fd, &iov, 1, -1, RWF_NOWAIT);
}

// Copies up to `size` bytes from the front of the stream without taking them out: MSG_PEEK on a
// socket; on a pipe, tee(2) into a private pipe and a read of that copy. -1 (errno) when nothing
// is there or on error.
std::ptrdiff_t ConnectionBase::peek(char* to, std::size_t size) noexcept
{
    if (m_socket)
        return ::recv(m_fd, to, size, MSG_PEEK | MSG_DONTWAIT);
    if (m_peek_owner != ::getpid()) {
        for (int& fd : m_peek_fds) // a Fork child's copies of its parent's private pipe
            if (fd >= 0)
                ::close(std::exchange(fd, -1));
        if (::pipe2(m_peek_fds, O_CLOEXEC | O_NONBLOCK) != 0)
            return -1;
        m_peek_owner = ::getpid();
    }
    const ssize_t n = ::tee(m_fd, m_peek_fds[1], size, SPLICE_F_NONBLOCK);
    if (n <= 0)
        return n;
    std::size_t got = 0;
    while (got < std::size_t(n)) { // the copy is ours alone: read all of it back
        const ssize_t r = ::read(m_peek_fds[0], to + got, std::size_t(n) - got);
        if (r <= 0 && errno != EINTR)
            return -1;
        if (r > 0)
            got += std::size_t(r);
    }
    return n;
}

// True when recv() will not block now, judged without taking anything in: a whole message in the
// buffer and the channel together, the end of the stream, an error, or plenty of a long message.
bool ConnectionBase::ready_now()
{
    if (message_buffered())
        return true;
    const std::size_t have = m_buf ? m_end - m_begin : 0;
    int queued = 0;
    if (::ioctl(m_fd, FIONREAD, &queued) != 0)
        return true; // recv() reports the error
    // The writer is gone (recv() of a partial message then fails at once), or, with nothing
    // queued, the descriptor is readable all the same: the end of the stream.
    const auto ended = [this](bool readable_is_end) {
        pollfd p{m_fd, POLLIN, 0};
        const short end = POLLHUP | POLLERR | (readable_is_end ? POLLIN : 0);
        return ::poll(&p, 1, 0) > 0 && (p.revents & end) != 0;
    };
    if (queued == 0)
        return ended(true);
    const std::size_t total = have + std::size_t(queued);
    if (total >= kPollEnough)
        return true; // a long message is coming: recv() reads it as the sender writes it
    if (total < kHeader)
        return ended(false);
    char header[kHeader];
    if (have > 0)
        std::memcpy(header, m_buf.get() + m_begin, std::min(have, kHeader));
    if (have < kHeader) {
        const std::ptrdiff_t got = peek(header + have, kHeader - have);
        if (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
            return true; // cannot look (no descriptor for the private pipe): recv() decides, as Python's
        if (got != std::ptrdiff_t(kHeader - have))
            return ended(false); // taken by another reader meanwhile: look again
    }
    std::uint32_t length;
    std::memcpy(&length, header, kHeader);
    return length > max_message_size || total >= kHeader + length || ended(false);
}

bool ConnectionBase::poll(std::chrono::nanoseconds timeout)
{
    check_readable("poll");
    if (message_buffered())
        return true;
    if (timeout < std::chrono::nanoseconds::zero())
        timeout = std::chrono::nanoseconds::zero();
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    auto nap = kFirstNap;
    for (;;) {
        const auto left =
            std::max(deadline - std::chrono::steady_clock::now(), std::chrono::steady_clock::duration::zero());
        const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
        const timespec ts{time_t(ns / 1'000'000'000), long(ns % 1'000'000'000)};
        pollfd p{m_fd, POLLIN, 0};
        const int r = ::ppoll(&p, 1, &ts, nullptr);
        if (r > 0) {
            if (ready_now())
                return true; // a message, the end of the stream or an error: recv() will not block
            if (left == std::chrono::steady_clock::duration::zero())
                return false;
            // Part of a message: the descriptor stays readable until the rest comes, so poll(2)
            // cannot wait for it. Short naps, doubling up to 1 ms, until it comes or time is up.
            std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(nap, left));
            nap = std::min(nap * 2, kLastNap);
            continue;
        }
        if (r == 0)
            return false;
        if (errno != EINTR)
            throw_os("poll", errno);
    }
}

bool ConnectionBase::poll(std::nullopt_t)
{
    check_readable("poll");
    auto nap = kFirstNap;
    for (;;) {
        if (message_buffered())
            return true;
        pollfd p{m_fd, POLLIN, 0};
        const int r = ::poll(&p, 1, -1);
        if (r > 0) {
            if (ready_now())
                return true;
            std::this_thread::sleep_for(nap); // part of a message: as above
            nap = std::min(nap * 2, kLastNap);
        } else if (r < 0 && errno != EINTR) {
            throw_os("poll", errno);
        }
    }
}

} // namespace proclab::detail

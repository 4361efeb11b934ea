#include "manager/net.h"

#include "sync/futex.h"

#include <proclab/errors.h>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <new>

namespace proclab::detail::manager {

namespace {

std::string os_error(int err)
{
    return std::strerror(err);
}

void set_nodelay(int fd)
{
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

sockaddr_un unix_address(const std::string& path)
{
    sockaddr_un sa{};
    sa.sun_family = AF_UNIX;
    if (path.empty() || path.size() >= sizeof sa.sun_path)
        throw ManagerError("the manager socket path '" + path + "' is empty or longer than " +
                           std::to_string(sizeof sa.sun_path - 1) + " bytes");
    std::memcpy(sa.sun_path, path.c_str(), path.size() + 1);
    return sa;
}

/// Resolves host:port (numeric or a name) to an IPv4/IPv6 address.
addrinfo* resolve(const Address& a)
{
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo* out = nullptr;
    const std::string host = a.host.empty() ? "127.0.0.1" : a.host;
    const std::string port = std::to_string(a.port);
    if (const int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &out); rc != 0)
        throw ManagerError("cannot resolve the manager address " + a.to_string() + ": " + gai_strerror(rc));
    return out;
}

} // namespace

Channel::Channel(Channel&& o) noexcept
    : m_fd(std::exchange(o.m_fd, -1))
    , m_in(std::move(o.m_in))
    , m_start(o.m_start)
    , m_end(o.m_end)
{
    m_spin = o.m_spin;
    m_slots = std::exchange(o.m_slots, nullptr);
    m_seq = o.m_seq;
}

Channel& Channel::operator=(Channel&& o) noexcept
{
    if (this != &o) {
        close();
        m_fd = std::exchange(o.m_fd, -1);
        m_in = std::move(o.m_in);
        m_start = o.m_start;
        m_end = o.m_end;
        m_spin = o.m_spin;
        m_slots = std::exchange(o.m_slots, nullptr);
        m_seq = o.m_seq;
    }
    return *this;
}

Channel::~Channel()
{
    close();
}

void Channel::close() noexcept
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    if (m_slots)
        ::munmap(m_slots, sizeof(SharedSlots));
    m_slots = nullptr;
    m_seq = 0;
    m_start = m_end = 0;
}

std::optional<std::string_view> Channel::read_frame(std::uint32_t max)
{
    // Reads ahead into one buffer: usually a whole reply arrives in one recv().
    auto fill = [this](std::size_t want) -> bool {
        while (m_end - m_start < want) {
            if (m_in.size() < m_start + want) {
                if (m_start > 0) { // compact
                    std::memmove(m_in.data(), m_in.data() + m_start, m_end - m_start);
                    m_end -= m_start;
                    m_start = 0;
                }
                if (m_in.size() < want)
                    m_in.resize(std::max<std::size_t>(want, 4096));
            }
            ssize_t n = -1;
            if (m_spin.count() > 0) {
                const auto until = std::chrono::steady_clock::now() + m_spin;
                for (;;) {
                    n = ::recv(m_fd, m_in.data() + m_end, m_in.size() - m_end, MSG_DONTWAIT);
                    if (n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK) ||
                        std::chrono::steady_clock::now() >= until)
                        break;
                }
            }
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || m_spin.count() == 0))
                n = ::recv(m_fd, m_in.data() + m_end, m_in.size() - m_end, 0);
            if (n > 0) {
                m_end += std::size_t(n);
                continue;
            }
            if (n == 0)
                return false;
            if (errno == EINTR)
                continue;
            if (errno == ECONNRESET || errno == EPIPE)
                return false;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                throw ManagerError("timed out waiting for the peer");
            throw ManagerError("cannot read from a manager connection: " + os_error(errno));
        }
        return true;
    };
    if (m_fd < 0)
        return std::nullopt;
    if (!fill(4))
        return std::nullopt;
    std::uint32_t length = 0;
    std::memcpy(&length, m_in.data() + m_start, 4);
    if (length > max)
        throw ManagerError("a message of " + std::to_string(length) + " bytes exceeds the maximum of " +
                           std::to_string(max) + " bytes");
    if (!fill(4 + std::size_t(length)))
        return std::nullopt;
    const std::string_view payload(m_in.data() + m_start + 4, length);
    m_start += 4 + std::size_t(length);
    if (m_start == m_end)
        m_start = m_end = 0; // payload stays valid: only the indexes move
    return payload;
}

bool Channel::write_all(std::string_view bytes)
{
    while (!bytes.empty()) {
        const ssize_t n = ::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        bytes.remove_prefix(std::size_t(n));
    }
    return true;
}

bool Channel::write_frame(std::string_view payload)
{
    std::string frame;
    const std::uint32_t length = std::uint32_t(payload.size());
    frame.reserve(4 + payload.size());
    frame.append(reinterpret_cast<const char*>(&length), 4);
    frame.append(payload);
    return write_all(frame);
}

namespace {
constexpr std::string_view kFastOffer = "#SHM?#";
}

void Channel::offer_fast_path()
{
    if (!write_frame(kFastOffer))
        return;
    char byte = 0;
    iovec iov{&byte, 1};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))];
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    ssize_t n;
    while ((n = ::recvmsg(m_fd, &msg, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR) {}
    if (n != 1)
        throw ManagerError("the client left during the fast-path offer");
    int memfd = -1;
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
            std::memcpy(&memfd, CMSG_DATA(c), sizeof memfd);
    if (memfd < 0)
        return; // the client declined: socket only
    struct stat st {};
    void* p = MAP_FAILED;
    if (byte == 'U' && ::fstat(memfd, &st) == 0 && std::size_t(st.st_size) >= sizeof(SharedSlots))
        p = ::mmap(nullptr, sizeof(SharedSlots), PROT_READ | PROT_WRITE, MAP_SHARED, memfd, 0);
    ::close(memfd);
    if (p != MAP_FAILED)
        m_slots = static_cast<SharedSlots*>(p);
}

void Channel::accept_fast_path(bool use)
{
    const auto offer = read_frame(kMaxHandshake);
    if (!offer || *offer != kFastOffer)
        throw ManagerError("the manager made no fast-path offer");
    int memfd = use ? ::memfd_create("proclab-manager-link", MFD_CLOEXEC) : -1;
    void* p = MAP_FAILED;
    if (memfd >= 0 && ::ftruncate(memfd, sizeof(SharedSlots)) == 0)
        p = ::mmap(nullptr, sizeof(SharedSlots), PROT_READ | PROT_WRITE, MAP_SHARED, memfd, 0);
    char byte = p != MAP_FAILED ? 'U' : 'N';
    iovec iov{&byte, 1};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    if (p != MAP_FAILED) {
        new (p) SharedSlots();
        msg.msg_control = control;
        msg.msg_controllen = sizeof control;
        cmsghdr* c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int));
        std::memcpy(CMSG_DATA(c), &memfd, sizeof memfd);
    }
    ssize_t n;
    while ((n = ::sendmsg(m_fd, &msg, MSG_NOSIGNAL)) < 0 && errno == EINTR) {}
    if (memfd >= 0)
        ::close(memfd);
    if (n != 1) {
        if (p != MAP_FAILED)
            ::munmap(p, sizeof(SharedSlots));
        throw ManagerError("the connection broke during the fast-path setup");
    }
    if (p != MAP_FAILED)
        m_slots = static_cast<SharedSlots*>(p);
}

bool Channel::peer_gone() const noexcept
{
    pollfd p{m_fd, POLLRDHUP, 0};
    return m_fd < 0 || (::poll(&p, 1, 0) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)));
}

bool Channel::await(std::atomic<std::uint32_t>& seq, std::uint32_t last, std::atomic<std::uint32_t>& sleeping)
{
    if (seq.load(std::memory_order_acquire) != last)
        return true;
    const auto until = std::chrono::steady_clock::now() + m_spin;
    while (std::chrono::steady_clock::now() < until) {
        for (int i = 0; i < 64; ++i) {
            if (seq.load(std::memory_order_acquire) != last)
                return true;
            __builtin_ia32_pause();
        }
        ::sched_yield(); // an oversubscribed machine: let the peer (or anyone) run on this core
    }
    for (;;) {
        sleeping.store(1);
        if (seq.load() != last) {
            sleeping.store(0);
            return true;
        }
        // Hang-ups do not wake a futex: look at the socket every 100 ms.
        detail::futex_wait(seq, last, detail::deadline_after(std::chrono::milliseconds(100)));
        sleeping.store(0);
        if (seq.load(std::memory_order_acquire) != last)
            return true;
        if (peer_gone())
            return false;
    }
}

namespace {
/// Posts the payload of `frame` (after its length prefix) on the fast path: into `slot` when it
/// fits, its length in `length` (else kOnSocket: it follows on the socket); then publishes `seq`
/// in `seq_word` and wakes the peer if it sleeps. Returns true when the payload went into the slot.
bool post_on_slots(std::string_view frame, char* slot, std::uint32_t& length, std::atomic<std::uint32_t>& seq_word,
                   std::uint32_t seq, const std::atomic<std::uint32_t>& peer_sleeping)
{
    const std::string_view payload = frame.substr(4);
    const bool fits = payload.size() <= SharedSlots::kSlot;
    if (fits)
        std::memcpy(slot, payload.data(), payload.size());
    length = fits ? std::uint32_t(payload.size()) : SharedSlots::kOnSocket;
    seq_word.store(seq);
    if (peer_sleeping.load())
        detail::futex_wake(seq_word, 1);
    return fits;
}
} // namespace

std::optional<std::string_view> Channel::call(std::string_view frame)
{
    if (!m_slots) {
        if (!write_all(frame))
            return std::nullopt;
        return read_frame(kMaxMessage);
    }
    // A large message goes through the socket after the doorbell (the peer then blocks reading
    // it), never before: the socket buffer is smaller than the message.
    const std::uint32_t seq = ++m_seq;
    const bool inline_payload =
        post_on_slots(frame, m_slots->req, m_slots->req_len, m_slots->req_seq, seq, m_slots->server_sleeping);
    if (!inline_payload && !write_all(frame))
        return std::nullopt;
    if (!await(m_slots->rep_seq, seq - 1, m_slots->client_sleeping))
        return std::nullopt;
    const std::uint32_t length = m_slots->rep_len;
    if (length == SharedSlots::kOnSocket)
        return read_frame(kMaxMessage);
    if (length > SharedSlots::kSlot)
        throw ManagerError("malformed reply length on the fast path");
    return std::string_view(m_slots->rep, length);
}

std::optional<std::string_view> Channel::next_request()
{
    if (!m_slots)
        return read_frame(kMaxMessage);
    if (!await(m_slots->req_seq, m_seq, m_slots->server_sleeping))
        return std::nullopt;
    m_seq = m_slots->req_seq.load(std::memory_order_acquire);
    const std::uint32_t length = m_slots->req_len;
    if (length == SharedSlots::kOnSocket)
        return read_frame(kMaxMessage);
    if (length > SharedSlots::kSlot)
        throw ManagerError("a fast-path request of " + std::to_string(length) + " bytes exceeds its slot");
    return std::string_view(m_slots->req, length);
}

bool Channel::send_reply(std::string_view frame)
{
    if (!m_slots)
        return write_all(frame);
    return post_on_slots(frame, m_slots->rep, m_slots->rep_len, m_slots->rep_seq, m_seq, m_slots->client_sleeping) ||
           write_all(frame);
}

int listen_on(Address& address, std::string& made_dir)
{
    if (address.family == Address::Family::Unix) {
        if (address.path.empty()) {
            const char* tmp = std::getenv("TMPDIR");
            std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/proclab-manager-XXXXXX";
            if (!::mkdtemp(templ.data()))
                throw ManagerError("cannot create a private directory for the manager socket (" + templ +
                                   "): " + os_error(errno));
            made_dir = templ;
            address.path = templ + "/listener";
        }
        const sockaddr_un sa = unix_address(address.path);
        const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
            throw ManagerError("cannot create a socket: " + os_error(errno));
        if (::bind(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0) {
            const int err = errno;
            ::close(fd);
            throw ManagerError("cannot listen at " + address.to_string() + ": " + os_error(err));
        }
        ::chmod(address.path.c_str(), 0600);
        if (::listen(fd, SOMAXCONN) != 0) {
            const int err = errno;
            ::close(fd);
            ::unlink(address.path.c_str());
            throw ManagerError("cannot listen at " + address.to_string() + ": " + os_error(err));
        }
        return fd;
    }
    if (address.host.empty())
        address.host = "127.0.0.1";
    addrinfo* ai = resolve(address);
    int fd = -1;
    int err = 0;
    for (addrinfo* p = ai; p; p = p->ai_next) {
        fd = ::socket(p->ai_family, p->ai_socktype | SOCK_CLOEXEC, p->ai_protocol);
        if (fd < 0) {
            err = errno;
            continue;
        }
        int one = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (::bind(fd, p->ai_addr, p->ai_addrlen) == 0 && ::listen(fd, SOMAXCONN) == 0)
            break;
        err = errno;
        ::close(fd);
        fd = -1;
    }
    ::freeaddrinfo(ai);
    if (fd < 0)
        throw ManagerError("cannot listen at " + address.to_string() + ": " + os_error(err));
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
    address.port = ss.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port)
                                            : ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
    return fd;
}

Channel connect_to(const Address& address)
{
    if (address.family == Address::Family::Unix) {
        const sockaddr_un sa = unix_address(address.path);
        Channel c(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
        if (c.fd() < 0)
            throw ManagerError("cannot create a socket: " + os_error(errno));
        int rc;
        while ((rc = ::connect(c.fd(), reinterpret_cast<const sockaddr*>(&sa), sizeof sa)) != 0 && errno == EINTR) {}
        if (rc != 0) {
            const int err = errno;
            throw ManagerError("cannot connect to the manager at " + address.to_string() + ": " + os_error(err) +
                               (err == ENOENT || err == ECONNREFUSED ? " (no manager is running there)" : ""));
        }
        return c;
    }
    addrinfo* ai = resolve(address);
    int err = 0;
    for (addrinfo* p = ai; p; p = p->ai_next) {
        Channel c(::socket(p->ai_family, p->ai_socktype | SOCK_CLOEXEC, p->ai_protocol));
        if (c.fd() < 0) {
            err = errno;
            continue;
        }
        int rc;
        while ((rc = ::connect(c.fd(), p->ai_addr, p->ai_addrlen)) != 0 && errno == EINTR) {}
        if (rc == 0) {
            ::freeaddrinfo(ai);
            set_nodelay(c.fd());
            return c;
        }
        err = errno;
    }
    ::freeaddrinfo(ai);
    throw ManagerError("cannot connect to the manager at " + address.to_string() + ": " + os_error(err) +
                       (err == ECONNREFUSED ? " (no manager is running there)" : ""));
}

namespace {

/// Sends a challenge and checks the answer (Python's deliver_challenge).
void deliver_challenge(Channel& c, std::string_view authkey, std::string_view where)
{
    const std::string message = std::string(kChallenge) + random_bytes(kChallengeBytes);
    if (!c.write_frame(message))
        throw ManagerError("the connection to " + std::string(where) + " broke during authentication");
    const auto answer = c.read_frame(kMaxHandshake);
    if (!answer)
        throw ManagerError("the connection to " + std::string(where) + " broke during authentication");
    if (!digest_equal(*answer, hmac_sha256(authkey, message))) {
        c.write_frame(kFailure);
        throw AuthenticationError("digest received was wrong: the peer of " + std::string(where) +
                                  " does not hold the authkey");
    }
    if (!c.write_frame(kWelcome))
        throw ManagerError("the connection to " + std::string(where) + " broke during authentication");
}

/// Answers the peer's challenge (Python's answer_challenge).
void answer_challenge(Channel& c, std::string_view authkey, std::string_view where)
{
    const auto message = c.read_frame(kMaxHandshake);
    if (!message)
        throw ManagerError("the manager at " + std::string(where) + " closed the connection during authentication");
    if (message->substr(0, kChallenge.size()) != kChallenge || message->size() != kChallenge.size() + kChallengeBytes)
        throw AuthenticationError("the peer at " + std::string(where) +
                                  " sent no valid challenge (not a ProcLab manager?)");
    const std::string digest = hmac_sha256(authkey, *message);
    if (!c.write_frame(digest))
        throw ManagerError("the connection to " + std::string(where) + " broke during authentication");
    const auto verdict = c.read_frame(kMaxHandshake);
    if (!verdict)
        throw AuthenticationError("the manager at " + std::string(where) +
                                  " closed the connection during authentication (wrong authkey?)");
    if (*verdict != kWelcome)
        throw AuthenticationError("digest sent was rejected by the manager at " + std::string(where) +
                                  ": wrong authkey");
}

} // namespace

void server_handshake(Channel& c, std::string_view authkey)
{
    deliver_challenge(c, authkey, "this manager");
    answer_challenge(c, authkey, "the client");
}

void client_handshake(Channel& c, std::string_view authkey, std::string_view where)
{
    answer_challenge(c, authkey, where);
    deliver_challenge(c, authkey, where);
}

} // namespace proclab::detail::manager

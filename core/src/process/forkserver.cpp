// The fork server: a single-threaded process, started before threads exist, that forks workers on
// request. Clients talk to it over an abstract AF_UNIX SOCK_SEQPACKET socket (peer uid checked);
// each request carries the task payload and the client's stdin/stdout/stderr; each reply carries
// the worker's pid, its pidfd (signals) and the read end of a pipe on which the server writes the
// exit code once it has reaped the worker.
//
// A client that has started a process holds a ticket for its next start: a spare worker the server
// forked ahead, which has already shed the server's descriptors and sleeps on its own socket. The
// client sends the request to it directly and tells the server, which forks the next spare while
// this one runs. A worker writes its exit code itself just before it ends (the server still writes
// what it reaped, for ends by signal). An unused spare ends after two seconds.
#include "process/exec.h"
#include "process/runtime.h"
#include <proclab/detail/monitor.h>
#include <proclab/process.h>

#include "process/pidfd.h"
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

namespace proclab::detail {

namespace {

constexpr size_t kInlineLimit = size_t{60} * 1024; // larger payloads travel in a memfd
constexpr uint32_t kRequestInline = 1;
constexpr uint32_t kRequestMemfd = 2;
constexpr uint32_t kTicketUsed = 3; // a client handed a request to its spare: it wants another

constexpr int32_t kReplyStarted = 1; // the worker of a request: {pidfd, status pipe}
constexpr int32_t kReplyTicket = 2;  // a spare for the next start: {pidfd, status pipe, socket}

struct ReplyHeader {
    int32_t type;
    int32_t pid;
    int32_t error;
    char message[200];
};

// A spare worker the server forked for this client's next start (see the server's Conn).
struct Ticket {
    pid_t pid = 0;
    int pidfd = -1;
    int status_r = -1;
    int sock = -1;
    void close() noexcept
    {
        for (int* fd : {&pidfd, &status_r, &sock}) {
            if (*fd >= 0)
                ::close(*fd);
            *fd = -1;
        }
        pid = 0;
    }
};

struct Client {
    std::mutex mutex;
    std::atomic<pid_t> server_pid{0};
    pid_t creator = 0; // only the creator stops the server
    int server_pidfd = -1;
    std::string address; // abstract name, without the leading NUL
    int conn = -1;
    pid_t conn_owner = 0;
    Ticket ticket; // of the connection's owner
};

Client& client()
{
    static auto* c = new Client; // never destroyed: used at exit
    return *c;
}

sockaddr_un make_address(const std::string& name, socklen_t& len)
{
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    a.sun_path[0] = '\0';
    std::memcpy(a.sun_path + 1, name.data(), std::min(name.size(), sizeof a.sun_path - 2));
    len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + name.size());
    return a;
}

std::string random_hex(size_t bytes)
{
    std::string raw(bytes, '\0');
    if (getrandom(raw.data(), raw.size(), 0) != static_cast<ssize_t>(raw.size()))
        throw ProcessError("forkserver: getrandom failed");
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned char ch : raw) {
        out += digits[ch >> 4];
        out += digits[ch & 15];
    }
    return out;
}

// A request's payload in a flat form, written and read without iostreams (cereal's archives
// construct streams and locales: a worker's first touch of each page of that code is a fault):
// strings as {u32 size, bytes}, int vectors as {u32 count, i32...}, flags as one byte. The Pipe
// ends among the arguments travel beside it as descriptors.
class FlatWriter {
public:
    void u32(uint32_t v) { m_out.append(reinterpret_cast<const char*>(&v), sizeof v); }
    void flag(bool v) { m_out.push_back(v ? '\1' : '\0'); }
    void str(std::string_view v)
    {
        u32(static_cast<uint32_t>(v.size()));
        m_out.append(v);
    }
    void ints(const std::vector<int>& v)
    {
        u32(static_cast<uint32_t>(v.size()));
        m_out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(int));
    }
    std::string take() { return std::move(m_out); }

private:
    std::string m_out;
};

class FlatReader {
public:
    explicit FlatReader(std::string_view in)
        : m_in(in)
    {
    }
    bool ok() const noexcept { return m_ok; }
    uint32_t u32()
    {
        uint32_t v = 0;
        if (!take(&v, sizeof v))
            return 0;
        return v;
    }
    bool flag()
    {
        char c = 0;
        take(&c, 1);
        return c != 0;
    }
    void str(std::string& out)
    {
        const uint32_t n = u32();
        if (!m_ok || n > m_in.size()) {
            m_ok = false;
            return;
        }
        out.assign(m_in.data(), n);
        m_in.remove_prefix(n);
    }
    void ints(std::vector<int>& out)
    {
        const uint32_t n = u32();
        if (!m_ok || n > m_in.size() / sizeof(int)) {
            m_ok = false;
            return;
        }
        out.resize(n);
        take(out.data(), n * sizeof(int));
    }

private:
    bool take(void* to, size_t n)
    {
        if (!m_ok || m_in.size() < n) {
            m_ok = false;
            return false;
        }
        std::memcpy(to, m_in.data(), n);
        m_in.remove_prefix(n);
        return true;
    }
    std::string_view m_in;
    bool m_ok = true;
};

std::string encode_payload(const TaskPayload& p)
{
    FlatWriter w;
    w.str(p.who.name);
    w.flag(p.who.daemon);
    w.ints(p.who.identity);
    w.u32(static_cast<uint32_t>(p.who.parent_pid));
    w.str(p.who.parent_name);
    w.flag(p.who.parent_daemon);
    w.str(p.who.session);
    w.str(p.task);
    w.str(p.args);
    w.str(p.executable);
    return w.take();
}

// False when `bytes` is not a whole payload.
bool decode_payload(std::string_view bytes, TaskPayload& p)
{
    FlatReader r(bytes);
    r.str(p.who.name);
    p.who.daemon = r.flag();
    r.ints(p.who.identity);
    p.who.parent_pid = static_cast<pid_t>(r.u32());
    r.str(p.who.parent_name);
    p.who.parent_daemon = r.flag();
    r.str(p.who.session);
    r.str(p.task);
    r.str(p.args);
    r.str(p.executable);
    return r.ok();
}

constexpr int kMaxFds = 64; // descriptors in one request: stdio, a memfd, Pipe ends passed as arguments

// sendmsg with up to kMaxFds descriptors.
bool send_with_fds(int sock, const void* data, size_t size, const int* fds, int nfds, const void* data2 = nullptr,
                   size_t size2 = 0)
{
    iovec iov[2] = {{const_cast<void*>(data), size}, {const_cast<void*>(data2), size2}};
    msghdr msg{};
    msg.msg_iov = iov;
    msg.msg_iovlen = data2 ? 2 : 1;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * kMaxFds)] = {};
    if (nfds > kMaxFds)
        return false;
    if (nfds > 0) {
        msg.msg_control = control;
        msg.msg_controllen = CMSG_SPACE(sizeof(int) * static_cast<size_t>(nfds));
        cmsghdr* c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int) * static_cast<size_t>(nfds));
        std::memcpy(CMSG_DATA(c), fds, sizeof(int) * static_cast<size_t>(nfds));
    }
    ssize_t n;
    do
        n = sendmsg(sock, &msg, MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    return n == static_cast<ssize_t>(size + size2);
}

// recvmsg of one message; received descriptors go to `fds` (CLOEXEC). Returns bytes, 0 at EOF, -1.
ssize_t recv_with_fds(int sock, void* data, size_t size, std::vector<int>& fds, int flags = 0)
{
    iovec iov{data, size};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * kMaxFds)] = {};
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    ssize_t n;
    do
        n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC | flags);
    while (n < 0 && errno == EINTR);
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
            size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
            for (size_t i = 0; i < count; ++i) {
                int fd;
                std::memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
                fds.push_back(fd);
            }
        }
    }
    if (n >= 0 && (msg.msg_flags & MSG_TRUNC))
        return -1;
    return n;
}

void connect_locked(Client& c)
{
    if (c.conn >= 0 && c.conn_owner == getpid())
        return;
    if (c.conn >= 0)
        ::close(c.conn); // inherited from the parent: not ours to use
    c.conn = -1;
    c.ticket.close();
    Fd sock(socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0));
    if (!sock)
        throw ProcessError(std::string("forkserver: socket failed: ") + std::strerror(errno));
    socklen_t len;
    sockaddr_un addr = make_address(c.address, len);
    if (::connect(sock.get(), reinterpret_cast<sockaddr*>(&addr), len) != 0)
        throw ProcessError(std::string("forkserver: cannot connect to the server: ") + std::strerror(errno));
    ucred cred{};
    socklen_t cl = sizeof cred;
    // (The peer pid is the creator's, who called listen(); the uid is what matters.)
    if (getsockopt(sock.get(), SOL_SOCKET, SO_PEERCRED, &cred, &cl) != 0 || cred.uid != getuid())
        throw ProcessError("forkserver: the server socket belongs to another process");
    c.conn = sock.release();
    c.conn_owner = getpid();
}

// A ticket message becomes the client's ticket (true); anything else is left to the caller.
bool keep_ticket(Client& c, const ReplyHeader& h, std::vector<int>& got) noexcept
{
    if (h.type != kReplyTicket)
        return false;
    if (got.size() == 3 && h.pid > 0) {
        c.ticket.close(); // (the server sends one at a time)
        c.ticket = Ticket{h.pid, got[0], got[1], got[2]};
    } else {
        for (int fd : got)
            ::close(fd);
    }
    return true;
}

// Takes the tickets the server sent since the last start, without waiting.
void take_pushed_tickets_locked(Client& c) noexcept
{
    for (;;) {
        ReplyHeader h{};
        std::vector<int> got;
        const ssize_t n = recv_with_fds(c.conn, &h, sizeof h, got, MSG_DONTWAIT);
        if (n != static_cast<ssize_t>(sizeof h)) {
            for (int fd : got)
                ::close(fd);
            return;
        }
        if (!keep_ticket(c, h, got)) { // nothing else comes unasked
            for (int fd : got)
                ::close(fd);
        }
    }
}

// ------------------------------------------------------------------------------- the server

char g_program_comm[17] = {}; // the server's name before it renamed itself

struct Worker {
    pid_t pid;
    int pidfd;
    int status_w;
    int conn;
};

constexpr int kSpareIdleMs = 2000; // an unused spare ends after this long

// A client's connection. Once it has started a process, it holds a ticket: a spare worker forked
// ahead, which its next start hands the request to directly (no round trip through the server).
struct Conn {
    int fd;
    pid_t ticket = 0;   // the spare it holds (also in workers), 0: none
    bool wants = false; // it started one: give it a ticket once this round's work is done
};

struct Server {
    int listen_fd;
    int creator_fd;
    std::vector<Conn> conns;
    std::vector<Worker> workers;
};

// A worker's first act: it keeps nothing of the server's (listening socket, connections, other
// workers' descriptors) and dies with it.
void shed_server(Server& srv, pid_t server) noexcept
{
    die_with_parent(server);
    ::close(srv.listen_fd);
    ::close(srv.creator_fd);
    for (const Conn& c : srv.conns)
        ::close(c.fd);
    for (auto& w : srv.workers) {
        ::close(w.pidfd);
        ::close(w.status_w);
    }
}

// Runs a request (`bytes`: {kind, stdio mask} then the payload or nothing when in a memfd) with
// its descriptors `fds`; `report_fd`: the write end of its exit-code pipe.
[[noreturn]] void run_request(const std::vector<int>& fds, std::string_view bytes, int report_fd)
{
    prctl(PR_SET_NAME, g_program_comm, 0, 0, 0);
    uint32_t kind = 0;
    std::memcpy(&kind, bytes.data(), sizeof kind);
    // fds: [mask-selected stdin, stdout, stderr...][memfd]
    size_t next = 0;
    uint32_t mask = 0;
    std::memcpy(&mask, bytes.data() + sizeof(uint32_t), sizeof mask);
    for (int i = 0; i < 3; ++i) {
        if ((mask & (1U << i)) && next < fds.size()) {
            dup2(fds[next], i);
            ++next;
        }
    }
    std::string from_memfd;
    std::string_view payload_bytes = bytes.substr(2 * sizeof(uint32_t));
    if (kind == kRequestMemfd && next < fds.size()) {
        from_memfd = read_memfd(fds[next]);
        payload_bytes = from_memfd;
        ::close(fds[next]);
        ++next;
    }
    for (size_t i = 0; i < next; ++i)
        if (fds[i] > 2)
            ::close(fds[i]);
    // The rest are the Pipe ends passed as arguments, in order.
    std::vector<int> transferred(fds.begin() + static_cast<std::ptrdiff_t>(next), fds.end());
    signal(SIGPIPE, SIG_DFL);
    TaskPayload payload;
    if (!decode_payload(payload_bytes, payload)) {
        const char msg[] = "proclab: a forkserver worker could not read its task\n";
        (void)!::write(2, msg, sizeof msg - 1);
        _exit(1);
    }
    payload.fds = std::move(transferred);
    become_child(payload.who, getpid());
    runtime().exit_report_fd = report_fd;
    run_payload_and_exit(payload);
}

// What warm_child_path() is to a forked child, for the server's workers: their first calls
// (reading a payload, taking the descriptors) made once here, so that each worker finds them bound.
void warm_worker_path() noexcept
{
    TaskPayload sample;
    sample.who.name = "ForkServer";
    sample.who.identity = {1};
    TaskPayload back;
    (void)decode_payload(encode_payload(sample), back);
    try {
        std::string text;
        from_bytes(to_bytes(std::string("x")), text); // a task's arguments in general (streams)
    } catch (...) {
    }
    (void)dup2(0, 0);
    (void)fcntl(0, F_GETFD);
}

void send_reply(int conn, int32_t type, int32_t pid, int err, const std::string& message, const int* fds, int nfds)
{
    ReplyHeader h{};
    h.type = type;
    h.pid = pid;
    h.error = err;
    std::strncpy(h.message, message.c_str(), sizeof h.message - 1);
    send_with_fds(conn, &h, sizeof h, fds, nfds);
}

// One buffer for every request, never cleared: after each fork, every page the server writes
// is copied, so a request writes only the pages its bytes fill.
char* request_buffer()
{
    static char* const buf = new char[kInlineLimit + 64];
    return buf;
}
constexpr size_t kRequestBufferSize = kInlineLimit + 64;

// A spare: asleep on `sock` until its client sends a request, or until it has waited
// kSpareIdleMs. Then it shuts its socket for reading first, so that a client sending at that very
// moment either got its request in (run now) or is told the spare is gone (EPIPE): never lost.
[[noreturn]] void spare_main(Server& srv, pid_t server, int sock, int report_fd)
{
    shed_server(srv, server);
    prctl(PR_SET_NAME, kForkServerSpareName, 0, 0, 0);
    // (Touching ahead the pages a worker writes first was measured: on two cores the faults
    // compete with the running worker and its starter, and start+join got slower, not faster.)
    std::vector<int> fds;
    fds.reserve(8);
    pollfd p{sock, POLLIN, 0};
    int flags = 0;
    if (::poll(&p, 1, kSpareIdleMs) == 0) {
        ::shutdown(sock, SHUT_RD);
        flags = MSG_DONTWAIT;
    }
    const ssize_t n = recv_with_fds(sock, request_buffer(), kRequestBufferSize, fds, flags);
    if (n < static_cast<ssize_t>(2 * sizeof(uint32_t)))
        _exit(0); // unused, or its client is gone
    ::close(sock);
    run_request(fds, std::string_view(request_buffer(), static_cast<size_t>(n)), report_fd);
}

// Forks a spare for `conn` and sends it the ticket: the spare's pid, pidfd, exit-code pipe and
// socket. The spare counts among the connection's workers (it dies with the connection).
void give_ticket(Server& srv, Conn& conn) noexcept
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
        return;
    int status[2];
    if (pipe2(status, O_CLOEXEC) != 0) {
        ::close(sv[0]);
        ::close(sv[1]);
        return;
    }
    const pid_t server = getpid();
    const pid_t pid = fork();
    if (pid == 0) {
        ::close(sv[0]);
        ::close(status[0]);
        spare_main(srv, server, sv[1], status[1]);
    }
    ::close(sv[1]);
    const int pidfd = pid > 0 ? pidfd_open(pid, 0) : -1;
    if (pidfd < 0) {
        if (pid > 0) {
            kill(pid, SIGKILL);
            waitpid(pid, nullptr, 0);
        }
        for (int fd : {sv[0], status[0], status[1]})
            ::close(fd);
        return;
    }
    int out[3] = {pidfd, status[0], sv[0]};
    send_reply(conn.fd, kReplyTicket, pid, 0, {}, out, 3);
    ::close(status[0]);
    ::close(sv[0]);
    srv.workers.push_back({pid, pidfd, status[1], conn.fd});
    conn.ticket = pid;
}

void drop_connection(Server& srv, int conn)
{
    // The client is gone (or spoke nonsense): its workers (and its spare) die with it.
    for (auto& w : srv.workers)
        if (w.conn == conn) {
            pidfd_send_signal(w.pidfd, SIGKILL, nullptr, 0);
            w.conn = -1;
        }
    ::close(conn);
    std::erase_if(srv.conns, [conn](const Conn& c) { return c.fd == conn; });
}

void handle_request(Server& srv, Conn& conn)
{
    char* const buf = request_buffer();
    std::vector<int> fds;
    ssize_t n = recv_with_fds(conn.fd, buf, kRequestBufferSize, fds);
    const auto close_request_fds = [&fds] {
        for (int fd : fds)
            ::close(fd);
    };
    uint32_t kind = 0;
    if (n >= static_cast<ssize_t>(sizeof kind))
        std::memcpy(&kind, buf, sizeof kind);
    if (n == static_cast<ssize_t>(sizeof kind) && kind == kTicketUsed) {
        close_request_fds();
        conn.ticket = 0; // its spare is a worker now
        conn.wants = true;
        return;
    }
    if (n < static_cast<ssize_t>(2 * sizeof(uint32_t))) {
        close_request_fds();
        drop_connection(srv, conn.fd);
        return;
    }
    const std::string_view bytes(buf, static_cast<size_t>(n));
    conn.wants = true;
    int status[2];
    if (pipe2(status, O_CLOEXEC) != 0) {
        send_reply(conn.fd, kReplyStarted, -1, errno, std::string("pipe: ") + std::strerror(errno), nullptr, 0);
        close_request_fds();
        return;
    }
    const pid_t server = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        ::close(status[0]);
        shed_server(srv, server);
        run_request(fds, bytes, status[1]);
    }
    int err = errno;
    close_request_fds();
    if (pid < 0) {
        ::close(status[0]);
        ::close(status[1]);
        send_reply(conn.fd, kReplyStarted, -1, err, std::string("fork: ") + std::strerror(err), nullptr, 0);
        return;
    }
    int pidfd = pidfd_open(pid, 0);
    int out[2] = {pidfd, status[0]};
    send_reply(conn.fd, kReplyStarted, pid, 0, {}, out, 2);
    ::close(status[0]);
    srv.workers.push_back({pid, pidfd, status[1], conn.fd});
}

void reap_worker(Server& srv, size_t i)
{
    Worker w = srv.workers[i];
    siginfo_t info{};
    if (waitid(static_cast<idtype_t>(P_PIDFD), static_cast<id_t>(w.pidfd), &info, WEXITED | WNOHANG) != 0 ||
        info.si_pid == 0)
        return;
    int code = exitcode_from(info.si_code, info.si_status);
    (void)!::write(w.status_w, &code, sizeof code);
    for (Conn& c : srv.conns)
        if (c.ticket == w.pid) { // its spare ended unused: no other until the client starts one
            c.ticket = 0;
            c.wants = false;
        }
    ::close(w.status_w);
    ::close(w.pidfd);
    srv.workers.erase(srv.workers.begin() + static_cast<long>(i));
}

} // namespace

std::string read_memfd(int fd)
{
    struct stat st {};
    std::string out;
    if (fstat(fd, &st) != 0)
        return out;
    out.resize(static_cast<size_t>(st.st_size));
    size_t off = 0;
    while (off < out.size()) {
        ssize_t n = pread(fd, out.data() + off, out.size() - off, static_cast<off_t>(off));
        if (n <= 0)
            break;
        off += static_cast<size_t>(n);
    }
    out.resize(off);
    return out;
}

pid_t forkserver_pid() noexcept
{
    return client().server_pid.load();
}

[[noreturn]] void forkserver_main(int listen_fd, pid_t creator)
{
    monitor::became("ForkServer", ProcessKind::ForkServer, false);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGINT, SIG_IGN); // Ctrl-C reaches the whole foreground group; the creator decides
    // Workers take the program's own name back (ps, the GUI); only the server shows as the server.
    prctl(PR_GET_NAME, g_program_comm, 0, 0, 0);
    prctl(PR_SET_NAME, kForkServerName, 0, 0, 0);
    warm_child_path();
    warm_worker_path();
    Server srv{listen_fd, pidfd_open(creator, 0), {}, {}};
    if (srv.creator_fd < 0)
        _exit(0);
    std::vector<pollfd> pfds;
    std::vector<int> ready;
    for (;;) {
        pfds.clear();
        pfds.push_back({srv.listen_fd, POLLIN, 0});
        pfds.push_back({srv.creator_fd, POLLIN, 0});
        for (const Conn& c : srv.conns)
            pfds.push_back({c.fd, POLLIN, 0});
        for (auto& w : srv.workers)
            pfds.push_back({w.pidfd, POLLIN, 0});
        if (::poll(pfds.data(), pfds.size(), -1) < 0)
            continue;
        if (pfds[1].revents) { // the creator ended: nothing of its tree may outlive it
            for (auto& w : srv.workers)
                pidfd_send_signal(w.pidfd, SIGKILL, nullptr, 0);
            for (auto& w : srv.workers) {
                siginfo_t info{};
                waitid(static_cast<idtype_t>(P_PIDFD), static_cast<id_t>(w.pidfd), &info, WEXITED);
            }
            _exit(0);
        }
        size_t nconns = srv.conns.size();
        // Workers first: their pidfd slots follow the connections.
        for (size_t i = srv.workers.size(); i-- > 0;)
            if (pfds[2 + nconns + i].revents)
                reap_worker(srv, i);
        ready.clear();
        for (size_t i = 0; i < nconns; ++i)
            if (pfds[2 + i].revents)
                ready.push_back(pfds[2 + i].fd);
        for (int fd : ready) {
            auto it = std::find_if(srv.conns.begin(), srv.conns.end(), [fd](const Conn& c) { return c.fd == fd; });
            if (it != srv.conns.end())
                handle_request(srv, *it);
        }
        if (pfds[0].revents & POLLIN) {
            int c = accept4(srv.listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
            if (c >= 0) {
                ucred cred{};
                socklen_t cl = sizeof cred;
                if (getsockopt(c, SOL_SOCKET, SO_PEERCRED, &cred, &cl) != 0 || cred.uid != getuid())
                    ::close(c); // another user: never serve
                else
                    srv.conns.push_back({c});
            }
        }
        // Replies are out: a client that started one finds a spare ready for its next start.
        for (size_t i = 0; i < srv.conns.size(); ++i) {
            Conn& c = srv.conns[i];
            if (c.wants && c.ticket == 0) {
                c.wants = false;
                give_ticket(srv, c);
            }
        }
    }
}

// Requires the client's lock: starts the server and records its address.
static void start_server_locked(Client& c)
{
    std::string name = "proclab-forkserver-" + std::to_string(getpid()) + "-" + random_hex(8);
    Fd listener(socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0));
    if (!listener)
        throw ProcessError(std::string("forkserver: socket failed: ") + std::strerror(errno));
    socklen_t len;
    sockaddr_un addr = make_address(name, len);
    if (bind(listener.get(), reinterpret_cast<sockaddr*>(&addr), len) != 0 || listen(listener.get(), 128) != 0)
        throw ProcessError(std::string("forkserver: cannot listen: ") + std::strerror(errno));

    const pid_t creator = getpid();
    pid_t pid;
    if (thread_count() == 1) {
        std::fflush(nullptr);
        pid = fork();
        if (pid < 0)
            throw ProcessError(std::string("forkserver: fork failed: ") + std::strerror(errno));
        if (pid == 0) {
            ChildIdentity who;
            who.name = "ForkServer";
            who.parent_pid = creator;
            become_child(who, getpid());
            forkserver_main(listener.get(), creator);
        }
    } else {
        // Threads exist: forking this process is unsafe, so run a fresh copy of the program,
        // whose freeze_support() becomes the server.
        ExecSpec spec;
        spec.path = self_executable();
        spec.argv = {spec.path};
        spec.envp = make_environment({{"PROCLAB_FORKSERVER_FD", std::to_string(listener.get())},
                                      {"PROCLAB_FORKSERVER_CREATOR", std::to_string(creator)}},
                                     false);
        spec.keep_fds = {listener.get()};
        pid = vfork_exec(spec, spec.path);
    }
    c.server_pidfd = open_pidfd(pid);
    c.server_pid = pid;
    c.creator = creator;
    c.address = name;
}

void ensure_forkserver()
{
    Client& c = client();
    {
        std::lock_guard lock(c.mutex);
        if (!c.address.empty())
            return;
        start_server_locked(c);
    }
    // The runtime's lock after the client's is released: start() takes them in the other order
    // (the runtime's, then the client's in start_forkserver).
    auto& rt = runtime();
    std::lock_guard rlock(rt.mutex);
    prepare_parent_locked(rt);
}

void stop_forkserver() noexcept
{
    Client& c = client();
    std::lock_guard lock(c.mutex);
    if (c.conn >= 0 && c.conn_owner == getpid()) {
        ::close(c.conn);
        c.conn = -1;
        c.ticket.close();
    }
    if (c.creator != getpid() || c.server_pid.load() == 0)
        return;
    pidfd_send_signal(c.server_pidfd, SIGKILL, nullptr, 0);
    siginfo_t info{};
    while (waitid(static_cast<idtype_t>(P_PIDFD), static_cast<id_t>(c.server_pidfd), &info, WEXITED) < 0 &&
           errno == EINTR) {}
    ::close(c.server_pidfd);
    c.server_pidfd = -1;
    c.server_pid = 0;
    c.address.clear();
}

void forkserver_after_fork(pid_t self) noexcept
{
    Client& c = client();
    // Written only when there is something to forget (a written page is copied for the child).
    if (c.conn < 0 && c.server_pidfd < 0 && c.mutex.native_handle()->__data.__lock == 0)
        return;
    new (&c.mutex) std::mutex;
    if (c.conn >= 0 && c.conn_owner != self) {
        ::close(c.conn);
        c.conn = -1;
        c.ticket.close();
    }
    if (c.creator != self && c.server_pidfd >= 0) {
        ::close(c.server_pidfd);
        c.server_pidfd = -1;
    }
}

bool forkserver_started_here(pid_t self) noexcept
{
    const Client& c = client();
    return (c.conn >= 0 && c.conn_owner == self) || (c.creator == self && c.server_pid.load() != 0);
}

void start_forkserver(ProcessState& s, const TaskPayload& payload)
{
    Client& c = client();
    std::lock_guard lock(c.mutex);
    if (c.address.empty())
        throw ProcessError("Process '" + s.name + "': start(): the forkserver is not running");
    connect_locked(c);

    std::string bytes = encode_payload(payload);
    uint32_t kind = bytes.size() > kInlineLimit ? kRequestMemfd : kRequestInline;
    int fds[kMaxFds];
    int nfds = 0;
    uint32_t mask = 0;
    for (int i = 0; i < 3; ++i) {
        if (fcntl(i, F_GETFD) >= 0) {
            fds[nfds++] = i;
            mask |= 1U << i;
        }
    }
    Fd memfd;
    if (kind == kRequestMemfd) {
        memfd.reset(memfd_create("proclab-forkserver", MFD_CLOEXEC));
        if (!memfd)
            throw ProcessError("Process '" + s.name + "': start(): memfd_create failed: " + std::strerror(errno));
        for (size_t off = 0; off < bytes.size();) {
            ssize_t n = ::write(memfd.get(), bytes.data() + off, bytes.size() - off);
            if (n <= 0 && errno != EINTR)
                throw ProcessError("Process '" + s.name + "': start(): cannot write the task: " + std::strerror(errno));
            off += n > 0 ? static_cast<size_t>(n) : 0;
        }
        fds[nfds++] = memfd.get();
        bytes.clear();
    }
    if (payload.fds.size() > static_cast<size_t>(kMaxFds - nfds))
        throw ValueError("Process '" + s.name + "': start(): too many Pipe ends among the arguments (" +
                         std::to_string(payload.fds.size()) + "; at most " + std::to_string(kMaxFds - 4) + ")");
    for (const int fd : payload.fds)
        fds[nfds++] = fd;
    uint32_t header[2] = {kind, mask};
    std::fflush(nullptr);
    // A spare the server forked ahead takes the request directly; the server only hears that it
    // was used (it forks the next one while this one runs).
    take_pushed_tickets_locked(c);
    if (c.ticket.pid > 0) {
        Ticket t = std::exchange(c.ticket, Ticket{});
        if (send_with_fds(t.sock, header, sizeof header, fds, nfds, bytes.data(), bytes.size())) {
            const uint32_t used = kTicketUsed;
            (void)!::send(c.conn, &used, sizeof used, MSG_NOSIGNAL | MSG_DONTWAIT);
            ::close(t.sock);
            s.pid = t.pid;
            s.pidfd = t.pidfd;
            s.status_fd = t.status_r;
            return;
        }
        t.close(); // it ended unused (idle) or was killed: ask the server
    }
    if (!send_with_fds(c.conn, header, sizeof header, fds, nfds, bytes.data(), bytes.size()))
        throw ProcessError("Process '" + s.name + "': start(): the forkserver is gone (" + std::strerror(errno) + ")");
    for (;;) {
        ReplyHeader h{};
        std::vector<int> got;
        ssize_t n = recv_with_fds(c.conn, &h, sizeof h, got);
        if (n == static_cast<ssize_t>(sizeof h) && keep_ticket(c, h, got))
            continue; // a ticket sent before the reply
        if (n != static_cast<ssize_t>(sizeof h) || h.type != kReplyStarted || h.pid <= 0 || got.size() != 2) {
            for (int fd : got)
                ::close(fd);
            throw ProcessError("Process '" + s.name + "': start(): the forkserver could not start it" +
                               (n == static_cast<ssize_t>(sizeof h) ? std::string(": ") + h.message
                                                                    : std::string(" (the server is gone)")));
        }
        s.pid = h.pid;
        s.pidfd = got[0];
        s.status_fd = got[1];
        return;
    }
}

} // namespace proclab::detail

// Manager client side: proxies' connections, BaseManager start/connect/shutdown.

#include "manager/net.h"
#include "manager/protocol.h"
#include "manager/server.h"

#include <proclab/manager.h>
#include <proclab/process.h>

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <mutex>

namespace proclab {

namespace dm = detail::manager;

namespace {
constexpr std::uint64_t kControlId = ~std::uint64_t(0); // the manager itself, not an object
}

// ---------------------------------------------------------------------------------------------
// Address

Address Address::parse(std::string_view text)
{
    auto bad = [&] {
        return ValueError("'" + std::string(text) +
                          "' is not a manager address (expected unix:/path, /path, tcp:host:port or host:port)");
    };
    if (text.starts_with("unix:"))
        text.remove_prefix(5);
    if (text.starts_with('/'))
        return unix_socket(std::string(text));
    if (text.starts_with("tcp:"))
        text.remove_prefix(4);
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0)
        throw bad();
    std::string_view host = text.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    unsigned port = 0;
    const std::string_view p = text.substr(colon + 1);
    const auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), port);
    if (ec != std::errc() || end != p.data() + p.size() || port > 65535)
        throw bad();
    return tcp(std::string(host), std::uint16_t(port));
}

std::string Address::to_string() const
{
    if (family == Family::Unix)
        return "unix:" + path;
    const std::string h = host.empty() ? "127.0.0.1" : host;
    return "tcp:" + (h.find(':') != std::string::npos ? "[" + h + "]" : h) + ":" + std::to_string(port);
}

// ---------------------------------------------------------------------------------------------
// Proxies

namespace detail {

/// A proxy's connection: opened on first use, again after fork, guarded for use by several threads.
class ProxyLink {
public:
    std::mutex mutex;
    dm::Channel channel;
    pid_t pid = 0;
    std::string frame;
};

void ProxyLinkDeleter::operator()(ProxyLink* link) const noexcept
{
    delete link;
}

namespace {

std::string exchange(const ProxyToken& token, ProxyLink& link, dm::Op op, std::string_view method,
                     std::string_view args)
{
    std::lock_guard lock(link.mutex);
    const std::string where = token.address.to_string();
    if (link.pid != ::getpid()) {
        link.channel.close(); // a forked copy of the parent's connection: the parent keeps its own
        link.pid = 0;
    }
    if (link.channel.fd() < 0) {
        dm::Channel c = dm::connect_to(token.address);
        dm::client_handshake(c, token.authkey, where);
        if (token.address.family == Address::Family::Unix)
            c.accept_fast_path();
        c.set_spin(dm::kSpin);
        link.channel = std::move(c);
        link.pid = ::getpid();
    }
    link.frame.clear();
    dm::append_request_frame(link.frame, op, token.id, method, args);
    auto gone = [&]() -> ManagerError {
        link.channel.close();
        return ManagerError("the manager at " + where + " is gone (its process ended or the connection broke) during " +
                            (op == dm::Op::Call ? token.kind + "." + std::string(method) : std::string("a request")));
    };
    std::optional<std::string_view> reply;
    try {
        reply = link.channel.call(link.frame);
    } catch (const ManagerError& e) {
        link.channel.close();
        throw ManagerError(std::string(e.what()) + " (reply from the manager at " + where + ")");
    }
    if (!reply)
        throw gone();
    return std::string(dm::open_reply(*reply, where));
}

} // namespace
} // namespace detail

BaseProxy::BaseProxy() noexcept = default;
BaseProxy::~BaseProxy() = default;

BaseProxy::BaseProxy(detail::ProxyToken token)
    : m_token(std::move(token))
    , m_link(new detail::ProxyLink)
{
}

BaseProxy::BaseProxy(const BaseProxy& other)
    : m_token(other.m_token)
    , m_link(other.m_link ? new detail::ProxyLink : nullptr)
{
}

BaseProxy& BaseProxy::operator=(const BaseProxy& other)
{
    if (this != &other) {
        m_token = other.m_token;
        m_link.reset(other.m_link ? new detail::ProxyLink : nullptr);
    }
    return *this;
}

BaseProxy::BaseProxy(BaseProxy&& other) noexcept
    : m_token(std::exchange(other.m_token, {}))
    , m_link(std::move(other.m_link))
{
}

BaseProxy& BaseProxy::operator=(BaseProxy&& other) noexcept
{
    m_token = std::exchange(other.m_token, {});
    m_link = std::move(other.m_link);
    return *this;
}

std::string BaseProxy::call_raw(std::string_view method, std::string_view args) const
{
    if (!m_link || m_token.id == 0)
        throw ValueError("the manager proxy is empty (default-constructed or moved from)");
    return detail::exchange(m_token, *m_link, dm::Op::Call, method, args);
}

void BaseProxy::ping() const
{
    if (!m_link)
        throw ValueError("the manager proxy is empty (default-constructed or moved from)");
    detail::exchange(m_token, *m_link, dm::Op::Ping, {}, {});
}

bool BaseProxy::call_bool(std::string_view method, std::string_view args) const
{
    const std::string r = call_raw(method, args);
    if (r.size() != 1)
        throw ManagerError("malformed reply to " + m_token.kind + "." + std::string(method));
    return r[0] != 0;
}

std::uint64_t BaseProxy::call_u64(std::string_view method, std::string_view args) const
{
    const std::string r = call_raw(method, args);
    if (r.size() != 8)
        throw ManagerError("malformed reply to " + m_token.kind + "." + std::string(method));
    std::uint64_t v;
    std::memcpy(&v, r.data(), 8);
    return v;
}

// ---------------------------------------------------------------------------------------------
// BaseManager

BaseManager::BaseManager(Address address, std::string authkey)
    : m_address(std::move(address))
    , m_authkey(authkey.empty() ? dm::random_bytes(32) : std::move(authkey))
{
}

BaseManager::BaseManager(BaseManager&& other) noexcept
    : m_address(std::move(other.m_address))
    , m_authkey(std::move(other.m_authkey))
    , m_types(std::move(other.m_types))
    , m_state(std::exchange(other.m_state, State::Stopped))
    , m_server(std::move(other.m_server))
    , m_cleanup_dir(std::move(other.m_cleanup_dir))
    , m_control(std::move(other.m_control))
{
}

BaseManager& BaseManager::operator=(BaseManager&& other) noexcept
{
    if (this != &other) {
        try {
            shutdown();
        } catch (...) {
        }
        m_address = std::move(other.m_address);
        m_authkey = std::move(other.m_authkey);
        m_types = std::move(other.m_types);
        m_state = std::exchange(other.m_state, State::Stopped);
        m_server = std::move(other.m_server);
        m_cleanup_dir = std::move(other.m_cleanup_dir);
        m_control = std::move(other.m_control);
    }
    return *this;
}

BaseManager::~BaseManager()
{
    try {
        if (m_state == State::Started)
            shutdown();
    } catch (...) {
    }
}

detail::TypeEntry& BaseManager::add_type(std::string type_id)
{
    if (m_state != State::Idle)
        throw ProcessError("BaseManager: register types before start()");
    if (type_id.empty() || type_id.size() > 255)
        throw ValueError("a manager type id must have 1 to 255 characters");
    for (const char c : type_id)
        if (c <= ' ' || c > '~')
            throw ValueError("the manager type id '" + type_id + "' has a space or a non-printable character");
    return m_types[std::move(type_id)] = detail::TypeEntry{};
}

void BaseManager::register_shared(std::string type_id, std::string builtin_kind)
{
    static const char* kinds[] = {"Queue", "JoinableQueue", "Lock", "RLock", "Semaphore", "BoundedSemaphore",
                                  "Event", "Condition",     "dict", "list",  "Namespace"};
    if (std::find(std::begin(kinds), std::end(kinds), builtin_kind) == std::end(kinds))
        throw ValueError("register_shared('" + type_id + "'): '" + builtin_kind + "' is not a builtin manager type");
    add_type(std::move(type_id)).builtin = std::move(builtin_kind);
}

pid_t BaseManager::pid() const noexcept
{
    return m_server ? m_server->pid() : 0;
}

void BaseManager::require_running(const char* what) const
{
    if (m_state == State::Idle)
        throw ProcessError(std::string("BaseManager::") + what + ": the manager is neither started nor connected");
    if (m_state == State::Stopped)
        throw ManagerError(std::string("BaseManager::") + what + ": the manager at " + m_address.to_string() +
                           " was shut down");
}

void BaseManager::start()
{
    if (m_state != State::Idle)
        throw ProcessError("BaseManager::start(): already started, connected or shut down");
    dm::ServerConfig config;
    config.listen_fd = dm::listen_on(m_address, m_cleanup_dir);
    config.authkey = m_authkey;
    config.address = m_address;
    config.made_dir = m_cleanup_dir;
    config.types = m_types;
    config.owner = ::getpid();
    try {
        auto server = std::make_unique<Process>([config] { dm::run_server(config); });
        server->set_start_method(StartMethod::Fork);
        server->set_daemon(true); // terminated (SIGTERM: clean exit) if main() ends without shutdown()
        server->set_name("SyncManager");
        server->start();
        m_server = std::move(server);
    } catch (...) {
        ::close(config.listen_fd);
        if (m_address.family == Address::Family::Unix)
            ::unlink(m_address.path.c_str());
        if (!m_cleanup_dir.empty())
            ::rmdir(m_cleanup_dir.c_str());
        throw;
    }
    ::close(config.listen_fd); // the server owns it; connections wait in its backlog until it accepts
    m_control = BaseProxy(detail::ProxyToken{m_address, m_authkey, kControlId, "manager"});
    m_state = State::Started;
    try {
        m_control.ping(); // returns once the server serves (as Python waits for its address)
    } catch (...) {
        shutdown();
        throw;
    }
    // The server records itself (a Manager process) and its objects in the session registry.
}

void BaseManager::connect()
{
    if (m_state != State::Idle)
        throw ProcessError("BaseManager::connect(): already started, connected or shut down");
    BaseProxy control(detail::ProxyToken{m_address, m_authkey, kControlId, "manager"});
    control.ping(); // connects and authenticates now: errors belong to connect()
    m_control = std::move(control);
    m_state = State::Connected;
}

void BaseManager::shutdown()
{
    if (m_state != State::Started && m_state != State::Connected)
        return;
    const State was = std::exchange(m_state, State::Stopped);
    if (m_control.valid()) {
        try {
            detail::exchange(m_control.token(), *m_control.m_link, dm::Op::Shutdown, {}, {});
        } catch (const std::exception&) {
        }
    }
    m_control = BaseProxy();
    if (was == State::Started && m_server) {
        try {
            if (!m_server->join(std::chrono::seconds(2))) {
                m_server->terminate();
                if (!m_server->join(std::chrono::seconds(1))) {
                    m_server->kill();
                    m_server->join();
                }
            }
        } catch (const std::exception&) {
        }
        // Normally the server removed them; not if it had to be killed.
        if (m_address.family == Address::Family::Unix)
            ::unlink(m_address.path.c_str());
        if (!m_cleanup_dir.empty())
            ::rmdir(m_cleanup_dir.c_str());
    }
}

detail::ProxyToken BaseManager::create_token(std::string_view type_id, std::string_view args,
                                             bool (*accepts)(std::string_view))
{
    require_running("create()");
    const std::string reply = detail::exchange(m_control.token(), *m_control.m_link, dm::Op::Create, type_id, args);
    detail::WireReader in(reply);
    detail::ProxyToken token{m_address, m_authkey, in.u64(), std::string(in.bytes())};
    if (accepts && !accepts(token.kind))
        throw ValueError("the manager's '" + std::string(type_id) + "' is a " + token.kind +
                         ", which the requested proxy type cannot use");
    return token;
}

// ---------------------------------------------------------------------------------------------

Manager::Manager(Address address, std::string authkey)
    : SyncManager(std::move(address), std::move(authkey))
{
    start();
}

} // namespace proclab

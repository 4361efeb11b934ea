// The Manager's server process: accepts connections (one thread each, so that a blocking call
// never stalls other clients), authenticates them, decodes requests and dispatches them to the
// served objects (manager/objects.h), and ends on Shutdown, SIGTERM or the owner's death,
// removing its socket file and leaving the session registry.

#include "manager/server.h"

#include "manager/net.h"
#include "manager/objects.h"
#include "manager/protocol.h"
#include "shm/segment_registry.h"

#include <proclab/detail/manager_wire.h>
#include <proclab/detail/monitor.h>
#include <proclab/errors.h>

#include <csignal>
#include <dirent.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace proclab::detail::manager {

namespace {

class Server {
public:
    explicit Server(const ServerConfig& config)
        : m_config(config)
    {
        // The session shows the server as a manager process, and the manager as an object.
        monitor::became({}, ProcessKind::Manager, true);
        register_in_session(ObjectKind::Manager, "Manager", m_config.address.to_string());
    }

    void register_in_session(ObjectKind kind, const std::string& label, const std::string& name)
    {
        if (const ObjectId id = monitor::register_object(kind, name, label)) {
            std::lock_guard lock(m_registry_mutex);
            m_registry_ids.push_back(id);
        }
    }

    [[noreturn]] void stop() noexcept
    {
        // The manager and its objects leave the session registry before the files go.
        for (const ObjectId id : m_registry_ids)
            monitor::unregister_object(id);
        if (m_config.address.family == Address::Family::Unix && !m_config.address.path.empty())
            ::unlink(m_config.address.path.c_str());
        if (!m_config.made_dir.empty())
            ::rmdir(m_config.made_dir.c_str());
        std::fflush(nullptr);
        ::_exit(0);
    }

    void accept_forever()
    {
        for (;;) {
            const int fd = ::accept4(m_config.listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) {
                if (errno == EINTR || errno == ECONNABORTED)
                    continue;
                if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                    pollfd p{m_config.listen_fd, POLLIN, 0};
                    ::poll(&p, 1, 100); // out of descriptors: let connections end first
                    continue;
                }
                stop();
            }
            try {
                std::thread([this, fd] { serve(fd); }).detach();
            } catch (const std::exception&) {
                ::close(fd); // no thread to be had: refuse this one, keep serving
            }
        }
    }

private:
    void serve(int fd) noexcept
    {
        Channel channel(fd);
        Call call{m_next_conn.fetch_add(1) + 1, fd};
        std::vector<std::shared_ptr<Object>> owned;
        try {
            // A peer that connects and never answers cannot hold a thread for long.
            timeval tv{10, 0};
            ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
            ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
            server_handshake(channel, m_config.authkey);
            if (m_config.address.family == Address::Family::Unix)
                channel.offer_fast_path();
            channel.set_spin(kSpin);
            tv = {0, 0};
            ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
            ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        } catch (...) {
            return; // wrong key or broken handshake: drop, nothing executed
        }
        try {
            for (;;) {
                std::optional<std::string_view> frame;
                try {
                    frame = channel.next_request();
                } catch (const ManagerError& e) {
                    // Oversize: the rest of the stream cannot be trusted; say why and drop it.
                    channel.send_reply(error_frame("proclab::ManagerError", e.what(), true));
                    break;
                }
                if (!frame)
                    break;
                std::string reply;
                bool stop_after = false;
                try {
                    reply = ok_frame(handle(*frame, call, owned, stop_after));
                } catch (const Failure& f) {
                    reply = error_frame(f.type, f.message, f.builtin);
                } catch (const ManagerError& e) {
                    reply = error_frame("proclab::ManagerError", e.what(), true);
                } catch (const Cancelled&) {
                    break;
                } catch (const std::exception& e) {
                    reply = error_frame(exception_type_name(e), e.what(), false);
                }
                if (!channel.send_reply(reply))
                    break;
                if (stop_after)
                    stop();
            }
        } catch (...) {
        }
        for (const auto& o : owned)
            o->disconnected(call.conn);
    }

    std::string handle(std::string_view payload, Call& call, std::vector<std::shared_ptr<Object>>& owned,
                       bool& stop_after)
    {
        const Request q = decode_request(payload);
        switch (q.op) {
        case Op::Ping:
            return {};
        case Op::Shutdown:
            stop_after = true;
            return {};
        case Op::Create: {
            auto [id, kind] = create(q.method, q.args);
            WireWriter w;
            w.u64(id).bytes(kind);
            return w.take();
        }
        case Op::Call: {
            std::shared_ptr<Object> object;
            {
                std::lock_guard lock(m_mutex);
                auto it = m_objects.find(q.id);
                if (it == m_objects.end())
                    fail("proclab::ValueError", "this manager has no object " + std::to_string(q.id));
                object = it->second;
            }
            if (object->owned_by_connections() && std::find(owned.begin(), owned.end(), object) == owned.end())
                owned.push_back(object);
            WireReader in(q.args);
            return object->call(q.method, in, call);
        }
        }
        fail("proclab::ManagerError", "unknown operation");
    }

    std::pair<std::uint64_t, std::string> create(std::string_view type_id, std::string_view args)
    {
        std::shared_ptr<Object> object;
        auto entry = m_config.types.find(type_id);
        if (entry != m_config.types.end() && !entry->second.builtin.empty()) {
            std::lock_guard lock(m_mutex); // one shared object, made on first use
            auto shared = m_shared.find(type_id);
            if (shared != m_shared.end())
                return {shared->second->id, shared->second->kind};
            object = make_builtin(entry->second.builtin, {});
            object->kind = entry->second.builtin;
            object->id = m_next_id++;
            m_objects.emplace(object->id, object);
            m_shared.emplace(std::string(type_id), object);
            return {object->id, object->kind};
        }
        if (entry != m_config.types.end()) {
            std::shared_ptr<void> made = entry->second.create(args);
            if (!made)
                fail("proclab::ValueError", "the factory of '" + std::string(type_id) + "' returned no object");
            object = make_custom(std::move(made), entry->second);
            object->kind = std::string(type_id);
        } else {
            object = make_builtin(type_id, args);
            if (!object) {
                std::string known;
                for (const auto& [name, e] : m_config.types)
                    known += ", " + name;
                fail("proclab::ValueError",
                     "this manager has no type '" + std::string(type_id) +
                         "' (builtin: Queue, JoinableQueue, Lock, RLock, Semaphore, "
                         "BoundedSemaphore, Event, Condition, Barrier, Value, Array, list, dict, "
                         "Namespace; registered: " +
                         (known.empty() ? "none" : known.substr(2)) + ")");
            }
            object->kind = std::string(type_id);
        }
        std::uint64_t id;
        {
            std::lock_guard lock(m_mutex);
            object->id = id = m_next_id++;
            m_objects.emplace(object->id, object);
        }
        register_in_session(ObjectKind::Manager, "Manager " + object->kind,
                            m_config.address.to_string() + "#" + std::to_string(id));
        return {object->id, object->kind};
    }

    const ServerConfig& m_config;
    std::mutex m_mutex;
    std::map<std::uint64_t, std::shared_ptr<Object>> m_objects;
    std::map<std::string, std::shared_ptr<Object>, std::less<>> m_shared;
    std::uint64_t m_next_id = 1;
    std::atomic<std::uint64_t> m_next_conn{0};
    std::mutex m_registry_mutex;
    std::vector<ObjectId> m_registry_ids; // this manager's entries in the session registry
};

/// Closes sockets inherited from the owner (its proxies' connections, other managers' listeners):
/// a copy held here would hide their peers' hang-ups.
void close_inherited_sockets(int keep)
{
    DIR* d = ::opendir("/proc/self/fd");
    if (!d)
        return;
    std::vector<int> victims;
    while (dirent* e = ::readdir(d)) {
        const int fd = std::atoi(e->d_name);
        struct stat st {};
        if (e->d_name[0] == '.' || fd <= 2 || fd == keep || fd == ::dirfd(d) || ::fstat(fd, &st) != 0)
            continue;
        if (S_ISSOCK(st.st_mode))
            victims.push_back(fd);
    }
    ::closedir(d);
    for (const int fd : victims)
        ::close(fd);
}

} // namespace

void run_server(const ServerConfig& config)
{
    static Server* server = nullptr; // for the signal thread
    Server s(config);
    server = &s;
    close_inherited_sockets(config.listen_fd);
    // Shared objects of the owner (queues, pools) inherited by the fork: give up their holds now,
    // or they would outlive the owner's last handle (the server ends with _exit).
    release_inherited_segments();
    ::signal(SIGINT, SIG_IGN); // Ctrl-C goes to the owner, as in Python's manager
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    ::pthread_sigmask(SIG_BLOCK, &set, nullptr); // inherited by every thread made from now on
    // Die with the owner, but by SIGTERM, so that the socket file is removed too.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
    if (::getppid() != config.owner)
        s.stop();
    std::thread([set] {
        int sig = 0;
        while (::sigwait(&set, &sig) != 0) {}
        server->stop();
    }).detach();
    s.accept_forever();
    s.stop();
}

} // namespace proclab::detail::manager

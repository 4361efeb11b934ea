#pragma once
// Manager: a server process holding shared objects that other processes use through proxies,
// as Python's multiprocessing.Manager() / BaseManager, locally (AF_UNIX) or over TCP.
//
//   proclab::Manager m;                         // starts the server process (Python: Manager())
//   auto q = m.Queue<int>();   auto l = m.Lock();   auto d = m.dict<std::string, int>();
//   auto ns = m.Namespace();   ns.set("x", 1);      int x = ns.get<int>("x");
//   pool.apply(work, q, l);                     // proxies are task arguments: they reconnect there
//
//   proclab::BaseManager b(proclab::Address::tcp("127.0.0.1", 50000), "secret");
//   b.register_type<Counter>("Counter").expose("increment", &Counter::increment);
//   b.start();                                  // another program: b.connect(); b.create("Counter")
//
// Every connection is authenticated both ways with HMAC-SHA256 over the authkey (Python's
// challenge–response); a wrong key throws AuthenticationError and nothing runs. The socket file is
// mode 0600. The server dies with the process that started it; a call to a server that is gone
// throws ManagerError naming the address, never hangs. Errors thrown in the server re-raise at the
// caller: ProcLab's own (Empty, Full, ValueError, TimeoutError, BrokenBarrierError) as themselves,
// anything else as RemoteError with the type name and message.
//
// Proxies are cheap copyable handles (address, authkey, object id). Each copy opens its own
// connection on first use (so copies used by different threads or processes never interleave) and
// reconnects after fork; a proxy passed to a Process or Pool task is serialized as its token.
// Calls through one proxy object are serialized; use one copy per thread for concurrent blocking
// calls. Objects live as long as the manager. Locks are owned by the proxy's connection: a client
// that dies or disconnects holding one releases it.

#include <proclab/detail/manager_types.h>
#include <proclab/detail/manager_wire.h>
#include <proclab/errors.h>
#include <proclab/manager_proxies.h>
#include <proclab/serialize.h>
#include <proclab/task.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace proclab {

template <class T>
class TypeRegistration;

/// Python's BaseManager: a server of registered types, started here or connected to.
/// Move-only. The destructor shuts down a server started by this object (as leaving `with`).
class BaseManager {
public:
    /// `address`: where to listen (start) or connect; `authkey`: empty → 32 random bytes
    /// (read it with authkey() to give it to another program).
    explicit BaseManager(Address address = {}, std::string authkey = {});
    BaseManager(BaseManager&&) noexcept;
    BaseManager& operator=(BaseManager&&) noexcept;
    BaseManager(const BaseManager&) = delete;
    BaseManager& operator=(const BaseManager&) = delete;
    virtual ~BaseManager();

    /// Registers a type for create(type_id, args...): the server builds it with
    /// `factory(args...)` (default std::make_shared<T>(args...)); a factory that returns the same
    /// object every time shares one object (Python's register('get_x', callable=lambda: x)).
    /// Before start() (ProcessError after). Expose methods on the returned registration.
    template <class T, class... Args, class F>
    TypeRegistration<T> register_type(std::string type_id, F factory);
    template <class T, class... Args>
    TypeRegistration<T> register_type(std::string type_id)
    {
        return register_type<T, Args...>(std::move(type_id),
                                         [](const Args&... a) { return std::make_shared<T>(a...); });
    }
    /// `type_id` names one shared object of a builtin kind ("Queue", "JoinableQueue", "Lock",
    /// "RLock", "Semaphore", "Event", "Condition", "dict", "list", "Namespace"), created on first
    /// use with default arguments: every get<P>(type_id) returns a proxy to the same object.
    void register_shared(std::string type_id, std::string builtin_kind);

    /// Starts the server process (forked; it dies with this process). ProcessError when started
    /// or connected already; ManagerError when the address cannot be bound (in use, bad path).
    void start();
    /// Connects to a server started elsewhere at address(). AuthenticationError: wrong authkey;
    /// ManagerError: nothing listens there.
    void connect();
    /// Stops a server started by start() (waits for its process) or, after connect(), asks the
    /// server to stop. Proxies then throw ManagerError. Idempotent.
    void shutdown();

    /// A new object of a registered or builtin type; P checks the object's kind (ValueError when
    /// P cannot hold it, or for an unknown type id).
    template <class P = Proxy, class... A>
    P create(std::string_view type_id, const A&... args)
    {
        std::string encoded;
        if constexpr (sizeof...(A) > 0)
            detail::append_arguments(encoded, std::tuple<std::decay_t<A>...>(args...));
        return P(create_token(type_id, encoded, [](std::string_view k) { return P::accepts(k); }));
    }
    /// create<P>(type_id) without arguments: for shared objects (register_shared, singletons).
    template <class P = Proxy>
    P get(std::string_view type_id)
    {
        return create<P>(type_id);
    }

    /// After start(): the actual address (generated path, chosen port).
    const Address& address() const noexcept { return m_address; }
    const std::string& authkey() const noexcept { return m_authkey; }
    /// The server's pid after start(); 0 otherwise.
    pid_t pid() const noexcept;
    /// True after start() or connect(), until shutdown().
    bool running() const noexcept { return m_state != State::Idle && m_state != State::Stopped; }

    /// Internal.
    detail::ProxyToken create_token(std::string_view type_id, std::string_view args, bool (*accepts)(std::string_view));

protected:
    void require_running(const char* what) const;

private:
    enum class State { Idle, Started, Connected, Stopped };
    Address m_address;
    std::string m_authkey;
    std::map<std::string, detail::TypeEntry, std::less<>> m_types;
    State m_state = State::Idle;
    std::unique_ptr<Process> m_server;
    std::string m_cleanup_dir; ///< the private directory of a generated socket path
    BaseProxy m_control;       ///< connection for create / shutdown

    template <class T>
    friend class TypeRegistration;
    detail::TypeEntry& add_type(std::string type_id);
};

/// Exposes methods of a registered type: registration.expose("name", &T::method).
template <class T>
class TypeRegistration {
public:
    TypeRegistration(detail::TypeEntry& entry)
        : m_entry(&entry)
    {
    }
    /// The method becomes callable as Proxy::call<R>("name", args...). Its parameters must be
    /// values or const references of serializable types.
    template <class M>
    TypeRegistration& expose(std::string name, M method)
    {
        static_assert(std::is_member_function_pointer_v<M>, "expose() takes a member function pointer &T::method");
        m_entry->methods[std::move(name)] = detail::make_method_invoker(method);
        return *this;
    }

private:
    detail::TypeEntry* m_entry;
};

template <class T, class... Args, class F>
TypeRegistration<T> BaseManager::register_type(std::string type_id, F factory)
{
    detail::TypeEntry& entry = add_type(std::move(type_id));
    entry.create = [factory = std::move(factory)](std::string_view args) -> std::shared_ptr<void> {
        auto t = detail::decode_arguments<std::tuple<std::decay_t<Args>...>>(args);
        std::shared_ptr<T> object = std::apply(factory, std::move(t));
        return object;
    };
    return TypeRegistration<T>(entry);
}

/// Python's SyncManager: a BaseManager whose server also makes the builtin shared objects.
/// Use it to connect() to a manager another program started; Manager starts one.
class SyncManager : public BaseManager {
public:
    using BaseManager::BaseManager;

    /// A queue of at most `maxsize` items (0: unbounded).
    template <class T>
    QueueProxy<T> Queue(std::ptrdiff_t maxsize = 0)
    {
        return QueueProxy<T>(make("Queue", int_arg(maxsize)));
    }
    template <class T>
    JoinableQueueProxy<T> JoinableQueue(std::ptrdiff_t maxsize = 0)
    {
        return JoinableQueueProxy<T>(make("JoinableQueue", int_arg(maxsize)));
    }
    LockProxy Lock() { return LockProxy(make("Lock", {})); }
    RLockProxy RLock() { return RLockProxy(make("RLock", {})); }
    SemaphoreProxy Semaphore(long long value = 1) { return SemaphoreProxy(make("Semaphore", int_arg(value))); }
    SemaphoreProxy BoundedSemaphore(long long value = 1)
    {
        return SemaphoreProxy(make("BoundedSemaphore", int_arg(value)));
    }
    EventProxy Event() { return EventProxy(make("Event", {})); }
    /// A condition with its own RLock.
    ConditionProxy Condition() { return ConditionProxy(make("Condition", {})); }
    /// `timeout`: the default of wait() (none: forever).
    BarrierProxy Barrier(unsigned parties, std::optional<std::chrono::nanoseconds> timeout = std::nullopt)
    {
        detail::WireWriter w;
        w.u32(parties).timeout(timeout);
        return BarrierProxy(make("Barrier", w.str()));
    }
    template <class T>
    ValueProxy<T> Value(const T& initial = T{})
    {
        return ValueProxy<T>(make("Value", detail::encode_value(initial)));
    }
    template <class T>
    ArrayProxy<T> Array(std::vector<T> items)
    {
        return ArrayProxy<T>(make("Array", detail::encode_list(items)));
    }
    /// `size` copies of `fill`.
    template <class T>
    ArrayProxy<T> Array(std::size_t size, const T& fill = T{})
    {
        return Array<T>(std::vector<T>(size, fill));
    }
    template <class K, class V>
    DictProxy<K, V> dict(const std::vector<std::pair<K, V>>& items = {})
    {
        detail::WireWriter w;
        w.u32(std::uint32_t(items.size()));
        for (const auto& [k, v] : items)
            w.bytes(detail::encode_value(k)).bytes(detail::encode_value(v));
        return DictProxy<K, V>(make("dict", w.str()));
    }
    template <class T>
    ListProxy<T> list(const std::vector<T>& items = {})
    {
        return ListProxy<T>(make("list", detail::encode_list(items)));
    }
    NamespaceProxy Namespace() { return NamespaceProxy(make("Namespace", {})); }

private:
    detail::ProxyToken make(std::string_view kind, std::string_view args) { return create_token(kind, args, nullptr); }
    static std::string int_arg(long long v)
    {
        detail::WireWriter w;
        w.i64(v);
        return w.take();
    }
};

/// Python's multiprocessing.Manager(): a SyncManager started at once (Unix socket, random
/// authkey unless given). The destructor shuts it down.
class Manager : public SyncManager {
public:
    explicit Manager(Address address = {}, std::string authkey = {});
};

} // namespace proclab

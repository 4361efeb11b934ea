#pragma once
// The proxies of a Manager's objects (proclab/manager.h): Address, the token a proxy travels as,
// BaseProxy and the typed proxies (queues, locks, events, conditions, barriers, values, arrays,
// lists, dicts, namespaces). Included by proclab/manager.h, which documents their contract.

#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <proclab/detail/manager_types.h>
#include <proclab/detail/manager_wire.h>
#include <proclab/errors.h>
#include <proclab/serialize.h>
#include <proclab/task.h>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace proclab {

class Process;

/// Where a manager listens: a Unix socket path (the default) or a TCP host and port.
struct Address {
    enum class Family { Unix, Tcp };
    Family family = Family::Unix;
    std::string path;       ///< Unix: empty → a fresh path in a private 0700 directory at start()
    std::string host;       ///< Tcp: empty → 127.0.0.1 (loopback)
    std::uint16_t port = 0; ///< Tcp: 0 → any free port, known after start()

    static Address unix_socket(std::string path = {}) { return {Family::Unix, std::move(path), {}, 0}; }
    static Address tcp(std::string host = "127.0.0.1", std::uint16_t port = 0)
    {
        return {Family::Tcp, {}, std::move(host), port};
    }
    /// "unix:/path", "/path", "tcp:host:port" or "host:port". ValueError on anything else.
    static Address parse(std::string_view text);
    /// "unix:/path" or "tcp:host:port"; parse(to_string()) == *this.
    std::string to_string() const;
    bool operator==(const Address&) const = default;

    template <class Archive>
    void serialize(Archive& ar)
    {
        ar(family, path, host, port);
    }
};

namespace detail {

/// What a proxy needs to reach its object from any process.
struct ProxyToken {
    Address address;
    std::string authkey;
    std::uint64_t id = 0;
    std::string kind; ///< the object's type: "Queue", "Lock", "dict", a registered type id...

    template <class Archive>
    void serialize(Archive& ar)
    {
        ar(address, authkey, id, kind);
    }
};

class ProxyLink; // a connection, opened lazily (src/manager/client.cpp)
struct ProxyLinkDeleter {
    void operator()(ProxyLink* link) const noexcept;
};

} // namespace detail

/// The base of every proxy: the token and the connection. An empty proxy (default-constructed or
/// moved from) throws ValueError on use.
class BaseProxy {
public:
    BaseProxy() noexcept;
    BaseProxy(const BaseProxy& other);
    BaseProxy& operator=(const BaseProxy& other);
    BaseProxy(BaseProxy&&) noexcept;
    BaseProxy& operator=(BaseProxy&&) noexcept;
    ~BaseProxy();

    bool valid() const noexcept { return m_token.id != 0; }
    /// The manager's address, the object's id in it and its type ("Queue", "Lock", "Counter"...).
    const Address& address() const noexcept { return m_token.address; }
    std::uint64_t id() const noexcept { return m_token.id; }
    const std::string& kind() const noexcept { return m_token.kind; }
    /// One round trip to the server without touching the object (connection check, benchmarks).
    void ping() const;

    template <class Archive>
    void save(Archive& ar) const
    {
        ar(m_token);
    }
    template <class Archive>
    void load(Archive& ar)
    {
        detail::ProxyToken token;
        ar(token);
        *this = BaseProxy(std::move(token));
    }

    /// Internal.
    explicit BaseProxy(detail::ProxyToken token);
    const detail::ProxyToken& token() const noexcept { return m_token; }
    /// Calls `method` with encoded `args`; returns the encoded result. Throws the server's error.
    std::string call_raw(std::string_view method, std::string_view args = {}) const;

protected:
    template <class T>
    T call_value(std::string_view method, std::string_view args = {}) const
    {
        return detail::decode_value<T>(call_raw(method, args));
    }
    /// The arguments of a call that may wait: the timeout (none: forever).
    static std::string timeout_args(std::optional<std::chrono::nanoseconds> timeout)
    {
        return detail::WireWriter().timeout(timeout).take();
    }
    /// The arguments of a call that may block (`block`) and wait (the timeout).
    static std::string blocking_args(bool block, std::optional<std::chrono::nanoseconds> timeout)
    {
        return detail::WireWriter().boolean(block).timeout(timeout).take();
    }
    bool call_bool(std::string_view method, std::string_view args = {}) const;
    std::uint64_t call_u64(std::string_view method, std::string_view args = {}) const;

private:
    friend class BaseManager;
    detail::ProxyToken m_token;
    std::unique_ptr<detail::ProxyLink, detail::ProxyLinkDeleter> m_link;
};

/// Python's AutoProxy: any object, its exposed methods called by name. Arguments and results are
/// serialized (cereal, as task arguments); their types must match the registered method's.
class Proxy : public BaseProxy {
public:
    using BaseProxy::BaseProxy;
    static bool accepts(std::string_view) noexcept { return true; }

    /// Calls an exposed method. RemoteError: the method threw, is not exposed ("AttributeError"),
    /// or the arguments do not match its parameters.
    template <class R = void, class... A>
    R call(std::string_view method, const A&... args) const
    {
        std::string encoded;
        detail::append_arguments(encoded, std::tuple<std::decay_t<A>...>(args...));
        std::string result = call_raw(method, encoded);
        if constexpr (!std::is_void_v<R>) {
            auto [value] = detail::decode_arguments<std::tuple<R>>(result);
            return value;
        }
    }
};

/// Python's Queue proxy (queue.Queue in the server).
template <class T>
class QueueProxy : public BaseProxy {
public:
    using BaseProxy::BaseProxy;
    static bool accepts(std::string_view k) noexcept { return k == "Queue" || k == "JoinableQueue"; }

    /// Appends `v`, waiting while full (forever, or up to `timeout`: then Full).
    void put(const T& v) const { put_impl(v, true, std::nullopt); }
    void put(const T& v, std::chrono::nanoseconds timeout) const { put_impl(v, true, timeout); }
    void put_nowait(const T& v) const { put_impl(v, false, std::nullopt); }
    /// Removes and returns the oldest item, waiting while empty (forever, or up to `timeout`: Empty).
    T get() const { return get_impl(true, std::nullopt); }
    T get(std::chrono::nanoseconds timeout) const { return get_impl(true, timeout); }
    T get_nowait() const { return get_impl(false, std::nullopt); }
    std::size_t qsize() const { return std::size_t(call_u64("qsize")); }
    bool empty() const { return call_bool("empty"); }
    bool full() const { return call_bool("full"); }

private:
    void put_impl(const T& v, bool block, std::optional<std::chrono::nanoseconds> timeout) const
    {
        call_raw("put", blocking_args(block, timeout) + detail::encode_value(v));
    }
    T get_impl(bool block, std::optional<std::chrono::nanoseconds> timeout) const
    {
        return call_value<T>("get", blocking_args(block, timeout));
    }
};

/// Python's JoinableQueue proxy: task_done() and join() as well.
template <class T>
class JoinableQueueProxy : public QueueProxy<T> {
public:
    using QueueProxy<T>::QueueProxy;
    static bool accepts(std::string_view k) noexcept { return k == "JoinableQueue"; }
    /// ValueError when called more times than items were put.
    void task_done() const { this->call_raw("task_done"); }
    /// Waits until every item put was task_done(); false when `timeout` passed first.
    void join() const { this->call_bool("join", this->timeout_args(std::nullopt)); }
    bool join(std::chrono::nanoseconds timeout) const { return this->call_bool("join", this->timeout_args(timeout)); }
};

/// Python's AcquirerProxy: Lock, RLock, Semaphore, BoundedSemaphore (and Condition's lock).
/// Lockable, so std::lock_guard / std::unique_lock work. Ownership is per connection (proxy copy).
class AcquirerProxy : public BaseProxy {
public:
    using BaseProxy::BaseProxy;
    static bool accepts(std::string_view k) noexcept
    {
        return k == "Lock" || k == "RLock" || k == "Semaphore" || k == "BoundedSemaphore" || k == "Condition";
    }
    /// Blocks until acquired; true. A Lock acquired twice through one proxy → ValueError (use RLock).
    bool acquire() const { return acquire_impl(true, std::nullopt); }
    /// false when `timeout` passed first.
    bool acquire(std::chrono::nanoseconds timeout) const { return acquire_impl(true, timeout); }
    bool try_acquire() const { return acquire_impl(false, std::nullopt); }
    /// ValueError when this proxy does not hold it (a BoundedSemaphore: above its initial value).
    void release() const { call_raw("release"); }

    void lock() const { acquire(); }
    void unlock() const { release(); }
    bool try_lock() const { return try_acquire(); }
    template <class Rep, class Period>
    bool try_lock_for(const std::chrono::duration<Rep, Period>& d) const
    {
        return acquire(std::chrono::duration_cast<std::chrono::nanoseconds>(d));
    }

private:
    bool acquire_impl(bool block, std::optional<std::chrono::nanoseconds> timeout) const
    {
        return call_bool("acquire", blocking_args(block, timeout));
    }
};
using LockProxy = AcquirerProxy;
using RLockProxy = AcquirerProxy;

class SemaphoreProxy : public AcquirerProxy {
public:
    using AcquirerProxy::AcquirerProxy;
    static bool accepts(std::string_view k) noexcept { return k == "Semaphore" || k == "BoundedSemaphore"; }
    /// The counter now.
    long long get_value() const { return static_cast<long long>(call_u64("get_value")); }
};

/// Python's EventProxy.
class EventProxy : public BaseProxy {
public:
    using BaseProxy::BaseProxy;
    static bool accepts(std::string_view k) noexcept { return k == "Event"; }
    void set() const { call_raw("set"); }
    void clear() const { call_raw("clear"); }
    bool is_set() const { return call_bool("is_set"); }
    /// Waits until set; returns the flag (false: timed out).
    bool wait() const { return call_bool("wait", timeout_args(std::nullopt)); }
    bool wait(std::chrono::nanoseconds timeout) const { return call_bool("wait", timeout_args(timeout)); }
};

/// Python's ConditionProxy (its lock is an RLock). wait/notify require holding it (ValueError).
class ConditionProxy : public AcquirerProxy {
public:
    using AcquirerProxy::AcquirerProxy;
    static bool accepts(std::string_view k) noexcept { return k == "Condition"; }
    /// Releases the lock, waits for a notify (or the timeout: false), re-acquires.
    bool wait() const { return call_bool("wait", timeout_args(std::nullopt)); }
    bool wait(std::chrono::nanoseconds timeout) const { return call_bool("wait", timeout_args(timeout)); }
    /// Waits until pred() (evaluated here, holding the lock) or the timeout; returns pred().
    template <class Pred>
    bool wait_for(Pred pred, std::optional<std::chrono::nanoseconds> timeout = std::nullopt) const
    {
        const auto end =
            timeout ? std::chrono::steady_clock::now() + *timeout : std::chrono::steady_clock::time_point::max();
        bool result = pred();
        while (!result) {
            if (timeout) {
                const auto left = end - std::chrono::steady_clock::now();
                if (left <= std::chrono::nanoseconds(0))
                    break;
                wait(std::chrono::duration_cast<std::chrono::nanoseconds>(left));
            } else {
                wait();
            }
            result = pred();
        }
        return result;
    }
    void notify(unsigned n = 1) const
    {
        detail::WireWriter w;
        w.u32(n);
        call_raw("notify", w.str());
    }
    void notify_all() const { call_raw("notify_all"); }
};

/// Python's BarrierProxy.
class BarrierProxy : public BaseProxy {
public:
    using BaseProxy::BaseProxy;
    static bool accepts(std::string_view k) noexcept { return k == "Barrier"; }
    /// Waits for all parties; returns this party's index (0..parties-1). BrokenBarrierError when
    /// aborted, reset or timed out (the barrier's default timeout when none is given).
    unsigned wait() const { return unsigned(call_u64("wait", timeout_args(std::nullopt))); }
    unsigned wait(std::chrono::nanoseconds timeout) const { return unsigned(call_u64("wait", timeout_args(timeout))); }
    void abort() const { call_raw("abort"); }
    void reset() const { call_raw("reset"); }
    unsigned parties() const { return unsigned(call_u64("parties")); }
    unsigned n_waiting() const { return unsigned(call_u64("n_waiting")); }
    bool broken() const { return call_bool("broken"); }
};

/// Python's ValueProxy: get() and set(); not atomic read-modify-write (use a manager Lock).
template <class T>
class ValueProxy : public BaseProxy {
public:
    using BaseProxy::BaseProxy;
    static bool accepts(std::string_view k) noexcept { return k == "Value"; }
    T get() const { return call_value<T>("get"); }
    void set(const T& v) const { call_raw("set", detail::encode_value(v)); }
};

/// Python's ArrayProxy: a fixed-size sequence. Indexes may be negative (from the end); out of
/// range → RemoteError "IndexError".
template <class T>
class ArrayProxy : public BaseProxy {
public:
    using BaseProxy::BaseProxy;
    static bool accepts(std::string_view k) noexcept { return k == "Array"; }
    std::size_t size() const { return std::size_t(call_u64("len")); }
    T get(std::ptrdiff_t i) const { return call_value<T>("getitem", index(i)); }
    T operator[](std::ptrdiff_t i) const { return get(i); }
    void set(std::ptrdiff_t i, const T& v) const { call_raw("setitem", index(i) + detail::encode_value(v)); }
    std::vector<T> tolist() const { return detail::decode_list<T>(call_raw("tolist")); }

protected:
    static std::string index(std::ptrdiff_t i)
    {
        detail::WireWriter w;
        w.i64(i);
        return w.take();
    }
};

/// Python's ListProxy: a growable sequence. Equality (remove, index, count, contains) compares the
/// encoded values.
template <class T>
class ListProxy : public ArrayProxy<T> {
public:
    using ArrayProxy<T>::ArrayProxy;
    static bool accepts(std::string_view k) noexcept { return k == "list"; }
    void append(const T& v) const { this->call_raw("append", detail::encode_value(v)); }
    void extend(const std::vector<T>& vs) const { this->call_raw("extend", detail::encode_list(vs)); }
    void insert(std::ptrdiff_t i, const T& v) const
    {
        this->call_raw("insert", this->index(i) + detail::encode_value(v));
    }
    /// Removes and returns item `i` (the last by default). RemoteError "IndexError" when empty.
    T pop(std::ptrdiff_t i = -1) const { return this->template call_value<T>("pop", this->index(i)); }
    /// Removes the first item equal to `v`; RemoteError "ValueError" when there is none.
    void remove(const T& v) const { this->call_raw("remove", detail::encode_value(v)); }
    /// Position of the first item equal to `v`; RemoteError "ValueError" when there is none.
    std::size_t index_of(const T& v) const { return std::size_t(this->call_u64("index", detail::encode_value(v))); }
    std::size_t count(const T& v) const { return std::size_t(this->call_u64("count", detail::encode_value(v))); }
    bool contains(const T& v) const { return this->call_bool("contains", detail::encode_value(v)); }
    void clear() const { this->call_raw("clear"); }
};

/// Python's DictProxy: insertion-ordered, keys compared by their encoding.
template <class K, class V>
class DictProxy : public BaseProxy {
public:
    using BaseProxy::BaseProxy;
    static bool accepts(std::string_view k) noexcept { return k == "dict"; }
    /// d[k]: RemoteError "KeyError" when absent.
    V at(const K& k) const { return call_value<V>("getitem", key(k)); }
    V operator[](const K& k) const { return at(k); }
    /// d.get(k): nullopt when absent.
    std::optional<V> get(const K& k) const
    {
        const std::string r = call_raw("get", key(k));
        if (r.empty())
            return std::nullopt;
        return detail::decode_value<V>(std::string_view(r).substr(1));
    }
    V get(const K& k, const V& fallback) const { return get(k).value_or(fallback); }
    void set(const K& k, const V& v) const
    {
        detail::WireWriter w;
        w.bytes(detail::encode_value(k)).bytes(detail::encode_value(v));
        call_raw("setitem", w.str());
    }
    /// d.setdefault(k, v): the value for k, inserting v first when absent.
    V setdefault(const K& k, const V& v) const
    {
        detail::WireWriter w;
        w.bytes(detail::encode_value(k)).bytes(detail::encode_value(v));
        return call_value<V>("setdefault", w.str());
    }
    /// del d[k]: false when absent.
    bool erase(const K& k) const { return call_bool("delitem", key(k)); }
    /// d.pop(k): RemoteError "KeyError" when absent.
    V pop(const K& k) const { return call_value<V>("pop", key(k)); }
    bool contains(const K& k) const { return call_bool("contains", key(k)); }
    std::size_t size() const { return std::size_t(call_u64("len")); }
    void clear() const { call_raw("clear"); }
    std::vector<K> keys() const { return detail::decode_list<K>(call_raw("keys")); }
    std::vector<V> values() const { return detail::decode_list<V>(call_raw("values")); }
    /// (key, value) pairs in insertion order.
    std::vector<std::pair<K, V>> items() const
    {
        const std::string r = call_raw("items");
        detail::WireReader in(r);
        std::vector<std::pair<K, V>> out(in.u32());
        for (auto& [k, v] : out) {
            k = detail::decode_value<K>(in.bytes());
            v = detail::decode_value<V>(in.bytes());
        }
        return out;
    }
    void update(const std::vector<std::pair<K, V>>& pairs) const
    {
        detail::WireWriter w;
        w.u32(std::uint32_t(pairs.size()));
        for (const auto& [k, v] : pairs)
            w.bytes(detail::encode_value(k)).bytes(detail::encode_value(v));
        call_raw("update", w.str());
    }
    std::map<K, V> copy() const
    {
        std::map<K, V> out;
        for (auto& [k, v] : items())
            out.emplace(std::move(k), std::move(v));
        return out;
    }

private:
    static std::string key(const K& k) { return detail::encode_value(k); }
};

/// Python's NamespaceProxy: named attributes of any serializable type.
class NamespaceProxy : public BaseProxy {
public:
    using BaseProxy::BaseProxy;
    static bool accepts(std::string_view k) noexcept { return k == "Namespace"; }
    /// ns.name: RemoteError "AttributeError" when there is no such attribute.
    template <class T>
    T get(std::string_view name) const
    {
        detail::WireWriter w;
        w.bytes(name);
        return call_value<T>("getattr", w.str());
    }
    template <class T>
    void set(std::string_view name, const T& v) const
    {
        detail::WireWriter w;
        w.bytes(name).bytes(detail::encode_value(v));
        call_raw("setattr", w.str());
    }
    bool has(std::string_view name) const
    {
        detail::WireWriter w;
        w.bytes(name);
        return call_bool("hasattr", w.str());
    }
    /// del ns.name: false when absent.
    bool del(std::string_view name) const
    {
        detail::WireWriter w;
        w.bytes(name);
        return call_bool("delattr", w.str());
    }
    /// Attribute names, sorted.
    std::vector<std::string> names() const { return detail::decode_list<std::string>(call_raw("names")); }
};

} // namespace proclab

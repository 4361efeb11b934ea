// The Manager's server: one thread per connection (a blocking call never stalls other clients),
// objects held in this process and guarded by their own mutex.

#include "manager/server.h"
#include "shm/segment_registry.h"
#include <proclab/detail/monitor.h>

#include "manager/net.h"
#include "manager/protocol.h"

#include <proclab/detail/manager_wire.h>
#include <proclab/errors.h>

#include <dirent.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <list>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace proclab::detail::manager {

namespace {

using Clock = std::chrono::steady_clock;
using Deadline = std::optional<Clock::time_point>;

/// An error to send back: `builtin` errors are rethrown as the ProcLab type of that name.
struct Failure {
    std::string type;
    std::string message;
    bool builtin = true;
};
[[noreturn]] void fail(std::string type, std::string message, bool builtin = true)
{
    throw Failure{std::move(type), std::move(message), builtin};
}
/// The client hung up while its call was blocked: drop the connection without replying.
struct Cancelled {};

/// How often a blocked call checks that its client is still connected.
constexpr auto kHangupCheck = std::chrono::milliseconds(100);

/// The context of one call: who makes it, and how it waits.
struct Call {
    std::uint64_t conn = 0;
    int fd = -1;

    bool client_gone() const
    {
        pollfd p{fd, POLLRDHUP, 0};
        return ::poll(&p, 1, 0) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL));
    }
    /// Waits on `cv` until pred() (true) or the deadline (false). Throws Cancelled when the client
    /// hangs up meanwhile (passing the wake-up it may have consumed on to another waiter).
    template <class Pred>
    bool wait(std::unique_lock<std::mutex>& lock, std::condition_variable& cv, Deadline deadline, Pred pred) const
    {
        for (;;) {
            if (pred())
                return true;
            const auto now = Clock::now();
            if (deadline && now >= *deadline)
                return false;
            auto until = now + kHangupCheck;
            if (deadline && *deadline < until)
                until = *deadline;
            if (cv.wait_until(lock, until) == std::cv_status::timeout && client_gone()) {
                cv.notify_all();
                throw Cancelled{};
            }
        }
    }
};

Deadline deadline_of(std::optional<std::chrono::nanoseconds> timeout)
{
    if (!timeout)
        return std::nullopt;
    return Clock::now() + *timeout;
}

std::string u8_result(bool v)
{
    return std::string(1, v ? '\1' : '\0');
}
std::string u64_result(std::uint64_t v)
{
    return std::string(reinterpret_cast<const char*>(&v), sizeof v);
}

class Object {
public:
    virtual ~Object() = default;
    virtual std::string call(std::string_view method, WireReader& in, Call& c) = 0;
    /// The connection `conn` is gone: release what it owns.
    virtual void disconnected(std::uint64_t) {}
    /// Objects that a connection can own (locks): told when it goes.
    virtual bool owned_by_connections() const { return false; }

    std::string kind;
    std::uint64_t id = 0;

protected:
    [[noreturn]] void no_method(std::string_view method) const
    {
        fail("AttributeError",
             "'" + kind + "' object " + std::to_string(id) + " has no method '" + std::string(method) + "'", false);
    }
    std::string what() const { return kind + " " + std::to_string(id); }
    std::mutex m_mutex;
};

class QueueObject final : public Object {
public:
    QueueObject(std::int64_t maxsize, bool joinable)
        : m_maxsize(maxsize)
        , m_joinable(joinable)
    {
    }

    std::string call(std::string_view method, WireReader& in, Call& c) override
    {
        std::unique_lock lock(m_mutex);
        if (method == "put") {
            const bool block = in.boolean();
            const auto timeout = in.timeout();
            const std::string_view item = in.rest();
            auto room = [&] { return m_maxsize <= 0 || std::int64_t(m_items.size()) < m_maxsize; };
            if (!(block ? c.wait(lock, m_not_full, deadline_of(timeout), room) : room()))
                fail("proclab::Full", "manager " + what() + " is full");
            m_items.emplace_back(item);
            if (m_joinable)
                ++m_unfinished;
            m_not_empty.notify_one();
            return {};
        }
        if (method == "get") {
            const bool block = in.boolean();
            const auto timeout = in.timeout();
            auto any = [&] { return !m_items.empty(); };
            if (!(block ? c.wait(lock, m_not_empty, deadline_of(timeout), any) : any()))
                fail("proclab::Empty", "manager " + what() + " is empty");
            std::string item = std::move(m_items.front());
            m_items.pop_front();
            m_not_full.notify_one();
            return item;
        }
        if (method == "qsize")
            return u64_result(m_items.size());
        if (method == "empty")
            return u8_result(m_items.empty());
        if (method == "full")
            return u8_result(m_maxsize > 0 && std::int64_t(m_items.size()) >= m_maxsize);
        if (m_joinable && method == "task_done") {
            if (m_unfinished == 0)
                fail("proclab::ValueError", "task_done() called too many times on manager " + what());
            if (--m_unfinished == 0)
                m_all_done.notify_all();
            return {};
        }
        if (m_joinable && method == "join") {
            const auto timeout = in.timeout();
            return u8_result(c.wait(lock, m_all_done, deadline_of(timeout), [&] { return m_unfinished == 0; }));
        }
        no_method(method);
    }

private:
    std::int64_t m_maxsize;
    bool m_joinable;
    std::uint64_t m_unfinished = 0;
    std::deque<std::string> m_items;
    std::condition_variable m_not_empty, m_not_full, m_all_done;
};

/// Lock, RLock and Condition: owned by a connection.
class LockObject : public Object {
public:
    explicit LockObject(bool recursive)
        : m_recursive(recursive)
    {
    }
    bool owned_by_connections() const override { return true; }

    std::string call(std::string_view method, WireReader& in, Call& c) override
    {
        std::unique_lock lock(m_mutex);
        if (method == "acquire") {
            const bool block = in.boolean();
            const auto timeout = in.timeout();
            return u8_result(acquire(lock, c, block, deadline_of(timeout)));
        }
        if (method == "release") {
            if (m_owner != c.conn)
                fail("proclab::ValueError", m_recursive
                                                ? "cannot release un-acquired or unowned " + what()
                                                : "cannot release un-acquired " + what() + " (not held by this proxy)");
            if (--m_depth == 0) {
                m_owner = 0;
                m_free.notify_one();
            }
            return {};
        }
        return more(method, in, c, lock);
    }

    void disconnected(std::uint64_t conn) override
    {
        std::lock_guard lock(m_mutex);
        if (m_owner == conn) {
            m_owner = 0;
            m_depth = 0;
            m_free.notify_one();
        }
    }

protected:
    virtual std::string more(std::string_view method, WireReader&, Call&, std::unique_lock<std::mutex>&)
    {
        no_method(method);
    }
    bool acquire(std::unique_lock<std::mutex>& lock, Call& c, bool block, Deadline deadline)
    {
        if (m_owner == c.conn) {
            if (!m_recursive)
                fail("proclab::ValueError",
                     what() + " is already held by this proxy: a Lock is not re-entrant (use RLock)");
            ++m_depth;
            return true;
        }
        auto free = [&] { return m_owner == 0; };
        if (!(block ? c.wait(lock, m_free, deadline, free) : free()))
            return false;
        m_owner = c.conn;
        m_depth = 1;
        return true;
    }

    bool m_recursive;
    std::uint64_t m_owner = 0;
    std::uint32_t m_depth = 0;
    std::condition_variable m_free;
};

class ConditionObject final : public LockObject {
public:
    ConditionObject()
        : LockObject(true)
    {
    }

protected:
    std::string more(std::string_view method, WireReader& in, Call& c, std::unique_lock<std::mutex>& lock) override
    {
        if (method == "wait") {
            const auto timeout = in.timeout();
            if (m_owner != c.conn)
                fail("proclab::ValueError", "cannot wait on un-acquired " + what());
            const std::uint32_t depth = m_depth;
            m_owner = 0;
            m_depth = 0;
            m_free.notify_one();
            auto ticket = std::make_shared<bool>(false);
            m_waiters.push_back(ticket);
            bool notified = false;
            try {
                notified = c.wait(lock, m_notified, deadline_of(timeout), [&] { return *ticket; });
            } catch (const Cancelled&) {
                m_waiters.remove(ticket);
                throw;
            }
            if (!notified)
                m_waiters.remove(ticket);
            c.wait(lock, m_free, std::nullopt, [&] { return m_owner == 0; });
            m_owner = c.conn;
            m_depth = depth;
            return u8_result(notified);
        }
        if (method == "notify" || method == "notify_all") {
            std::uint32_t n = method == "notify" ? in.u32() : std::uint32_t(-1);
            if (m_owner != c.conn)
                fail("proclab::ValueError", "cannot notify on un-acquired " + what());
            for (; n > 0 && !m_waiters.empty(); --n) {
                *m_waiters.front() = true;
                m_waiters.pop_front();
            }
            m_notified.notify_all();
            return {};
        }
        no_method(method);
    }

private:
    std::list<std::shared_ptr<bool>> m_waiters;
    std::condition_variable m_notified;
};

class SemaphoreObject final : public Object {
public:
    SemaphoreObject(std::int64_t value, bool bounded)
        : m_value(value)
        , m_initial(value)
        , m_bounded(bounded)
    {
        if (value < 0)
            fail("proclab::ValueError", "semaphore initial value must be >= 0");
    }
    std::string call(std::string_view method, WireReader& in, Call& c) override
    {
        std::unique_lock lock(m_mutex);
        if (method == "acquire") {
            const bool block = in.boolean();
            const auto timeout = in.timeout();
            auto positive = [&] { return m_value > 0; };
            if (!(block ? c.wait(lock, m_positive, deadline_of(timeout), positive) : positive()))
                return u8_result(false);
            --m_value;
            return u8_result(true);
        }
        if (method == "release") {
            if (m_bounded && m_value >= m_initial)
                fail("proclab::ValueError", what() + " released too many times");
            ++m_value;
            m_positive.notify_one();
            return {};
        }
        if (method == "get_value")
            return u64_result(std::uint64_t(m_value));
        no_method(method);
    }

private:
    std::int64_t m_value, m_initial;
    bool m_bounded;
    std::condition_variable m_positive;
};

class EventObject final : public Object {
public:
    std::string call(std::string_view method, WireReader& in, Call& c) override
    {
        std::unique_lock lock(m_mutex);
        if (method == "set") {
            m_flag = true;
            m_changed.notify_all();
            return {};
        }
        if (method == "clear") {
            m_flag = false;
            return {};
        }
        if (method == "is_set")
            return u8_result(m_flag);
        if (method == "wait") {
            const auto timeout = in.timeout();
            return u8_result(c.wait(lock, m_changed, deadline_of(timeout), [&] { return m_flag; }));
        }
        no_method(method);
    }

private:
    bool m_flag = false;
    std::condition_variable m_changed;
};

class BarrierObject final : public Object {
public:
    BarrierObject(std::uint32_t parties, std::optional<std::chrono::nanoseconds> timeout)
        : m_parties(parties)
        , m_timeout(timeout)
    {
        if (parties == 0)
            fail("proclab::ValueError", "a Barrier needs at least one party");
    }
    bool owned_by_connections() const override { return true; }

    std::string call(std::string_view method, WireReader& in, Call& c) override
    {
        std::unique_lock lock(m_mutex);
        if (method == "wait") {
            auto timeout = in.timeout();
            if (!timeout)
                timeout = m_timeout;
            if (m_broken)
                fail("proclab::BrokenBarrierError", "manager " + what() + " is broken");
            const std::uint32_t index = m_count++;
            auto gen = m_gen;
            if (m_count == m_parties) {
                gen->passed = true;
                next_generation();
                return u64_result(index);
            }
            gen->waiters.push_back(c.conn);
            bool done = false;
            try {
                done = c.wait(lock, m_changed, deadline_of(timeout), [&] { return gen->passed || gen->broken; });
            } catch (const Cancelled&) {
                break_now(); // a party that vanished can never arrive
                throw;
            }
            if (!done)
                break_now();
            if (!gen->passed)
                fail("proclab::BrokenBarrierError",
                     "manager " + what() + (done ? " was broken (abort or reset)" : " timed out"));
            return u64_result(index);
        }
        if (method == "abort") {
            break_now();
            return {};
        }
        if (method == "reset") {
            if (m_count > 0) {
                m_gen->broken = true;
                m_changed.notify_all();
            }
            next_generation();
            m_broken = false;
            return {};
        }
        if (method == "parties")
            return u64_result(m_parties);
        if (method == "n_waiting")
            return u64_result(m_count);
        if (method == "broken")
            return u8_result(m_broken);
        no_method(method);
    }

private:
    struct Generation {
        bool passed = false;
        bool broken = false;
        std::vector<std::uint64_t> waiters;
    };
    void next_generation()
    {
        m_gen = std::make_shared<Generation>();
        m_count = 0;
        m_changed.notify_all();
    }
    void break_now()
    {
        m_broken = true;
        m_gen->broken = true;
        m_count = 0;
        m_gen = std::make_shared<Generation>();
        m_changed.notify_all();
    }

    std::uint32_t m_parties;
    std::optional<std::chrono::nanoseconds> m_timeout;
    std::uint32_t m_count = 0;
    bool m_broken = false;
    std::shared_ptr<Generation> m_gen = std::make_shared<Generation>();
    std::condition_variable m_changed;
};

class ValueObject final : public Object {
public:
    explicit ValueObject(std::string_view v)
        : m_value(v)
    {
    }
    std::string call(std::string_view method, WireReader& in, Call&) override
    {
        std::lock_guard lock(m_mutex);
        if (method == "get")
            return m_value;
        if (method == "set") {
            m_value = std::string(in.rest());
            return {};
        }
        no_method(method);
    }

private:
    std::string m_value;
};

std::vector<std::string> read_list(WireReader& in)
{
    const std::uint32_t n = in.u32();
    std::vector<std::string> out;
    out.reserve(std::min<std::size_t>(n, in.remaining() / 4));
    for (std::uint32_t i = 0; i < n; ++i)
        out.emplace_back(in.bytes());
    return out;
}

std::string write_list(const std::vector<std::string>& items)
{
    WireWriter w;
    w.u32(std::uint32_t(items.size()));
    for (const auto& v : items)
        w.bytes(v);
    return w.take();
}

/// Array (fixed size) and list.
class SequenceObject final : public Object {
public:
    SequenceObject(std::vector<std::string> items, bool growable)
        : m_items(std::move(items))
        , m_growable(growable)
    {
    }

    std::string call(std::string_view method, WireReader& in, Call&) override
    {
        std::lock_guard lock(m_mutex);
        if (method == "len")
            return u64_result(m_items.size());
        if (method == "getitem")
            return m_items[index(in.i64())];
        if (method == "setitem") {
            const std::size_t i = index(in.i64());
            m_items[i] = std::string(in.rest());
            return {};
        }
        if (method == "tolist")
            return write_list(m_items);
        if (!m_growable)
            no_method(method);
        if (method == "append") {
            m_items.emplace_back(in.rest());
            return {};
        }
        if (method == "extend") {
            for (auto& v : read_list(in))
                m_items.push_back(std::move(v));
            return {};
        }
        if (method == "insert") {
            std::int64_t i = in.i64();
            const std::int64_t n = std::int64_t(m_items.size());
            i = i < 0 ? std::max<std::int64_t>(0, i + n) : std::min(i, n);
            m_items.insert(m_items.begin() + i, std::string(in.rest()));
            return {};
        }
        if (method == "pop") {
            if (m_items.empty())
                fail("IndexError", "pop from empty list (manager " + what() + ")", false);
            const std::size_t i = index(in.i64());
            std::string v = std::move(m_items[i]);
            m_items.erase(m_items.begin() + std::ptrdiff_t(i));
            return v;
        }
        const std::string_view v = in.rest();
        const auto it = std::find(m_items.begin(), m_items.end(), v);
        if (method == "remove" || method == "index") {
            if (it == m_items.end())
                fail("ValueError", "the value is not in manager " + what(), false);
            if (method == "index")
                return u64_result(std::uint64_t(it - m_items.begin()));
            m_items.erase(it);
            return {};
        }
        if (method == "count")
            return u64_result(std::uint64_t(std::count(m_items.begin(), m_items.end(), v)));
        if (method == "contains")
            return u8_result(it != m_items.end());
        if (method == "clear") {
            m_items.clear();
            return {};
        }
        no_method(method);
    }

private:
    std::size_t index(std::int64_t i) const
    {
        const std::int64_t n = std::int64_t(m_items.size());
        const std::int64_t j = i < 0 ? i + n : i;
        if (j < 0 || j >= n)
            fail("IndexError",
                 "index " + std::to_string(i) + " out of range for manager " + what() + " of size " + std::to_string(n),
                 false);
        return std::size_t(j);
    }
    std::vector<std::string> m_items;
    bool m_growable;
};

/// dict: insertion-ordered, keys compared by their bytes.
class DictObject final : public Object {
public:
    explicit DictObject(WireReader& in)
    {
        if (in.at_end())
            return;
        for (std::uint32_t n = in.u32(); n > 0; --n) {
            const std::string_view k = in.bytes();
            set(k, in.bytes());
        }
    }

    std::string call(std::string_view method, WireReader& in, Call&) override
    {
        std::lock_guard lock(m_mutex);
        if (method == "getitem" || method == "pop") {
            const std::string key(in.rest());
            auto it = m_index.find(key);
            if (it == m_index.end())
                fail("KeyError", "key of " + std::to_string(key.size()) + " bytes not in manager " + what(), false);
            std::string v = it->second->second;
            if (method == "pop") {
                m_items.erase(it->second);
                m_index.erase(it);
            }
            return v;
        }
        if (method == "get") {
            auto it = m_index.find(std::string(in.rest()));
            return it == m_index.end() ? std::string() : '\1' + it->second->second;
        }
        if (method == "setitem") {
            const std::string_view k = in.bytes();
            set(k, in.bytes());
            return {};
        }
        if (method == "setdefault") {
            const std::string k(in.bytes());
            const std::string_view v = in.bytes();
            auto it = m_index.find(k);
            if (it != m_index.end())
                return it->second->second;
            set(k, v);
            return std::string(v);
        }
        if (method == "update") {
            for (std::uint32_t n = in.u32(); n > 0; --n) {
                const std::string_view k = in.bytes();
                set(k, in.bytes());
            }
            return {};
        }
        if (method == "delitem") {
            auto it = m_index.find(std::string(in.rest()));
            if (it == m_index.end())
                return u8_result(false);
            m_items.erase(it->second);
            m_index.erase(it);
            return u8_result(true);
        }
        if (method == "contains")
            return u8_result(m_index.count(std::string(in.rest())) > 0);
        if (method == "len")
            return u64_result(m_items.size());
        if (method == "clear") {
            m_items.clear();
            m_index.clear();
            return {};
        }
        if (method == "keys" || method == "values" || method == "items") {
            WireWriter w;
            w.u32(std::uint32_t(m_items.size()));
            for (const auto& [k, v] : m_items) {
                if (method != "values")
                    w.bytes(k);
                if (method != "keys")
                    w.bytes(v);
            }
            return w.take();
        }
        no_method(method);
    }

private:
    void set(std::string_view k, std::string_view v)
    {
        std::string key(k);
        auto it = m_index.find(key);
        if (it != m_index.end()) {
            it->second->second = std::string(v);
            return;
        }
        m_items.emplace_back(key, std::string(v));
        m_index.emplace(std::move(key), std::prev(m_items.end()));
    }
    std::list<std::pair<std::string, std::string>> m_items;
    std::unordered_map<std::string, std::list<std::pair<std::string, std::string>>::iterator> m_index;
};

class NamespaceObject final : public Object {
public:
    std::string call(std::string_view method, WireReader& in, Call&) override
    {
        std::lock_guard lock(m_mutex);
        if (method == "names") {
            std::vector<std::string> names;
            for (const auto& [k, v] : m_attrs)
                names.push_back(k);
            return write_list(names);
        }
        const std::string name(in.bytes());
        if (method == "getattr") {
            auto it = m_attrs.find(name);
            if (it == m_attrs.end())
                fail("AttributeError", "manager " + what() + " has no attribute '" + name + "'", false);
            return it->second;
        }
        if (method == "setattr") {
            m_attrs[name] = std::string(in.bytes());
            return {};
        }
        if (method == "hasattr")
            return u8_result(m_attrs.count(name) > 0);
        if (method == "delattr")
            return u8_result(m_attrs.erase(name) > 0);
        no_method(method);
    }

private:
    std::map<std::string, std::string> m_attrs;
};

/// An object of a registered type; calls are serialized (a C++ object need not be thread-safe).
class CustomObject final : public Object {
public:
    CustomObject(std::shared_ptr<void> object, const TypeEntry& entry)
        : m_object(std::move(object))
        , m_entry(&entry)
    {
    }
    std::string call(std::string_view method, WireReader& in, Call&) override
    {
        auto it = m_entry->methods.find(method);
        if (it == m_entry->methods.end()) {
            std::string exposed;
            for (const auto& [name, f] : m_entry->methods)
                exposed += (exposed.empty() ? "" : ", ") + name;
            fail("AttributeError",
                 "method '" + std::string(method) + "' of " + what() +
                     " is not exposed (exposed: " + (exposed.empty() ? "none" : exposed) + ")",
                 false);
        }
        std::lock_guard lock(m_mutex);
        try {
            return it->second(m_object.get(), in.rest());
        } catch (const Failure&) {
            throw;
        } catch (const std::exception& e) {
            fail(exception_type_name(e), e.what(), false);
        }
    }

private:
    std::shared_ptr<void> m_object;
    const TypeEntry* m_entry;
};

std::shared_ptr<Object> make_builtin(std::string_view kind, std::string_view args)
{
    WireReader in(args);
    auto int_arg = [&](std::int64_t fallback) { return in.at_end() ? fallback : in.i64(); };
    if (kind == "Queue" || kind == "JoinableQueue")
        return std::make_shared<QueueObject>(int_arg(0), kind == "JoinableQueue");
    if (kind == "Lock" || kind == "RLock")
        return std::make_shared<LockObject>(kind == "RLock");
    if (kind == "Condition")
        return std::make_shared<ConditionObject>();
    if (kind == "Semaphore" || kind == "BoundedSemaphore")
        return std::make_shared<SemaphoreObject>(int_arg(1), kind == "BoundedSemaphore");
    if (kind == "Event")
        return std::make_shared<EventObject>();
    if (kind == "Barrier") {
        const std::uint32_t parties = in.at_end() ? 1 : in.u32();
        const auto timeout = in.at_end() ? std::nullopt : in.timeout();
        return std::make_shared<BarrierObject>(parties, timeout);
    }
    if (kind == "Value")
        return std::make_shared<ValueObject>(args);
    if (kind == "Array" || kind == "list")
        return std::make_shared<SequenceObject>(in.at_end() ? std::vector<std::string>() : read_list(in),
                                                kind == "list");
    if (kind == "dict")
        return std::make_shared<DictObject>(in);
    if (kind == "Namespace")
        return std::make_shared<NamespaceObject>();
    return nullptr;
}

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
            object = std::make_shared<CustomObject>(std::move(made), entry->second);
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

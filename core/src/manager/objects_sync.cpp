// The Manager's synchronization objects: Lock and RLock (owned by the connection that acquired
// them, released when it goes), Condition, Semaphore and BoundedSemaphore, Event and Barrier.
// All wait through Call::wait, so that a client that hangs up never holds a server thread.

#include "manager/objects.h"

#include <list>
#include <vector>

namespace proclab::detail::manager {

namespace {

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

} // namespace

std::shared_ptr<Object> make_sync_object(std::string_view kind, WireReader& in)
{
    auto int_arg = [&](std::int64_t fallback) { return in.at_end() ? fallback : in.i64(); };
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
    return nullptr;
}

} // namespace proclab::detail::manager

// The Manager's container objects: Queue and JoinableQueue, Value, Array and list, dict and
// Namespace. Items are opaque bytes (the client serializes them); a dict compares keys by their
// bytes and keeps insertion order.

#include "manager/objects.h"

#include <algorithm>
#include <deque>
#include <list>
#include <map>
#include <unordered_map>
#include <vector>

namespace proclab::detail::manager {

namespace {

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
            return u8_result(m_index.contains(std::string(in.rest())));
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
            return u8_result(m_attrs.contains(name));
        if (method == "delattr")
            return u8_result(m_attrs.erase(name) > 0);
        no_method(method);
    }

private:
    std::map<std::string, std::string> m_attrs;
};

} // namespace

std::shared_ptr<Object> make_container_object(std::string_view kind, WireReader& in, std::string_view args)
{
    if (kind == "Queue" || kind == "JoinableQueue")
        return std::make_shared<QueueObject>(in.at_end() ? 0 : in.i64(), kind == "JoinableQueue");
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

} // namespace proclab::detail::manager

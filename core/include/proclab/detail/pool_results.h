#pragma once
// Private to Pool: the shared state behind AsyncResult and IMapIterator. The pool's supervisor
// thread delivers each job's encoded results (or its failure) to the PoolSink of the submission,
// which decodes them, runs the user's callbacks and wakes the threads waiting in get() or next().
// Kept out of pool.h so that the API reads on its own; included by it (these are templates).

#include <proclab/errors.h>
#include <proclab/task.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace proclab::detail {

/// Receives the outcome of the jobs of one submission. Called on the supervisor thread only.
class PoolSink {
public:
    virtual ~PoolSink() = default;
    /// `count` results of tasks first..first+count-1: each is {u32 size; bytes}.
    virtual void deliver(std::size_t first, std::size_t count, std::string_view records) = 0;
    virtual void fail(std::size_t first, std::size_t count, std::exception_ptr error) = 0;
};

/// Writes `e` as a callback's failure to stderr (callbacks never break the pool).
void report_callback_exception(const char* which, std::exception_ptr e) noexcept;

/// Decodes one result value.
template <class R>
R decode_result(std::string_view bytes)
{
    if constexpr (raw_codec_v<R>) {
        if (bytes.size() != sizeof(R))
            throw ValueError("a task result of " + std::to_string(bytes.size()) + " bytes, expected " +
                             std::to_string(sizeof(R)));
        R r;
        std::memcpy(&r, bytes.data(), sizeof r);
        return r;
    } else {
        R r{};
        from_bytes(bytes, r);
        return r;
    }
}

/// Splits {u32 size; bytes} records.
class RecordReader {
public:
    explicit RecordReader(std::string_view data)
        : m_data(data)
    {
    }
    std::string_view next()
    {
        std::uint32_t n = 0;
        if (m_data.size() < sizeof n)
            throw ValueError("truncated pool result");
        std::memcpy(&n, m_data.data(), sizeof n);
        if (m_data.size() - sizeof n < n)
            throw ValueError("truncated pool result");
        std::string_view r = m_data.substr(sizeof n, n);
        m_data.remove_prefix(sizeof n + n);
        return r;
    }

private:
    std::string_view m_data;
};

/// Readiness and error of a result; the value lives in the derived state.
class ResultStateBase {
public:
    void wait() const
    {
        std::unique_lock lock(m_mutex);
        m_cv.wait(lock, [this] { return m_ready; });
    }
    bool wait_for(std::chrono::nanoseconds timeout) const
    {
        std::unique_lock lock(m_mutex);
        return m_cv.wait_for(lock, timeout, [this] { return m_ready; });
    }
    bool ready() const
    {
        std::lock_guard lock(m_mutex);
        return m_ready;
    }
    /// ValueError while not ready.
    bool successful() const
    {
        std::lock_guard lock(m_mutex);
        if (!m_ready)
            throw ValueError("AsyncResult: successful() before the result is ready");
        return !m_error;
    }
    void rethrow_if_failed() const
    {
        std::lock_guard lock(m_mutex);
        if (m_error)
            std::rethrow_exception(m_error);
    }

protected:
    void finish(std::exception_ptr error)
    {
        {
            std::lock_guard lock(m_mutex);
            m_ready = true;
            m_error = std::move(error);
        }
        m_cv.notify_all();
    }
    template <class Callback>
    static void run_error_callback(const Callback& cb, const std::exception_ptr& e) noexcept
    {
        if (!cb)
            return;
        try {
            std::rethrow_exception(e);
        } catch (const std::exception& err) {
            try {
                cb(err);
            } catch (...) {
                report_callback_exception("error_callback", std::current_exception());
            }
        } catch (...) {
        }
    }

    mutable std::mutex m_mutex;
    mutable std::condition_variable m_cv;
    bool m_ready = false;
    std::exception_ptr m_error;
};

template <class R>
using stored_t = std::conditional_t<std::is_void_v<R>, std::monostate, R>;

/// apply_async: one task.
template <class R>
class ApplyState final
    : public ResultStateBase
    , public PoolSink {
public:
    using ResultCallback =
        std::conditional_t<std::is_void_v<R>, std::function<void()>, std::function<void(const stored_t<R>&)>>;
    using ErrorCallback = std::function<void(const std::exception&)>;

    ApplyState(ResultCallback on_result, ErrorCallback on_error)
        : m_on_result(std::move(on_result))
        , m_on_error(std::move(on_error))
    {
    }
    void deliver(std::size_t, std::size_t, std::string_view records) override
    {
        try {
            RecordReader reader(records);
            const std::string_view bytes = reader.next();
            if constexpr (!std::is_void_v<R>)
                m_value = decode_result<R>(bytes);
        } catch (...) {
            fail(0, 1, std::current_exception());
            return;
        }
        if (m_on_result) {
            try {
                if constexpr (std::is_void_v<R>)
                    m_on_result();
                else
                    m_on_result(*m_value);
            } catch (...) {
                report_callback_exception("callback", std::current_exception());
            }
        }
        finish(nullptr);
    }
    void fail(std::size_t, std::size_t, std::exception_ptr error) override
    {
        run_error_callback(m_on_error, error);
        finish(std::move(error));
    }
    const std::optional<stored_t<R>>& value() const { return m_value; }

private:
    ResultCallback m_on_result;
    ErrorCallback m_on_error;
    std::optional<stored_t<R>> m_value;
};

/// map_async / starmap_async: every task, in order; the first failure fails the whole.
template <class R>
class MapState final
    : public ResultStateBase
    , public PoolSink {
public:
    using ResultCallback = std::function<void(const std::vector<R>&)>;
    using ErrorCallback = std::function<void(const std::exception&)>;

    MapState(std::size_t n, ResultCallback on_result, ErrorCallback on_error)
        : m_values(n)
        , m_remaining(n)
        , m_on_result(std::move(on_result))
        , m_on_error(std::move(on_error))
    {
        if (n == 0)
            finish(nullptr);
    }
    void deliver(std::size_t first, std::size_t count, std::string_view records) override
    {
        if (m_done)
            return;
        try {
            RecordReader reader(records);
            for (std::size_t i = 0; i < count; ++i)
                m_values[first + i] = decode_result<R>(reader.next());
        } catch (...) {
            fail(first, count, std::current_exception());
            return;
        }
        m_remaining -= count;
        if (m_remaining == 0) {
            m_done = true;
            if (m_on_result) {
                try {
                    m_on_result(m_values);
                } catch (...) {
                    report_callback_exception("callback", std::current_exception());
                }
            }
            finish(nullptr);
        }
    }
    void fail(std::size_t, std::size_t, std::exception_ptr error) override
    {
        if (m_done)
            return;
        m_done = true;
        run_error_callback(m_on_error, error);
        finish(std::move(error));
    }
    std::vector<R>& values() { return m_values; }

private:
    std::vector<R> m_values;
    std::size_t m_remaining;
    bool m_done = false;
    ResultCallback m_on_result;
    ErrorCallback m_on_error;
};

/// imap / imap_unordered: results handed out one by one.
template <class R>
class IMapState final : public PoolSink {
public:
    IMapState(std::size_t n, bool ordered)
        : m_n(n)
        , m_ordered(ordered)
    {
        if (ordered)
            m_slots.resize(n);
    }
    void deliver(std::size_t first, std::size_t count, std::string_view records) override
    {
        std::vector<Item> items;
        items.reserve(count);
        try {
            RecordReader reader(records);
            for (std::size_t i = 0; i < count; ++i)
                items.push_back(Item{decode_result<R>(reader.next()), nullptr});
        } catch (...) {
            fail(first, count, std::current_exception());
            return;
        }
        {
            std::lock_guard lock(m_mutex);
            for (std::size_t i = 0; i < count; ++i)
                put_locked(first + i, std::move(items[i]));
        }
        m_cv.notify_all();
    }
    void fail(std::size_t first, std::size_t count, std::exception_ptr error) override
    {
        {
            std::lock_guard lock(m_mutex);
            for (std::size_t i = 0; i < count; ++i)
                put_locked(first + i, Item{std::nullopt, error});
        }
        m_cv.notify_all();
    }
    /// nullopt when every result was handed out; TimeoutError after `timeout`.
    std::optional<R> next(std::optional<std::chrono::nanoseconds> timeout)
    {
        std::unique_lock lock(m_mutex);
        if (m_taken == m_n)
            return std::nullopt;
        auto available = [this] { return m_ordered ? m_slots[m_taken].has_value() : !m_arrived.empty(); };
        if (timeout) {
            if (!m_cv.wait_for(lock, *timeout, available))
                throw TimeoutError("imap: no result within the timeout");
        } else {
            m_cv.wait(lock, available);
        }
        Item item;
        if (m_ordered) {
            item = std::move(*m_slots[m_taken]);
            m_slots[m_taken].reset();
        } else {
            item = std::move(m_arrived.front());
            m_arrived.pop_front();
        }
        ++m_taken;
        if (item.error)
            std::rethrow_exception(item.error);
        return std::move(item.value);
    }

private:
    struct Item {
        std::optional<R> value;
        std::exception_ptr error;
    };
    void put_locked(std::size_t index, Item item)
    {
        if (m_ordered)
            m_slots[index] = std::move(item);
        else
            m_arrived.push_back(std::move(item));
    }

    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::size_t m_n;
    bool m_ordered;
    std::size_t m_taken = 0;
    std::vector<std::optional<Item>> m_slots;
    std::deque<Item> m_arrived;
};

} // namespace proclab::detail

#pragma once
// Pool: Python's multiprocessing.Pool — a fixed set of worker processes running registered tasks.
//
//   proclab::Pool pool({.processes = 4});
//   int r = pool.apply(square, 3);
//   proclab::AsyncResult<int> ar = pool.apply_async(square, 3, on_result, on_error);
//   std::vector<int> rs = pool.map(square, xs);          // chunksize 0: automatic, as Python
//   for (int v : pool.imap(square, xs)) ...
//   pool.close(); pool.join();                          // or pool.terminate(); the destructor terminates
//
// Workers are daemon Process objects started with the pool's start method (default
// get_start_method()); they run only functions registered with PROCLAB_TASK.
//
// Threads: each Pool owns one supervisor thread in the caller's process. It starts the workers
// (and their replacements), receives results, completes AsyncResults and runs the callbacks
// (on_result / on_error run ON THE SUPERVISOR THREAD, one at a time, before get() of that result
// returns; an exception thrown by a callback is written to stderr and ignored). A callback must not
// block on the pool (apply, map, get, join): that would wait for the thread that runs it. Submitting
// from a callback (apply_async, map_async) is fine: submission never blocks.
//
// Unlike Python: a worker that dies while running a task (SIGKILL, segfault, exit) fails exactly
// that task (or chunk) with WorkerLost within a second (or re-queues it, PoolOptions::retries), and
// is replaced; the pool goes on.
//
// Fork and threads: with StartMethod::Fork, replacement workers are forked by the supervisor thread
// while your other threads run (as Python's Pool does). ProcLab's own state is consistent in the
// child, but a lock held by another thread of your program at that moment stays locked in the
// worker. Programs with threads of their own should use ForkServer (or Spawn).

#include <proclab/detail/pool_engine.h>
#include <proclab/detail/pool_results.h>
#include <proclab/errors.h>
#include <proclab/process.h>
#include <proclab/task.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <ranges>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace proclab {

/// A registered task and its arguments, run once in each worker when it starts (Python's
/// initializer/initargs): `.initializer = init` or `.initializer = {init, 42, "x"}`.
class Initializer {
public:
    Initializer() = default;
    template <class F, class... A>
    requires detail::is_function_pointer_v<std::decay_t<F>>
    Initializer(F f, A&&... args) // NOLINT(google-explicit-constructor): designated initializers
    {
        using Fn = std::decay_t<F>;
        using Args = typename detail::function_traits<Fn>::args;
        static_assert(std::tuple_size_v<Args> == sizeof...(A), "wrong number of arguments for the initializer");
        m_function = reinterpret_cast<const void*>(Fn(f));
        m_args = to_bytes(Args(std::forward<A>(args)...));
    }
    explicit operator bool() const noexcept { return m_function != nullptr; }
    const void* function() const noexcept { return m_function; }
    const std::string& arguments() const noexcept { return m_args; }

private:
    const void* m_function = nullptr;
    std::string m_args;
};

struct PoolOptions {
    /// Number of workers; nullopt: cpu_count(). 0 or less: ValueError.
    std::optional<int> processes;
    /// Run once by each worker before its first task; an exception ends that worker (exit code 1).
    Initializer initializer;
    /// A worker exits and is replaced after this many tasks (chunks); 0: never.
    long long maxtasksperchild = 0;
    /// nullopt: get_start_method() at construction.
    std::optional<StartMethod> start_method;
    /// Worker names are "<name>-<n>".
    std::string name = "PoolWorker";
    /// A task whose worker died is queued again up to this many times before it fails with
    /// WorkerLost (0: fails at once).
    int retries = 0;
    /// Where the workers run. nullptr: local processes. `proclab::mpi::backend` (proclab/mpi.h,
    /// library proclab::mpi): MPI ranks; the rest of the API is unchanged.
    detail::PoolBackend backend = nullptr;
};

/// The result of apply_async / map_async (Python's AsyncResult). Cheap to copy (shared state).
template <class R>
class AsyncResult {
public:
    /// The value; re-raises the task's failure (RemoteError, WorkerLost, or the pool's terminate()
    /// error). TimeoutError when not ready within `timeout`.
    R get() const
    {
        m_state->wait();
        return value();
    }
    R get(std::chrono::nanoseconds timeout) const
    {
        if (!m_state->wait_for(timeout))
            throw TimeoutError("AsyncResult: no result within the timeout");
        return value();
    }
    /// Waits until ready (forever, or up to `timeout`: false when still not ready).
    void wait() const { m_state->wait(); }
    bool wait(std::chrono::nanoseconds timeout) const { return m_state->wait_for(timeout); }
    bool ready() const { return m_state->ready(); }
    /// True when the task succeeded. ValueError while not ready (as Python).
    bool successful() const { return m_state->successful(); }

    explicit AsyncResult(std::shared_ptr<detail::ResultStateBase> state, std::function<R()> value)
        : m_state(std::move(state))
        , m_value(std::move(value))
    {
    }

private:
    R value() const
    {
        m_state->rethrow_if_failed();
        return m_value();
    }
    std::shared_ptr<detail::ResultStateBase> m_state;
    std::function<R()> m_value;
};

/// The iterator of imap / imap_unordered (Python's IMapIterator). Range-for works:
/// `for (int r : pool.imap(f, xs))`. A failed task re-raises at its position; the iteration can
/// go on after it.
template <class R>
class IMapIterator {
public:
    explicit IMapIterator(std::shared_ptr<detail::IMapState<R>> state)
        : m_state(std::move(state))
    {
    }

    /// The next result; nullopt when all were handed out. Waits forever.
    std::optional<R> next() { return m_state->next(std::nullopt); }
    /// As next(); TimeoutError when no result arrived within `timeout` (call again to keep waiting).
    std::optional<R> next(std::chrono::nanoseconds timeout) { return m_state->next(timeout); }

    class iterator {
    public:
        using value_type = R;
        using difference_type = std::ptrdiff_t;
        iterator() = default;
        explicit iterator(IMapIterator* owner)
            : m_owner(owner)
        {
            advance();
        }
        const R& operator*() const { return *m_current; }
        iterator& operator++()
        {
            advance();
            return *this;
        }
        void operator++(int) { advance(); }
        bool operator==(std::default_sentinel_t) const { return !m_current.has_value(); }

    private:
        void advance() { m_current = m_owner->next(); }
        IMapIterator* m_owner = nullptr;
        std::optional<R> m_current;
    };
    iterator begin() { return iterator(this); }
    std::default_sentinel_t end() { return {}; }

private:
    std::shared_ptr<detail::IMapState<R>> m_state;
};

/// Python's multiprocessing.Pool. Move-only. The destructor calls terminate() (as leaving Python's
/// `with Pool() as p:` block does): call close() and join() first to let queued tasks finish.
class Pool {
public:
    using ErrorCallback = std::function<void(const std::exception&)>;
    /// The callback of map_async / starmap_async: every result, in order.
    template <class F>
    using MapCallback = std::function<void(const std::vector<detail::task_result_t<F>>&)>;
    /// What map_async / starmap_async return.
    template <class F>
    using MapResult = AsyncResult<std::vector<detail::task_result_t<F>>>;

    /// Starts the workers (and the supervisor thread). ValueError: processes <= 0,
    /// maxtasksperchild < 0, retries < 0. ProcessError: an initializer not registered with
    /// PROCLAB_TASK, workers that cannot be started.
    explicit Pool(const PoolOptions& options = {})
        : m_core(std::make_unique<detail::PoolCore>(options))
    {
    }
    Pool(Pool&&) noexcept = default;
    Pool& operator=(Pool&&) noexcept = default;
    /// terminate().
    ~Pool() = default;

    /// Runs f(args...) in a worker and returns its result (re-raises its failure: RemoteError,
    /// WorkerLost).
    template <class F, class... A>
    detail::task_result_t<F> apply(F f, A&&... args)
    {
        return apply_async(f, std::forward<A>(args)...).get();
    }

    /// Submits f(args...). After f's arguments, optionally a callback (on_result(const R&), or
    /// on_result() for a void task) and an error callback (on_error(const std::exception&)),
    /// both run on the supervisor thread. ValueError after close()/terminate(); ProcessError when f
    /// is not registered with PROCLAB_TASK.
    template <class F, class... A>
    AsyncResult<detail::task_result_t<F>> apply_async(F f, A&&... rest)
    {
        detail::check_task_type<F>();
        using R = detail::task_result_t<F>;
        using Args = detail::task_args_t<F>;
        constexpr std::size_t n = std::tuple_size_v<Args>;
        static_assert(sizeof...(A) >= n && sizeof...(A) <= n + 2,
                      "apply_async(f, args..., [callback, [error_callback]]): wrong number of arguments for f");
        auto all = std::forward_as_tuple(std::forward<A>(rest)...);
        typename detail::ApplyState<R>::ResultCallback on_result;
        ErrorCallback on_error;
        if constexpr (sizeof...(A) >= n + 1)
            on_result = std::get<n>(all);
        if constexpr (sizeof...(A) == n + 2)
            on_error = std::get<n + 1>(all);
        const Args args = [&]<std::size_t... I>(std::index_sequence<I...>)
        {
            return Args(std::get<I>(all)...);
        }
        (std::make_index_sequence<n>{});

        const detail::TaskEntry& task =
            m_core->task_for(reinterpret_cast<const void*>(std::decay_t<F>(f)), "apply_async");
        auto state = std::make_shared<detail::ApplyState<R>>(std::move(on_result), std::move(on_error));
        const std::uint64_t id = m_core->register_jobs(state, 1, 1, "apply_async");
        std::string buf;
        detail::PoolCore::begin_job(buf, id, 0, 1, task);
        detail::append_task(buf, args);
        m_core->send(buf);
        return AsyncResult<R>(state, [state]() -> R {
            if constexpr (!std::is_void_v<R>)
                return *state->value();
        });
    }

    /// [f(x) for x in xs], in order, split into chunks of `chunksize` tasks (0: automatic, as Python:
    /// len / (4 * processes), rounded up, but at most kMaxAutoChunk tasks). An empty range returns an empty vector. The
    /// first failure is raised (RemoteError with the task's index, WorkerLost).
    template <class F, std::ranges::input_range Range>
    std::vector<detail::task_result_t<F>> map(F f, const Range& xs, std::size_t chunksize = 0)
    {
        return take(submit_map<false>(f, xs, chunksize, {}, {}, "map"));
    }
    template <class F, class T>
    std::vector<detail::task_result_t<F>> map(F f, std::initializer_list<T> xs, std::size_t chunksize = 0)
    {
        return map(f, std::vector<T>(xs), chunksize);
    }

    template <class F, std::ranges::input_range Range>
    MapResult<F> map_async(F f, const Range& xs, std::size_t chunksize = 0, MapCallback<F> callback = {},
                           ErrorCallback error_callback = {})
    {
        return as_result(submit_map<false>(f, xs, chunksize, std::move(callback), std::move(error_callback), "map"));
    }

    /// [f(*args) for args in xs]: each element is a tuple (or pair) of f's arguments.
    template <class F, std::ranges::input_range Range>
    std::vector<detail::task_result_t<F>> starmap(F f, const Range& xs, std::size_t chunksize = 0)
    {
        return take(submit_map<true>(f, xs, chunksize, {}, {}, "starmap"));
    }
    template <class F, std::ranges::input_range Range>
    MapResult<F> starmap_async(F f, const Range& xs, std::size_t chunksize = 0, MapCallback<F> callback = {},
                               ErrorCallback error_callback = {})
    {
        return as_result(submit_map<true>(f, xs, chunksize, std::move(callback), std::move(error_callback), "starmap"));
    }

    /// Lazy map: results in order as they become available. chunksize 1 by default (as Python);
    /// 0: automatic.
    template <class F, std::ranges::input_range Range>
    IMapIterator<detail::task_result_t<F>> imap(F f, const Range& xs, std::size_t chunksize = 1)
    {
        return submit_imap(f, xs, chunksize, true);
    }
    /// As imap, in completion order.
    template <class F, std::ranges::input_range Range>
    IMapIterator<detail::task_result_t<F>> imap_unordered(F f, const Range& xs, std::size_t chunksize = 1)
    {
        return submit_imap(f, xs, chunksize, false);
    }

    /// No more submissions (ValueError "Pool not running"); workers exit once the queued tasks are
    /// done.
    void close() { m_core->close(); }
    /// Stops at once: workers get SIGTERM (SIGKILL after 100 ms) and are reaped; unfinished results
    /// fail with Error("pool terminated"). Idempotent.
    void terminate() { m_core->terminate(); }
    /// Waits for the workers to exit and the supervisor thread to end. ValueError before close()
    /// or terminate() (Python: "Pool is still running").
    void join() { m_core->join(); }
    /// Pids of the current workers.
    std::vector<pid_t> worker_pids() const { return m_core->worker_pids(); }
    int processes() const noexcept { return m_core->processes(); }

    /// The largest automatic chunk (chunksize 0), in tasks.
    static constexpr std::size_t kMaxAutoChunk = 1024;

private:
    template <class Range>
    static std::size_t range_size(const Range& xs)
    {
        if constexpr (std::ranges::sized_range<const Range>)
            return std::size_t(std::ranges::size(xs));
        else
            return std::size_t(std::ranges::distance(xs));
    }
    /// `chunksize`, or when 0 Python's automatic size for `n` tasks: n / (4 * processes), rounded up,
    /// at most kMaxAutoChunk (a worker starts on its first chunk sooner, and results come back
    /// while the rest are still being sent: 100,000 trivial tasks on 2 workers, about 20 % faster).
    std::size_t chunks_of(std::size_t n, std::size_t chunksize) const
    {
        if (chunksize != 0)
            return chunksize;
        const std::size_t div = std::size_t(processes()) * 4;
        std::size_t c = n / div;
        if (n % div)
            ++c;
        return std::min(c, kMaxAutoChunk);
    }

    template <bool Star, class F, class Range>
    void send_chunks(F f, const Range& xs, std::size_t n, std::size_t chunksize,
                     const std::shared_ptr<detail::PoolSink>& sink, const char* op)
    {
        using Args = detail::task_args_t<F>;
        const detail::TaskEntry& task = m_core->task_for(reinterpret_cast<const void*>(std::decay_t<F>(f)), op);
        std::uint64_t id = m_core->register_jobs(sink, n, chunksize, op); // checks the state
        if (n == 0)
            return;
        std::string buf;
        auto it = std::ranges::begin(xs);
        for (std::size_t first = 0; first < n; first += chunksize, ++id) {
            const std::size_t count = std::min(chunksize, n - first);
            detail::PoolCore::begin_job(buf, id, first, count, task);
            if constexpr (detail::raw_tuple<Args>::value)
                buf.reserve(buf.size() + count * (sizeof(std::uint32_t) + detail::raw_tuple<Args>::size));
            for (std::size_t i = 0; i < count; ++i, ++it) {
                if constexpr (Star)
                    detail::append_task(buf, std::apply([](const auto&... e) { return Args(e...); }, *it));
                else
                    detail::append_task(buf, Args(*it));
            }
            m_core->send(buf);
        }
    }

    template <class R>
    static AsyncResult<std::vector<R>> as_result(std::shared_ptr<detail::MapState<R>> state)
    {
        return AsyncResult<std::vector<R>>(state, [state] { return state->values(); });
    }
    /// The values of a map nobody else sees: moved out, not copied.
    template <class R>
    static std::vector<R> take(std::shared_ptr<detail::MapState<R>> state)
    {
        state->wait();
        state->rethrow_if_failed();
        return std::move(state->values());
    }

    template <bool Star, class F, class Range>
    std::shared_ptr<detail::MapState<detail::task_result_t<F>>> submit_map(F f, const Range& xs, std::size_t chunksize,
                                                                           MapCallback<F> callback,
                                                                           ErrorCallback error_callback, const char* op)
    {
        detail::check_task_type<F>();
        using R = detail::task_result_t<F>;
        static_assert(!std::is_void_v<R>, "map forms need a task that returns a value (use apply_async for void)");
        const std::size_t n = range_size(xs);
        auto state = std::make_shared<detail::MapState<R>>(n, std::move(callback), std::move(error_callback));
        send_chunks<Star>(f, xs, n, chunks_of(n, chunksize), state, op);
        return state;
    }

    template <class F, class Range>
    IMapIterator<detail::task_result_t<F>> submit_imap(F f, const Range& xs, std::size_t chunksize, bool ordered)
    {
        detail::check_task_type<F>();
        using R = detail::task_result_t<F>;
        static_assert(!std::is_void_v<R>, "imap needs a task that returns a value");
        const std::size_t n = range_size(xs);
        auto state = std::make_shared<detail::IMapState<R>>(n, ordered);
        send_chunks<false>(f, xs, n, chunks_of(n, chunksize), state, ordered ? "imap" : "imap_unordered");
        return IMapIterator<R>(state);
    }

    std::unique_ptr<detail::PoolCore> m_core;
};

} // namespace proclab

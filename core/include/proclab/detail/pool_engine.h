#pragma once
// Private to Pool: the type-erased engine (its workers, supervisor thread and job queue live in
// src/pool/pool.cpp), the interface of the other backends (PoolOptions::backend), the encoding of one task's arguments
// into a job message, and the compile-time checks that a Pool task is a registered plain function of serializable
// types.

#include <proclab/detail/pool_results.h>
#include <proclab/serialize.h>
#include <proclab/task.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <tuple>
#include <type_traits>
#include <vector>

namespace proclab {
struct PoolOptions;
} // namespace proclab

namespace proclab::detail {

/// A job of a pool: tasks `first` .. `first + count - 1` of one call, and the sink of their results.
struct PoolJob {
    std::shared_ptr<PoolSink> sink;
    std::uint32_t first = 0;
    std::uint32_t count = 0;
    int attempts = 0; // retries so far (PoolOptions::retries)
    bool done = false;
    bool indexed = true; // a map task: RemoteError carries its index
    std::string bytes;   // the message, kept for retries
};

/// Hands a finished job's results to `sink`: `body` (the result message after its header) holds the
/// results when `ok`, else the failed task's index and its exception's type and message, given as a
/// RemoteError of worker `pid` (MPI `rank` on `host`; rank -1: a local worker). A callback's
/// exception is reported, not thrown.
void deliver_job_result(PoolSink& sink, std::uint32_t first, std::uint32_t count, bool indexed, bool ok,
                        std::string_view body, pid_t pid, int rank = -1, const std::string& host = {}) noexcept;

/// A backend that runs the pool's jobs elsewhere than in local worker processes (proclab::mpi: on
/// MPI ranks). It receives the job messages PoolCore::begin_job/append_task encode and delivers
/// each job's results or failure to its PoolSink; the contracts are those of PoolCore's members.
class PoolEngine {
public:
    PoolEngine() = default;
    virtual ~PoolEngine() = default;
    PoolEngine(const PoolEngine&) = delete;
    PoolEngine& operator=(const PoolEngine&) = delete;
    virtual std::uint64_t register_jobs(const std::shared_ptr<PoolSink>& sink, std::size_t ntasks,
                                        std::size_t chunksize, const char* op) = 0;
    /// May take `buf`'s contents (it is cleared before reuse).
    virtual void send(std::string& buf) = 0;
    virtual void close() = 0;
    virtual void terminate() = 0;
    virtual void join() = 0;
    virtual std::vector<pid_t> worker_pids() const = 0;
    virtual int processes() const noexcept = 0;
};

/// Makes the engine of a pool with these options (PoolOptions::backend).
using PoolBackend = std::unique_ptr<PoolEngine> (*)(const PoolOptions& options);

/// Adds a function freeze_support() calls (after its own checks, in the order added): a backend
/// whose workers are this same program started by another launcher (mpirun) serves them from it.
void add_freeze_support_hook(void (*hook)()) noexcept;

/// The type-erased engine of a Pool (src/pool/pool.cpp): local workers, or a PoolEngine.
class PoolCore {
public:
    explicit PoolCore(const PoolOptions& options);
    ~PoolCore();
    PoolCore(const PoolCore&) = delete;
    PoolCore& operator=(const PoolCore&) = delete;

    /// The task registered for `function`; ProcessError (naming `op`) when it is not registered.
    const TaskEntry& task_for(const void* function, const char* op) const;
    /// Registers `njobs` jobs of `chunksize` tasks each (the last may be shorter) for `ntasks`
    /// tasks; returns the id of the first. ValueError when the pool is not running.
    std::uint64_t register_jobs(const std::shared_ptr<PoolSink>& sink, std::size_t ntasks, std::size_t chunksize,
                                const char* op);
    /// Starts a job message in `buf` (cleared): job id, first task index, task count, task name.
    static void begin_job(std::string& buf, std::uint64_t id, std::size_t first, std::size_t count,
                          const TaskEntry& task);
    /// Queues a finished job message (never blocks; `buf` may be reused afterwards).
    void send(std::string& buf);

    void close();
    void terminate();
    void join();
    std::vector<pid_t> worker_pids() const;
    int processes() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    std::unique_ptr<PoolEngine> m_engine; // set instead of m_impl by PoolOptions::backend
};

/// Appends one task's encoded arguments to a job message as {u32 size; bytes}.
template <class Args>
void append_task(std::string& buf, const Args& args)
{
    const std::size_t at = buf.size();
    buf.append(sizeof(std::uint32_t), '\0');
    append_arguments(buf, args);
    const auto n = static_cast<std::uint32_t>(buf.size() - at - sizeof(std::uint32_t));
    std::memcpy(buf.data() + at, &n, sizeof n);
}

template <class F>
using task_result_t = typename function_traits<std::decay_t<F>>::result;
template <class F>
using task_args_t = typename function_traits<std::decay_t<F>>::args;

template <class T>
inline constexpr bool serializable_v = cereal::traits::is_output_serializable<T, cereal::BinaryOutputArchive>::value&&
    cereal::traits::is_input_serializable<T, cereal::BinaryInputArchive>::value;

template <class Tuple>
struct tuple_serializable;
template <class... T>
struct tuple_serializable<std::tuple<T...>> : std::bool_constant<(serializable_v<T> && ...)> {
};

template <class F>
constexpr void check_task_type()
{
    static_assert(is_function_pointer_v<std::decay_t<F>>,
                  "Pool runs plain functions registered with PROCLAB_TASK (not lambdas or other callables)");
    static_assert(tuple_serializable<task_args_t<F>>::value,
                  "Pool: every argument type of the task must be serializable (see proclab/serialize.h: "
                  "arithmetic types, std::string, standard containers, structs with serialize())");
    if constexpr (!std::is_void_v<task_result_t<F>>)
        static_assert(serializable_v<task_result_t<F>>,
                      "Pool: the task's result type must be serializable (see proclab/serialize.h)");
}

/// Runs tasks first … first+count−1 of a job with `task` (nullptr: not registered as `task_name`),
/// their arguments the records in `args`; appends each result, length-prefixed, to `out`, which
/// holds `header` bytes. On an exception `out` is cut back to the header, the status word at
/// `status_at` set to 1, and the failing index, exception type and message appended.
void run_chunk(const TaskEntry* task, const std::string& task_name, std::string_view args, std::uint32_t first,
               std::uint32_t count, std::string& out, std::size_t header, std::size_t status_at);

} // namespace proclab::detail

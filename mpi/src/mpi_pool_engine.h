#pragma once
// Private to proclab::mpi: the Pool's engine on MPI ranks (proclab/mpi.h). One supervisor thread
// per pool makes every MPI call of the pool's process after initialization. Jobs are the local
// pool's job messages; each is kept in the job table and sent from there (MPI_Isend, no copy) to
// the rank with the fewest jobs in flight (at most depth() each: more for short jobs, whose round
// trips it hides, fewer for long ones, so that a rank slowed down is handed fewer of them);
// results are received in place (MPI_Improbe + MPI_Imrecv). The engine's calls from the Pool are
// in mpi_pool_engine.cpp, the supervisor thread in mpi_pool_supervisor.cpp.
#include "mpi_runtime.h"

#include <proclab/detail/pool_engine.h>
#include <proclab/mpi.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace proclab::mpi::detail {

using proclab::ObjectId;
using proclab::detail::PoolSink;

constexpr std::size_t kDepth = 8; // jobs in flight per rank, for short jobs (see depth())

class MpiPoolEngine final : public proclab::detail::PoolEngine {
public:
    explicit MpiPoolEngine(const PoolOptions& options);
    ~MpiPoolEngine() override;

    std::uint64_t register_jobs(const std::shared_ptr<PoolSink>& sink, std::size_t ntasks, std::size_t chunksize,
                                const char* op) override;
    void send(std::string& buf) override;
    void close() override;
    void terminate() override;
    void join() override;
    std::vector<pid_t> worker_pids() const override;
    int processes() const noexcept override { return m_nproc; }

private:
    enum class State { Run, Close, Terminate };
    struct Job : proclab::detail::PoolJob {
        int sending = 0; // MPI_Isend requests reading `bytes`
    };
    struct Worker {
        Peer peer;
        std::deque<std::uint64_t> inflight;
        bool alive = true;
        bool usable = true;          // false after its initializer failed
        int pidfd = -1;              // ranks on this host: ends when the rank ends
        bool beats = false;          // watched by its heartbeats instead (kBeat): another host's
        std::int64_t heard = 0;      // now_ns() of its last heartbeat or result
        std::int64_t start_sent = 0; // the clock sent in this pool's kStart (relayed ranks echo it)
        bool synced = false;         // a relayed rank answered this pool's start
        // Its service time: a job's, from the later of its dispatch to an idle rank and the
        // previous result, to its result (a moving average; 0: none seen yet).
        std::int64_t busy_since = 0; // now_ns() when the job it runs now began, as seen from here
        std::int64_t service = 0;
    };
    struct Sending {
        MPI_Request request = MPI_REQUEST_NULL;
        std::uint64_t id = 0;
    };

    std::uint64_t make_id(std::uint64_t n) const { return (m_serial << kSerialShift) | n; }

    Job* find_any_locked(std::uint64_t id)
    {
        if ((id >> kSerialShift) != m_serial)
            return nullptr;
        const std::uint64_t n = id & ((std::uint64_t(1) << kSerialShift) - 1);
        if (n < m_base || n >= m_base + m_table.size())
            return nullptr;
        return &m_table[n - m_base];
    }
    Job* find_locked(std::uint64_t id)
    {
        Job* j = find_any_locked(id);
        return j && !j->done ? j : nullptr;
    }
    void compact_locked()
    {
        while (!m_table.empty() && m_table.front().done && m_table.front().sending == 0) {
            m_table.pop_front();
            ++m_base;
        }
    }
    void finish_locked(Job& j)
    {
        j.done = true;
        j.sink.reset();
        if (j.sending == 0)
            std::string().swap(j.bytes);
        --m_pending;
        compact_locked();
    }

    void release();

    // ---- supervisor thread -------------------------------------------------------------------

    /// Receives one hello per worker (spawned workers, or the world's ranks at the first pool).
    std::vector<Peer> read_hellos(MPI_Comm comm, int first_rank, int count);

    /// Spawns the pool's own workers (MPI_Comm_spawn), or takes the runtime's spawned set.
    void spawn();
    /// Sends each worker the pool's start (its initializer, the clock for relayed ranks) and
    /// reads its answer; the workers' pids and records are known after it.
    void start();

    Worker* worker_of_rank(int rank)
    {
        for (Worker& w : m_workers)
            if (w.peer.rank == rank)
                return &w;
        return nullptr;
    }

    /// How many jobs `w` may hold: enough to hide the round trip of short jobs; two of long ones
    /// (one running, the next at hand), so that the rest go to the rank that is free first.
    static std::size_t depth(const Worker& w)
    {
        if (w.service == 0 || w.service > 1'000'000)
            return 2;
        return w.service > 50'000 ? 4 : kDepth;
    }

    /// How long until the first rank's running job is due to end (its service time after it
    /// began); nullopt when none is known.
    std::optional<std::chrono::nanoseconds> next_due() const;

    /// Hands queued jobs to the ranks with room; true when it sent any.
    bool dispatch();

    /// Frees the buffers of the sends that completed.
    void reap_sends();

    // ---- relayed ranks (the pool's process writes their records) ------------------------------

    /// The task name in a job message (u64 id, u32 first, u32 count, u16 name length, name).
    static std::string task_name(std::string_view job);
    /// The job number shown in the session (its number in this pool, as a local worker shows it).
    static std::uint64_t shown_id(std::uint64_t id) { return id & ((std::uint64_t(1) << kSerialShift) - 1); }

    /// A relayed rank answered the pool's start: its clock's offset (NTP's estimate: the mean of the
    /// two one-way differences), and its record in this session (made at its first pool here).
    void relay_sync(Worker& w, std::string_view m);

    /// A relayed rank's job ended: its TaskBegin and TaskEnd at the times it reported, then the
    /// job it runs now (the next one in its hands: it runs them in order).
    void relay_job(const Worker& w, std::uint64_t id, std::int64_t began, std::int64_t ended, int outcome);

    /// A relayed rank's current task: the oldest job in its hands (none: idle).
    void show_current_task(const Worker& w);

    /// A result message of rank `source`: the job's outcome to its sink, its rank freed for the next.
    void handle_result(int source, std::string_view m);

    /// The jobs in `w`'s hands go to another rank (PoolOptions::retries) or fail with `error(peer)`.
    template <class MakeError>
    void requeue_or_fail(Worker& w, MakeError error);

    /// Ranks whose process ended (on this host) or that fell silent (another host's: no heartbeat
    /// for kBeatTimeout): their jobs fail with WorkerLost (or go elsewhere).
    void check_workers();

    /// `w` is lost: its tasks in flight fail with WorkerLost (or go to another rank).
    void lose(Worker& w, const char* how);

    /// Handles every result already here; true when there was one.
    bool drain_results();

    /// Every job not done yet fails with `error` (the pool could not start, or MPI failed).
    void fail_all(const std::exception_ptr& error);

    /// The supervisor thread: starts the workers (`started` says how), then dispatches, receives
    /// and watches until the pool is closed and drained, or terminated.
    void supervise(std::promise<void>& started);

    /// Waits for the sends in progress and the relayed ranks' answers to the start (up to a
    /// second: a pool closed at once still shows its ranks), then lets the spawned workers go.
    void finish();

    PoolOptions m_options;
    const std::uint64_t m_serial;
    int m_nproc = 0;
    bool m_spawned = false;
    bool m_shared_set = false; // uses the runtime's spawned workers
    bool m_own_set = false;    // spawned its own workers, ended with the pool
    bool m_released = false;
    MPI_Comm m_comm = MPI_COMM_NULL;
    std::string m_init_task;
    std::string m_registry_name;
    ObjectId m_pool_id = proclab::kNoObject;

    mutable std::mutex m_mutex; // everything below up to m_thread
    std::condition_variable m_cv;
    State m_state = State::Run;
    std::deque<Job> m_table; // job numbers m_base .. m_base + size - 1
    std::uint64_t m_base = 1;
    std::uint64_t m_next = 1;
    std::size_t m_pending = 0;
    std::deque<std::uint64_t> m_outbox; // jobs to send
    std::vector<pid_t> m_pids;

    std::mutex m_join_mutex;
    std::thread m_thread;

    // Supervisor thread only.
    std::vector<Worker> m_workers;
    std::vector<Sending> m_sending;
    std::string m_msg;
};

} // namespace proclab::mpi::detail

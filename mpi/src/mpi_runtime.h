#pragma once
// Private to proclab::mpi: MPI's state in this process (initialization, the worker ranks of an
// mpirun job, finalization at exit), the message tags and the pool's wire format.
//
// Messages between the pool (rank 0, or the spawning process) and a worker rank:
//   kHello  worker → pool, once: i32 pid, then its host name.
//   kStart  pool → worker, at each pool's start: records {pool's registry name, initializer task
//           name (empty: none), initializer arguments, the pool process's session (empty: none),
//           its host name}.
//   kJob    pool → worker: the local pool's job message (proclab/detail/pool_engine.h).
//   kResult worker → pool: u64 job id, u32 status, then
//             status 0: count records {u32 size; result bytes};
//             status 1: u32 task index, record type name, record message;
//             status 2 (id 0): the initializer failed: record type name, record message.
//   kExit   pool → worker: u8 1 when MPI_Finalize must be skipped (a rank was lost: it would hang).
#include <mpi.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace proclab::mpi::detail {

enum Tag : int { kHello = 1, kStart = 2, kJob = 3, kResult = 4, kExit = 5 };

/// A job id: the pool's serial << kSerialShift | the job's number in that pool (from 1).
constexpr int kSerialShift = 40;

/// A worker rank as its hello described it.
struct Peer {
    int rank = 0;
    pid_t pid = 0;
    std::string host;
};

struct Runtime {
    std::mutex mutex;
    bool initialized = false;
    int thread_level = 0;
    int world_rank = 0;
    int world_size = 1;
    /// Under mpirun with several ranks: the ranks 1..size-1 (their hellos are read at the first pool).
    std::vector<Peer> world_workers;
    bool hellos_read = false;
    /// An MPI pool uses the world's worker ranks (one at a time).
    bool world_in_use = false;
    /// A rank was lost: MPI_Finalize would wait for it forever.
    bool lost = false;
    /// Started alone: the workers the last spawn started (an intercommunicator), kept for the next
    /// pools until exit or until a pool needs more of them.
    MPI_Comm spawned_comm = MPI_COMM_NULL;
    std::vector<Peer> spawned_workers;
    bool spawned_in_use = false;
    bool spawned_broken = false; // one of them died: Open MPI ended the others
};
Runtime& runtime();
/// Tells the spawned workers to exit and disconnects from them (rt.mutex held).
void retire_spawned_locked(Runtime& rt);

/// At exit (and proclab::mpi::finalize()): tells the spawned workers and the world's worker ranks to
/// exit, then MPI_Finalize (skipped when a rank was lost: it would wait for it forever). Idempotent.
void finalize_at_exit();
/// MPI_Init_thread (MPI_THREAD_MULTIPLE wanted) unless done; registers the finalization at exit.
/// ProcessError when MPI cannot start.
void ensure_init();
/// gethostname().
std::string host_name();
/// ProcessError naming `what` and MPI's text for `code` when code != MPI_SUCCESS.
void check(int code, const char* what);
/// The freeze_support() hook: serves as a worker when this process is a worker rank (never returns
/// then).
void serve_if_worker();
/// The worker loop on `comm` (the world, or the spawning parent's intercommunicator); exits.
[[noreturn]] void serve(MPI_Comm comm, int rank, bool spawned);

/// Receives the message `msg` (matched by MPI_Improbe/MPI_Mprobe) into `out`, in place.
void receive(MPI_Message& msg, const MPI_Status& status, std::string& out);

/// Waits without burning a core: a short spin, then sleeps doubling up to 1 ms (as mpi4py.futures'
/// backoff).
class Backoff {
public:
    void reset() noexcept
    {
        m_spins = 0;
        m_sleep = std::chrono::microseconds(0);
    }
    /// The next pause: zero while spinning.
    std::chrono::microseconds next() noexcept
    {
        if (++m_spins < 200)
            return std::chrono::microseconds(0);
        m_sleep = m_sleep.count() == 0 ? std::chrono::microseconds(5)
                                       : std::min(m_sleep * 2, std::chrono::microseconds(1000));
        return m_sleep;
    }

private:
    int m_spins = 0;
    std::chrono::microseconds m_sleep{0};
};

template <class T>
T load_at(std::string_view s, std::size_t at)
{
    T v;
    std::memcpy(&v, s.data() + at, sizeof v);
    return v;
}
template <class T>
void append_pod(std::string& out, T v)
{
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
}
inline void append_record(std::string& out, std::string_view bytes)
{
    append_pod(out, std::uint32_t(bytes.size()));
    out.append(bytes);
}

} // namespace proclab::mpi::detail

#pragma once
// Private to proclab::mpi: MPI's state in this process (initialization, the worker ranks of an
// mpirun job, finalization at exit), the message tags and the pool's wire format.
//
// Messages between the pool (rank 0, or the spawning process) and a worker rank:
//   kHello  worker → pool, once: i32 pid, u8 flags (kHelloRelayForced, kHelloBeats), i64 when it began serving
//           (its CLOCK_MONOTONIC), then its host name.
//   kStart  pool → worker, at each pool's start: records {pool's registry name, initializer task
//           name (empty: none), initializer arguments, the pool process's session (empty: none),
//           its host name, i64 the pool process's CLOCK_MONOTONIC when sent}.
//   kJob    pool → worker: the local pool's job message (proclab/detail/pool_engine.h).
//   kResult worker → pool: u64 job id, u32 status word (status | kRelayedResult), then
//             with kRelayedResult: i64 begin, i64 end of the job (the worker's clock), and
//             status 0: count records {u32 size; result bytes};
//             status 1: u32 task index, record type name, record message;
//             status 2 (id 0): the initializer failed: record type name, record message;
//             status 3 (id 0): a relayed rank's answer to kStart: i64 the kStart's time (echoed),
//                      i64 received, i64 sent (its clock): the pool's process sets the clock offset
//                      (as NTP: the rank's clock minus its own) and makes or finds its record;
//             status 4 (id 0): a relayed rank ends: i64 when (its clock), i32 exit code.
//   kExit   pool → worker: u8 1 when MPI_Finalize must be skipped (a rank was lost: it would hang).
//   kBeat   worker → pool, every kBeatInterval from a thread of its own, by a rank not on the pool's
//           host (or told to behave so, PROCLAB_MPI_RELAY=1) once it served a pool: the pool's
//           process cannot watch its pid, so a rank silent for kBeatTimeout is taken as lost (its
//           tasks fail with WorkerLost) instead of being waited for forever. Empty (one byte).
//           Only with MPI_THREAD_MULTIPLE (the hello's kHelloBeats).
//
// Relayed ranks (proclab/mpi.h): a worker rank that is not on the pool's host (or is told to behave
// so by PROCLAB_MPI_RELAY=1) cannot reach the pool's session: it reports what a local rank writes
// there (its start, each job's begin and end, its end) in these messages, and the pool's process
// writes its record and events. The results carry it: no message per task.
#include <mpi.h>

#include <proclab/detail/monitor.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <thread>
#include <vector>

namespace proclab::mpi::detail {

enum Tag : int { kHello = 1, kStart = 2, kJob = 3, kResult = 4, kExit = 5, kBeat = 6 };

enum ResultStatus : std::uint32_t { kOk = 0, kFailed = 1, kInitFailed = 2, kRelaySync = 3, kRelayEnd = 4 };
/// In a result's status word: the relay block (begin, end) follows the header.
constexpr std::uint32_t kRelayedResult = 1U << 16;
constexpr std::uint32_t kStatusMask = 0xffff;
constexpr std::uint8_t kHelloRelayForced = 1;
constexpr std::uint8_t kHelloBeats = 2; // it sends kBeat when it is not on the pool's host
constexpr auto kBeatInterval = std::chrono::seconds(1);
constexpr auto kBeatTimeout = std::chrono::seconds(5);
constexpr std::size_t kResultHeader = 8 + 4;
constexpr std::size_t kRelayBlock = 8 + 8;

/// PROCLAB_MPI_RELAY: "1" relays every worker rank, "0" or unset only those of other hosts.
/// ValueError for any other value.
bool relay_forced();

/// A job id: the pool's serial << kSerialShift | the job's number in that pool (from 1).
constexpr int kSerialShift = 40;

/// What the pool's process keeps of a relayed rank (shared by the copies of its Peer).
struct Relay {
    bool active = false; // relayed by the current pool
    std::string session; // the session its record is in ("" none yet)
    proclab::detail::monitor::Relayed record;
    std::int64_t offset = 0; // its clock minus this process's (set at each pool's start)
    bool ended = false;      // its end was written
};

/// A worker rank as its hello described it.
struct Peer {
    int rank = 0;
    pid_t pid = 0;
    std::string host;
    bool relay_forced = false;
    bool beats = false;        // it can send kBeat (MPI_THREAD_MULTIPLE)
    std::int64_t start_ns = 0; // its clock
    std::shared_ptr<Relay> relay = std::make_shared<Relay>();
};

/// The ranks among `peers` whose record is in the session: told to exit (kExit sent on `comm`),
/// each says it ended (status 4) before it finalizes; their ends are written as they come, for up
/// to `wait`. A rank not heard by then is recorded ended with −9 (SIGKILL: mpirun ends what is
/// left of a job when its rank 0 ends). Results still on the way are discarded.
void relay_goodbyes(MPI_Comm comm, const std::vector<Peer>& peers, std::chrono::milliseconds wait);
/// A relayed rank's end (status 4 already parsed): written once.
void relay_end(const Peer& peer, std::int64_t t_rank, int exitcode);
/// Receives the heartbeats (kBeat) already here, calling heard(source rank) for each.
template <class Heard>
void drain_beats(MPI_Comm comm, Heard heard)
{
    for (;;) {
        int flag = 0;
        MPI_Message m = MPI_MESSAGE_NULL;
        MPI_Status status;
        if (MPI_Improbe(MPI_ANY_SOURCE, kBeat, comm, &flag, &m, &status) != MPI_SUCCESS || !flag)
            return;
        char beat = 0;
        if (MPI_Mrecv(&beat, 1, MPI_BYTE, &m, MPI_STATUS_IGNORE) != MPI_SUCCESS)
            return;
        heard(status.MPI_SOURCE);
    }
}

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

/// Waits for `request` with a Backoff (yields, then sleeps), not in a blocking MPI call: Open MPI's
/// blocking calls poll without giving up the core, and a message larger than its eager limits (a
/// job or a result of a few tens of KB) completes only when the peer too calls into MPI. With
/// more ranks than cores (or a pool's process whose supervisor shares them), that peer may be
/// waiting for the very core being polled on: transfers of 100 KB were seen to take 10 ms.
void wait(MPI_Request& request, const char* what);
/// Receives the message `msg` (matched by MPI_Improbe/MPI_Mprobe) into `out`, in place (see wait()).
void receive(MPI_Message& msg, const MPI_Status& status, std::string& out);

/// Waits without burning a core: a short spin that yields the core at each turn (to a rank or thread
/// that can run: with more ranks than cores, a spin that keeps the core delays the very message it
/// waits for), then sleeps of an eighth of the time waited so far
/// (from 5 us up to 1 ms, mpi4py.futures' longest): a message that comes after a wait of t is seen
/// at most about t/8 late. (Doubling sleeps, as mpi4py's backoff, see it up to t late: 1 ms on a
/// pipeline of short jobs, whose every message is on the critical path.) Idle, it wakes 1,000
/// times a second.
class Backoff {
public:
    void reset() noexcept
    {
        m_spins = 0;
        m_since = {};
    }
    /// No spin before the next sleep (what is waited for is known to be far off).
    void skip_spin() noexcept { m_spins = std::max(m_spins, kSpins); }
    /// The next pause: zero while spinning.
    std::chrono::microseconds next() noexcept
    {
        using namespace std::chrono;
        if (++m_spins < kSpins) {
            std::this_thread::yield(); // the core to another thread that can run (more ranks than cores)
            return microseconds(0);
        }
        const auto now = steady_clock::now();
        if (m_since == steady_clock::time_point{})
            m_since = now;
        return std::clamp(duration_cast<microseconds>(now - m_since) / 8, microseconds(5), microseconds(1000));
    }

private:
    static constexpr int kSpins = 200;
    int m_spins = 0;
    std::chrono::steady_clock::time_point m_since{};
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

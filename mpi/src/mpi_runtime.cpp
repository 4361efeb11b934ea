// MPI's state in this process: initialization, finalization at exit, the freeze_support() hook
// (see mpi_runtime.h).
#include "mpi_runtime.h"

#include <proclab/errors.h>
#include <proclab/mpi.h>

#include <proclab/clock.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdlib>
#include <poll.h>
#include <sys/syscall.h>
#include <thread>
#include <unistd.h>

namespace proclab::mpi::detail {

namespace {
namespace monitor = proclab::detail::monitor;
/// How long the pool's process waits for its relayed ranks to say they end.
constexpr auto kGoodbyeWait = std::chrono::milliseconds(2000);
} // namespace

Runtime& runtime()
{
    static Runtime* rt = new Runtime; // never destroyed: used by the exit handler
    return *rt;
}

std::string host_name()
{
    char buf[256] = {};
    if (::gethostname(buf, sizeof buf - 1) != 0)
        return "localhost";
    return buf;
}

void check(int code, const char* what)
{
    if (code == MPI_SUCCESS)
        return;
    char text[MPI_MAX_ERROR_STRING] = {};
    int len = 0;
    MPI_Error_string(code, text, &len);
    throw ProcessError(std::string("MPI: ") + what + " failed: " + std::string(text, std::size_t(len)));
}

bool relay_forced()
{
    const char* v = std::getenv("PROCLAB_MPI_RELAY");
    if (!v || !*v || std::strcmp(v, "0") == 0)
        return false;
    if (std::strcmp(v, "1") == 0)
        return true;
    throw ValueError(std::string("PROCLAB_MPI_RELAY='") + v +
                     "': 1 relays every worker rank through the pool's process, 0 (or unset) only those of "
                     "other hosts");
}

void relay_end(const Peer& peer, std::int64_t t_rank, int exitcode)
{
    Relay& r = *peer.relay;
    if (r.ended || !r.record)
        return;
    r.ended = true;
    monitor::relayed_exited(r.record, exitcode, std::min(t_rank - r.offset, now_ns()));
}

void relay_goodbyes(MPI_Comm comm, const std::vector<Peer>& peers, std::chrono::milliseconds wait)
{
    const auto waiting = [&] {
        return std::ranges::count_if(
            peers, [](const Peer& p) { return p.relay->active && p.relay->record && !p.relay->ended; });
    };
    if (waiting() == 0) {
        drain_beats(comm, [](int) {});
        return;
    }
    const auto deadline = std::chrono::steady_clock::now() + wait;
    std::string msg;
    while (waiting() > 0 && std::chrono::steady_clock::now() < deadline) {
        int flag = 0;
        MPI_Message m = MPI_MESSAGE_NULL;
        MPI_Status status;
        if (MPI_Improbe(MPI_ANY_SOURCE, kResult, comm, &flag, &m, &status) != MPI_SUCCESS)
            break;
        if (!flag) {
            std::this_thread::sleep_for(std::chrono::microseconds(100));
            continue;
        }
        try {
            receive(m, status, msg);
        } catch (const std::exception&) {
            break;
        }
        if (msg.size() < kResultHeader + 12 || (load_at<std::uint32_t>(msg, 8) & kStatusMask) != kRelayEnd)
            continue; // a result nobody waits for any more
        for (const Peer& p : peers)
            if (p.rank == status.MPI_SOURCE)
                relay_end(p, load_at<std::int64_t>(msg, kResultHeader), load_at<std::int32_t>(msg, kResultHeader + 8));
    }
    for (const Peer& p : peers)
        if (p.relay->active && p.relay->record && !p.relay->ended) {
            p.relay->ended = true;
            monitor::relayed_exited(p.relay->record, -SIGKILL, now_ns());
        }
    drain_beats(comm, [](int) {}); // the last ones, never to be read otherwise
}

namespace {

/// Waits, at most `wait`, until the ranks among `peers` that run on this host have ended: were this
/// process to end first, Open MPI would kill those still in their MPI_Finalize (they would show
/// killed instead of exited with 0).
void await_local_ends(const std::vector<Peer>& peers, std::chrono::milliseconds wait)
{
    const std::string here = host_name();
    const auto deadline = std::chrono::steady_clock::now() + wait;
    for (const Peer& p : peers) {
        if (p.host != here || p.pid <= 0)
            continue;
        const int fd = static_cast<int>(::syscall(SYS_pidfd_open, p.pid, 0)); // readable once it ended
        if (fd < 0)
            continue; // gone already
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        pollfd ended{fd, POLLIN, 0};
        if (left.count() > 0)
            while (::poll(&ended, 1, static_cast<int>(left.count())) < 0 && errno == EINTR) {}
        ::close(fd);
    }
}

} // namespace

void retire_spawned_locked(Runtime& rt)
{
    if (rt.spawned_comm == MPI_COMM_NULL)
        return;
    const char skip = rt.lost ? 1 : 0;
    if (!rt.spawned_broken) {
        for (const Peer& p : rt.spawned_workers)
            MPI_Send(&skip, 1, MPI_BYTE, p.rank, kExit, rt.spawned_comm);
        relay_goodbyes(rt.spawned_comm, rt.spawned_workers, kGoodbyeWait);
    }
    if (!rt.lost && !rt.spawned_broken) {
        MPI_Comm_disconnect(&rt.spawned_comm);
        await_local_ends(rt.spawned_workers, kGoodbyeWait);
    }
    rt.spawned_comm = MPI_COMM_NULL;
    rt.spawned_workers.clear();
    rt.spawned_broken = false;
}

/// At exit of the pool's process: tells the world's worker ranks to end, then MPI_Finalize (skipped
/// when a rank was lost: it would wait for that rank forever).
void finalize_at_exit()
{
    Runtime& rt = runtime();
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (finalized)
        return;
    retire_spawned_locked(rt);
    if (rt.world_rank == 0) {
        const char skip = rt.lost ? 1 : 0;
        for (int r = 1; r < rt.world_size; ++r)
            MPI_Send(&skip, 1, MPI_BYTE, r, kExit, MPI_COMM_WORLD);
        relay_goodbyes(MPI_COMM_WORLD, rt.world_workers, kGoodbyeWait);
    }
    if (!rt.lost)
        MPI_Finalize();
}

void ensure_init()
{
    Runtime& rt = runtime();
    std::lock_guard lock(rt.mutex);
    if (rt.initialized)
        return;
    int already = 0;
    MPI_Initialized(&already);
    if (!already) {
        int provided = 0;
        check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_MULTIPLE, &provided), "MPI_Init_thread");
        rt.thread_level = provided;
        std::atexit(&finalize_at_exit);
    } else {
        MPI_Query_thread(&rt.thread_level);
    }
    if (rt.thread_level < MPI_THREAD_SERIALIZED)
        throw ProcessError("MPI: the library gives no thread support (MPI_THREAD_SERIALIZED at least is needed: "
                           "the pool talks to the ranks from its own thread)");
    // Errors come back as codes (the pool reports them) instead of aborting the job.
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_rank(MPI_COMM_WORLD, &rt.world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &rt.world_size);
    rt.initialized = true;
}

void serve_if_worker()
{
    // Started by an MPI launcher (mpirun, or MPI_Comm_spawn): Open MPI sets these for its ranks.
    if (!std::getenv("OMPI_COMM_WORLD_SIZE"))
        return;
    ensure_init();
    MPI_Comm parent = MPI_COMM_NULL;
    MPI_Comm_get_parent(&parent);
    if (parent != MPI_COMM_NULL) {
        MPI_Comm_set_errhandler(parent, MPI_ERRORS_RETURN);
        serve(parent, runtime().world_rank, true);
    }
    if (runtime().world_rank != 0)
        serve(MPI_COMM_WORLD, runtime().world_rank, false);
}

void wait(MPI_Request& request, const char* what)
{
    Backoff backoff;
    for (;;) {
        int done = 0;
        check(MPI_Test(&request, &done, MPI_STATUS_IGNORE), what);
        if (done)
            return;
        if (const auto pause = backoff.next(); pause.count() > 0)
            std::this_thread::sleep_for(pause);
    }
}

void receive(MPI_Message& msg, const MPI_Status& status, std::string& out)
{
    int count = 0;
    MPI_Get_count(&status, MPI_BYTE, &count);
    if (count == MPI_UNDEFINED || count < 0)
        throw ValueError("MPI: a message too large to receive (over 2 GiB)");
    out.resize(std::size_t(count));
    MPI_Request request = MPI_REQUEST_NULL;
    check(MPI_Imrecv(out.data(), count, MPI_BYTE, &msg, &request), "MPI_Imrecv");
    wait(request, "MPI_Imrecv");
}

} // namespace proclab::mpi::detail

namespace proclab::mpi {

void init()
{
    detail::ensure_init();
}

void finalize()
{
    detail::Runtime& rt = detail::runtime();
    {
        std::lock_guard lock(rt.mutex);
        if (!rt.initialized)
            return;
        if (rt.world_in_use || rt.spawned_in_use)
            throw ValueError("proclab::mpi::finalize: an MPI pool is still open (close and join it first)");
    }
    detail::finalize_at_exit();
}

int world_rank() noexcept
{
    return detail::runtime().world_rank;
}

int world_size() noexcept
{
    return detail::runtime().world_size;
}

} // namespace proclab::mpi

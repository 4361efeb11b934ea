// MPI's state in this process: initialization, finalization at exit, the freeze_support() hook
// (see mpi_runtime.h).
#include "mpi_runtime.h"

#include <proclab/errors.h>
#include <proclab/mpi.h>

#include <climits>
#include <cstdlib>
#include <unistd.h>

namespace proclab::mpi::detail {

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

void retire_spawned_locked(Runtime& rt)
{
    if (rt.spawned_comm == MPI_COMM_NULL)
        return;
    const char skip = rt.lost ? 1 : 0;
    if (!rt.spawned_broken)
        for (const Peer& p : rt.spawned_workers)
            MPI_Send(&skip, 1, MPI_BYTE, p.rank, kExit, rt.spawned_comm);
    if (!rt.lost && !rt.spawned_broken)
        MPI_Comm_disconnect(&rt.spawned_comm);
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

void receive(MPI_Message& msg, const MPI_Status& status, std::string& out)
{
    int count = 0;
    MPI_Get_count(&status, MPI_BYTE, &count);
    if (count == MPI_UNDEFINED || count < 0)
        throw ValueError("MPI: a message too large to receive (over 2 GiB)");
    out.resize(std::size_t(count));
    check(MPI_Mrecv(out.data(), count, MPI_BYTE, &msg, MPI_STATUS_IGNORE), "MPI_Mrecv");
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

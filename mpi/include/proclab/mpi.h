#pragma once
// The Pool on MPI ranks (library proclab::mpi, Open MPI): the same Pool, one option apart.
//
//   proclab::Pool pool({.processes = 4, .backend = proclab::mpi::backend});
//   std::vector<int> rs = pool.map(square, xs);
//
// Two ways to start, as mpi4py.futures:
//   mpirun -np 5 prog   rank 0 runs main(); ranks 1..4 serve the pool from freeze_support() (call it
//                       first in main()). processes: at most the other ranks (nullopt: all of them).
//   prog                the pool spawns `processes` workers (MPI_Comm_spawn, nullopt: cpu_count())
//                       running this same program, which serve from freeze_support(); they serve
//                       the next pools too and end at exit.
//
// A task that throws fails with RemoteError carrying the rank and host it ran on. A rank that
// ends while the job goes on (mpirun --enable-recovery) fails its tasks in flight with WorkerLost
// (seen for ranks on this host); by default Open MPI ends the whole job instead (mpirun reports
// which rank died). Ranks are not replaced; maxtasksperchild and start_method do not apply.
// terminate() fails the unfinished results at once; a rank busy with a task finishes it, its
// result discarded (an MPI rank cannot be killed without ending the job).
// Arguments and results travel as the local pool's job messages, sent and received in place.

#include <proclab/pool.h>

#include <memory>

namespace proclab::mpi {

/// The PoolOptions::backend of MPI ranks. ValueError: more processes than worker ranks (under
/// mpirun), another MPI pool still open on the same ranks. ProcessError: MPI cannot start or
/// spawn the workers.
std::unique_ptr<::proclab::detail::PoolEngine> backend(const PoolOptions& options);

/// Initializes MPI in this process now (otherwise: in freeze_support() under mpirun, or at the
/// first MPI pool). Finalized at exit. Idempotent.
void init();
/// Ends MPI in this process now, as happens at exit: spawned workers and the world's worker ranks are
/// told to exit, then MPI_Finalize. For a process that ends without running exit handlers (a Fork
/// child ends with _exit: its spawned workers would be killed when it is gone). MPI cannot start
/// again afterwards. Nothing to do when MPI was never started. ValueError: an MPI pool is open.
void finalize();
/// This process's rank in MPI_COMM_WORLD and the world's size (0 and 1 before init()).
int world_rank() noexcept;
int world_size() noexcept;

} // namespace proclab::mpi

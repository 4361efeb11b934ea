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
// (seen by its pid on this host; on another host, when its heartbeats, one a second, stop for
// 5 s); by default Open MPI ends the whole job instead (mpirun reports which rank died). Ranks are not replaced;
// maxtasksperchild and start_method do not apply. terminate() fails the unfinished results at once; a rank busy with a
// task finishes it, its result discarded (an MPI rank cannot be killed without ending the job). Arguments and results
// travel as the local pool's job messages, sent and received in place.
//
// In a session (proclab/session.h): when the pool's process is in one, every worker rank shows there
// as a pool worker named "host:rank" with its current task and its task events (the pool timeline's
// row of that rank). A rank on the pool's host joins the session itself, as a local worker. A rank
// on another host cannot reach the session's shared memory: it is relayed by the pool's process.
// It reports its pid and start (answering each pool's start, which also measures its clock's offset
// as NTP does), each job's begin and end (in the result message, no extra message), and its end
// (when MPI ends: the pool's process waits up to 2 s for it); the pool's process writes its record
// and events. A relayed record has ProcessRecord::host (its host) and ::rank set and its events
// SessionEvent::host: its pid is a pid of that host, never sampled, signalled or probed here (no
// CPU % or RSS). Its current task is the oldest job in its hands (a rank runs them in order); a
// rank whose end the pool's process never heard (lost, or rank 0 ended first) is shown killed
// with -9, as mpirun ends the rest of a job.
//
// PROCLAB_MPI_RELAY=1 in every rank's environment (mpirun -x PROCLAB_MPI_RELAY=1) relays every
// worker rank, those on the pool's host too, as if they ran on other hosts (they withdraw from a
// session they were attached to): to see and test relaying on one machine. 0 or unset: only the
// ranks of other hosts. Another value: ValueError from backend().

#include <proclab/pool.h>

#include <memory>

namespace proclab::mpi {

/// The PoolOptions::backend of MPI ranks. ValueError: more processes than worker ranks (under
/// mpirun), another MPI pool still open on the same ranks, PROCLAB_MPI_RELAY neither 0 nor 1.
/// ProcessError: MPI cannot start or spawn the workers.
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

#pragma once
// What crashed or killed programs leave in /dev/shm, and its removal.
//
// Every holder of a ProcLab shared object keeps a shared flock() on it, so an object nobody holds
// is used by no live process. Debris is such an object whose creator is dead (its pid gone, or
// reused by a process with another start time) and that no live session lists; a session is live
// while any process holds it. Every program starts a tracker, "proclab-tracker", when it creates
// its first session or object or starts its first child: a small program, launched without
// forking the program and not its descendant, that sweeps once at its start, learns the names of
// the program's objects, waits on the program's pidfd and, right after the program ends however
// it ends (SIGKILL included), removes what it left; after a normal end it exits at once. The
// tracker is found through $PROCLAB_TRACKER, beside the program, in the build tree or installed.
// PROCLAB_NO_TRACKER=1 in the environment starts none: the program then sweeps at its first
// session or object itself (tests that want the sweep alone).

#include <cstdint>
#include <string>
#include <sys/types.h>
#include <vector>

namespace proclab {

/// A leftover shared object of this user.
struct Debris {
    std::string name;    ///< its /dev/shm name, e.g. "proclab-1000-queue-3f9a…"
    std::string kind;    ///< "queue", "lock", "session", "part" (of a large queue message), "" unknown
    pid_t creator = 0;   ///< the process that created it (0: not recorded)
    std::string session; ///< the dead session that lists it ("" when none)
    std::uint64_t bytes = 0;
};

/// The debris of this user, without removing anything.
std::vector<Debris> find_debris();

/// Removes the debris of this user; returns what it removed. Never removes an object that a live
/// process holds, that a live session lists, or whose creator is alive.
std::vector<Debris> sweep_debris();

/// What the automatic sweep at this program's first session or object removed (empty before it).
std::vector<Debris> removed_at_start();

/// sweep_debris().size() (kept for existing callers).
std::size_t cleanup();

} // namespace proclab

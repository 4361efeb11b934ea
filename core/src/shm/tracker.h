#pragma once
// Private: the facts the debris sweep needs about a process, and the tracker that removes what a
// program leaves behind right after it ends, however it ends (see proclab/debris.h).

#include <cstdint>
#include <string_view>
#include <sys/types.h>

namespace proclab::detail {

/// What /proc/<pid>/stat says of a process.
struct ProcessFacts {
    bool exists = false;
    char state = '?';
    std::uint64_t starttime = 0; // field 22, clock ticks since boot
};
ProcessFacts process_facts(pid_t pid) noexcept;

/// True when `pid` runs and, if `starttime` is not 0, is the process that started then (a recycled
/// pid is not). A zombie is dead: it holds nothing any more.
bool process_alive(pid_t pid, std::uint64_t starttime) noexcept;

/// The sweep at a program's start, run here (remembered for removed_at_start()). The first
/// session sweeps here; the first object leaves it to the tracker when one starts.
void sweep_at_start() noexcept;

/// Removes `name` when nobody holds it (re-checked under an exclusive lock). For the tracker: the
/// objects its dead program made are removed even when a live session lists them, since no
/// process of that program is left to hand their names to anyone.
bool remove_unheld(const std::string& name) noexcept;

/// This process's start time (cached per pid).
std::uint64_t own_starttime() noexcept;

/// Starts this program's tracker if none runs yet. The tracker, "proclab-tracker", is a small
/// program, launched without forking this one: a vfork-like clone runs another that executes the
/// tracker and exits, so the calling thread waits only until that exec (a fraction of a
/// millisecond, once per program), and the tracker exists before the first object does. It is an
/// orphan from its start, adopted by the nearest subreaper ancestor or init: not a descendant of
/// this program (killing the program's tree spares it). It sweeps once at its start, then waits
/// (pidfd) for this program to end and removes what it left. Called at the first session or
/// object, and before the program becomes a child subreaper (launched later, it would be adopted
/// by the program). A forked child shares its parent's tracker. Returns true when one runs.
bool start_tracker_once() noexcept;

/// Tells the tracker about an object this program (or a forked child) created: the tracker then
/// knows when the program's objects are all gone. Cheap (one non-blocking datagram).
void note_created(std::string_view name) noexcept;

/// True when `pid` is a tracker (of this program or another: a subreaper adopts those of its
/// killed descendants; they end on their own).
bool is_tracker(pid_t pid) noexcept;

/// The tracker's pid (0 when none was started by this program).
pid_t tracker_pid() noexcept;

} // namespace proclab::detail

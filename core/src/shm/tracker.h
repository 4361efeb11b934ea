#pragma once
// Private: the facts the debris sweep needs about a process, and the tracker process that sweeps
// right after this program ends (see proclab/debris.h).

#include <cstdint>
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

/// The sweep at a program's first session or object: remembered for removed_at_start().
void sweep_at_start() noexcept;

/// This process's start time (cached per pid).
std::uint64_t own_starttime() noexcept;

/// Starts this program's tracker if none runs yet: a process that waits (poll on a pidfd) for
/// this one to end, then removes the debris and exits. Not this program's child, and it holds
/// none of its objects. Called when the program creates its first session or object; a forked
/// child shares its parent's tracker. Cheap after the first call.
void start_tracker_once() noexcept;

/// The tracker's pid (0 when none was started by this program).
pid_t tracker_pid() noexcept;

} // namespace proclab::detail

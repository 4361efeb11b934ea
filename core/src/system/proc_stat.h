#pragma once
// Private: the per-process figures the session sampler needs (state, CPU ticks, start time, RSS),
// read for a batch of PIDs through libproc2.

#include <cstdint>
#include <sys/types.h>
#include <unordered_map>
#include <vector>

struct pids_info;

namespace proclab::detail {

/// What /proc/<pid>/stat says of a process.
struct ProcStat {
    char state = '?';
    std::uint64_t ticks = 0;     // utime + stime
    std::uint64_t starttime = 0; // clock ticks since boot: tells a recycled pid apart
    std::uint64_t rss_pages = 0;
    pid_t ppid = 0; // the parent the kernel shows (ps's PPID)
};

/// One libproc2 handle reading stat lines; not shared between threads.
class ProcStatReader {
public:
    ProcStatReader(); // Error when libproc2 cannot be set up
    ProcStatReader(const ProcStatReader&) = delete;
    ProcStatReader& operator=(const ProcStatReader&) = delete;
    ~ProcStatReader();

    /// The figures of those of `pids` that exist (gone ones are absent).
    std::unordered_map<pid_t, ProcStat> read(const std::vector<pid_t>& pids);

private:
    pids_info* m_info = nullptr;
};

/// Start time of `pid` in clock ticks since boot, 0 when gone.
std::uint64_t process_starttime(pid_t pid) noexcept;

} // namespace proclab::detail

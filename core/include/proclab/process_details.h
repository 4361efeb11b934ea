#pragma once
// Everything /proc tells about one process, for a details view: the command line, working
// directory, executable, environment, open descriptors (files, pipes, sockets), resource limits,
// cgroup and the status figures. Each part is read on its own: a part that is not readable (another
// user's process: cwd, exe, environ and fd need ptrace rights) carries its errno and the others
// are still there. Blocking reads of /proc: call it off a GUI thread.

#include <cstdint>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <utility>
#include <vector>

namespace proclab {

/// One open descriptor: its number and what /proc/<pid>/fd/<n> links to ("/tmp/x", "pipe:[123]").
struct OpenDescriptor {
    int fd = -1;
    std::string target;
    enum class Kind : std::uint8_t { File, Directory, Device, Pipe, Socket, Anonymous, Other } kind = Kind::Other;
};

/// One line of /proc/<pid>/limits.
struct ResourceLimit {
    std::string name; ///< "Max open files"
    std::string soft; ///< "1024", "unlimited"
    std::string hard;
    std::string units; ///< "files", "bytes", "" ...
};

struct ProcessDetails {
    pid_t pid = 0;
    bool exists = false;           ///< false: no such process (the other fields are empty)
    std::uint64_t start_ticks = 0; ///< tells a recycled PID apart (process_start_ticks)

    std::vector<std::string> argv;
    int argv_error = 0; ///< errno of each part, 0 when read
    std::string cwd;
    int cwd_error = 0;
    std::string exe;
    int exe_error = 0;
    std::vector<std::string> environment; ///< "NAME=value", in the process's order
    int environment_error = 0;
    std::vector<OpenDescriptor> descriptors; ///< by descriptor number
    int descriptors_error = 0;
    std::vector<ResourceLimit> limits;
    int limits_error = 0;
    std::string cgroup; ///< the lines of /proc/<pid>/cgroup ("0::/user.slice/...")
    int cgroup_error = 0;
    /// /proc/<pid>/status, line by line ("State" → "S (sleeping)", "Threads" → "3", "VmRSS" → "1234 kB").
    std::vector<std::pair<std::string, std::string>> status;
    int status_error = 0;

    /// A status field's value ("" when absent).
    std::string status_value(std::string_view key) const;
};

/// Reads what it can of `pid`'s /proc entries.
ProcessDetails read_process_details(pid_t pid);

/// The kind of a descriptor from its link target.
OpenDescriptor::Kind classify_descriptor(std::string_view target) noexcept;
/// The rows of a /proc/<pid>/limits text (the header line gives the columns).
std::vector<ResourceLimit> parse_limits(std::string_view text);

} // namespace proclab

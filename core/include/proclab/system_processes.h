#pragma once
// The machine's process table, as ps and top read it (libproc2), for the window's wider scopes
// and `proclab-cli top --all`: every process, or one user's, or the descendants of a set of PIDs
// (the children of commands launched from a session, which never use the core themselves).
//
// Also: what a process waits on in the kernel, in plain words ("reading a pipe", "sleeping"),
// from its wchan and, where readable, /proc/<pid>/syscall.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace proclab {

/// What a process sleeping in the kernel waits for (None when it runs or is not sleeping).
enum class KernelWait : std::uint8_t {
    None,     ///< running, or runnable
    Sleep,    ///< nanosleep / clock_nanosleep ("sleeping (nanosleep)")
    Futex,    ///< a futex: a lock, a condition, a thread join
    PipeRead, ///< read() on a pipe or FIFO
    PipeWrite,
    Read,   ///< read() on something else (a terminal, a socket, a file)
    Write,  ///< write() on something else
    Poll,   ///< select / poll / epoll_wait
    Child,  ///< wait4 / waitid / waitpid
    Signal, ///< pause / sigsuspend / sigtimedwait
    Socket, ///< accept / connect / recv on a socket
    Disk,   ///< uninterruptible (state D): disk or other I/O
    Stopped,
    Zombie,
    Other ///< some other kernel function (see the wchan)
};

std::string_view to_string(KernelWait w) noexcept;

/// What the kernel says a process is in: its system call (number and first argument) when
/// /proc/<pid>/syscall is readable, and what that argument names when it is a descriptor.
struct SyscallInfo {
    long number = -1;      ///< -1: running in user space, or unknown
    long first_arg = 0;    ///< for read/write: the descriptor
    std::string fd_target; ///< readlink of /proc/<pid>/fd/<first_arg> ("pipe:[123]"), or empty
};

/// The category of a wait from the state letter (ps's STAT first letter), the wchan (kernel
/// function name, may be empty or "0") and the system call when known. Pure: reads nothing.
KernelWait classify_wait(char state, std::string_view wchan, const std::optional<SyscallInfo>& sys) noexcept;

/// /proc/<pid>/syscall and the descriptor it names; nullopt when not readable (another user's
/// process without ptrace rights, or gone).
std::optional<SyscallInfo> read_syscall(pid_t pid);

/// One process as ps shows it.
struct SystemProcess {
    pid_t pid = 0;
    pid_t ppid = 0;
    uid_t uid = 0;    ///< effective user id
    std::string user; ///< its name ("root"), or the number when it has no name
    char state = '?'; ///< R S D T t Z X I (ps STAT's first letter)
    int nice = 0;
    int threads = 0;
    double cpu_percent = 0; ///< since the previous sample() of the same sampler (0 on the first)
    std::uint64_t rss_bytes = 0;
    std::uint64_t vsize_bytes = 0;
    double mem_percent = 0;        ///< rss / physical memory
    std::uint64_t start_ticks = 0; ///< clock ticks after boot: tells a recycled PID apart
    std::int64_t start_ns = 0;     ///< the same, on CLOCK_MONOTONIC (comparable with now_ns())
    std::uint64_t cpu_ticks = 0;   ///< user + system time, clock ticks
    std::string command;           ///< the short name (comm)
    std::string cmdline;           ///< arguments joined with spaces; "[comm]" for kernel threads
    std::string wchan;             ///< kernel function it sleeps in ("" or "0": none)
    KernelWait wait = KernelWait::None;
};

/// Which processes a sample holds.
struct SystemFilter {
    enum class Scope { All, User, Descendants };
    Scope scope = Scope::All;
    uid_t uid = 0;            ///< Scope::User: this effective uid
    std::vector<pid_t> roots; ///< Scope::Descendants: these PIDs' descendants (not the roots)
    bool with_wait = true;    ///< classify waits (reads /proc/<pid>/syscall of sleepers)
};

/// Samples the process table through libproc2. Move-only; one sampler per thread (CPU % is
/// computed between two calls of the same sampler). Construction throws Error when /proc is not
/// readable or libproc2 fails.
class SystemSampler {
public:
    SystemSampler();
    SystemSampler(SystemSampler&&) noexcept;
    SystemSampler& operator=(SystemSampler&&) noexcept;
    SystemSampler(const SystemSampler&) = delete;
    SystemSampler& operator=(const SystemSampler&) = delete;
    ~SystemSampler();

    /// The processes `filter` selects, sorted by PID. Throws Error when /proc cannot be read.
    std::vector<SystemProcess> sample(const SystemFilter& filter = {});

    /// One process now (nullopt when gone); CPU % is not computed.
    static std::optional<SystemProcess> probe(pid_t pid);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// The start time of `pid` in clock ticks after boot (SystemProcess::start_ticks), 0 when it is
/// gone: a PID still names the process seen earlier when its start time is unchanged. Cheap, and
/// safe beside a sampler running on another thread.
std::uint64_t process_start_ticks(pid_t pid) noexcept;

/// The descendants of `roots` in `table` (by PPID, the roots excluded), in the table's order.
std::vector<pid_t> descendants_of(const std::vector<SystemProcess>& table, const std::vector<pid_t>& roots);

} // namespace proclab

#pragma once
// Private: the per-process runtime of the core (identity, children table) and the shared state of
// a Process handle. Platform code lives in process_linux.cpp and the other parts' files.

#include <proclab/process.h>

#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace proclab::detail {

enum class Phase { Created, Started, Finished, Closed };

struct ProcessState {
    std::mutex mutex;
    Target target;
    std::string name;
    std::vector<int> identity; // Python's _identity, e.g. {1, 2} for "Process-1:2"
    bool daemon = false;
    std::optional<StartMethod> method;        // nullopt: the default at start()
    std::atomic<Phase> phase{Phase::Created}; // read without `mutex` by the runtime's table
    pid_t owner = 0;                          // the process that created this handle: only it may start, join, signal
    pid_t pid = 0;
    int pidfd = -1;     // signals; waiting for Fork/Spawn/command children
    int status_fd = -1; // ForkServer: the server writes the exit code here
    StartMethod used = StartMethod::Fork;
    std::optional<int> exitcode;
    int stdio[3] = {-1, -1, -1}; // parent ends of Stdio::pipe() streams
    std::string buffer[3];       // read_line() carry-over
    bool eof[3] = {false, false, false};

    ~ProcessState();
    /// Closes every descriptor without waiting (after fork, in the child's copy).
    void drop_fds() noexcept;
    /// Non-blocking: reaps the child if it ended. Requires `mutex` held. True when finished.
    bool poll_locked();
    /// Waits up to `timeout_ms` (-1: forever) for the end and reaps; true when ended.
    /// Takes `mutex` itself and does not hold it while waiting.
    bool wait(int timeout_ms);
    /// The fd that becomes readable when the child has ended and its exit code can be read.
    // ForkServer children too: the pidfd says it ended; the status pipe then has its exit code.
    int wait_fd() const noexcept { return pidfd >= 0 ? pidfd : status_fd; }
};

/// Everything a child needs to know about itself; sent to Spawn and ForkServer children.
struct ChildIdentity {
    std::string name;
    bool daemon = false;
    std::vector<int> identity; // Python's _identity: the counters from the main process down
    pid_t parent_pid = 0;
    std::string parent_name;
    bool parent_daemon = false;
    std::string session; // the session registry to attach to ("" when none)

    template <class Archive>
    void serialize(Archive& ar)
    {
        ar(name, daemon, identity, parent_pid, parent_name, parent_daemon, session);
    }
};

/// A task invocation for a process without the caller's memory (Spawn, ForkServer).
struct TaskPayload {
    ChildIdentity who;
    std::string task;
    std::string args;
    std::string executable;
    /// Descriptors passed with the arguments (Pipe ends), in the order the arguments name them:
    /// numbers valid in the child (Spawn inherits them; a ForkServer worker receives them).
    std::vector<int> fds;

    template <class Archive>
    void serialize(Archive& ar)
    {
        ar(who, task, args, executable, fds);
    }
};

struct Runtime {
    std::mutex mutex; // children, counter; held across fork()
    std::vector<std::shared_ptr<ProcessState>> children;
    std::vector<int> identity;
    int counter = 0;
    std::string name = "MainProcess";
    bool daemon = false;
    std::optional<ProcessInfo> parent;
    std::optional<StartMethod> method;
    std::string executable;
    bool exit_hook = false;
    bool subreaper = false;
    bool subreaper_wanted = true; // set_subreaper()
    pid_t pid = 0;                // whose runtime this is; differs from getpid() right after fork
    // A fork server's worker: where it writes its exit code just before _exit, so that its starter
    // has it when the pidfd says it ended, without waiting for the server to reap it. Not inherited.
    int exit_report_fd = -1;
};

Runtime& runtime();

/// Identity of a new child of this process: counters and default name ("Process-1:2").
std::vector<int> next_identity(std::string& default_name);

/// Called before the first child starts: exit hook, child subreaper. Requires rt.mutex.
void prepare_parent_locked(Runtime& rt);
/// Pids of the children of `pid` (all its threads), from /proc.
std::vector<pid_t> children_of(pid_t pid);
/// Stops the tree under `root`, signals it leaves first; `root_pidfd` (>= 0) signals the root.
int kill_tree_impl(pid_t root, int root_pidfd, int sig);
/// In a fresh child (after fork, or after exec): adopt `who` as this process's identity (taken
/// over: `who` is left with what it replaced) and forget the parent's children. `self`: getpid().
void become_child(ChildIdentity& who, pid_t self);
/// In a parent, once: binds (through the PLT) the functions a forked child calls, so that no
/// child pays the dynamic linker's lookup and its page faults. The fork server calls it too.
void warm_child_path() noexcept;
/// Sets PR_SET_PDEATHSIG(SIGKILL); exits at once when `parent` is already gone.
void die_with_parent(pid_t parent) noexcept;
/// Terminates daemon children (SIGTERM, grace, SIGKILL), joins the others, stops the forkserver,
/// reaps adopted orphans. Runs at exit and at the end of every child.
void finalize_children();
/// finalize_children() in a process known to have become_child()ed (no getpid() check).
void finalize_own_children();
/// Reaps exited children that are not Process objects of ours (adopted orphans). Requires rt.mutex.
void reap_orphans_locked(Runtime& rt);
/// Drops finished children from the table. Requires rt.mutex.
void prune_children_locked(Runtime& rt);

/// Runs `call` as the whole life of a child: exception → message on stderr and exit code 1,
/// then finalize_children(), flush, _exit. Never returns.
[[noreturn]] void run_child_and_exit(const std::function<void()>& call);
/// Runs a registered task from a payload (Spawn, ForkServer worker). Never returns.
[[noreturn]] void run_payload_and_exit(const TaskPayload& payload);

/// Sends `sig` through the pidfd (a recycled pid is never hit). Requires state.mutex held.
void signal_locked(ProcessState& s, int sig);

/// Platform starts. Require state.mutex held; fill pid, pidfd / status_fd.
void start_fork(ProcessState& s, ChildIdentity& who);
void start_spawn(ProcessState& s, const TaskPayload& payload);
void start_command(ProcessState& s);
void start_forkserver(ProcessState& s, const TaskPayload& payload);

/// The forkserver of this process tree (started on demand); nullopt-safe stop at exit.
void ensure_forkserver();
void stop_forkserver() noexcept;
/// Runs the server loop in this process (exec'd server); never returns.
[[noreturn]] void forkserver_main(int listen_fd, pid_t creator);
pid_t forkserver_pid() noexcept;
/// In a forked child (`self`: its pid): forget the parent's connection to the server.
void forkserver_after_fork(pid_t self) noexcept;
/// True when the process `self` started a fork server that still runs, or holds a connection.
bool forkserver_started_here(pid_t self) noexcept;

/// Exit code as Python reports it from a waitid() result: N, or -signal.
int exitcode_from(int code, int status) noexcept;
/// The whole content of the file `fd` (a memfd carrying a task payload), read from offset 0.
std::string read_memfd(int fd);
/// Number of threads of this process (from /proc/self/status).
int thread_count() noexcept;

} // namespace proclab::detail

#pragma once
// Process: a child process running a task, a callable (Fork only) or an external program.
// Names and semantics follow Python's multiprocessing.Process; see README "Processes".

#include <proclab/errors.h>
#include <proclab/task.h>

#include <chrono>
#include <csignal>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <tuple>
#include <utility>
#include <vector>

namespace proclab {

/// How a child is created (as Python's start methods).
enum class StartMethod {
    Fork,       ///< a copy of the caller; runs any callable; only safe from a single-threaded caller
    Spawn,      ///< fork+exec of the program itself (or set_executable()); runs registered tasks
    ForkServer, ///< forked by a single-threaded server started early; runs registered tasks
};

/// "fork", "spawn" or "forkserver".
std::string_view to_string(StartMethod method) noexcept;

/// Sets the default start method of this process for Process objects started afterwards.
/// ForkServer starts the server now (call it early in main(), before threads exist).
void set_start_method(StartMethod method);
/// Starts this process's fork server now if it is not running (idempotent). Call it while the
/// program is single-threaded; a session created before it records the server (kind ForkServer).
void start_forkserver();
/// The fork server's name in ps (comm), and the name of the worker it keeps forked ahead of a
/// start while starts come (gone after two idle seconds; not a process of any session).
inline constexpr const char* kForkServerName = "proclab-fsrv";
inline constexpr const char* kForkServerSpareName = "proclab-spare";
/// The default start method: Fork unless set_start_method() chose another.
StartMethod get_start_method() noexcept;

/// The program Spawn executes (default: this program, /proc/self/exe). It must call
/// freeze_support() at the top of main(). proclab-worker is such a host with built-in tasks.
void set_executable(std::string path);
const std::string& get_executable();

/// Must be the first statement of main() in programs that use Spawn or a ForkServer started
/// from a threaded program (Python's `if __name__ == "__main__"` guard / freeze_support()):
/// in a process created by Spawn it runs the task and exits, never returning; otherwise it
/// returns at once.
void freeze_support();

/// Number of CPUs usable by this process (its affinity mask), at least 1.
unsigned cpu_count() noexcept;

struct ProcessInfo {
    pid_t pid = 0;
    std::string name;
    bool daemon = false;
};

/// This process: its pid, name ("MainProcess" in the main program, else the Process's name) and
/// daemon flag.
ProcessInfo current_process();
/// The process that created this one, or nullopt in the main program.
std::optional<ProcessInfo> parent_process();
/// Children of this process started and still running (finished ones are reaped, as in Python).
std::vector<ProcessInfo> active_children();

/// ProcLab makes a process a child subreaper (PR_SET_CHILD_SUBREAPER) when it starts its first
/// child, so that descendants orphaned by a killed child are re-parented to it, and it reaps exited
/// children it did not start itself (on start, join, is_alive, active_children and at exit).
/// A program that also forks and waits for children of its own with waitpid() outside ProcLab
/// should call set_subreaper(false) first; orphans then go to init. Default: true.
void set_subreaper(bool enabled);

/// Stops every descendant of `pid` (SIGSTOP, so none can fork), then sends `sig` to all of them and
/// to `pid`, leaves first. Returns how many processes were signalled.
int kill_tree(pid_t pid, int sig = SIGKILL);

/// Where a command's standard stream goes.
struct Stdio {
    enum class Mode { Inherit, Pipe, Null, File, Stdout };
    Mode mode = Mode::Inherit;
    std::string path;    ///< Mode::File
    bool append = false; ///< Mode::File opened for writing: append instead of truncate

    static Stdio inherit() { return {}; }
    static Stdio pipe() { return {Mode::Pipe, {}, false}; }
    static Stdio null() { return {Mode::Null, {}, false}; }
    static Stdio file(std::string path, bool append = false) { return {Mode::File, std::move(path), append}; }
    /// stderr only: into the same place as stdout (Python's subprocess.STDOUT).
    static Stdio to_stdout() { return {Mode::Stdout, {}, false}; }
};

struct CommandOptions {
    std::string cwd;                        ///< empty: the caller's working directory
    std::map<std::string, std::string> env; ///< added to (or replacing entries of) the environment
    bool clear_env = false;                 ///< start from an empty environment instead
    Stdio std_in;
    Stdio std_out;
    Stdio std_err;
};

/// Which stream of a command to read.
enum class Stream { Stdout = 1, Stderr = 2 };

class Process;

namespace detail {
struct ProcessState;
struct Target;
/// A Process running `target` as it is (the Pool sets what its workers are).
Process make_process(Target target);

/// What a Process runs; built by Process's constructors.
struct Target {
    std::function<void()> call;               ///< runs in a forked child
    const void* function = nullptr;           ///< the function, when the target is one
    std::function<std::string()> encode_args; ///< serialized arguments, for a registered task
    std::function<void()> after_start;        ///< closes the Pipe ends handed to the child
    std::vector<std::string> argv;            ///< external program
    CommandOptions options;
    bool is_command = false;
    bool is_pool_worker = false; ///< a Pool's worker: the session shows it as one from its start
};

/// An argument that hands the child a descriptor (a Pipe end): the parent's copy is closed once
/// the child has started. Other arguments are left alone.
template <class T>
concept passes_descriptor = requires(T& t)
{
    t.close();
    t.fileno();
    t.set_monitor_id(0U);
};
template <class T>
void release_passed(T& arg) noexcept
{
    if constexpr (passes_descriptor<T>)
        arg.close();
}

template <class F, class... A>
Target make_target(F&& f, A&&... args)
{
    using Fn = std::decay_t<F>;
    Target t;
    if constexpr (is_function_pointer_v<Fn>) {
        using Args = typename function_traits<Fn>::args;
        static_assert(std::tuple_size_v<Args> == sizeof...(A), "wrong number of arguments for this task");
        auto stored = std::make_shared<Args>(std::forward<A>(args)...);
        Fn fn = f;
        t.function = reinterpret_cast<const void*>(fn);
        t.call = [fn, stored] { std::apply(fn, std::move(*stored)); }; // once, in the child
        t.encode_args = [stored] { return to_bytes(*stored); };
        t.after_start = [stored] { std::apply([](auto&... a) { (release_passed(a), ...); }, *stored); };
    } else {
        static_assert(std::is_invocable_v<Fn&, std::decay_t<A>&...>,
                      "the target cannot be called with these arguments");
        t.call = [fn = Fn(std::forward<F>(f)), stored = std::make_tuple(std::forward<A>(args)...)]() mutable {
            std::apply(fn, stored);
        };
    }
    return t;
}
} // namespace detail

/// A child process. Move-only handle: destroying it neither waits nor kills — a started child stays
/// in this process's table, is reaped when it ends, and is joined (or, if daemon, terminated) when
/// main() returns, as in Python. No zombie and no orphan is left: children get SIGKILL when their
/// parent dies (PR_SET_PDEATHSIG, bound to the *thread* that started them, so start processes from
/// long-lived threads), and orphaned descendants are adopted (child subreaper) and reaped.
class Process {
public:
    /// A registered task (PROCLAB_TASK) or any callable, with its arguments (copied now).
    /// A callable that is not a registered task runs only with StartMethod::Fork.
    template <class F, class... A>
    explicit Process(F&& f, A&&... args)
        : Process(detail::make_target(std::forward<F>(f), std::forward<A>(args)...))
    {
    }

    /// An external program; argv[0] is searched in PATH unless it contains a '/'.
    static Process command(std::vector<std::string> argv, CommandOptions options = {});
    /// `/bin/sh -c command_line`.
    static Process shell(std::string command_line, CommandOptions options = {});

    Process(Process&&) noexcept;
    Process& operator=(Process&&) noexcept;
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;
    ~Process();

    /// Starts the child. Throws ProcessError when started twice, from a daemon process, when the
    /// target cannot run with the start method, or when the program cannot be executed.
    void start();
    /// Waits until the child ends; false when the timeout passed first. ProcessError before start().
    bool join(std::chrono::milliseconds timeout);
    void join();
    /// True between start() and the child's end. ValueError once close()d (as every call that
    /// needs the child: join, terminate, kill, send_signal, sentinel), as Python's.
    bool is_alive();
    /// 0 before start.
    pid_t pid() const;
    /// nullopt while running or before start; 0 ok; N for exit(N); 1 when the task threw;
    /// -N when killed by signal N.
    std::optional<int> exitcode();

    const std::string& name() const;
    void set_name(std::string name);
    /// Default, as Python's: the daemon flag of the process that created this object (a Process
    /// created inside a daemon is a daemon, and so cannot be started there); false for command()
    /// and shell(), which a daemon may start.
    bool daemon() const;
    /// Before start() only (ProcessError after). A daemon is terminated when its parent ends and
    /// may not create children.
    void set_daemon(bool daemon);
    /// This process's start method (before start(); default get_start_method()).
    StartMethod start_method() const;
    void set_start_method(StartMethod method);
    bool is_command() const;

    /// SIGTERM / SIGKILL / any signal, through the pidfd: a recycled PID is never hit.
    /// No-op once the child has ended; ProcessError before start().
    void terminate();
    void kill();
    void send_signal(int sig);
    /// Stops the child's descendants and kills the whole tree (see proclab::kill_tree).
    int kill_tree(int sig = SIGKILL);

    /// The child's pidfd: readable when the child ends (for poll/select/QSocketNotifier); after that
    /// exitcode() has the value. Owned by the Process. ProcessError before start().
    int sentinel() const;
    /// Releases the handle's resources. ProcessError while the child is running. Idempotent;
    /// afterwards the calls above throw ValueError ("the process object is closed").
    void close();

    /// Commands with Stdio::pipe(): the parent's ends (-1 otherwise); pollable, non-blocking.
    int stdin_fd() const;
    int stdout_fd() const;
    int stderr_fd() const;
    /// Next line of the stream without its '\n'; nullopt at end of file; TimeoutError on timeout.
    std::optional<std::string> read_line(Stream stream = Stream::Stdout,
                                         std::optional<std::chrono::milliseconds> timeout = std::nullopt);
    /// Everything until end of file.
    std::string read_all(Stream stream = Stream::Stdout);
    /// Writes all of `data` to the child's stdin (blocking). ProcessError without a stdin pipe.
    void write_stdin(std::string_view data);
    void close_stdin();

private:
    friend Process detail::make_process(detail::Target target);
    explicit Process(detail::Target target);
    detail::ProcessState& state() const;

    std::shared_ptr<detail::ProcessState> m_state;
};

} // namespace proclab

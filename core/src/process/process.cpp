// Process: the portable part (checks, state machine). Platform code: process_linux.cpp.
#include "enum_name.h"
#include "process/runtime.h"
#include "session/monitor_bridge.h"
#include <proclab/detail/monitor.h>
#include <proclab/pipe.h>

#include <proclab/process.h>

#include <cerrno>
#include <cstring>
#include <poll.h>
#include <unistd.h>

namespace proclab {

using detail::Phase;
using detail::ProcessState;

namespace {

std::string basename_of(const std::string& path)
{
    auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

[[noreturn]] void misuse(const ProcessState& s, const std::string& what)
{
    throw ProcessError("Process '" + s.name + "': " + what);
}

// Only the process that created a handle may drive it (as Python's "can only join a child process").
void check_owner(const ProcessState& s, const char* op)
{
    if (s.owner != getpid())
        misuse(s, std::string(op) + ": can only be called by the process that created it (pid " +
                      std::to_string(s.owner) + ")");
}

// As Python's _check_closed(): every call on a closed Process object is a ValueError.
void check_not_closed(const ProcessState& s, const char* op)
{
    if (s.phase == Phase::Closed)
        throw ValueError("Process '" + s.name + "': " + op + ": the process object is closed");
}

void check_started(ProcessState& s, const char* op)
{
    check_owner(s, op);
    if (s.phase == Phase::Created)
        misuse(s, std::string(op) + ": the process has not been started");
    check_not_closed(s, op);
}

} // namespace

std::string_view to_string(StartMethod method) noexcept
{
    return detail::enum_name<StartMethod::ForkServer>(method, {"fork", "spawn", "forkserver"});
}

StartMethod get_start_method() noexcept
{
    auto& rt = detail::runtime();
    std::lock_guard lock(rt.mutex);
    return rt.method.value_or(StartMethod::Fork);
}

void set_start_method(StartMethod method)
{
    {
        auto& rt = detail::runtime();
        std::lock_guard lock(rt.mutex);
        rt.method = method;
    }
    if (method == StartMethod::ForkServer)
        detail::ensure_forkserver();
}

void start_forkserver()
{
    detail::ensure_forkserver();
}

void set_executable(std::string path)
{
    if (path.empty())
        throw ProcessError("set_executable: the path is empty");
    if (access(path.c_str(), X_OK) != 0)
        throw ProcessError("set_executable: cannot execute '" + path + "': " + std::strerror(errno));
    auto& rt = detail::runtime();
    std::lock_guard lock(rt.mutex);
    rt.executable = std::move(path);
}

const std::string& get_executable()
{
    static const std::string self = "/proc/self/exe";
    auto& rt = detail::runtime();
    std::lock_guard lock(rt.mutex);
    return rt.executable.empty() ? self : rt.executable;
}

ProcessInfo current_process()
{
    auto& rt = detail::runtime();
    std::lock_guard lock(rt.mutex);
    return {getpid(), rt.name, rt.daemon};
}

std::optional<ProcessInfo> parent_process()
{
    auto& rt = detail::runtime();
    std::lock_guard lock(rt.mutex);
    return rt.parent;
}

std::vector<ProcessInfo> active_children()
{
    auto& rt = detail::runtime();
    std::lock_guard lock(rt.mutex);
    detail::prune_children_locked(rt);
    detail::reap_orphans_locked(rt);
    std::vector<ProcessInfo> out;
    out.reserve(rt.children.size());
    for (auto& c : rt.children)
        out.push_back({c->pid, c->name, c->daemon});
    return out;
}

// ---------------------------------------------------------------------------------------------

Process::Process(detail::Target target)
    : m_state(std::make_shared<ProcessState>())
{
    auto& s = *m_state;
    s.owner = getpid();
    if (target.is_command) {
        if (target.argv.empty() || target.argv.front().empty())
            throw ProcessError("Process::command: the argument vector is empty (no program to run)");
        s.name = basename_of(target.argv.front());
    } else {
        if (!target.call)
            throw ProcessError("Process: the target is empty (a null function or std::function)");
        auto& rt = detail::runtime();
        std::lock_guard lock(rt.mutex);
        s.identity = detail::next_identity(s.name);
        s.daemon = rt.daemon; // as Python: the creator's daemon flag is the default
    }
    s.target = std::move(target);
}

Process detail::make_process(Target target)
{
    return Process(std::move(target));
}

Process Process::command(std::vector<std::string> argv, CommandOptions options)
{
    detail::Target t;
    t.is_command = true;
    t.argv = std::move(argv);
    t.options = std::move(options);
    return Process(std::move(t));
}

Process Process::shell(std::string command_line, CommandOptions options)
{
    if (command_line.empty())
        throw ProcessError("Process::shell: the command line is empty");
    return command({"/bin/sh", "-c", std::move(command_line)}, std::move(options));
}

Process::Process(Process&&) noexcept = default;
Process& Process::operator=(Process&&) noexcept = default;
Process::~Process() = default; // a started child stays in the runtime's table (joined at exit)

ProcessState& Process::state() const
{
    if (!m_state)
        throw ProcessError("Process: this object was moved from");
    return *m_state;
}

void Process::start()
{
    auto& s = state();
    std::lock_guard lock(s.mutex);
    check_owner(s, "start()");
    if (s.phase != Phase::Created)
        misuse(s, "start() can only be called once");

    StartMethod method = StartMethod::Fork;
    const detail::TaskEntry* task = nullptr;
    if (!s.target.is_command) {
        method = s.method ? *s.method : get_start_method();
        if (method == StartMethod::ForkServer)
            detail::ensure_forkserver(); // before taking the runtime's lock: it may fork
        if (method != StartMethod::Fork) {
            task = s.target.function ? detail::find_task(s.target.function) : nullptr;
            if (!task || !s.target.encode_args)
                misuse(s, std::string("start(): the ") + std::string(to_string(method)) +
                              " start method runs only functions registered with PROCLAB_TASK; this target is " +
                              (s.target.function ? "a function that is not registered (add PROCLAB_TASK(f))"
                                                 : "a lambda or other callable (use StartMethod::Fork)"));
        }
    }
    // Pipe ends among the arguments travel as descriptors beside the serialized bytes.
    detail::FdExport exported;
    std::string args = task ? s.target.encode_args() : std::string();

    // The runtime's lock is held from before the child exists until it is in the table, so that
    // no other thread can mistake it for an adopted orphan and reap it.
    auto& rt = detail::runtime();
    std::lock_guard rlock(rt.mutex);
    if (rt.daemon && !s.target.is_command)
        misuse(s, "start(): daemonic processes are not allowed to have children (this process, '" + rt.name +
                      "', is a daemon)");
    detail::prepare_parent_locked(rt);
    detail::prune_children_locked(rt);
    detail::monitor::ensure_attached(); // now, so that a forked child need not look

    if (s.target.is_command) {
        detail::start_command(s);
    } else {
        detail::ChildIdentity who;
        who.name = s.name;
        who.daemon = s.daemon;
        who.parent_pid = getpid();
        who.parent_name = rt.name;
        who.parent_daemon = rt.daemon;
        who.identity = s.identity;
        who.session = detail::monitor::session_name();
        s.used = method;
        if (method == StartMethod::Fork) {
            detail::start_fork(s, who);
        } else {
            detail::TaskPayload payload{std::move(who), task->name, std::move(args),
                                        rt.executable.empty() ? std::string("/proc/self/exe") : rt.executable,
                                        exported.fds()};
            if (method == StartMethod::Spawn)
                detail::start_spawn(s, payload);
            else
                detail::start_forkserver(s, payload);
        }
    }
    s.phase = Phase::Started;
    rt.children.push_back(m_state);
    // A Pipe end passed to the child is closed here (else its peer would never see the end of the
    // stream); other arguments stay until the handle goes, as shared objects' lifetimes expect.
    if (s.target.after_start)
        s.target.after_start();
    // The kernel's parent: the fork server for its workers, this process for everything else.
    const pid_t forker =
        s.used == StartMethod::ForkServer && !s.target.is_command ? detail::forkserver_pid() : getpid();
    const ProcessKind kind = s.target.is_command       ? ProcessKind::Command
                             : s.target.is_pool_worker ? ProcessKind::PoolWorker
                                                       : ProcessKind::Process;
    detail::monitor::child_started(s.pid, s.name, kind, s.daemon, forker > 0 ? forker : getpid());
}

bool Process::join(std::chrono::milliseconds timeout)
{
    auto& s = state();
    {
        std::lock_guard lock(s.mutex);
        check_started(s, "join()");
    }
    auto ms = timeout.count();
    detail::monitor::gate(SchedOp::Join, kNoObject, s.pid);
    detail::monitor::Blocked shown(kNoObject, WaitOp::Join, s.pid);
    return s.wait(ms < 0 ? 0 : static_cast<int>(std::min<long long>(ms, INT32_MAX)));
}

void Process::join()
{
    auto& s = state();
    {
        std::lock_guard lock(s.mutex);
        check_started(s, "join()");
    }
    detail::monitor::gate(SchedOp::Join, kNoObject, s.pid);
    detail::monitor::Blocked shown(kNoObject, WaitOp::Join, s.pid);
    s.wait(-1);
}

bool Process::is_alive()
{
    auto& s = state();
    std::lock_guard lock(s.mutex);
    check_owner(s, "is_alive()");
    check_not_closed(s, "is_alive()");
    if (s.phase != Phase::Started)
        return false;
    return !s.poll_locked();
}

pid_t Process::pid() const
{
    return state().pid;
}

std::optional<int> Process::exitcode()
{
    auto& s = state();
    std::lock_guard lock(s.mutex);
    if (s.phase == Phase::Started && s.owner == getpid())
        s.poll_locked();
    return s.exitcode;
}

const std::string& Process::name() const
{
    return state().name;
}

void Process::set_name(std::string name)
{
    auto& s = state();
    std::lock_guard lock(s.mutex);
    if (name.empty())
        misuse(s, "set_name(): the name is empty");
    s.name = std::move(name);
}

bool Process::daemon() const
{
    return state().daemon;
}

void Process::set_daemon(bool daemon)
{
    auto& s = state();
    std::lock_guard lock(s.mutex);
    if (s.phase != Phase::Created)
        misuse(s, "set_daemon(): the daemon flag can only be set before start()");
    s.daemon = daemon;
}

StartMethod Process::start_method() const
{
    auto& s = state();
    if (s.phase != Phase::Created)
        return s.used;
    return s.method ? *s.method : get_start_method();
}

void Process::set_start_method(StartMethod method)
{
    auto& s = state();
    std::lock_guard lock(s.mutex);
    if (s.phase != Phase::Created)
        misuse(s, "set_start_method(): can only be set before start()");
    if (s.target.is_command)
        misuse(s, "set_start_method(): an external command is always started with fork+exec");
    s.method = method;
}

bool Process::is_command() const
{
    return state().target.is_command;
}

void Process::terminate()
{
    send_signal(SIGTERM);
}

void Process::kill()
{
    send_signal(SIGKILL);
}

void Process::send_signal(int sig)
{
    auto& s = state();
    std::lock_guard lock(s.mutex);
    check_started(s, "send_signal()");
    if (sig <= 0 || sig >= NSIG)
        misuse(s, "send_signal(): " + std::to_string(sig) + " is not a signal number");
    if (s.phase != Phase::Started || s.pidfd < 0)
        return; // ended: nothing to signal, and its pid may belong to someone else by now
    detail::signal_locked(s, sig);
    detail::monitor::record(EventKind::Signal, kNoObject, sig, static_cast<std::uint64_t>(s.pid));
}

int Process::sentinel() const
{
    auto& s = state();
    check_started(s, "sentinel()");
    return s.pidfd;
}

void Process::close()
{
    auto& s = state();
    std::lock_guard lock(s.mutex);
    check_owner(s, "close()");
    if (s.phase == Phase::Started && !s.poll_locked())
        misuse(s, "close(): the process is still running (join() or terminate() it first)");
    s.drop_fds();
    s.phase = Phase::Closed;
}

int Process::stdin_fd() const
{
    return state().stdio[0];
}
int Process::stdout_fd() const
{
    return state().stdio[1];
}
int Process::stderr_fd() const
{
    return state().stdio[2];
}

} // namespace proclab

// Process on Linux: fork, vfork+exec, pidfd waiting and signalling, command pipes.
#include "process/exec.h"
#include "process/runtime.h"
#include <proclab/detail/monitor.h>

#include "process/pidfd.h"
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <poll.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace proclab::detail {

namespace {

std::string os_error(int err)
{
    return std::strerror(err);
}

int remaining_ms(std::chrono::steady_clock::time_point deadline)
{
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    return static_cast<int>(std::max<long long>(0, left.count()));
}

const char* stream_name(int idx)
{
    return idx == 0 ? "stdin" : idx == 1 ? "stdout" : "stderr";
}

// Searches PATH like execvp; the error is the most telling one met (EACCES over ENOENT).
std::string resolve_program(const std::string& prog, const std::string& path_var, int& err)
{
    err = 0;
    auto check = [&](const std::string& candidate) {
        struct stat st {};
        if (stat(candidate.c_str(), &st) != 0)
            return errno;
        if (S_ISDIR(st.st_mode))
            return EISDIR;
        if (access(candidate.c_str(), X_OK) != 0)
            return errno;
        return 0;
    };
    if (prog.find('/') != std::string::npos) {
        err = check(prog);
        return prog;
    }
    int best = ENOENT;
    size_t start = 0;
    while (start <= path_var.size()) {
        size_t end = path_var.find(':', start);
        if (end == std::string::npos)
            end = path_var.size();
        std::string dir = path_var.substr(start, end - start);
        std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + prog;
        int e = check(candidate);
        if (e == 0)
            return candidate;
        if (e == EACCES || e == EISDIR)
            best = EACCES;
        start = end + 1;
    }
    err = best;
    return prog;
}

} // namespace

// A write to a pipe whose reader is gone must not kill us with SIGPIPE: block it around the
// write and swallow the pending signal.
ssize_t write_no_sigpipe(int fd, const char* data, size_t size)
{
    sigset_t pipe_set, old;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    ssize_t n = ::write(fd, data, size);
    int err = errno;
    if (n < 0 && err == EPIPE) {
        struct timespec zero {
            0, 0
        };
        sigtimedwait(&pipe_set, nullptr, &zero);
    }
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    errno = err;
    return n;
}

Fd& Fd::operator=(Fd&& o) noexcept
{
    if (this != &o)
        reset(o.release());
    return *this;
}

void Fd::reset(int fd) noexcept
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = fd;
}

CStringArray::CStringArray(std::vector<std::string> items)
    : m_items(std::move(items))
{
    m_ptrs.reserve(m_items.size() + 1);
    for (auto& s : m_items)
        m_ptrs.push_back(s.data());
    m_ptrs.push_back(nullptr);
}

std::vector<std::string> make_environment(const std::vector<std::pair<std::string, std::string>>& overrides, bool clear)
{
    std::vector<std::string> env;
    auto overridden = [&](std::string_view entry) {
        return std::any_of(overrides.begin(), overrides.end(), [entry](const auto& kv) {
            const std::string& k = kv.first;
            return entry.size() > k.size() && entry.compare(0, k.size(), k) == 0 && entry[k.size()] == '=';
        });
    };
    if (!clear) {
        for (char** e = environ; e && *e; ++e) {
            std::string_view entry(*e);
            if (entry.starts_with("PROCLAB_SPAWN_FD=") || entry.starts_with("PROCLAB_FORKSERVER_"))
                continue;
            if (!overridden(entry))
                env.emplace_back(entry);
        }
    }
    for (auto& [k, v] : overrides) {
        std::string entry = k;
        entry += '=';
        entry += v;
        env.push_back(std::move(entry));
    }
    return env;
}

int open_pidfd(pid_t pid)
{
    int fd = pidfd_open(pid, 0);
    if (fd < 0)
        throw ProcessError(std::string("start(): pidfd_open failed: ") + os_error(errno));
    return fd;
}

const std::string& self_executable()
{
    static const std::string path = [] {
        char buf[4096];
        ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
        return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string("/proc/self/exe");
    }();
    return path;
}

namespace {
struct VforkChild {
    const ExecSpec* spec;
    char* const* argv;
    char* const* envp;
    const char* path;
    const char* cwd;
    pid_t parent;
    const sigset_t* mask;
    volatile int* err;
    volatile int* stage;
};

// Runs in the vfork child, on the parent's memory: system calls only, then execve or _exit.
[[gnu::noinline]] [[noreturn]] void vfork_child(const VforkChild& c)
{
    for (int sig = 1; sig < NSIG; ++sig) {
        struct sigaction sa {};
        if (sigaction(sig, nullptr, &sa) != 0)
            continue;
        bool handled = sa.sa_handler != SIG_DFL && sa.sa_handler != SIG_IGN;
        bool restore_ignored = sa.sa_handler == SIG_IGN && (sig == SIGPIPE || sig == SIGXFSZ);
        if (handled || restore_ignored) {
            sa = {};
            sa.sa_handler = SIG_DFL;
            sigaction(sig, &sa, nullptr);
        }
    }
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    if (getppid() != c.parent)
        _exit(127);
    const ExecSpec& spec = *c.spec;
    if (spec.stdio[0] >= 0)
        dup2(spec.stdio[0], 0);
    if (spec.stdio[1] >= 0)
        dup2(spec.stdio[1], 1);
    if (spec.stderr_to_stdout)
        dup2(1, 2);
    else if (spec.stdio[2] >= 0)
        dup2(spec.stdio[2], 2);
    for (const int fd : spec.keep_fds)
        fcntl(fd, F_SETFD, 0);
    if (c.cwd && chdir(c.cwd) != 0) {
        *c.err = errno;
        *c.stage = 1;
        _exit(127);
    }
    pthread_sigmask(SIG_SETMASK, c.mask, nullptr);
    execve(c.path, c.argv, c.envp);
    *c.err = errno;
    *c.stage = 2;
    _exit(127);
}
} // namespace

pid_t vfork_exec(const ExecSpec& spec, const std::string& what)
{
    CStringArray argv(spec.argv);
    CStringArray envp(spec.envp);

    // All signals stay blocked in the child until execve, so no handler of ours runs on the
    // memory it shares with us.
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    volatile int child_err = 0;
    volatile int child_stage = 0;
    const VforkChild child{
        &spec,    argv.data(), envp.data(), spec.path.c_str(), spec.cwd.empty() ? nullptr : spec.cwd.c_str(),
        getpid(), &old,        &child_err,  &child_stage};
    pid_t pid = vfork();
    if (pid == 0)
        vfork_child(child);
    int fork_err = errno;
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    if (pid < 0)
        throw ProcessError("start(): cannot create a process for '" + what + "': " + os_error(fork_err));
    if (child_err != 0) {
        int status = 0;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        if (child_stage == 1)
            throw ProcessError("start(): cannot change to the working directory '" + spec.cwd + "' for '" + what +
                               "': " + os_error(child_err));
        throw ProcessError("start(): cannot execute '" + what + "': " + os_error(child_err));
    }
    return pid;
}

// ---------------------------------------------------------------------------------------------

ProcessState::~ProcessState()
{
    drop_fds();
}

void ProcessState::drop_fds() noexcept
{
    for (int* fd : {&pidfd, &status_fd, &stdio[0], &stdio[1], &stdio[2]}) {
        if (*fd >= 0)
            ::close(*fd);
        *fd = -1;
    }
}

bool ProcessState::poll_locked()
{
    if (phase.load() != Phase::Started)
        return true;
    if (status_fd >= 0) {
        // ForkServer: the worker writes its exit code just before it ends, the server writes what
        // it reaped (a signal's end); the first is the code, read once the pidfd says it ended.
        pollfd ended{pidfd, POLLIN, 0};
        if (pidfd >= 0 && ::poll(&ended, 1, 0) <= 0)
            return false;
        pollfd p{status_fd, POLLIN, 0};
        if (::poll(&p, 1, pidfd >= 0 ? 2000 : 0) <= 0)
            return false;
        int code = 0;
        ssize_t n;
        do
            n = ::read(status_fd, &code, sizeof code);
        while (n < 0 && errno == EINTR);
        exitcode = n == static_cast<ssize_t>(sizeof code) ? code : -SIGKILL; // EOF: the server died
        phase = Phase::Finished;
        monitor::child_exited(pid, *exitcode);
        return true;
    }
    siginfo_t info{};
    int r;
    do
        r = waitid(static_cast<idtype_t>(P_PIDFD), static_cast<id_t>(pidfd), &info, WEXITED | WNOHANG);
    while (r < 0 && errno == EINTR);
    if (r < 0) {
        // ECHILD: other code of the program reaped it (waitpid(-1)); the exit code is lost.
        exitcode = 255;
        phase = Phase::Finished;
        return true;
    }
    if (info.si_pid == 0)
        return false;
    exitcode = exitcode_from(info.si_code, info.si_status);
    phase = Phase::Finished;
    monitor::child_exited(pid, *exitcode);
    return true;
}

bool ProcessState::wait(int timeout_ms)
{
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms < 0 ? 0 : timeout_ms);
    for (;;) {
        int fd;
        {
            std::lock_guard lock(mutex);
            if (poll_locked())
                return true;
            fd = wait_fd();
        }
        int left = timeout_ms < 0 ? -1 : remaining_ms(deadline);
        pollfd p{fd, POLLIN, 0};
        int r = ::poll(&p, 1, left);
        if (r < 0 && errno != EINTR)
            throw ProcessError(std::string("join(): poll failed: ") + os_error(errno));
        if (r == 0 || (r > 0 && (p.revents & POLLNVAL))) {
            std::lock_guard lock(mutex);
            return poll_locked();
        }
    }
}

void signal_locked(ProcessState& s, int sig)
{
    if (s.phase.load() != Phase::Started || s.pidfd < 0)
        return;
    if (pidfd_send_signal(s.pidfd, sig, nullptr, 0) < 0 && errno != ESRCH)
        throw ProcessError("Process '" + s.name + "': cannot send " + signal_name(sig) + ": " + os_error(errno));
}

void start_fork(ProcessState& s, ChildIdentity& who)
{
    std::cout.flush(); // buffered output would otherwise be printed twice
    std::fflush(nullptr);
    const pid_t parent = who.parent_pid;
    pid_t pid = fork();
    if (pid < 0)
        throw ProcessError("Process '" + s.name + "': start(): fork failed: " + os_error(errno));
    if (pid == 0) {
        die_with_parent(parent);
        become_child(who, getpid());
        run_child_and_exit(s.target.call);
    }
    s.pid = pid;
    s.pidfd = open_pidfd(pid);
}

void start_spawn(ProcessState& s, const TaskPayload& payload)
{
    std::string bytes = to_bytes(payload);
    Fd memfd(memfd_create("proclab-spawn", MFD_CLOEXEC));
    if (!memfd)
        throw ProcessError("Process '" + s.name + "': start(): memfd_create failed: " + os_error(errno));
    for (size_t off = 0; off < bytes.size();) {
        ssize_t n = ::write(memfd.get(), bytes.data() + off, bytes.size() - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            throw ProcessError("Process '" + s.name + "': start(): cannot write the task: " + os_error(errno));
        off += static_cast<size_t>(n);
    }
    ExecSpec spec;
    spec.path = payload.executable == "/proc/self/exe" ? self_executable() : payload.executable;
    spec.argv = {spec.path};
    spec.envp = make_environment({{"PROCLAB_SPAWN_FD", std::to_string(memfd.get())}}, false);
    spec.keep_fds = payload.fds; // Pipe ends passed as arguments: same numbers in the child
    spec.keep_fds.push_back(memfd.get());
    std::cout.flush();
    std::fflush(nullptr);
    s.pid = vfork_exec(spec, spec.path);
    s.pidfd = open_pidfd(s.pid);
}

void start_command(ProcessState& s)
{
    const auto& argv = s.target.argv;
    const auto& o = s.target.options;
    std::vector<std::pair<std::string, std::string>> overrides(o.env.begin(), o.env.end());
    for (auto& [k, v] : overrides)
        if (k.empty() || k.find('=') != std::string::npos)
            throw ProcessError("Process '" + s.name + "': start(): invalid environment variable name '" + k + "'");

    std::string path_var;
    if (auto it = o.env.find("PATH"); it != o.env.end())
        path_var = it->second;
    else if (const char* p = o.clear_env ? nullptr : std::getenv("PATH"))
        path_var = p;
    else
        path_var = "/usr/local/bin:/usr/bin:/bin";
    int err = 0;
    std::string program = resolve_program(argv.front(), path_var, err);
    if (err != 0)
        throw ProcessError("Process '" + s.name + "': start(): cannot execute '" + argv.front() +
                           "': " + os_error(err));
    if (!o.cwd.empty()) {
        struct stat st {};
        if (stat(o.cwd.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
            throw ProcessError("Process '" + s.name + "': start(): the working directory '" + o.cwd +
                               "' is not a directory: " + os_error(errno ? errno : ENOTDIR));
    }

    Fd child_end[3];
    Fd parent_end[3];
    const Stdio* modes[3] = {&o.std_in, &o.std_out, &o.std_err};
    for (int i = 0; i < 3; ++i) {
        const Stdio& m = *modes[i];
        switch (m.mode) {
        case Stdio::Mode::Inherit:
            break;
        case Stdio::Mode::Null:
            child_end[i].reset(::open("/dev/null", (i == 0 ? O_RDONLY : O_WRONLY) | O_CLOEXEC));
            if (!child_end[i])
                throw ProcessError("start(): cannot open /dev/null: " + os_error(errno));
            break;
        case Stdio::Mode::File: {
            int flags = i == 0 ? O_RDONLY : (O_WRONLY | O_CREAT | (m.append ? O_APPEND : O_TRUNC));
            child_end[i].reset(::open(m.path.c_str(), flags | O_CLOEXEC, 0644));
            if (!child_end[i])
                throw ProcessError("Process '" + s.name + "': start(): cannot open '" + m.path + "' for " +
                                   stream_name(i) + ": " + os_error(errno));
            break;
        }
        case Stdio::Mode::Pipe: {
            int fds[2];
            if (pipe2(fds, O_CLOEXEC) != 0)
                throw ProcessError("start(): pipe failed: " + os_error(errno));
            Fd r(fds[0]), w(fds[1]);
            if (i == 0) {
                child_end[i] = std::move(r);
                parent_end[i] = std::move(w);
            } else {
                child_end[i] = std::move(w);
                parent_end[i] = std::move(r);
            }
            break;
        }
        case Stdio::Mode::Stdout:
            if (i != 2)
                throw ProcessError("Process '" + s.name + "': start(): Stdio::to_stdout() is only for std_err");
            break;
        }
    }

    ExecSpec spec;
    spec.path = program;
    spec.argv = argv;
    spec.envp = make_environment(overrides, o.clear_env);
    for (int i = 0; i < 3; ++i)
        spec.stdio[i] = child_end[i].get();
    spec.stderr_to_stdout = o.std_err.mode == Stdio::Mode::Stdout;
    spec.cwd = o.cwd;
    std::cout.flush();
    std::fflush(nullptr);
    s.pid = vfork_exec(spec, argv.front());
    s.pidfd = open_pidfd(s.pid);
    for (int i = 0; i < 3; ++i) {
        if (parent_end[i]) {
            fcntl(parent_end[i].get(), F_SETFL, O_NONBLOCK);
            s.stdio[i] = parent_end[i].release();
        }
    }
}

} // namespace proclab::detail

// ---------------------------------------------------------------------------------------------

namespace proclab {

using detail::Phase;

namespace {
int stream_index(Stream stream)
{
    return stream == Stream::Stderr ? 2 : 1;
}

// Reads what is available into the buffer; false at end of file.
bool fill(detail::ProcessState& s, int idx, int timeout_ms)
{
    pollfd p{s.stdio[idx], POLLIN, 0};
    int r = ::poll(&p, 1, timeout_ms);
    if (r < 0 && errno == EINTR)
        return true;
    if (r < 0)
        throw ProcessError(std::string("read: poll failed: ") + std::strerror(errno));
    if (r == 0)
        throw TimeoutError("Process '" + s.name + "': no complete line on " + (idx == 1 ? "stdout" : "stderr") +
                           " within " + std::to_string(timeout_ms) + " ms");
    char buf[65536];
    ssize_t n = ::read(s.stdio[idx], buf, sizeof buf);
    if (n > 0) {
        s.buffer[idx].append(buf, static_cast<size_t>(n));
        return true;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return true;
    s.eof[idx] = true;
    return false;
}
} // namespace

std::optional<std::string> Process::read_line(Stream stream, std::optional<std::chrono::milliseconds> timeout)
{
    auto& s = state();
    int idx = stream_index(stream);
    if (s.stdio[idx] < 0)
        throw ProcessError("Process '" + s.name + "': read_line(): " + (idx == 1 ? "stdout" : "stderr") +
                           " is not a pipe (start the command with Stdio::pipe())");
    auto deadline = std::chrono::steady_clock::now() + timeout.value_or(std::chrono::milliseconds(0));
    for (;;) {
        auto& buf = s.buffer[idx];
        if (auto nl = buf.find('\n'); nl != std::string::npos) {
            std::string line = buf.substr(0, nl);
            buf.erase(0, nl + 1);
            return line;
        }
        if (s.eof[idx]) {
            if (buf.empty())
                return std::nullopt;
            std::string line = std::move(buf);
            buf.clear();
            return line;
        }
        int left = -1;
        if (timeout) {
            auto ms =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            left = static_cast<int>(std::max<long long>(0, ms.count()));
        }
        fill(s, idx, left);
    }
}

std::string Process::read_all(Stream stream)
{
    auto& s = state();
    int idx = stream_index(stream);
    if (s.stdio[idx] < 0)
        throw ProcessError("Process '" + s.name + "': read_all(): " + (idx == 1 ? "stdout" : "stderr") +
                           " is not a pipe (start the command with Stdio::pipe())");
    while (!s.eof[idx])
        fill(s, idx, -1);
    return std::exchange(s.buffer[idx], {});
}

void Process::write_stdin(std::string_view data)
{
    auto& s = state();
    if (s.stdio[0] < 0)
        throw ProcessError("Process '" + s.name + "': write_stdin(): stdin is not a pipe (use Stdio::pipe())");
    while (!data.empty()) {
        ssize_t n = detail::write_no_sigpipe(s.stdio[0], data.data(), data.size());
        if (n > 0) {
            data.remove_prefix(static_cast<size_t>(n));
            continue;
        }
        if (n < 0 && errno == EAGAIN) {
            pollfd p{s.stdio[0], POLLOUT, 0};
            ::poll(&p, 1, -1);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        throw ProcessError("Process '" + s.name + "': write_stdin(): " +
                           (errno == EPIPE ? std::string("the process closed its stdin") : std::strerror(errno)));
    }
}

void Process::close_stdin()
{
    auto& s = state();
    if (s.stdio[0] >= 0) {
        ::close(s.stdio[0]);
        s.stdio[0] = -1;
    }
}

int Process::kill_tree(int sig)
{
    auto& s = state();
    std::lock_guard lock(s.mutex);
    if (s.owner != getpid() || s.phase.load() == Phase::Created)
        throw ProcessError("Process '" + s.name + "': kill_tree(): the process has not been started by this process");
    if (sig <= 0 || sig >= NSIG)
        throw ProcessError("Process '" + s.name + "': kill_tree(): " + std::to_string(sig) + " is not a signal number");
    if (s.phase.load() != Phase::Started || s.poll_locked())
        return 0;
    return detail::kill_tree_impl(s.pid, s.pidfd, sig);
}

} // namespace proclab

// The per-process runtime: identity, the children table, reaping, exit-time semantics (daemon
// children terminated, others joined), and the life of a child from fork or exec to _exit.
#include "process/runtime.h"
#include "shm/segment_registry.h"
#include "shm/tracker.h"
#include <proclab/detail/monitor.h>
#include <proclab/detail/pool_engine.h>
#include <proclab/pipe.h>

#include "process/pidfd.h"
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <iostream>
#include <mutex>
#include <new>
#include <poll.h>
#include <sched.h>
#include <set>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace proclab::detail {

namespace {
constexpr auto kDaemonGrace = std::chrono::milliseconds(1000); // SIGTERM → SIGKILL at exit
constexpr auto kOrphanGrace = std::chrono::milliseconds(500);  // adopted orphans dying at exit

void finalize_at_exit()
{
    finalize_children();
}

void write_all_fd(int fd, const std::string& s) noexcept
{
    const char* p = s.data();
    size_t left = s.size();
    while (left > 0) {
        ssize_t n = ::write(fd, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        p += n;
        left -= static_cast<size_t>(n);
    }
}

std::string read_small_file(const std::string& path)
{
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return {};
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0)
        out.append(buf, static_cast<size_t>(n));
    ::close(fd);
    return out;
}

int remaining_ms(std::chrono::steady_clock::time_point deadline)
{
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    return static_cast<int>(std::max<long long>(0, left.count()));
}
} // namespace

Runtime& runtime()
{
    static Runtime* rt = [] {
        auto* r = new Runtime; // never destroyed: used by the exit hook and by children
        r->pid = getpid();
        return r;
    }();
    return *rt;
}

std::vector<int> next_identity(std::string& default_name)
{
    auto& rt = runtime();
    std::vector<int> id = rt.identity;
    id.push_back(++rt.counter);
    default_name = "Process-";
    for (size_t i = 0; i < id.size(); ++i)
        default_name += (i ? ":" : "") + std::to_string(id[i]);
    return id;
}

namespace {
// The first call of a function through the PLT binds it (the dynamic linker's lookup, then a write
// to the GOT). A forked child pays that in copy-on-write and first-touch page faults for every
// function its parent never called: call here, once in the parent, what a child calls between
// fork and its target and on its way out, so that each child finds them bound.
void bind_child_path() noexcept
{
    (void)getppid();
    int signal_on_death = 0;
    prctl(PR_GET_PDEATHSIG, &signal_on_death, 0, 0, 0);
    (void)std::chrono::steady_clock::now();
    std::cout.flush();
    std::cerr.flush(); // unitbuf: its sentry's path (uncaught_exceptions, the exception globals)
    std::fflush(nullptr);
}

// True when `out` holds output not yet handed on: a stream synchronized with stdio (the
// default) writes through and never does; after sync_with_stdio(false) its buffer may.
bool has_pending_output(std::ostream& out) noexcept
{
    struct Peek : std::streambuf {
        static bool pending(std::streambuf* b) { return b && (b->*&Peek::pptr)() != (b->*&Peek::pbase)(); }
    };
    return Peek::pending(out.rdbuf());
}
} // namespace

void prepare_parent_locked(Runtime& rt)
{
    if (!rt.exit_hook) {
        std::atexit(finalize_at_exit);
        rt.exit_hook = true;
        bind_child_path();
    }
    if (!rt.subreaper && rt.subreaper_wanted) {
        // The tracker first: launched by a subreaper, it would be adopted by it (shm/tracker.h).
        start_tracker_once();
        // Orphaned descendants (their parent was killed) are re-parented to us, and reaped.
        rt.subreaper = prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0;
    }
}

void warm_child_path() noexcept
{
    bind_child_path();
}

void die_with_parent(pid_t parent) noexcept
{
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    if (getppid() != parent)
        _exit(1); // the parent died before PDEATHSIG was armed
}

void become_child(ChildIdentity& who, pid_t self)
{
    // Every page a child writes is copied for it (copy-on-write), and every page of code it runs
    // is mapped anew: take the identity over without allocating or freeing (the old values are
    // left behind in `who`, never destroyed), write nothing that is already right, and ask the
    // kernel for the pid once.
    auto& rt = runtime();
    new (&rt.mutex) std::mutex; // the parent's forking thread held it
    forkserver_after_fork(self);
    if (!rt.children.empty()) {
        for (auto& c : rt.children)
            c->drop_fds();
        rt.children.clear();
    }
    rt.identity.swap(who.identity);
    rt.counter = 0;
    rt.name.swap(who.name);
    rt.daemon = who.daemon;
    rt.parent.emplace(ProcessInfo{who.parent_pid, std::move(who.parent_name), who.parent_daemon});
    rt.subreaper = false; // not inherited across fork
    rt.pid = self;
    if (rt.exit_report_fd >= 0) { // a fork server worker's: its own children do not report there
        ::close(rt.exit_report_fd);
        rt.exit_report_fd = -1;
    }
    monitor::after_fork_in_child(rt.name, rt.daemon, self);
    if (!who.session.empty())
        monitor::attach_to(who.session);
    if (monitor::attached())
        monitor::became(rt.name, ProcessKind::Process, rt.daemon);
}

void prune_children_locked(Runtime& rt)
{
    std::erase_if(rt.children, [](const std::shared_ptr<ProcessState>& c) {
        if (c->phase.load() != Phase::Started)
            return true;
        std::unique_lock lock(c->mutex, std::try_to_lock);
        if (!lock.owns_lock())
            return false; // busy in another thread; looked at next time
        return c->poll_locked();
    });
}

std::vector<pid_t> children_of(pid_t pid)
{
    std::vector<pid_t> out;
    std::string task_dir = "/proc/" + std::to_string(pid) + "/task";
    DIR* d = opendir(task_dir.c_str());
    if (!d)
        return out;
    while (dirent* e = readdir(d)) {
        if (e->d_name[0] == '.')
            continue;
        std::string list = read_small_file(task_dir + "/" + e->d_name + "/children");
        const char* p = list.c_str();
        char* end = nullptr;
        for (long v = std::strtol(p, &end, 10); end != p; v = std::strtol(p, &end, 10)) {
            out.push_back(static_cast<pid_t>(v));
            p = end;
        }
    }
    closedir(d);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

void reap_orphans_locked(Runtime& rt)
{
    if (!rt.subreaper)
        return; // without it every child is one we (or other code of the program) started
    std::set<pid_t> known;
    for (auto& c : rt.children)
        known.insert(c->pid);
    known.insert(forkserver_pid());
    for (pid_t pid : children_of(getpid())) {
        if (known.contains(pid))
            continue;
        siginfo_t info{};
        if (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG) == 0 && info.si_pid == pid)
            monitor::child_exited(pid, exitcode_from(info.si_code, info.si_status)); // an adopted orphan's end
    }
}

void finalize_children()
{
    auto& rt = runtime();
    {
        std::lock_guard lock(rt.mutex);
        if (rt.pid != getpid())
            return; // a forked child that has not become_child()ed yet
    }
    finalize_own_children();
}

void finalize_own_children()
{
    auto& rt = runtime();
    std::vector<std::shared_ptr<ProcessState>> kids;
    {
        std::lock_guard lock(rt.mutex);
        // A child that started nothing (the common case) has nothing to wait for: return without
        // touching what the steps below would (each page costs a fault in a fresh child).
        if (rt.children.empty() && !rt.subreaper && !forkserver_started_here(rt.pid))
            return;
        kids = rt.children;
    }
    // Daemon children: SIGTERM, a short grace, then SIGKILL (Python only terminates).
    std::vector<std::shared_ptr<ProcessState>> daemons;
    for (auto& c : kids) {
        std::lock_guard lock(c->mutex);
        if (c->daemon && c->phase.load() == Phase::Started && !c->poll_locked()) {
            signal_locked(*c, SIGTERM);
            daemons.push_back(c);
        }
    }
    auto deadline = std::chrono::steady_clock::now() + kDaemonGrace;
    for (auto& c : daemons) {
        if (!c->wait(remaining_ms(deadline))) {
            {
                std::lock_guard lock(c->mutex);
                signal_locked(*c, SIGKILL);
            }
            c->wait(-1);
        }
    }
    // Non-daemon children are joined, as Python joins them at exit.
    for (auto& c : kids)
        if (!c->daemon && c->phase.load() == Phase::Started)
            c->wait(-1);
    stop_forkserver();

    std::lock_guard lock(rt.mutex);
    prune_children_locked(rt);
    // Orphans adopted from killed children are dying (PDEATHSIG); reap them before we go.
    auto orphan_deadline = std::chrono::steady_clock::now() + kOrphanGrace;
    while (rt.subreaper) {
        reap_orphans_locked(rt);
        const auto left = children_of(getpid());
        // Adopted trackers (of killed spawned children) end on their own, when their sweep is done.
        if (std::all_of(left.begin(), left.end(), is_tracker) || remaining_ms(orphan_deadline) == 0)
            break;
        struct timespec ts {
            0, 5'000'000
        };
        nanosleep(&ts, nullptr);
    }
}

[[noreturn]] void run_child_and_exit(const std::function<void()>& call)
{
    int code = 0;
    monitor::gate(SchedOp::Start, kNoObject); // scheduler mode: a new process waits to be let go
    try {
        call();
    } catch (const std::exception& e) {
        code = 1;
        write_all_fd(2, "Process " + runtime().name + ": " + exception_type_name(e) + ": " + e.what() + "\n");
    } catch (...) {
        code = 1;
        write_all_fd(2, "Process " + runtime().name + ": unknown exception (not derived from std::exception)\n");
    }
    try {
        finalize_own_children();
    } catch (...) {
    }
    // Streams synchronized with stdio (the default) are flushed by fflush: their own flush()
    // only when they buffer.
    if (has_pending_output(std::cout))
        std::cout.flush();
    if (has_pending_output(std::cerr))
        std::cerr.flush();
    std::fflush(nullptr);
    monitor::self_exiting(code);
    release_inherited_segments();
    if (const int fd = runtime().exit_report_fd; fd >= 0)
        (void)!::write(fd, &code, sizeof code); // the last thing before the end it reports
    _exit(code);
}

[[noreturn]] void run_payload_and_exit(const TaskPayload& payload)
{
    auto& rt = runtime();
    if (payload.executable != "/proc/self/exe")
        rt.executable = payload.executable;
    const TaskEntry* task = find_task(payload.task);
    run_child_and_exit([&] {
        if (!task)
            throw ProcessError("task '" + payload.task +
                               "' is not registered in this program (PROCLAB_TASK), or registered twice");
        FdImport imported(payload.fds); // the Pipe ends among the arguments take these
        task->invoke(payload.args);
    });
}

int exitcode_from(int code, int status) noexcept
{
    if (code == CLD_EXITED)
        return status;
    return -status; // CLD_KILLED, CLD_DUMPED
}

int thread_count() noexcept
{
    std::string status = read_small_file("/proc/self/status");
    auto pos = status.find("\nThreads:");
    if (pos == std::string::npos)
        return 1;
    return std::atoi(status.c_str() + pos + 9);
}

int kill_tree_impl(pid_t root, int root_pidfd, int sig)
{
    auto send = [&](pid_t pid, int s) {
        if (pid == root && root_pidfd >= 0)
            return pidfd_send_signal(root_pidfd, s, nullptr, 0) == 0;
        return ::kill(pid, s) == 0;
    };
    // Stop top-down so that nobody forks behind our back; a stopped parent cannot reap, so the
    // pids we collect cannot be recycled before we signal them.
    std::vector<pid_t> order;
    std::set<pid_t> seen;
    std::vector<pid_t> frontier{root};
    while (!frontier.empty()) {
        pid_t p = frontier.back();
        frontier.pop_back();
        if (!seen.insert(p).second)
            continue;
        if (!send(p, SIGSTOP))
            continue;
        order.push_back(p);
        for (pid_t c : children_of(p))
            frontier.push_back(c);
    }
    int count = 0;
    for (std::size_t k = order.size(); k-- > 0;) // leaves first
        count += send(order[k], sig) ? 1 : 0;
    for (pid_t p : order)
        send(p, SIGCONT); // so that a catchable signal is delivered
    return count;
}

// ---------------------------------------------------------------------------------------------

namespace {
std::mutex g_hooks_mutex;
std::vector<void (*)()>& freeze_support_hooks()
{
    static std::vector<void (*)()> hooks;
    return hooks;
}
} // namespace

void add_freeze_support_hook(void (*hook)()) noexcept
{
    try {
        std::lock_guard lock(g_hooks_mutex);
        freeze_support_hooks().push_back(hook);
    } catch (...) {
    }
}

} // namespace proclab::detail

namespace proclab {

void freeze_support()
{
    using namespace detail;
    monitor::ensure_attached(); // a program started with PROCLAB_SESSION is watched from here on
    if (const char* fd_text = std::getenv("PROCLAB_SPAWN_FD")) {
        int fd = std::atoi(fd_text);
        unsetenv("PROCLAB_SPAWN_FD");
        const std::string bytes = read_memfd(fd);
        ::close(fd);
        TaskPayload payload;
        try {
            from_bytes(bytes, payload);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "proclab: a Spawn child could not read its task (%s)\n", e.what());
            _exit(1);
        }
        become_child(payload.who, getpid());
        die_with_parent(payload.who.parent_pid);
        run_payload_and_exit(payload);
    }
    if (const char* fd_text = std::getenv("PROCLAB_FORKSERVER_FD")) {
        int fd = std::atoi(fd_text);
        const char* creator = std::getenv("PROCLAB_FORKSERVER_CREATOR");
        pid_t creator_pid = creator ? static_cast<pid_t>(std::atoi(creator)) : getppid();
        unsetenv("PROCLAB_FORKSERVER_FD");
        unsetenv("PROCLAB_FORKSERVER_CREATOR");
        forkserver_main(fd, creator_pid);
    }
    std::vector<void (*)()> hooks;
    {
        std::lock_guard lock(g_hooks_mutex);
        hooks = freeze_support_hooks();
    }
    for (auto* hook : hooks)
        hook();
}

void set_subreaper(bool enabled)
{
    auto& rt = detail::runtime();
    std::lock_guard lock(rt.mutex);
    rt.subreaper_wanted = enabled;
    if (!enabled && rt.subreaper) {
        prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
        rt.subreaper = false;
    }
}

unsigned cpu_count() noexcept
{
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        int n = CPU_COUNT(&set);
        if (n > 0)
            return static_cast<unsigned>(n);
    }
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? static_cast<unsigned>(n) : 1U;
}

int kill_tree(pid_t pid, int sig)
{
    if (pid <= 1)
        throw ProcessError("kill_tree: " + std::to_string(pid) + " is not a process that may be killed");
    if (sig <= 0 || sig >= NSIG)
        throw ProcessError("kill_tree: " + std::to_string(sig) + " is not a signal number");
    return detail::kill_tree_impl(pid, -1, sig);
}

} // namespace proclab

// The tracker: "proclab-tracker", one per program, started the first time the program creates a
// session or an object (or starts a child). It waits on the program's pidfd and, right after the
// program ends, removes what it left behind (see proclab/debris.h and shm/tracker.h).
//
// Started without forking the program: a vfork-like clone (the program's memory shared, the
// calling thread suspended only until the exec) runs a second one that executes the tracker and
// exits at once, so the tracker is an orphan, adopted by the program's nearest subreaper ancestor
// or init: never a descendant of the program (a kill of the program's tree spares it), never its
// child, and running before the program's first object exists.
// The program reports the names of the objects it creates on a socket, and "exit" when it ends
// normally: the tracker then knows which objects to wait for, and exits at once after a normal end.
#include "shm/tracker.h"

#include <proclab/debris.h>
#include <proclab/detail/tracker_main.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <new>
#include <poll.h>
#include <sched.h>
#include <set>
#include <string>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace proclab::detail {

namespace {

std::atomic<bool> g_started{false}; // inherited by a forked child: it shares the tracker
std::atomic<pid_t> g_tracker{0};
std::atomic<int> g_report{-1}; // the socket to the tracker (inherited by forked children)
std::atomic<pid_t> g_owner{0}; // the process that started it (its "exit" is the one that counts)
std::mutex g_start_mutex;

// After a kill, how long the tracker waits for the program's dying children to let go of its
// objects (they die with it, by PR_SET_PDEATHSIG: a few ms; more on a loaded machine).
constexpr auto kSettleLimit = std::chrono::seconds(3);
constexpr int kPidfd = 3; // the tracker's descriptors
constexpr int kReport = 4;
constexpr std::size_t kCloneStack = std::size_t{64} * 1024;

// Where the tracker program is: $PROCLAB_TRACKER, beside this program, in the build tree, installed.
const std::string& tracker_program()
{
    static const std::string path = [] {
        auto usable = [](const std::string& p) { return !p.empty() && ::access(p.c_str(), X_OK) == 0; };
        if (const char* env = std::getenv("PROCLAB_TRACKER"); env && *env)
            return usable(env) ? std::string(env) : std::string();
        char exe[4096];
        if (const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1); n > 0) {
            std::string beside(exe, static_cast<std::size_t>(n));
            beside = beside.substr(0, beside.rfind('/') + 1) + "proclab-tracker";
            if (usable(beside))
                return beside;
        }
        for (const char* p : {PROCLAB_BUILD_TRACKER, PROCLAB_INSTALL_TRACKER})
            if (usable(p))
                return std::string(p);
        return std::string();
    }();
    return path;
}

struct Launch {
    const char* path;
    char* const* argv;
    int pidfd;
    int report;
    char* inner_stack;
    pid_t tracker;
};

// The tracker-to-be, in the program's memory until execve (the program is suspended meanwhile).
// Only system calls here. Its descriptors are its own: 0-2 /dev/null (the program's pipes must
// reach end-of-file when the program ends), 3 the pidfd, 4 the report socket, nothing else.
int exec_tracker(void* arg) noexcept
{
    auto* l = static_cast<Launch*>(arg);
    const int pidfd = ::fcntl(l->pidfd, F_DUPFD_CLOEXEC, 10);
    const int report = ::fcntl(l->report, F_DUPFD_CLOEXEC, 10);
    const int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (pidfd < 0 || report < 0 || null < 0)
        ::_exit(127);
    for (int fd = 0; fd < 3; ++fd)
        ::dup2(null, fd);
    ::dup2(pidfd, kPidfd);
    ::dup2(report, kReport);
    ::close_range(kReport + 1, ~0U, 0);
    char* none[] = {nullptr}; // it needs no environment, and an empty one is copied at once
    ::execve(l->path, l->argv, none);
    ::_exit(127);
}

// The middle one: starts the tracker, then exits, which makes the tracker an orphan.
int start_and_leave(void* arg) noexcept
{
    auto* l = static_cast<Launch*>(arg);
    l->tracker = ::clone(exec_tracker, l->inner_stack + kCloneStack, CLONE_VM | CLONE_VFORK | SIGCHLD, l);
    ::_exit(0);
}

// "exit" on the report socket when the program that started the tracker ends normally.
void report_exit() noexcept
{
    const int fd = g_report.load();
    if (fd >= 0 && g_owner.load() == ::getpid())
        static_cast<void>(::send(fd, "exit\n", 5, MSG_DONTWAIT | MSG_NOSIGNAL));
}

#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
#define PROCLAB_FORK_TRACKER 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
#define PROCLAB_FORK_TRACKER 1
#endif
#endif

#ifdef PROCLAB_FORK_TRACKER
// Under the sanitizers, the middle one and the tracker are forked (the tracker's pid comes back on
// a pipe), slower with the same result: ThreadSanitizer's clone() interceptor cannot follow a
// CLONE_VM child, and AddressSanitizer warns on the program's output about a noreturn call on a
// stack of our own.
pid_t fork_twice(Launch& l) noexcept
{
    int back[2];
    if (::pipe2(back, O_CLOEXEC) != 0)
        return -1;
    const pid_t middle = ::fork();
    if (middle == 0) {
        const pid_t tracker = ::fork();
        if (tracker == 0)
            exec_tracker(&l);
        static_cast<void>(::write(back[1], &tracker, sizeof tracker));
        ::_exit(0);
    }
    ::close(back[1]);
    if (middle > 0 && ::read(back[0], &l.tracker, sizeof l.tracker) != sizeof l.tracker)
        l.tracker = -1;
    ::close(back[0]);
    if (middle > 0)
        while (::waitpid(middle, nullptr, 0) < 0 && errno == EINTR) {}
    return middle;
}
#endif

// Clones and executes the tracker (the calling thread is suspended until the exec, the rest of
// the program runs on), then closes the launch's descriptors and records the tracker's pid.
void launch(const std::string* path, std::string pid, std::string start, int pidfd, int report) noexcept
{
    char* argv[] = {const_cast<char*>("proclab-tracker"), pid.data(), start.data(), nullptr};
#ifdef PROCLAB_FORK_TRACKER
    Launch forked{path->c_str(), argv, pidfd, report, nullptr, -1};
    const pid_t ended = fork_twice(forked);
    ::close(pidfd);
    ::close(report);
    g_tracker.store(ended > 0 && forked.tracker > 0 ? forked.tracker : -1, std::memory_order_release);
    return;
#endif
    void* stacks =
        ::mmap(nullptr, 2 * kCloneStack, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    pid_t middle = -1;
    Launch l{path->c_str(), argv, pidfd, report, nullptr, -1};
    if (stacks != MAP_FAILED) {
        l.inner_stack = static_cast<char*>(stacks) + kCloneStack;
        // No signal handler of the program may run on the shared memory before the exec.
        sigset_t all, old;
        sigfillset(&all);
        ::pthread_sigmask(SIG_SETMASK, &all, &old);
        middle = ::clone(start_and_leave, static_cast<char*>(stacks) + kCloneStack, CLONE_VM | CLONE_VFORK, &l);
        ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
        if (middle > 0) // it has ended: reaped here (no exit signal, so no SIGCHLD handler sees it)
            while (::waitpid(middle, nullptr, __WCLONE) < 0 && errno == EINTR) {}
        ::munmap(stacks, 2 * kCloneStack);
    }
    ::close(pidfd);
    ::close(report);
    g_tracker.store(middle > 0 && l.tracker > 0 ? l.tracker : -1, std::memory_order_release);
}

// Launches the tracker. The calling thread waits until the tracker is executed (the rest of the
// program runs on): launched on a thread of its own instead, the tracker would not exist yet if
// the program were killed right after creating its first object.
bool start_tracker() noexcept
{
    static const std::string* path = new (std::nothrow) std::string(tracker_program());
    if (!path || path->empty())
        return false;
    const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, ::getpid(), 0));
    if (pidfd < 0)
        return false;
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        ::close(pidfd);
        return false;
    }
    ::shutdown(sv[0], SHUT_RD); // the program's end only writes
    launch(path, std::to_string(::getpid()), std::to_string(own_starttime()), pidfd, sv[1]);
    if (g_tracker.load() <= 0) {
        ::close(sv[0]);
        return false;
    }
    g_owner.store(::getpid());
    g_report.store(sv[0]);
    std::atexit(report_exit);
    return true;
}

// ---------------------------------------------------------------------------------------------
// The tracker program.

enum class State { Gone, Unheld, Held };

State state_of(const std::string& name) noexcept
{
    const int fd = ::shm_open(("/" + name).c_str(), O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0)
        return State::Gone;
    State s = State::Held;
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0)
        s = State::Unheld;
    ::close(fd);
    return s;
}

struct Reports {
    std::set<std::string> names; // what the program created
    bool clean_exit = false;
    std::string partial;
    std::size_t pruned_at = 64;

    // Takes what is on the socket; false once it is closed (every writer gone).
    bool drain(int fd)
    {
        char buf[4096];
        for (;;) {
            const ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
            if (n == 0)
                return false;
            if (n < 0)
                return errno == EAGAIN || errno == EINTR;
            partial.append(buf, static_cast<std::size_t>(n));
            for (std::size_t eol; (eol = partial.find('\n')) != std::string::npos; partial.erase(0, eol + 1)) {
                if (partial.compare(0, eol, "exit") == 0)
                    clean_exit = true;
                else if (eol > 1 && partial[0] == '+')
                    names.insert(partial.substr(1, eol - 1));
            }
            if (names.size() >= 2 * pruned_at) { // a long-lived program: forget what it removed
                std::erase_if(names, [](const std::string& n) { return state_of(n) == State::Gone; });
                pruned_at = std::max<std::size_t>(names.size(), 64);
            }
        }
    }
};

} // namespace

std::uint64_t own_starttime() noexcept
{
    static std::atomic<pid_t> cached_pid{0};
    static std::atomic<std::uint64_t> cached{0};
    const pid_t pid = ::getpid();
    if (cached_pid.load(std::memory_order_acquire) != pid) {
        cached.store(process_facts(pid).starttime, std::memory_order_relaxed);
        cached_pid.store(pid, std::memory_order_release);
    }
    return cached.load(std::memory_order_relaxed);
}

bool is_tracker(pid_t pid) noexcept
{
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/comm", static_cast<int>(pid));
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    char comm[32] = {};
    const ssize_t n = ::read(fd, comm, sizeof comm - 1);
    ::close(fd);
    return n > 0 && std::strncmp(comm, "proclab-tracker\n", 16) == 0;
}

pid_t tracker_pid() noexcept
{
    return std::max<pid_t>(g_tracker.load(std::memory_order_acquire), 0);
}

bool start_tracker_once() noexcept
{
    if (!g_started.load(std::memory_order_acquire)) {
        std::lock_guard lock(g_start_mutex);
        if (!g_started.load(std::memory_order_relaxed)) {
            const char* off = std::getenv("PROCLAB_NO_TRACKER");
            if (!(off && *off && std::strcmp(off, "0") != 0))
                start_tracker();
            g_started.store(true, std::memory_order_release);
        }
    }
    return g_report.load() >= 0;
}

void note_created(std::string_view name) noexcept
{
    const int fd = g_report.load(std::memory_order_relaxed);
    if (fd < 0 || name.size() > 250)
        return;
    char line[256];
    line[0] = '+';
    std::memcpy(line + 1, name.data(), name.size());
    line[name.size() + 1] = '\n';
    // Never blocks: when the tracker lags this far behind, the sweep still finds the object.
    static_cast<void>(::send(fd, line, name.size() + 2, MSG_DONTWAIT | MSG_NOSIGNAL));
}

int tracker_main(int argc, char** argv) noexcept
{
    if (argc < 3)
        return 2;
    static_cast<void>(argv); // the watched pid and start time: for ps and leak checks (its pidfd is fd 3)
    try {
        ::setsid(); // out of the program's process group and terminal: Ctrl+C and killpg miss it
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr); // blocked while it was started
        for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGTSTP, SIGTTIN, SIGTTOU, SIGUSR1, SIGUSR2})
            std::signal(sig, SIG_IGN); // it ends with the program it watches, not before
        ::prctl(PR_SET_NAME, "proclab-tracker", 0, 0, 0);
        if (::chdir("/") != 0) {}

        // The sweep at the program's start, here rather than in the program's first call.
        static_cast<void>(sweep_debris());

        Reports reports;
        pollfd p[2] = {{kPidfd, POLLIN, 0}, {kReport, POLLIN, 0}};
        for (;;) {
            if (::poll(p, 2, -1) < 0) {
                if (errno == EINTR)
                    continue;
                break;
            }
            if (p[1].revents && !reports.drain(kReport))
                p[1].fd = -1; // closed: only the pidfd is left to wait on
            if (p[0].revents)
                break; // the program ended (or the pidfd failed: sweep now rather than never)
        }
        reports.drain(kReport); // what it wrote last

        if (reports.clean_exit) {
            // A normal end: the program removed its objects itself; those still there are held by
            // live processes (their last user removes them). A rare unheld one is removed here.
            bool unheld = false;
            for (const std::string& n : reports.names)
                if (state_of(n) == State::Unheld)
                    unheld = remove_unheld(n) || unheld;
            if (unheld)
                static_cast<void>(sweep_debris()); // the parts of what was removed
            return 0;
        }
        // Killed: its children die with it and let go of its objects a moment later. Its objects
        // are removed as soon as nobody holds them (even when a live session lists them: no process
        // of the program is left to hand their names on), then the sweep removes the rest (parts,
        // sessions left dead). Given up after a while: what a live process still holds, its last
        // user removes.
        const auto deadline = std::chrono::steady_clock::now() + kSettleLimit;
        auto pause = std::chrono::milliseconds(1);
        for (;;) {
            std::erase_if(reports.names, [](const std::string& n) {
                const State s = state_of(n);
                return s == State::Gone || (s == State::Unheld && remove_unheld(n));
            });
            static_cast<void>(sweep_debris());
            if (reports.names.empty() || std::chrono::steady_clock::now() >= deadline)
                break;
            std::this_thread::sleep_for(pause);
            pause = std::min(pause * 2, std::chrono::milliseconds(50));
        }
    } catch (...) {
    }
    return 0;
}

} // namespace proclab::detail

// The tracker: a process per program that waits on the program's pidfd and sweeps its debris
// right after it ends, however it ends (see proclab/debris.h and shm/tracker.h).
#include "shm/tracker.h"

#include <proclab/debris.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <string>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

namespace proclab::detail {

std::size_t pending_debris() noexcept; // debris.cpp

namespace {

std::atomic<bool> g_started{false}; // inherited by a forked child: it shares the tracker
std::atomic<pid_t> g_tracker{0};

constexpr auto kSettleLimit = std::chrono::milliseconds(1500); // for dying children to let go

// Drops every mapping of a ProcLab object inherited from the program: a mapping keeps the open
// file, hence the holder's flock, alive.
void unmap_objects() noexcept
{
    std::string maps;
    const int fd = ::open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    char buf[8192];
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;)
        maps.append(buf, static_cast<std::size_t>(n));
    ::close(fd);
    std::vector<std::pair<std::uintptr_t, std::uintptr_t>> ranges;
    std::size_t pos = 0;
    while (pos < maps.size()) {
        std::size_t eol = maps.find('\n', pos);
        if (eol == std::string::npos)
            eol = maps.size();
        const std::string line = maps.substr(pos, eol - pos);
        pos = eol + 1;
        if (line.find(" /dev/shm/proclab-") == std::string::npos)
            continue;
        char* end = nullptr;
        const auto start = std::strtoull(line.c_str(), &end, 16);
        if (!end || *end != '-')
            continue;
        const auto stop = std::strtoull(end + 1, nullptr, 16);
        ranges.emplace_back(start, stop);
    }
    for (const auto& [start, stop] : ranges)
        ::munmap(reinterpret_cast<void*>(start), stop - start);
}

[[noreturn]] void tracker_main(int pidfd) noexcept
{
    try {
        ::setsid(); // out of the program's process group and terminal: Ctrl+C and killpg miss it
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGTSTP, SIGTTIN, SIGTTOU, SIGUSR1, SIGUSR2})
            std::signal(sig, SIG_IGN); // it ends with the program it watches, not before
        ::prctl(PR_SET_NAME, "proclab-tracker", 0, 0, 0);
        if (pidfd > 0)
            ::close_range(0, static_cast<unsigned>(pidfd) - 1, 0);
        ::close_range(static_cast<unsigned>(pidfd) + 1, ~0U, 0);
        if (::chdir("/") != 0) {}
        unmap_objects();
        pollfd p{pidfd, POLLIN, 0};
        while (::poll(&p, 1, -1) < 0 && errno == EINTR) {}
        // The program ended. Its children die with it (PR_SET_PDEATHSIG) and let go of what they
        // held a moment later: sweep until nothing held by a dead creator is left, or give up.
        const auto deadline = std::chrono::steady_clock::now() + kSettleLimit;
        auto pause = std::chrono::milliseconds(2);
        for (;;) {
            const std::size_t pending = pending_debris();
            sweep_debris();
            if (pending == 0 || std::chrono::steady_clock::now() >= deadline)
                break;
            std::this_thread::sleep_for(pause);
            pause = std::min(pause * 2, std::chrono::milliseconds(100));
        }
    } catch (...) {
    }
    ::_exit(0);
}

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

pid_t tracker_pid() noexcept
{
    return g_tracker.load(std::memory_order_acquire);
}

void start_tracker_once() noexcept
{
    if (g_started.exchange(true))
        return;
    if (const char* off = std::getenv("PROCLAB_NO_TRACKER"); off && *off && std::strcmp(off, "0") != 0)
        return;
    const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, ::getpid(), 0));
    if (pidfd < 0)
        return;
    int report[2];
    if (::pipe2(report, O_CLOEXEC) != 0) {
        ::close(pidfd);
        return;
    }
    // Forked twice so that it is nobody's child here: not in this program's process tree, never
    // reaped by it. A subreaper would adopt it back, hence the pause of that attribute.
    int subreaper = 0;
    ::prctl(PR_GET_CHILD_SUBREAPER, &subreaper, 0, 0, 0);
    if (subreaper)
        ::prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
    const pid_t middle = ::fork();
    if (middle == 0) {
        const pid_t tracker = ::fork();
        if (tracker == 0)
            tracker_main(pidfd);
        if (::write(report[1], &tracker, sizeof tracker) != sizeof tracker) {}
        ::_exit(0);
    }
    ::close(report[1]);
    ::close(pidfd);
    if (middle > 0) {
        pid_t tracker = 0;
        while (::read(report[0], &tracker, sizeof tracker) < 0 && errno == EINTR) {}
        if (tracker > 0)
            g_tracker.store(tracker, std::memory_order_release);
        // The tracker is re-parented when the middle process has ended: only then a subreaper again.
        while (::waitpid(middle, nullptr, 0) < 0 && errno == EINTR) {}
    }
    if (subreaper)
        ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    ::close(report[0]);
}

} // namespace proclab::detail

#include <proclab/detail/monitor.h>
#include <proclab/detail/robust_mutex.h>
#include <proclab/errors.h>

#include "sync/futex.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <mutex>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace proclab::detail {

thread_local constinit std::uint32_t t_thread_id __attribute__((tls_model("initial-exec"))) = 0;

namespace {

std::once_flag g_atfork;

// How long a waiter sleeps before it checks that the holder still exists.
constexpr auto kLivenessCheck = std::chrono::milliseconds(20);
constexpr int kSpins = 100;

inline void cpu_relax() noexcept
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

} // namespace

// A thread id names a live thread unless the kernel says "no such process" or it is a zombie
// (a killed process that nobody has reaped yet still answers kill(0)).
bool thread_alive(std::uint32_t tid) noexcept
{
    if (::kill(static_cast<pid_t>(tid), 0) != 0 && errno == ESRCH)
        return false;
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%u/stat", tid);
    int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno != ENOENT;
    char buf[256];
    ssize_t n = ::read(fd, buf, sizeof buf - 1);
    ::close(fd);
    if (n <= 0)
        return true;
    buf[n] = '\0';
    // "pid (comm) S ...": the state follows the last ')'.
    const char* p = nullptr;
    for (ssize_t i = n - 1; i >= 0; --i)
        if (buf[i] == ')') {
            p = buf + i;
            break;
        }
    if (!p || p[1] != ' ')
        return true;
    return p[2] != 'Z' && p[2] != 'X';
}

std::uint32_t this_thread_id_slow() noexcept
{
    std::call_once(g_atfork, [] { pthread_atfork(nullptr, nullptr, [] { t_thread_id = 0; }); });
    t_thread_id = static_cast<std::uint32_t>(syscall(SYS_gettid));
    return t_thread_id;
}

void RobustMutex::init(bool rec) noexcept
{
    word.store(0, std::memory_order_relaxed);
    owner_deaths = 0;
    recursive = rec ? 1 : 0;
    depth = 0;
}

void RobustMutex::not_owner()
{
    throw ValueError("release of a lock that the caller does not hold");
}

void RobustMutex::wake_one() noexcept
{
    futex_wake(word, 1);
}

RobustMutex::Result RobustMutex::lock_slow(std::uint32_t tid, std::optional<std::chrono::nanoseconds> timeout,
                                           bool block)
{
    std::uint32_t w = word.load(std::memory_order_relaxed);
    if ((w & ~kWaiters) == tid) {
        if (recursive) {
            ++depth;
            return Result::Acquired;
        }
        if (!block)
            return Result::Timeout;
        throw ValueError("the lock is already held by this thread (a Lock is not re-entrant: use RLock)");
    }
    // A short spin: critical sections are short, and sleeping costs two system calls.
    for (int i = 0; i < (block ? kSpins : 1); ++i) {
        w = word.load(std::memory_order_relaxed);
        if (w == 0 && word.compare_exchange_weak(w, tid, std::memory_order_acquire, std::memory_order_relaxed)) {
            depth = 1;
            return Result::Acquired;
        }
        cpu_relax();
    }
    const auto deadline = deadline_after(timeout);
    bool checked_once = false;
    std::optional<monitor::Blocked> shown; // the registry shows this thread waiting on the lock
    for (;;) {
        w = word.load(std::memory_order_relaxed);
        if ((w & ~kWaiters) == 0) {
            // Free: take it, keeping the waiters flag since others may sleep.
            if (word.compare_exchange_weak(w, tid | kWaiters, std::memory_order_acquire, std::memory_order_relaxed)) {
                depth = 1;
                return Result::Acquired;
            }
            continue;
        }
        const std::uint32_t holder = w & ~kWaiters;
        if ((!block || checked_once) && !thread_alive(holder)) {
            // The holder died holding it: take it over from exactly that holder.
            if (word.compare_exchange_strong(w, tid | kWaiters, std::memory_order_acquire, std::memory_order_relaxed)) {
                ++owner_deaths;
                depth = 1;
                return Result::OwnerDied;
            }
            continue;
        }
        if (!block)
            return Result::Timeout;
        if (!(w & kWaiters) &&
            !word.compare_exchange_weak(w, w | kWaiters, std::memory_order_relaxed, std::memory_order_relaxed))
            continue;
        if (expired(deadline)) {
            if (checked_once)
                return Result::Timeout;
            checked_once = true; // before giving up, look whether the holder is still there
            continue;
        }
        // Sleep until woken, the caller's deadline, or the next liveness check.
        auto check = deadline_after(kLivenessCheck);
        const auto& until = deadline && (deadline->tv_sec < check->tv_sec ||
                                         (deadline->tv_sec == check->tv_sec && deadline->tv_nsec < check->tv_nsec))
                                ? deadline
                                : check;
        if (!shown)
            shown.emplace(static_cast<const void*>(&word), WaitOp::Acquire);
        if (!futex_wait(word, w | kWaiters, until))
            checked_once = true; // timed out: look at the holder on the next round
    }
}

} // namespace proclab::detail

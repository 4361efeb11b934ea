#include "sync/futex.h"

#include <proclab/errors.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace proclab::detail {

std::optional<timespec> deadline_after(std::optional<std::chrono::nanoseconds> timeout) noexcept
{
    if (!timeout)
        return std::nullopt;
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    long long ns = timeout->count() < 0 ? 0 : timeout->count();
    long long total = now.tv_nsec + ns % 1'000'000'000LL;
    timespec d{};
    d.tv_sec = now.tv_sec + static_cast<time_t>(ns / 1'000'000'000LL + total / 1'000'000'000LL);
    d.tv_nsec = static_cast<long>(total % 1'000'000'000LL);
    return d;
}

bool expired(const std::optional<timespec>& deadline) noexcept
{
    if (!deadline)
        return false;
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec > deadline->tv_sec || (now.tv_sec == deadline->tv_sec && now.tv_nsec >= deadline->tv_nsec);
}

bool futex_wait(std::atomic<std::uint32_t>& word, std::uint32_t expected, const std::optional<timespec>& deadline)
{
    // FUTEX_WAIT_BITSET takes an absolute CLOCK_MONOTONIC time; shared (no FUTEX_PRIVATE_FLAG).
    long r = syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAIT_BITSET, expected,
                     deadline ? &*deadline : nullptr, nullptr, FUTEX_BITSET_MATCH_ANY);
    if (r == 0)
        return true;
    switch (errno) {
    case ETIMEDOUT:
        return false;
    case EAGAIN: // the word changed already
    case EINTR:
        return true;
    default:
        throw BrokenResource(std::string("futex wait failed: ") + std::strerror(errno));
    }
}

void futex_wake(std::atomic<std::uint32_t>& word, int count) noexcept
{
    syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAKE, count, nullptr, nullptr, 0);
}

} // namespace proclab::detail

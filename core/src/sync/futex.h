#pragma once
// Private: process-shared futex waits with absolute CLOCK_MONOTONIC deadlines.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <optional>

namespace proclab::detail {

/// nullopt: wait forever.
std::optional<timespec> deadline_after(std::optional<std::chrono::nanoseconds> timeout) noexcept;
/// True when the deadline has passed.
bool expired(const std::optional<timespec>& deadline) noexcept;

/// Sleeps while `word == expected`, until woken or the deadline; false only on timeout.
/// Spurious returns happen: callers re-check their condition.
bool futex_wait(std::atomic<std::uint32_t>& word, std::uint32_t expected, const std::optional<timespec>& deadline);
/// Wakes up to `count` waiters on `word`.
void futex_wake(std::atomic<std::uint32_t>& word, int count) noexcept;

static_assert(sizeof(std::atomic<std::uint32_t>) == 4 && std::atomic<std::uint32_t>::is_always_lock_free);

} // namespace proclab::detail

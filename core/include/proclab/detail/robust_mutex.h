#pragma once
// Private to the core (public for templates): a process-shared robust mutex that lives in shared
// memory. When its holder dies, the next locker gets it, learns so, and repairs what it guards.

#include <chrono>
#include <cstdint>
#include <optional>
#include <pthread.h>

namespace proclab::detail {

struct RobustMutex {
    enum class Result { Acquired, OwnerDied, Timeout };

    pthread_mutex_t handle;
    std::uint32_t owner_deaths; // how many holders died holding it
    std::uint32_t reserved;

    /// In fresh shared memory, once, before any other process sees it.
    void init(bool recursive = false);
    /// Blocks (or until `timeout`). OwnerDied: acquired, the previous owner died holding it and the
    /// caller must make the guarded state consistent. Throws BrokenResource if unrecoverable.
    Result lock(std::optional<std::chrono::nanoseconds> timeout = std::nullopt);
    Result try_lock();
    /// Throws ValueError when the caller does not hold it.
    void unlock();
};

} // namespace proclab::detail

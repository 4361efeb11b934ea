#include <proclab/detail/robust_mutex.h>
#include <proclab/errors.h>

#include "futex_linux.h"

#include <cerrno>
#include <cstring>

namespace proclab::detail {

void RobustMutex::init(bool recursive)
{
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
    pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
    pthread_mutexattr_settype(&attr, recursive ? PTHREAD_MUTEX_RECURSIVE : PTHREAD_MUTEX_ERRORCHECK);
    int r = pthread_mutex_init(&handle, &attr);
    pthread_mutexattr_destroy(&attr);
    if (r != 0)
        throw Error(std::string("cannot initialize a process-shared mutex: ") + std::strerror(r));
    owner_deaths = 0;
}

namespace {
RobustMutex::Result interpret(RobustMutex& m, int r)
{
    switch (r) {
    case 0:
        return RobustMutex::Result::Acquired;
    case EOWNERDEAD:
        // We own it now; the guarded state may be half-updated: the caller repairs it.
        ++m.owner_deaths;
        pthread_mutex_consistent(&m.handle);
        return RobustMutex::Result::OwnerDied;
    case ETIMEDOUT:
    case EBUSY:
        return RobustMutex::Result::Timeout;
    case EDEADLK:
        throw ValueError("the lock is already held by this thread (a Lock is not re-entrant: use RLock)");
    case ENOTRECOVERABLE:
        throw BrokenResource("the lock is not recoverable: a holder died and the state was not repaired");
    default:
        throw BrokenResource(std::string("locking failed: ") + std::strerror(r));
    }
}
} // namespace

RobustMutex::Result RobustMutex::lock(std::optional<std::chrono::nanoseconds> timeout)
{
    if (!timeout)
        return interpret(*this, pthread_mutex_lock(&handle));
    timespec deadline = *deadline_after(timeout);
    return interpret(*this, pthread_mutex_clocklock(&handle, CLOCK_MONOTONIC, &deadline));
}

RobustMutex::Result RobustMutex::try_lock()
{
    return interpret(*this, pthread_mutex_trylock(&handle));
}

void RobustMutex::unlock()
{
    int r = pthread_mutex_unlock(&handle);
    if (r == EPERM)
        throw ValueError("release of a lock that the caller does not hold");
    if (r != 0)
        throw BrokenResource(std::string("unlocking failed: ") + std::strerror(r));
}

} // namespace proclab::detail

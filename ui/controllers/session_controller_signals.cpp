// SessionController's signals to observed processes and priorities, and the queues and locks it
// keeps for the built-in tasks. A signal to a process the window did not start goes through a
// pidfd checked against the start time the table showed, so a recycled PID is never hit.
#include "controllers/session_controller.h"

#include <proclab/lock.h>
#include <proclab/queue.h>
#include <proclab/system_processes.h>

#include <QCoreApplication>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace {

int pidfdOpen(pid_t pid)
{
    return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
}

} // namespace

// A signal to a process the GUI did not start, through a pidfd: the descriptor names the process
// that had `pid` when it was opened, and that process is checked to be the one the table showed
// (same start time), so a recycled PID is never hit.
QString SessionController::signalObserved(pid_t pid, int sig, quint64 startTicks)
{
    const int fd = pidfdOpen(pid);
    if (fd < 0)
        return errno == ESRCH ? QCoreApplication::translate("SessionController", "PID %1 has ended.").arg(pid)
                              : QCoreApplication::translate("SessionController", "Cannot open PID %1: %2")
                                    .arg(pid)
                                    .arg(QString::fromLocal8Bit(std::strerror(errno)));
    if (startTicks && proclab::process_start_ticks(pid) != startTicks) {
        const bool gone = proclab::process_start_ticks(pid) == 0;
        ::close(fd);
        return gone ? QCoreApplication::translate("SessionController", "PID %1 has ended.").arg(pid)
                    : QCoreApplication::translate("SessionController",
                                                  "PID %1 now belongs to another process: nothing was sent.")
                          .arg(pid);
    }
    const long rc = ::syscall(SYS_pidfd_send_signal, fd, sig, nullptr, 0);
    const int err = errno;
    ::close(fd);
    if (rc == 0)
        return {};
    if (err == EPERM)
        return QCoreApplication::translate("SessionController",
                                           "Not permitted to signal PID %1: it belongs to another user.")
            .arg(pid);
    if (err == ESRCH)
        return QCoreApplication::translate("SessionController", "PID %1 has ended.").arg(pid);
    return QString::fromLocal8Bit(std::strerror(err));
}

std::optional<int> SessionController::niceOf(int pid)
{
    if (pid <= 0)
        return std::nullopt;
    errno = 0;
    const int nice = ::getpriority(PRIO_PROCESS, static_cast<id_t>(pid));
    if (nice == -1 && errno != 0)
        return std::nullopt;
    return nice;
}

QString SessionController::reniceError(int err, int pid, int current, int wanted)
{
    if ((err == EPERM || err == EACCES) && wanted < current)
        return tr("Not permitted to lower the nice value of PID %1 from %2 to %3: a higher priority needs "
                  "privileges (CAP_SYS_NICE or a higher RLIMIT_NICE).")
            .arg(pid)
            .arg(current)
            .arg(wanted);
    if (err == EPERM || err == EACCES)
        return tr("Not permitted to change the priority of PID %1: it belongs to another user.").arg(pid);
    if (err == ESRCH)
        return tr("PID %1 has ended.").arg(pid);
    return QString::fromLocal8Bit(std::strerror(err));
}

QString SessionController::renice(int key, int nice)
{
    if (QString why = whyNot(Action::Renice, key); !why.isEmpty())
        return why;
    // There is no pidfd form of setpriority(): an observed PID is checked to be the process the
    // table showed just before and after (an own child cannot be recycled before it is reaped).
    const quint64 start = owns(key) ? 0 : m_observedStart.value(key, 0);
    const auto sameProcess = [&] { return !start || proclab::process_start_ticks(key) == start; };
    if (!sameProcess())
        return proclab::process_start_ticks(key) == 0
                   ? tr("PID %1 has ended.").arg(key)
                   : tr("PID %1 now belongs to another process: nothing was changed.").arg(key);
    const std::optional<int> current = niceOf(key);
    if (!current)
        return reniceError(errno, key, 0, nice);
    if (::setpriority(PRIO_PROCESS, static_cast<id_t>(key), nice) != 0)
        return reniceError(errno, key, *current, nice);
    return {};
}

template <typename T, typename... Args>
QString SessionController::createObject(std::vector<std::unique_ptr<T>>& store, Args... args)
{
    try {
        store.push_back(std::make_unique<T>(args...));
    } catch (const std::exception& e) {
        emit message(QString::fromStdString(e.what()));
        return {};
    }
    emit objectsChanged();
    return QString::fromStdString(store.back()->name());
}

QString SessionController::createQueue(int maxsize)
{
    return createObject(m_queues, maxsize);
}

QString SessionController::createLock()
{
    return createObject(m_locks);
}

QStringList SessionController::queueNames() const
{
    QStringList out;
    for (const auto& q : m_queues)
        out << QString::fromStdString(q->name());
    return out;
}

QStringList SessionController::lockNames() const
{
    QStringList out;
    for (const auto& l : m_locks)
        out << QString::fromStdString(l->name());
    return out;
}

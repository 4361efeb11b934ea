#pragma once
// Shared helpers of the core's process tests: files written by children, waiting on a directory
// (inotify, no sleeping), the process table (/proc) and the "nothing left behind" check.
// Include it from exactly one translation unit per test executable (it registers a task).

#include "child_support.h"

#include <proclab/proclab.h>

#include <QDir>
#include <QMetaType>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

Q_DECLARE_METATYPE(proclab::StartMethod)

// Readable QCOMPARE failures for the standard types the core returns.
namespace QTest {
template <>
inline char* toString(const std::string& s)
{
    return QTest::toPrettyCString(s.data(), qsizetype(s.size()));
}
template <>
inline char* toString(const std::optional<std::string>& v)
{
    return v ? QTest::toString(*v) : qstrdup("nullopt");
}
template <>
inline char* toString(const std::optional<int>& v)
{
    return v ? qstrdup(QByteArray::number(*v).constData()) : qstrdup("nullopt");
}
template <>
inline char* toString(const proclab::StartMethod& m)
{
    return qstrdup(std::string(proclab::to_string(m)).c_str());
}
} // namespace QTest

namespace ptest {

using namespace std::chrono_literals;

// ---------------------------------------------------------------------------------------------
// The process table.

/// Direct children of `pid` (all its threads), alive or zombie, from /proc/<pid>/task/*/children.
inline std::vector<pid_t> children_of(pid_t pid)
{
    std::vector<pid_t> out;
    const std::string task_dir = "/proc/" + std::to_string(pid) + "/task";
    DIR* d = ::opendir(task_dir.c_str());
    if (!d)
        return out;
    while (dirent* e = ::readdir(d)) {
        if (e->d_name[0] == '.')
            continue;
        const std::string text = read_file(task_dir + "/" + e->d_name + "/children");
        size_t i = 0;
        while (i < text.size()) {
            size_t j = text.find(' ', i);
            if (j == std::string::npos)
                j = text.size();
            if (j > i)
                out.push_back(pid_t(std::stol(text.substr(i, j - i))));
            i = j + 1;
        }
    }
    ::closedir(d);
    return out;
}

/// State letter of /proc/<pid>/stat ('R', 'S', 'Z', …), 0 when there is no such process.
inline char proc_state(pid_t pid)
{
    const std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
    const auto close_paren = stat.rfind(')');
    if (close_paren == std::string::npos || close_paren + 2 >= stat.size())
        return 0;
    return stat[close_paren + 2];
}

/// True when no process (not even a zombie: a zombie is a leak) has this pid.
inline bool pid_gone(pid_t pid)
{
    return pid > 0 && ::kill(pid, 0) == -1 && errno == ESRCH;
}

/// pid_gone() after giving the library a chance to reap adopted orphans (it reaps lazily in its
/// calls, this process being a child subreaper). Use inside QTRY_*.
inline bool pid_gone_reaping(pid_t pid)
{
    proclab::active_children();
    return pid_gone(pid);
}

inline QString describe_pid(pid_t pid)
{
    const std::string comm = read_file("/proc/" + std::to_string(pid) + "/comm");
    return QStringLiteral("%1 (%2, %3)")
        .arg(pid)
        .arg(QChar::fromLatin1(proc_state(pid) ? proc_state(pid) : '?'))
        .arg(QString::fromStdString(comm).trimmed());
}

// ---------------------------------------------------------------------------------------------
// Start methods.

inline const std::vector<std::pair<const char*, proclab::StartMethod>>& all_methods()
{
    static const std::vector<std::pair<const char*, proclab::StartMethod>> methods = {
        {"fork", proclab::StartMethod::Fork},
        {"spawn", proclab::StartMethod::Spawn},
        {"forkserver", proclab::StartMethod::ForkServer},
    };
    return methods;
}

inline const char* method_name(proclab::StartMethod m)
{
    for (const auto& [name, method] : all_methods())
        if (method == m)
            return name;
    return "?";
}

/// The pids of forkservers of this process: long-lived children that are not leaks.
inline std::set<pid_t>& forkservers()
{
    static std::set<pid_t> pids;
    return pids;
}

inline bool& forkserver_used()
{
    static bool used = false;
    return used;
}

/// Sets `p`'s start method (and remembers that a forkserver may now exist).
inline void use_method(proclab::Process& p, proclab::StartMethod method)
{
    if (method == proclab::StartMethod::ForkServer)
        forkserver_used() = true;
    p.set_start_method(method);
}

/// Writes the parent pid of the process running it (for a forkserver worker: the server).
inline void ptest_report_ppid(const std::string& path)
{
    write_file_atomic(path, std::to_string(::getppid()));
}
PROCLAB_TASK(ptest_report_ppid);

/// Learns the forkserver's pid once a forkserver was used: a worker reports its parent.
inline void discover_forkserver()
{
    static bool done = false;
    if (done || !forkserver_used())
        return;
    done = true;
    QTemporaryDir dir;
    const std::string path = dir.path().toStdString() + "/ppid";
    try {
        proclab::Process p(ptest_report_ppid, path);
        p.set_start_method(proclab::StartMethod::ForkServer);
        p.start();
        if (!p.join(30s)) {
            p.kill();
            p.join();
            return;
        }
    } catch (const std::exception& e) {
        qWarning("could not discover the forkserver: %s", e.what());
        return;
    }
    const std::string text = read_file(path);
    if (!text.empty()) {
        const pid_t server = pid_t(std::stol(text));
        if (server != ::getpid())
            forkservers().insert(server);
    }
}

/// The next line of a command's stream; a library error becomes the text "<error: …>" so that it
/// shows in a QCOMPARE instead of escaping the test function.
inline std::optional<std::string> read_line(proclab::Process& p, std::chrono::milliseconds timeout = 30s,
                                            proclab::Stream stream = proclab::Stream::Stdout)
{
    try {
        return p.read_line(stream, timeout);
    } catch (const std::exception& e) {
        return "<error: " + std::string(e.what()) + ">";
    }
}

/// Kills and reaps a started child when the test leaves early (a failed QVERIFY returns), so that
/// a failure never leaves a process behind or hangs the exit-time join of non-daemon children.
class ChildGuard {
public:
    explicit ChildGuard(proclab::Process& p)
        : m_p(&p)
    {
    }
    ChildGuard(const ChildGuard&) = delete;
    ChildGuard& operator=(const ChildGuard&) = delete;
    ~ChildGuard()
    {
        try {
            if (m_p->pid() > 0 && m_p->is_alive()) {
                m_p->kill();
                m_p->join(30s);
            }
        } catch (...) {
        }
    }

private:
    proclab::Process* m_p;
};

// ---------------------------------------------------------------------------------------------
// Nothing left behind.

/// Children of this process (alive or zombie) that should not exist, and workers of its
/// forkserver that were not reaped. Empty when clean.
inline QString leftover_processes()
{
    proclab::active_children(); // the library reaps adopted orphans in its calls
    QStringList out;
    for (const pid_t c : children_of(::getpid())) {
        if (forkservers().count(c)) {
            for (const pid_t w : children_of(c))
                out << QStringLiteral("forkserver worker ") + describe_pid(w);
            continue;
        }
        out << describe_pid(c);
    }
    return out.join(QStringLiteral("; "));
}

/// Kills whatever leftover_processes() still finds when it goes out of scope (after a failed
/// check), so that one failure does not hang or poison the following tests.
struct LeftoverKiller {
    ~LeftoverKiller()
    {
        std::vector<pid_t> victims;
        for (const pid_t c : children_of(::getpid())) {
            if (forkservers().count(c)) {
                for (const pid_t w : children_of(c))
                    victims.push_back(w);
            } else {
                victims.push_back(c);
            }
        }
        if (victims.empty())
            return;
        for (const pid_t v : victims) {
            if (proc_state(v) != 'Z') {
                try {
                    proclab::kill_tree(v, SIGKILL);
                } catch (...) {
                    ::kill(v, SIGKILL);
                }
            }
        }
        [[maybe_unused]] const bool gone = QTest::qWaitFor([] { return leftover_processes().isEmpty(); }, 5000);
        // Last resort for children the library does not know: reap them ourselves.
        for (const pid_t c : children_of(::getpid()))
            if (!forkservers().count(c) && proc_state(c) == 'Z')
                ::waitpid(c, nullptr, WNOHANG);
    }
};

/// Entries of /dev/shm.
inline std::set<std::string> dev_shm_entries()
{
    std::set<std::string> out;
    if (DIR* d = ::opendir("/dev/shm")) {
        while (dirent* e = ::readdir(d))
            if (e->d_name[0] != '.')
                out.insert(e->d_name);
        ::closedir(d);
    }
    return out;
}

/// ProcLab's /dev/shm objects created since `before` that are leaked: held by no process (every
/// holder keeps a shared flock on its object) or still open or mapped in this process. Objects
/// that other processes hold are not ours to judge: tests of other executables may run meanwhile.
inline QStringList new_shm_objects_once(const std::set<std::string>& before);

/// As below, but only what stays leaked for two seconds: an object that another test process is
/// creating, or that its last user is removing, is held by nobody for a moment.
inline QStringList new_shm_objects(const std::set<std::string>& before)
{
    QStringList out = new_shm_objects_once(before);
    for (int i = 0; i < 20 && !out.isEmpty(); ++i) {
        QTest::qSleep(100);
        out = new_shm_objects_once(before);
    }
    return out;
}

inline QStringList new_shm_objects_once(const std::set<std::string>& before)
{
    const std::string maps = read_file("/proc/self/maps");
    std::set<std::string> open;
    if (DIR* d = ::opendir("/proc/self/fd")) {
        while (dirent* e = ::readdir(d)) {
            char link[512] = {};
            const std::string fd = std::string("/proc/self/fd/") + e->d_name;
            if (::readlink(fd.c_str(), link, sizeof link - 1) > 0)
                open.insert(link);
        }
        ::closedir(d);
    }
    QStringList out;
    for (const std::string& name : dev_shm_entries()) {
        if (before.count(name) ||
            !QString::fromStdString(name).contains(QStringLiteral("proclab"), Qt::CaseInsensitive))
            continue;
        const std::string full = "/dev/shm/" + name;
        // A part of another object (a large queue message, "<owner>.m<n>") lives as long as its owner.
        if (auto dot = name.find('.'); dot != std::string::npos && ::access(("/dev/shm/" + name.substr(0, dot)).c_str(), F_OK) == 0)
            continue;
        if (open.count(full) || maps.find(full) != std::string::npos) {
            out << QString::fromStdString(name) + QStringLiteral(" (still open in this process)");
            continue;
        }
        const int fd = ::open(full.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue; // removed meanwhile
        if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
            ::flock(fd, LOCK_UN);
            out << QString::fromStdString(name) + QStringLiteral(" (held by no process)");
        }
        ::close(fd);
    }
    return out;
}

} // namespace ptest

/// Runs a statement that should not throw; an exception fails the test with its message (Qt Test
/// would otherwise rethrow it and end the whole executable).
#define PTEST_NOTHROW(...)                                                                                             \
    do {                                                                                                               \
        try {                                                                                                          \
            __VA_ARGS__;                                                                                               \
        } catch (const std::exception& ptest_e) {                                                                      \
            QFAIL(qPrintable(                                                                                          \
                QStringLiteral("%1 threw: %2").arg(QStringLiteral(#__VA_ARGS__), QString::fromUtf8(ptest_e.what())))); \
        }                                                                                                              \
    } while (false)

/// Verifies (waiting up to 15 s for killed children to be reaped) that this process has no child
/// left, alive or zombie, except its forkserver, and that the forkserver has no worker left.
#define PTEST_VERIFY_NO_LEFTOVER_PROCESSES()                                                                           \
    do {                                                                                                               \
        ::ptest::discover_forkserver();                                                                                \
        ::ptest::LeftoverKiller ptest_killer;                                                                          \
        QTRY_VERIFY2_WITH_TIMEOUT(                                                                                     \
            ::ptest::leftover_processes().isEmpty(),                                                                   \
            qPrintable(QStringLiteral("processes left behind: ") + ::ptest::leftover_processes()), 15000);             \
    } while (false)

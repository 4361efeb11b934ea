#include "leak_check.h"

#include "child_support.h"

#include <proclab/process.h>

#include <QTest>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace ptest {

std::vector<pid_t> children_of(pid_t pid)
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

char proc_state(pid_t pid)
{
    const std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
    const auto close_paren = stat.rfind(')');
    if (close_paren == std::string::npos || close_paren + 2 >= stat.size())
        return 0;
    return stat[close_paren + 2];
}

bool pid_gone(pid_t pid)
{
    return pid > 0 && ::kill(pid, 0) == -1 && errno == ESRCH;
}

bool pid_gone_reaping(pid_t pid)
{
    proclab::active_children();
    return pid_gone(pid);
}

static std::string comm_of(pid_t pid)
{
    std::string comm = read_file("/proc/" + std::to_string(pid) + "/comm");
    while (!comm.empty() && (comm.back() == '\n' || comm.back() == ' '))
        comm.pop_back();
    return comm;
}

QString describe_pid(pid_t pid)
{
    const char state = proc_state(pid);
    return QStringLiteral("%1 (%2, %3)")
        .arg(pid)
        .arg(QChar::fromLatin1(state ? state : '?'))
        .arg(QString::fromStdString(comm_of(pid)));
}

bool is_forkserver(pid_t pid)
{
    return proc_state(pid) != 'Z' && comm_of(pid) == proclab::kForkServerName;
}

// The worker a fork server keeps ready for the next start: part of the server, as the server is.
// Just forked, it still has the server's name.
static bool is_forkserver_spare(pid_t pid)
{
    const std::string comm = comm_of(pid);
    return proc_state(pid) != 'Z' && (comm == proclab::kForkServerSpareName || comm == proclab::kForkServerName);
}

// The symbolizer a sanitizer runtime starts to name the frames of a report (suppressed ones too)
// and keeps for the life of the process: not the test's.
static bool is_sanitizer_symbolizer(pid_t p)
{
    const std::string comm = read_file("/proc/" + std::to_string(p) + "/comm");
    return comm == "llvm-symbolizer\n" || comm == "addr2line\n";
}

bool is_tracker(pid_t pid)
{
    return comm_of(pid) == "proclab-tracker";
}

pid_t tracker_watches(pid_t tracker)
{
    // "proclab-tracker\0<pid>\0<start time>\0"
    const std::string cmdline = read_file("/proc/" + std::to_string(tracker) + "/cmdline");
    const auto first = cmdline.find('\0');
    if (first == std::string::npos || first + 1 >= cmdline.size())
        return 0;
    return pid_t(std::atol(cmdline.c_str() + first + 1));
}

std::set<pid_t> watched_processes()
{
    proclab::active_children(); // the library reaps adopted orphans in its calls
    std::set<pid_t> out;
    for (const pid_t c : children_of(::getpid())) {
        if (is_sanitizer_symbolizer(c))
            continue;
        if (is_tracker(c)) {
            // Adopted from a program of the test. Its end is awaited once that program is gone (it
            // ends on its own within seconds); its zombie is reaped here.
            if (proc_state(c) == 'Z')
                ::waitpid(c, nullptr, WNOHANG);
            else if (const pid_t watched = tracker_watches(c);
                     watched > 0 && !pid_gone(watched) && proc_state(watched) != 'Z')
                continue; // its program runs: that one is the test's to answer for
            else
                out.insert(c);
            continue;
        }
        if (!is_forkserver(c)) {
            out.insert(c);
            continue;
        }
        for (const pid_t w : children_of(c))
            if (!is_forkserver_spare(w))
                out.insert(w);
    }
    return out;
}

QString leftover_processes(const std::set<pid_t>& before)
{
    QStringList out;
    for (const pid_t p : watched_processes())
        if (!before.count(p) || proc_state(p) == 'Z')
            out << describe_pid(p);
    return out.join(QStringLiteral("; "));
}

void kill_leftover_processes(const std::set<pid_t>& before)
{
    bool killed = false;
    for (const pid_t p : watched_processes()) {
        if (before.count(p) || proc_state(p) == 'Z')
            continue;
        killed = true;
        try {
            proclab::kill_tree(p, SIGKILL);
        } catch (...) {
            ::kill(p, SIGKILL);
        }
    }
    if (killed)
        static_cast<void>(QTest::qWaitFor([&] { return leftover_processes(before).isEmpty(); }, 5000));
    // Last resort for children the library does not know: reap them ourselves.
    for (const pid_t c : children_of(::getpid()))
        if (proc_state(c) == 'Z')
            ::waitpid(c, nullptr, WNOHANG);
}

std::set<std::string> dev_shm_entries()
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

static QStringList new_shm_objects_once(const std::set<std::string>& before)
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
        if (auto dot = name.find('.');
            dot != std::string::npos && ::access(("/dev/shm/" + name.substr(0, dot)).c_str(), F_OK) == 0)
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

QStringList new_shm_objects(const std::set<std::string>& before)
{
    QStringList out = new_shm_objects_once(before);
    for (int i = 0; i < 20 && !out.isEmpty(); ++i) {
        QTest::qSleep(100);
        out = new_shm_objects_once(before);
    }
    return out;
}

QStringList new_shm_entries_containing(const std::string& part, const std::set<std::string>& before)
{
    QStringList out;
    for (const std::string& name : dev_shm_entries())
        if (!before.count(name) && name.find(part) != std::string::npos)
            out << QString::fromStdString(name);
    return out;
}

} // namespace ptest

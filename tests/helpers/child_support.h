#pragma once
// Plain POSIX helpers (no Qt) used inside child processes of the core tests and by the helper
// programs: unbuffered lines on stdout, atomic files, waiting on a directory without sleeping.

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>

namespace ptest {

using namespace std::chrono_literals;

/// CLOCK_MONOTONIC in seconds (the same clock in every process of the machine).
inline double monotonic_seconds()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

inline bool write_all(int fd, std::string_view data)
{
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        data.remove_prefix(size_t(n));
    }
    return true;
}

/// A double as text that reads back to the same value (%.17g).
inline std::string number_text(double d)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", d);
    return buf;
}

/// One line on stdout in a single write(), unbuffered: safe from several processes sharing a pipe
/// and from a child that leaves with _exit().
inline void emit_line(const std::string& line)
{
    write_all(STDOUT_FILENO, line + "\n");
}

/// Writes `text` to `path` atomically (temporary file + rename): a reader sees all or nothing.
inline void write_file_atomic(const std::string& path, const std::string& text)
{
    const std::string tmp = path + ".tmp." + std::to_string(::getpid());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    write_all(fd, text);
    ::close(fd);
    ::rename(tmp.c_str(), path.c_str());
}

inline bool file_exists(const std::string& path)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

/// The whole file, or "" when it does not exist.
inline std::string read_file(const std::string& path)
{
    std::string out;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return out;
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        out.append(buf, size_t(n));
    }
    ::close(fd);
    return out;
}

/// Files of `dir` whose name starts with `prefix` (temporary files of write_file_atomic excluded).
inline int count_files(const std::string& dir, const std::string& prefix)
{
    int count = 0;
    if (DIR* d = ::opendir(dir.c_str())) {
        while (dirent* e = ::readdir(d)) {
            const std::string_view name = e->d_name;
            if (name.substr(0, prefix.size()) == prefix && name.find(".tmp.") == std::string_view::npos)
                ++count;
        }
        ::closedir(d);
    }
    return count;
}

/// Blocks until `ready()` holds, re-checking whenever an entry of `dir` is created or renamed
/// (inotify): an awaited condition, not a sleep. False when the timeout passed first.
template <class Ready>
bool wait_in_dir(const std::string& dir, Ready ready, std::chrono::milliseconds timeout)
{
    const int ifd = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (ifd < 0)
        return ready();
    ::inotify_add_watch(ifd, dir.c_str(), IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    bool ok = false;
    for (;;) {
        if (ready()) {
            ok = true;
            break;
        }
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            break;
        pollfd pfd{ifd, POLLIN, 0};
        ::poll(&pfd, 1, int(left.count()));
        char events[4096];
        while (::read(ifd, events, sizeof events) > 0) {}
    }
    ::close(ifd);
    return ok;
}

inline bool wait_for_file(const std::string& path, std::chrono::milliseconds timeout)
{
    const auto slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? std::string(".") : path.substr(0, slash);
    return wait_in_dir(
        dir, [&] { return file_exists(path); }, timeout);
}

/// Blocks in pause() until a signal ends the process.
[[noreturn]] inline void wait_forever()
{
    for (;;)
        ::pause();
}

} // namespace ptest

#pragma once
// Shared pieces of the Manager tests: the generated socket directories (none may be left behind).
// Include after sync_test_support.h.

#include "sync_test_support.h"

#include <proclab/manager.h>

#include <dirent.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <set>
#include <string>

namespace mtest {

/// The private socket directories of managers ($TMPDIR/proclab-manager-*).
inline std::set<std::string> socket_dirs()
{
    std::set<std::string> out;
    const char* tmp = std::getenv("TMPDIR");
    const std::string dir = tmp && *tmp ? tmp : "/tmp";
    if (DIR* d = ::opendir(dir.c_str())) {
        while (dirent* e = ::readdir(d))
            if (std::string(e->d_name).rfind("proclab-manager-", 0) == 0)
                out.insert(dir + "/" + e->d_name);
        ::closedir(d);
    }
    return out;
}

/// Socket directories created since `before` that still exist (other test executables may run
/// managers meanwhile: only directories whose socket no process listens on count).
inline QStringList new_socket_dirs(const std::set<std::string>& before)
{
    QStringList out;
    for (const std::string& d : socket_dirs()) {
        if (before.count(d))
            continue;
        const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un sa{};
        sa.sun_family = AF_UNIX;
        const std::string path = d + "/listener";
        std::snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path.c_str());
        const bool live = ::connect(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) == 0;
        ::close(fd);
        if (!live)
            out << QString::fromStdString(d);
    }
    return out;
}

/// The leak check of the manager tests: no socket directory left that was not there when it was
/// made (LeakCheckedTest::addLeakCheck, at the end of the test case).
inline std::function<QStringList()> socket_dirs_left_from_now()
{
    return [before = socket_dirs()] { return new_socket_dirs(before); };
}

inline std::string hex(const std::string& bytes)
{
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 15]);
    }
    return out;
}

} // namespace mtest

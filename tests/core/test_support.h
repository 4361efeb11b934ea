#pragma once
// Shared helpers of the core's process tests: files written by children, waiting on a directory
// (inotify, no sleeping), start methods, reading a command's lines, killing a child on early exit.
// The process table and the "nothing left behind" checks are LeakCheckedTest's.

#include "child_support.h"
#include "leak_check.h"
#include "leak_check_fixture.h"

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

/// Rows "fork", "spawn", "forkserver" with a StartMethod column named "method".
inline void add_method_rows()
{
    QTest::addColumn<proclab::StartMethod>("method");
    for (const auto& [name, method] : all_methods())
        QTest::newRow(name) << method;
}

inline const char* method_name(proclab::StartMethod m)
{
    for (const auto& [name, method] : all_methods())
        if (method == m)
            return name;
    return "?";
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

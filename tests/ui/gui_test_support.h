#pragma once
// Shared by the UI tests: a main() that sets up what the GUI's main() does (freeze_support, a
// session with a unique name, the fork server before any thread, the built-in tasks) and checks
// at the end that no process and no /dev/shm object was left behind.

#include <proclab/process.h>
#include <proclab/session.h>

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QSet>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <unistd.h>

namespace uitest {

inline QSet<QString> shmEntries()
{
    const QStringList l = QDir(QStringLiteral("/dev/shm")).entryList(QDir::Files | QDir::System | QDir::Hidden);
    return QSet<QString>(l.begin(), l.end());
}

inline QString comm(int pid)
{
    QFile f(QStringLiteral("/proc/%1/comm").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll()).trimmed();
}

/// Children of this process (every thread's), except the fork server.
inline QList<int> liveChildren()
{
    (void)proclab::active_children(); // reaps orphans adopted by this subreaper
    QList<int> out;
    const QString taskDir = QStringLiteral("/proc/%1/task").arg(::getpid());
    for (const QString& t : QDir(taskDir).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile f(taskDir + QLatin1Char('/') + t + QStringLiteral("/children"));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray& p : f.readAll().split(' ')) {
            const int pid = p.trimmed().toInt();
            if (pid > 0 && comm(pid) != QStringLiteral("proclab-fsrv"))
                out << pid;
        }
    }
    return out;
}

/// Processes of the fork server (workers), which are not our direct children.
inline QList<int> forkserverWorkers()
{
    QList<int> out;
    const QString taskDir = QStringLiteral("/proc/%1/task").arg(::getpid());
    for (const QString& t : QDir(taskDir).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile f(taskDir + QLatin1Char('/') + t + QStringLiteral("/children"));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray& p : f.readAll().split(' ')) {
            const int pid = p.trimmed().toInt();
            if (pid > 0 && comm(pid) == QStringLiteral("proclab-fsrv")) {
                QFile c(QStringLiteral("/proc/%1/task/%1/children").arg(pid));
                if (c.open(QIODevice::ReadOnly))
                    for (const QByteArray& w : c.readAll().split(' '))
                        if (w.trimmed().toInt() > 0)
                            out << w.trimmed().toInt();
            }
        }
    }
    return out;
}

/// A plain file without any x bit (for "permission denied"), alive for the whole test run.
inline QString notExecutableFile()
{
    static QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("not-a-program"));
    QFile f(path);
    if (!f.exists() && f.open(QIODevice::WriteOnly)) {
        f.write("#!/bin/sh\necho no\n");
        f.close();
        f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
    return path;
}

template <class T>
int run(int argc, char** argv, const char* name)
{
    proclab::freeze_support();
    const QSet<QString> shmBefore = shmEntries();
    QTemporaryDir config;
    qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());
    int rc = 0;
    {
        std::optional<proclab::Session> session =
            proclab::Session::create(std::string(name) + "-" + std::to_string(::getpid()));
        proclab::set_start_method(proclab::StartMethod::ForkServer);
        proclab::start_forkserver();
        {
            QApplication app(argc, argv);
            QApplication::setOrganizationName(QStringLiteral("ProcLabTests"));
            QApplication::setApplicationName(QString::fromLatin1(name));
            QTEST_SET_MAIN_SOURCE_PATH
            T test;
            rc = QTest::qExec(&test, argc, argv);
        }
        proclab::Session::detach();
    }
    const QList<int> children = liveChildren();
    if (!children.isEmpty()) {
        std::fprintf(stderr, "FAIL: processes left behind: %d ...\n", children.first());
        rc = rc ? rc : 1;
    }
    // /dev/shm is shared with other programs' sessions: only this test's session is checked here;
    // tests that create queues and locks check those names themselves.
    QStringList leftovers;
    const QString session = QString::fromLatin1(name) + QLatin1Char('-') + QString::number(::getpid());
    for (const QString& e : shmEntries() - shmBefore)
        if (e.contains(session))
            leftovers << e;
    if (!leftovers.isEmpty()) {
        std::fprintf(stderr, "FAIL: /dev/shm objects left behind: %s\n", qPrintable(leftovers.join(QLatin1Char(' '))));
        rc = rc ? rc : 1;
    }
    return rc;
}

} // namespace uitest

#define PROCLAB_UI_TEST_MAIN(TestClass, name)                                                                          \
    int main(int argc, char** argv)                                                                                    \
    {                                                                                                                  \
        return uitest::run<TestClass>(argc, argv, name);                                                               \
    }

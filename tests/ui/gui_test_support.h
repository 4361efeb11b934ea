#pragma once
// Shared by the UI tests: a main() that sets up what the GUI's main() does (freeze_support, a
// session with a unique name, the fork server before any thread, the built-in tasks) and checks
// at the end, once the session is detached, that no process and no object of the session is left.
// Each test class derives from LeakCheckedTest, which checks the same after every test.

#include "leak_check.h"
#include "leak_check_fixture.h"
#include "test_main.h"

#include <proclab/process.h>
#include <proclab/session.h>

#include <QApplication>
#include <QFile>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno> // program_invocation_short_name
#include <cstdio>
#include <optional>
#include <string>

namespace uitest {

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
int run(int argc, char** argv)
{
    proclab::freeze_support();
    const std::set<std::string> shmBefore = ptest::dev_shm_entries();
    QTemporaryDir config;
    qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());
    const std::string session = LeakCheckedTest::uniqueName("session");
    int rc = 0;
    {
        std::optional<proclab::Session> attached = proclab::Session::create(session);
        proclab::set_start_method(proclab::StartMethod::ForkServer);
        proclab::start_forkserver();
        rc = ptest::exec<QApplication, T>(argc, argv, [] {
            QApplication::setOrganizationName(QStringLiteral("ProcLabTests"));
            QApplication::setApplicationName(QString::fromLocal8Bit(program_invocation_short_name));
            QTEST_SET_MAIN_SOURCE_PATH
        });
        proclab::Session::detach();
    }
    const QString processes = ptest::leftover_processes();
    if (!processes.isEmpty()) {
        std::fprintf(stderr, "FAIL: processes left behind: %s\n", qPrintable(processes));
        rc = rc ? rc : 1;
    }
    // /dev/shm is shared with other programs' sessions: only this test's session is checked here.
    const QStringList leftovers = ptest::new_shm_entries_containing(session, shmBefore);
    if (!leftovers.isEmpty()) {
        std::fprintf(stderr, "FAIL: /dev/shm objects left behind: %s\n", qPrintable(leftovers.join(QLatin1Char(' '))));
        rc = rc ? rc : 1;
    }
    return rc;
}

} // namespace uitest

#define PROCLAB_UI_TEST_MAIN(TestClass)                                                                                \
    int main(int argc, char** argv)                                                                                    \
    {                                                                                                                  \
        return uitest::run<TestClass>(argc, argv);                                                                     \
    }

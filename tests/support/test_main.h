#pragma once
// main() of the Qt Test executables. Spawn re-executes the test binary itself, so
// freeze_support() must come first: in a spawned child it runs the task and never returns.
// -nocrashhandler: forked children inherit signal handlers, and Qt Test's crash handler would catch
// the SIGTERM/SIGUSR1 the tests send them (printing a stack trace, running gdb) before re-raising.

#include "await.h"

#include <proclab/process.h>

#include <QCoreApplication>
#include <QTest>

#include <algorithm>
#include <cstring>
#include <vector>

namespace ptest {

/// Runs the tests of `Test` under an `App` (QCoreApplication or QApplication) made from the
/// command line plus -nocrashhandler; `setup()` runs once the application exists.
template <class App, class Test>
int exec(int argc, char** argv, void (*setup)() = nullptr)
{
    std::vector<char*> args(argv, argv + argc);
    static char noCrashHandler[] = "-nocrashhandler";
    if (std::none_of(args.begin(), args.end(), [](const char* a) { return std::strcmp(a, noCrashHandler) == 0; }))
        args.insert(args.begin() + 1, noCrashHandler);
    int count = int(args.size());
    args.push_back(nullptr);
    App app(count, args.data());
    if (setup)
        setup();
    Test test;
    return QTest::qExec(&test, count, args.data());
}

} // namespace ptest

/// main() running TestClass under an App (QApplication for the widget tests).
#define PROCLAB_TEST_MAIN_WITH(App, TestClass)                                                                         \
    int main(int argc, char** argv)                                                                                    \
    {                                                                                                                  \
        ::proclab::freeze_support();                                                                                   \
        return ::ptest::exec<App, TestClass>(argc, argv);                                                              \
    }

/// main() running TestClass under a QCoreApplication.
#define PROCLAB_TEST_MAIN(TestClass) PROCLAB_TEST_MAIN_WITH(QCoreApplication, TestClass)

#pragma once
// main() for the core's Qt Test executables. Spawn re-executes the test binary itself, so
// freeze_support() must come first: in a spawned child it runs the task and never returns.
// -nocrashhandler: forked children inherit signal handlers, and Qt Test's crash handler would catch
// the SIGTERM/SIGUSR1 the tests send them (printing a stack trace, running gdb) before re-raising.

#include <proclab/process.h>

#include <QCoreApplication>
#include <QTest>

#include <cstring>
#include <vector>

#define PROCLAB_TEST_MAIN(TestClass)                                                                                   \
    int main(int argc, char** argv)                                                                                    \
    {                                                                                                                  \
        ::proclab::freeze_support();                                                                                   \
        std::vector<char*> args(argv, argv + argc);                                                                    \
        static char noCrashHandler[] = "-nocrashhandler";                                                              \
        bool hasNoCrashHandler = false;                                                                                \
        for (char* a : args)                                                                                           \
            hasNoCrashHandler = hasNoCrashHandler || std::strcmp(a, noCrashHandler) == 0;                              \
        if (!hasNoCrashHandler)                                                                                        \
            args.insert(args.begin() + 1, noCrashHandler);                                                             \
        int count = int(args.size());                                                                                  \
        args.push_back(nullptr);                                                                                       \
        QCoreApplication app(count, args.data());                                                                      \
        TestClass test;                                                                                                \
        return QTest::qExec(&test, count, args.data());                                                                \
    }

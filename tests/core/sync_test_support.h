#pragma once
// Shared pieces of the synchronization and shared-data tests: forked helpers, exception messages,
// rows per start method. Include after test_support.h.

#include "test_support.h"

#include <proclab/proclab.h>

#include <QTest>

#include <chrono>
#include <csignal>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace stest {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

/// Starts a child running `f` (Fork); kill and join it with stop().
inline std::unique_ptr<proclab::Process> start_fork(std::function<void()> f)
{
    auto p = std::make_unique<proclab::Process>(std::move(f));
    p->set_start_method(proclab::StartMethod::Fork);
    p->start();
    return p;
}

/// Kills (if alive) and joins.
inline void stop(proclab::Process& p)
{
    if (p.is_alive())
        p.kill();
    p.join();
}

/// Joins within `timeout`; kills on timeout. Returns the exit code (-9 after a kill).
inline int finish(proclab::Process& p, std::chrono::milliseconds timeout = 30s)
{
    if (!p.join(timeout)) {
        p.kill();
        p.join();
    }
    return p.exitcode().value_or(-1000);
}

/// What an exception's message is, or "" when `f` does not throw E.
template <class E, class F>
std::string message_of(F&& f)
{
    try {
        f();
    } catch (const E& e) {
        return e.what();
    } catch (const std::exception& e) {
        return std::string("<other exception: ") + e.what() + ">";
    }
    return {};
}

inline double seconds_since(Clock::time_point t0)
{
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

} // namespace stest

/// Verifies that `stmt` throws E whose message contains `needle`.
#define STEST_THROWS(E, needle, ...)                                                                                   \
    do {                                                                                                               \
        const std::string stest_msg = ::stest::message_of<E>([&] { __VA_ARGS__; });                                    \
        QVERIFY2(                                                                                                      \
            !stest_msg.empty() && stest_msg.find("<other exception") == std::string::npos,                             \
            qPrintable(QStringLiteral(#__VA_ARGS__ " did not throw " #E ": ") + QString::fromStdString(stest_msg)));   \
        QVERIFY2(                                                                                                      \
            stest_msg.find(needle) != std::string::npos,                                                               \
            qPrintable(QStringLiteral("message '%1' lacks '%2'")                                                       \
                           .arg(QString::fromStdString(stest_msg), QString::fromStdString(std::string(needle)))));     \
    } while (false)

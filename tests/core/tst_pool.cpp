// Pool and AsyncResult: every Python Pool operation, the tutorial situations, workers that die
// mid-task (WorkerLost, replacement, retries), maxtasksperchild, close/join/terminate, bad input.
// Ordering is checked with timestamps the tasks record (CLOCK_MONOTONIC, one file per task), never
// with timing asserts.

#include "test_main.h"
#include "test_support.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

using namespace std::chrono_literals;
using proclab::StartMethod;

// ---------------------------------------------------------------------------------------------
// Tasks

namespace {

int square(int x)
{
    return x * x;
}

int add(int a, int b)
{
    return a + b;
}

std::string greet(const std::string& who, const std::vector<int>& numbers)
{
    int sum = 0;
    for (int n : numbers)
        sum += n;
    return "hello " + who + " " + std::to_string(sum);
}

/// Python's ZeroDivisionError: C++ integer division by zero is undefined, so the task throws.
int divide(int a, int b)
{
    if (b == 0)
        throw std::domain_error("division by zero");
    return a / b;
}

int inverse_of(int x)
{
    return divide(100, x);
}

int my_pid()
{
    return int(::getpid());
}

int pid_after(int ms)
{
    ::usleep(useconds_t(ms) * 1000);
    return int(::getpid());
}

void nothing() {}

/// Records "pid start end" (CLOCK_MONOTONIC) in dir/t-<index> after sleeping `ms`.
int timed(const std::string& dir, int index, int ms)
{
    const double start = ptest::monotonic_seconds();
    ::usleep(useconds_t(ms) * 1000);
    const double end = ptest::monotonic_seconds();
    ptest::write_file_atomic(dir + "/t-" + std::to_string(index), std::to_string(::getpid()) + " " +
                                                                      ptest::number_text(start) + " " +
                                                                      ptest::number_text(end));
    return index;
}

/// Announces itself in dir/started-<index> (content: its pid), then waits to be killed.
int block_until_killed(const std::string& dir, int index)
{
    ptest::write_file_atomic(dir + "/started-" + std::to_string(index), std::to_string(::getpid()));
    for (;;)
        ::pause();
}

int exit_with(int code)
{
    ::_exit(code);
}

int crash(int)
{
    // The default action, whatever handler the program installed (AddressSanitizer's reports the
    // signal and exits instead): the pool must see a worker killed by SIGSEGV.
    std::signal(SIGSEGV, SIG_DFL);
    ::raise(SIGSEGV);
    return 0;
}

/// Dies (SIGKILL) the first time (no marker file yet), returns 42 the next time.
int flaky(const std::string& marker)
{
    if (!ptest::file_exists(marker)) {
        ptest::write_file_atomic(marker, "x");
        ::raise(SIGKILL);
    }
    return 42;
}

/// Initializer: one file per worker, named after its pid, holding `text`.
void init_worker(const std::string& dir, const std::string& text)
{
    ptest::write_file_atomic(dir + "/init-" + std::to_string(::getpid()), text);
}

int not_registered(int x)
{
    return x;
}

} // namespace

PROCLAB_TASK(square);
PROCLAB_TASK(add);
PROCLAB_TASK(greet);
PROCLAB_TASK(divide);
PROCLAB_TASK(inverse_of);
PROCLAB_TASK(my_pid);
PROCLAB_TASK(pid_after);
PROCLAB_TASK(nothing);
PROCLAB_TASK(timed);
PROCLAB_TASK(block_until_killed);
PROCLAB_TASK(exit_with);
PROCLAB_TASK(crash);
PROCLAB_TASK(flaky);
PROCLAB_TASK(init_worker);

namespace {

struct Interval {
    pid_t pid = 0;
    double start = 0;
    double end = 0;
};

Interval read_interval(const std::string& dir, int index)
{
    Interval iv;
    const std::string text = ptest::read_file(dir + "/t-" + std::to_string(index));
    std::sscanf(text.c_str(), "%d %lf %lf", &iv.pid, &iv.start, &iv.end);
    return iv;
}

/// Largest number of intervals running at one instant.
int max_overlap(const std::vector<Interval>& ivs)
{
    std::vector<std::pair<double, int>> events;
    for (const Interval& iv : ivs) {
        events.emplace_back(iv.start, +1);
        events.emplace_back(iv.end, -1);
    }
    std::sort(events.begin(), events.end()); // at equal times, ends (-1) come first
    int now = 0, best = 0;
    for (const auto& e : events)
        best = std::max(best, now += e.second);
    return best;
}

template <class E, class F>
std::optional<E> catch_as(F f)
{
    try {
        f();
    } catch (const E& e) {
        return e;
    } catch (...) {
        return std::nullopt;
    }
    return std::nullopt;
}

} // namespace

class TestPool : public LeakCheckedTest {
    Q_OBJECT

private:
    std::string dir() const { return testDir().toStdString(); }
    static proclab::PoolOptions options(StartMethod method, int processes)
    {
        proclab::PoolOptions o;
        o.processes = processes;
        o.start_method = method;
        return o;
    }

private slots:
    void initTestCase()
    {
        LeakCheckedTest::initTestCase();
        // The forkserver is started while this process has one thread; pools choose their method.
        proclab::set_start_method(StartMethod::ForkServer);
        proclab::set_start_method(StartMethod::Fork);
    }

    // -- the operations --------------------------------------------------------------------------

    void applyAndMapForms_data() { ptest::add_method_rows(); }
    void applyAndMapForms()
    {
        QFETCH(StartMethod, method);
        proclab::Pool pool(options(method, 2));
        QCOMPARE(pool.worker_pids().size(), size_t(2));
        PTEST_NOTHROW(QCOMPARE(pool.apply(square, 7), 49));
        PTEST_NOTHROW(QCOMPARE(pool.apply(add, 2, 3), 5));
        PTEST_NOTHROW(
            QCOMPARE(pool.apply(greet, std::string("pool"), std::vector<int>{1, 2, 3}), std::string("hello pool 6")));
        PTEST_NOTHROW(pool.apply(nothing));
        std::vector<int> xs(100);
        for (int i = 0; i < 100; ++i)
            xs[size_t(i)] = i;
        std::vector<int> expected;
        for (int x : xs)
            expected.push_back(x * x);
        for (size_t chunk : {size_t(0), size_t(1), size_t(3), size_t(1000)})
            PTEST_NOTHROW(QCOMPARE(pool.map(square, xs, chunk), expected));
        PTEST_NOTHROW(QCOMPARE(pool.map(square, {1, 2, 3}), (std::vector<int>{1, 4, 9})));
        PTEST_NOTHROW(QCOMPARE(pool.map_async(square, xs).get(30s), expected));
        const std::vector<std::pair<int, int>> pairs{{1, 2}, {3, 4}, {5, 6}};
        PTEST_NOTHROW(QCOMPARE(pool.starmap(add, pairs), (std::vector<int>{3, 7, 11})));
        PTEST_NOTHROW(QCOMPARE(pool.starmap_async(add, std::vector<std::tuple<int, int>>{{10, 1}}).get(),
                               (std::vector<int>{11})));
        std::vector<int> got;
        PTEST_NOTHROW(for (int r : pool.imap(square, xs)) got.push_back(r));
        QCOMPARE(got, expected);
        got.clear();
        PTEST_NOTHROW(for (int r : pool.imap_unordered(square, xs, 7)) got.push_back(r));
        std::sort(got.begin(), got.end());
        QCOMPARE(got, expected);
        pool.close();
        pool.join();
    }

    void asyncResultAndCallbacks()
    {
        proclab::Pool pool({.processes = 2});
        std::atomic<int> seen{0};
        std::thread::id callbackThread;
        auto ar = pool.apply_async(square, 9, [&](const int& v) {
            callbackThread = std::this_thread::get_id();
            seen = v;
        });
        PTEST_NOTHROW(QCOMPARE(ar.get(30s), 81));
        QCOMPARE(seen.load(), 81);                             // the callback ran before get() returned
        QVERIFY(callbackThread != std::this_thread::get_id()); // on the supervisor thread
        QVERIFY(ar.ready());
        QVERIFY(ar.successful());
        QVERIFY(ar.wait(0s));

        auto slow = pool.apply_async(pid_after, 400);
        QVERIFY(!slow.ready());
        QVERIFY(catch_as<proclab::ValueError>([&] { slow.successful(); })); // as Python: not ready yet
        QVERIFY(catch_as<proclab::TimeoutError>([&] { slow.get(10ms); }));
        QVERIFY(!slow.wait(1ms));
        slow.wait();
        QVERIFY(slow.successful());

        // A callback that throws does not break the pool.
        auto bad = pool.apply_async(square, 2, [](const int&) { throw std::runtime_error("callback failure"); });
        PTEST_NOTHROW(QCOMPARE(bad.get(30s), 4));
        PTEST_NOTHROW(QCOMPARE(pool.apply(square, 5), 25));
        auto badErr = pool.apply_async(
            divide, 1, 0, [](const int&) {},
            [](const std::exception&) { throw std::runtime_error("error callback failure"); });
        QVERIFY(catch_as<proclab::RemoteError>([&] { badErr.get(30s); }));
        PTEST_NOTHROW(QCOMPARE(pool.apply(square, 6), 36));

        // map_async callbacks get the whole list.
        std::vector<int> list;
        auto mr = pool.map_async(square, std::vector<int>{1, 2, 3}, 0, [&](const std::vector<int>& v) { list = v; });
        PTEST_NOTHROW(mr.get(30s));
        QCOMPARE(list, (std::vector<int>{1, 4, 9}));
        // A void task's callback takes nothing.
        bool called = false;
        auto vr = pool.apply_async(nothing, [&] { called = true; });
        PTEST_NOTHROW(vr.get(30s));
        QVERIFY(called);
    }

    void imapTimeout()
    {
        proclab::Pool pool({.processes = 2});
        auto it = pool.imap(pid_after, std::vector<int>{500, 1});
        QVERIFY(catch_as<proclab::TimeoutError>([&] { it.next(20ms); }));
        std::optional<int> first;
        PTEST_NOTHROW(first = it.next(30s));
        QVERIFY(first.has_value());
        std::optional<int> second;
        PTEST_NOTHROW(second = it.next(30s));
        QVERIFY(second.has_value());
        PTEST_NOTHROW(QVERIFY(!it.next(1s).has_value())); // exhausted
    }

    void taskErrors_data() { ptest::add_method_rows(); }
    void taskErrors()
    {
        QFETCH(StartMethod, method);
        proclab::Pool pool(options(method, 4));
        // The tutorial: a task dividing by zero among four good ones.
        std::vector<proclab::AsyncResult<int>> rs;
        std::mutex m;
        std::vector<std::string> errors;
        int successes = 0;
        for (int b : {1, 2, 0, 4, 5})
            rs.push_back(pool.apply_async(
                divide, 100, b,
                [&](const int&) {
                    std::lock_guard l(m);
                    ++successes;
                },
                [&](const std::exception& e) {
                    std::lock_guard l(m);
                    errors.push_back(e.what());
                }));
        for (size_t i = 0; i < rs.size(); ++i) {
            if (i == 2) {
                const auto e = catch_as<proclab::RemoteError>([&] { rs[i].get(30s); });
                QVERIFY(e);
                QCOMPARE(e->type(), std::string("std::domain_error"));
                QCOMPARE(e->message(), std::string("division by zero"));
                QVERIFY(e->pid() > 0);
                QCOMPARE(e->task_index(), -1LL); // not a map task
                QVERIFY(!rs[i].successful());
            } else {
                PTEST_NOTHROW(QCOMPARE(rs[i].get(30s), 100 / int(i == 0 ? 1 : i == 1 ? 2 : int(i + 1))));
                QVERIFY(rs[i].successful());
            }
        }
        {
            std::lock_guard l(m);
            QCOMPARE(successes, 4);
            QCOMPARE(errors.size(), size_t(1));
            QVERIFY(QString::fromStdString(errors[0]).contains(QStringLiteral("division by zero")));
        }
        // map: the first failure, with its index.
        const auto e = catch_as<proclab::RemoteError>([&] { pool.map(inverse_of, std::vector<int>{5, 4, 0, 2}, 1); });
        QVERIFY(e);
        QCOMPARE(e->task_index(), 2LL);
        QCOMPARE(e->type(), std::string("std::domain_error"));
        // imap: the failure at its position; the iteration goes on.
        auto it = pool.imap(inverse_of, std::vector<int>{50, 0, 25});
        PTEST_NOTHROW(QCOMPARE(it.next(30s), std::optional<int>(2)));
        QVERIFY(catch_as<proclab::RemoteError>([&] { it.next(30s); }));
        PTEST_NOTHROW(QCOMPARE(it.next(30s), std::optional<int>(4)));
        pool.close();
        pool.join();
    }

    // -- the tutorial situations -----------------------------------------------------------------

    void fiveBlockingApplies()
    {
        proclab::Pool pool({.processes = 4});
        const auto workers = pool.worker_pids();
        std::set<pid_t> all(workers.begin(), workers.end());
        QCOMPARE(all.size(), size_t(4));
        std::set<pid_t> used;
        for (int i = 0; i < 5; ++i) {
            int pid = 0;
            PTEST_NOTHROW(pid = pool.apply(my_pid));
            QVERIFY(all.count(pid_t(pid)));
            used.insert(pid_t(pid));
        }
        QVERIFY(used.size() <= 4); // the fifth reused one of the workers
    }

    void fiveAsyncInTwoWaves()
    {
        proclab::Pool pool({.processes = 4});
        std::vector<proclab::AsyncResult<int>> rs;
        for (int i = 0; i < 5; ++i)
            rs.push_back(pool.apply_async(timed, dir(), i, 500));
        for (auto& r : rs)
            PTEST_NOTHROW(r.get(30s));
        std::vector<Interval> ivs;
        for (int i = 0; i < 5; ++i)
            ivs.push_back(read_interval(dir(), i));
        QVERIFY(max_overlap(ivs) <= 4);
        // Second wave: the last task to start started after some task had ended.
        const auto last = std::max_element(ivs.begin(), ivs.end(),
                                           [](const Interval& a, const Interval& b) { return a.start < b.start; });
        double firstEnd = 1e18;
        for (const Interval& iv : ivs)
            firstEnd = std::min(firstEnd, iv.end);
        QVERIFY(last->start >= firstEnd);
    }

    void tenMappedInThreeWaves()
    {
        proclab::Pool pool({.processes = 4});
        std::vector<std::tuple<std::string, int, int>> args;
        for (int i = 0; i < 10; ++i)
            args.emplace_back(dir(), i, 400);
        std::vector<int> got;
        PTEST_NOTHROW(got = pool.starmap(timed, args)); // chunksize: ceil(10 / 16) = 1
        QCOMPARE(got.size(), size_t(10));
        std::vector<Interval> ivs;
        std::map<pid_t, std::vector<Interval>> byWorker;
        for (int i = 0; i < 10; ++i) {
            ivs.push_back(read_interval(dir(), i));
            byWorker[ivs.back().pid].push_back(ivs.back());
        }
        QVERIFY(max_overlap(ivs) <= 4); // never more than 4 at once: 10 tasks need 3 waves
        size_t most = 0;
        for (auto& [pid, list] : byWorker) {
            std::sort(list.begin(), list.end(), [](const Interval& a, const Interval& b) { return a.start < b.start; });
            for (size_t k = 1; k < list.size(); ++k)
                QVERIFY(list[k].start >= list[k - 1].end); // one task at a time per worker
            most = std::max(most, list.size());
        }
        QVERIFY(most >= 3);
    }

    // -- dying workers ---------------------------------------------------------------------------

    void workerLost_data() { ptest::add_method_rows(); }
    void workerLost()
    {
        QFETCH(StartMethod, method);
        proclab::Pool pool(options(method, 2));
        // Killed by a signal while running.
        auto r = pool.apply_async(block_until_killed, dir(), 0);
        QVERIFY(ptest::wait_for_file(dir() + "/started-0", 30s));
        const pid_t victim = pid_t(std::stol(ptest::read_file(dir() + "/started-0")));
        ::kill(victim, SIGKILL);
        QVERIFY(r.wait(5s)); // resolved within a second or so
        const auto lost = catch_as<proclab::WorkerLost>([&] { r.get(); });
        QVERIFY(lost);
        QCOMPARE(lost->pid(), victim);
        QCOMPARE(lost->exitcode(), -SIGKILL);
        // Exit and segfault.
        const auto exited = catch_as<proclab::WorkerLost>([&] { pool.apply(exit_with, 3); });
        QVERIFY(exited);
        QCOMPARE(exited->exitcode(), 3);
        const auto segv = catch_as<proclab::WorkerLost>([&] { pool.apply(crash, 0); });
        QVERIFY(segv);
        QCOMPARE(segv->exitcode(), -SIGSEGV);
        // A map with a dying chunk fails with WorkerLost; the pool goes on with replacements.
        QVERIFY(catch_as<proclab::WorkerLost>([&] { pool.map(crash, std::vector<int>{1, 2, 3}); }));
        PTEST_NOTHROW(QCOMPARE(pool.map(square, std::vector<int>{1, 2, 3}), (std::vector<int>{1, 4, 9})));
        QTRY_COMPARE(pool.worker_pids().size(), size_t(2));
        const std::vector<pid_t> now = pool.worker_pids();
        QVERIFY(std::count(now.begin(), now.end(), victim) == 0);
        pool.close();
        pool.join();
    }

    void killHundredTimes()
    {
        proclab::Pool pool({.processes = 2});
        for (int i = 0; i < 100; ++i) {
            auto r = pool.apply_async(block_until_killed, dir(), i);
            const std::string started = dir() + "/started-" + std::to_string(i);
            QVERIFY(ptest::wait_for_file(started, 30s));
            ::kill(pid_t(std::stol(ptest::read_file(started))), SIGKILL);
            QVERIFY2(r.wait(10s), qPrintable(QStringLiteral("task %1 hangs").arg(i)));
            QVERIFY(catch_as<proclab::WorkerLost>([&] { r.get(); }));
        }
        PTEST_NOTHROW(QCOMPARE(pool.apply(square, 12), 144));
        pool.close();
        pool.join();
    }

    void retries()
    {
        proclab::Pool pool({.processes = 2, .retries = 1});
        PTEST_NOTHROW(QCOMPARE(pool.apply(flaky, dir() + "/marker"), 42));
        proclab::Pool strict({.processes = 1});
        QVERIFY(catch_as<proclab::WorkerLost>([&] { strict.apply(flaky, dir() + "/marker2"); }));
    }

    void maxTasksPerChild_data() { ptest::add_method_rows(); }
    void maxTasksPerChild()
    {
        QFETCH(StartMethod, method);
        auto o = options(method, 2);
        o.maxtasksperchild = 2;
        proclab::Pool pool(o);
        std::vector<int> ones(20, 1);
        std::vector<int> pids;
        PTEST_NOTHROW(pids = pool.map(pid_after, ones, 1));
        QCOMPARE(pids.size(), size_t(20));
        std::map<int, int> perWorker;
        for (int p : pids)
            ++perWorker[p];
        for (auto& [p, n] : perWorker)
            QVERIFY2(n <= 2, qPrintable(QStringLiteral("worker %1 ran %2 tasks").arg(p).arg(n)));
        QVERIFY(perWorker.size() >= 10);
        pool.close();
        pool.join();
    }

    void initializer_data() { ptest::add_method_rows(); }
    void initializer()
    {
        QFETCH(StartMethod, method);
        auto o = options(method, 3);
        o.initializer = {init_worker, dir(), std::string("ready")};
        proclab::Pool pool(o);
        std::vector<int> pids;
        PTEST_NOTHROW(pids = pool.map(pid_after, std::vector<int>(12, 20), 1));
        for (int p : pids)
            QCOMPARE(ptest::read_file(dir() + "/init-" + std::to_string(p)), std::string("ready"));
        pool.close();
        pool.join();
        QCOMPARE(ptest::count_files(dir(), "init-"), 3);
    }

    // -- close, join, terminate ------------------------------------------------------------------

    void closeJoinFinishesTasks_data() { ptest::add_method_rows(); }
    void closeJoinFinishesTasks()
    {
        QFETCH(StartMethod, method);
        proclab::Pool pool(options(method, 2));
        std::vector<proclab::AsyncResult<int>> rs;
        for (int i = 0; i < 6; ++i)
            rs.push_back(pool.apply_async(pid_after, 50));
        const auto pids = pool.worker_pids();
        pool.close();
        QVERIFY(catch_as<proclab::ValueError>([&] { pool.apply_async(square, 1); }));
        pool.join();
        for (auto& r : rs) {
            QVERIFY(r.ready());
            QVERIFY(r.successful());
        }
        for (pid_t p : pids)
            QTRY_VERIFY(ptest::pid_gone_reaping(p));
        QVERIFY(pool.worker_pids().empty());
    }

    void terminateIsPrompt_data() { ptest::add_method_rows(); }
    void terminateIsPrompt()
    {
        QFETCH(StartMethod, method);
        proclab::Pool pool(options(method, 2));
        auto r = pool.apply_async(block_until_killed, dir(), 0);
        auto queued = pool.apply_async(pid_after, 10);
        QVERIFY(ptest::wait_for_file(dir() + "/started-0", 30s));
        const auto pids = pool.worker_pids();
        const auto t0 = std::chrono::steady_clock::now();
        pool.terminate();
        QVERIFY(std::chrono::steady_clock::now() - t0 < 5s);
        QVERIFY(r.ready());
        QVERIFY(catch_as<proclab::Error>([&] { r.get(); }));
        for (pid_t p : pids)
            QVERIFY(ptest::pid_gone_reaping(p));
        PTEST_NOTHROW(pool.join()); // after terminate: allowed
        QVERIFY(catch_as<proclab::ValueError>([&] { pool.map(square, std::vector<int>{1}); }));
        pool.terminate(); // idempotent
    }

    void destructorTerminates()
    {
        std::vector<pid_t> pids;
        proclab::AsyncResult<int> r = [&] {
            proclab::Pool pool({.processes = 2});
            pids = pool.worker_pids();
            return pool.apply_async(block_until_killed, dir(), 0);
        }();
        QVERIFY(r.ready());
        QVERIFY(catch_as<proclab::Error>([&] { r.get(); }));
        for (pid_t p : pids)
            QVERIFY(ptest::pid_gone_reaping(p));
    }

    // -- bad input -------------------------------------------------------------------------------

    void badInput()
    {
        QVERIFY(catch_as<proclab::ValueError>([] { proclab::Pool p({.processes = 0}); }));
        QVERIFY(catch_as<proclab::ValueError>([] { proclab::Pool p({.processes = -1}); }));
        QVERIFY(catch_as<proclab::ValueError>([] { proclab::Pool p({.processes = 1, .maxtasksperchild = -1}); }));
        QVERIFY(catch_as<proclab::ProcessError>(
            [] { proclab::Pool p({.processes = 1, .initializer = not_registered_init()}); }));
        proclab::Pool pool({.processes = 1});
        // join before close: an error, as Python ("Pool is still running").
        const auto early = catch_as<proclab::ValueError>([&] { pool.join(); });
        QVERIFY(early);
        QVERIFY(QString::fromUtf8(early->what()).contains(QStringLiteral("still running")));
        // An unregistered function: a clear ProcessError at the call (see the README: a compile-time
        // check is impossible for tasks registered inside namespaces).
        const auto unreg = catch_as<proclab::ProcessError>([&] { pool.apply(not_registered, 1); });
        QVERIFY(unreg);
        QVERIFY(QString::fromUtf8(unreg->what()).contains(QStringLiteral("PROCLAB_TASK")));
        // An empty map: empty, nothing submitted.
        PTEST_NOTHROW(QVERIFY(pool.map(square, std::vector<int>{}).empty()));
        PTEST_NOTHROW(QVERIFY(pool.starmap(add, std::vector<std::pair<int, int>>{}).empty()));
        PTEST_NOTHROW(QVERIFY(!pool.imap(square, std::vector<int>{}).next().has_value()));
        pool.close();
        const auto closed = catch_as<proclab::ValueError>([&] { pool.apply_async(square, 1); });
        QVERIFY(closed);
        QVERIFY(QString::fromUtf8(closed->what()).contains(QStringLiteral("Pool not running")));
        QVERIFY(catch_as<proclab::ValueError>([&] { pool.map(square, std::vector<int>{}); }));
        pool.join();
    }

private:
    static proclab::Initializer not_registered_init() { return proclab::Initializer(not_registered, 1); }
};

PROCLAB_TEST_MAIN(TestPool)
#include "tst_pool.moc"

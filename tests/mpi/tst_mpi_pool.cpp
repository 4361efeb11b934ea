// The Pool on MPI ranks (proclab/mpi.h): every Pool operation, task errors with their rank and
// host, imap's ordering, megabyte arguments and results, the initializer, close/join/terminate, a
// rank killed mid-task. The same executable runs in both start modes: alone (each pool spawns its
// two workers) and under `mpirun -np 3` (ranks 1 and 2 serve); see CMakeLists.txt.

#include "test_main.h"
#include "test_support.h"

#include <proclab/mpi.h>

#include <QTest>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <map>
#include <numeric>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

using namespace std::chrono_literals;

namespace {

int square(int x)
{
    return x * x;
}

int add(int a, int b)
{
    return a + b;
}

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

int divide_by_index(int x)
{
    return divide(100, x);
}

int my_pid()
{
    return int(::getpid());
}

/// Returns `index` after sleeping `ms`.
int index_after(int index, int ms)
{
    ::usleep(useconds_t(ms) * 1000);
    return index;
}

int pid_after(int ms)
{
    ::usleep(useconds_t(ms) * 1000);
    return int(::getpid());
}

void nothing() {}

/// Every byte plus one: a result as large as the argument.
std::vector<unsigned char> bump(const std::vector<unsigned char>& bytes)
{
    std::vector<unsigned char> out(bytes);
    for (unsigned char& b : out)
        ++b;
    return out;
}

std::string g_initialized; // set by the initializer in each worker
void init_worker(const std::string& text)
{
    g_initialized = text + "@" + std::to_string(::getpid());
}
std::string initialized()
{
    return g_initialized;
}

/// Announces itself in dir/started (its pid), then waits to be killed.
int block_until_killed(const std::string& dir)
{
    ptest::write_file_atomic(dir + "/started", std::to_string(::getpid()));
    for (;;)
        ::pause();
}

int not_registered(int x)
{
    return x;
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

std::string hostName()
{
    char buf[256] = {};
    ::gethostname(buf, sizeof buf - 1);
    return buf;
}

} // namespace

PROCLAB_TASK(square);
PROCLAB_TASK(add);
PROCLAB_TASK(divide);
PROCLAB_TASK(inverse_of);
PROCLAB_TASK(divide_by_index);
PROCLAB_TASK(my_pid);
PROCLAB_TASK(index_after);
PROCLAB_TASK(pid_after);
PROCLAB_TASK(nothing);
PROCLAB_TASK(bump);
PROCLAB_TASK(init_worker);
PROCLAB_TASK(initialized);
PROCLAB_TASK(block_until_killed);

class TestMpiPool : public LeakCheckedTest {
    Q_OBJECT

    /// The options of every pool here: two workers on MPI ranks.
    static proclab::PoolOptions mpi(proclab::PoolOptions o = {})
    {
        o.processes = o.processes.value_or(2);
        o.backend = proclab::mpi::backend;
        return o;
    }
    static bool isWorker(const proclab::Pool& pool, pid_t pid)
    {
        const std::vector<pid_t> pids = pool.worker_pids();
        return std::ranges::find(pids, pid) != pids.end();
    }
    static bool underMpirun() { return proclab::mpi::world_size() > 1; }
    /// The ranks of the workers: 1 and 2 under mpirun, 0 and 1 in a spawned job.
    static std::set<int> workerRanks() { return underMpirun() ? std::set<int>{1, 2} : std::set<int>{0, 1}; }

    /// After the pool ended: its workers still serve (the next pools; they end at exit).
    static void verifyWorkersAfterJoin(const std::vector<pid_t>& pids)
    {
        for (pid_t p : pids)
            QVERIFY(::kill(p, 0) == 0);
    }

private slots:
    void everyOperation()
    {
        proclab::Pool pool(mpi());
        QCOMPARE(pool.processes(), 2);
        const std::vector<pid_t> pids = pool.worker_pids();
        QCOMPARE(pids.size(), std::size_t(2));
        QVERIFY(std::ranges::find(pids, ::getpid()) == pids.end());
        PTEST_NOTHROW(QCOMPARE(pool.apply(square, 7), 49));
        PTEST_NOTHROW(QCOMPARE(pool.apply(add, 2, 3), 5));
        PTEST_NOTHROW(pool.apply(nothing));
        // The tasks ran in the worker ranks.
        std::set<int> ran;
        for (int k = 0; k < 20; ++k)
            ran.insert(pool.apply(my_pid));
        for (int p : ran)
            QVERIFY(std::ranges::find(pids, pid_t(p)) != pids.end());

        std::vector<int> xs(101);
        std::iota(xs.begin(), xs.end(), 0);
        std::vector<int> want;
        want.reserve(xs.size());
        for (int x : xs)
            want.push_back(x * x);
        for (std::size_t chunksize : {std::size_t(0), std::size_t(1), std::size_t(7), std::size_t(500)})
            PTEST_NOTHROW(QCOMPARE(pool.map(square, xs, chunksize), want));
        PTEST_NOTHROW(QVERIFY(pool.map(square, std::vector<int>{}).empty()));
        PTEST_NOTHROW(QCOMPARE(pool.map(square, {1, 2, 3}), (std::vector<int>{1, 4, 9})));
        const std::vector<std::tuple<int, int>> pairs{{1, 2}, {3, 4}, {5, 6}};
        PTEST_NOTHROW(QCOMPARE(pool.starmap(add, pairs), (std::vector<int>{3, 7, 11})));
        PTEST_NOTHROW(QCOMPARE(pool.starmap_async(add, pairs, 2).get(30s), (std::vector<int>{3, 7, 11})));
        std::vector<int> lazy;
        for (int v : pool.imap(square, xs, 3))
            lazy.push_back(v);
        QCOMPARE(lazy, want);
        pool.close();
        pool.join();
        verifyWorkersAfterJoin(pids);
    }

    void asyncResultAndCallbacks()
    {
        proclab::Pool pool(mpi());
        std::atomic<int> seen{0};
        std::thread::id callbackThread;
        auto ar = pool.apply_async(square, 9, [&](const int& v) {
            callbackThread = std::this_thread::get_id();
            seen = v;
        });
        PTEST_NOTHROW(QCOMPARE(ar.get(30s), 81));
        QCOMPARE(seen.load(), 81); // the callback ran before get() returned
        QVERIFY(callbackThread != std::this_thread::get_id());
        QVERIFY(ar.ready());
        QVERIFY(ar.successful());

        auto slow = pool.apply_async(pid_after, 400);
        QVERIFY(!slow.ready());
        QVERIFY(catch_as<proclab::ValueError>([&] { slow.successful(); }));
        QVERIFY(catch_as<proclab::TimeoutError>([&] { slow.get(10ms); }));
        slow.wait();
        QVERIFY(slow.successful());

        std::string errorSeen;
        auto failing = pool.apply_async(
            divide, 1, 0, [](const int&) {}, [&](const std::exception& e) { errorSeen = e.what(); });
        QVERIFY(catch_as<proclab::RemoteError>([&] { failing.get(30s); }));
        QVERIFY(!failing.successful());
        QVERIFY(errorSeen.find("division by zero") != std::string::npos);

        std::vector<int> list;
        auto mr = pool.map_async(square, std::vector<int>{1, 2, 3}, 0, [&](const std::vector<int>& v) { list = v; });
        PTEST_NOTHROW(mr.get(30s));
        QCOMPARE(list, (std::vector<int>{1, 4, 9}));
        bool called = false;
        auto vr = pool.apply_async(nothing, [&] { called = true; });
        PTEST_NOTHROW(vr.get(30s));
        QVERIFY(called);
    }

    void imapOrdering()
    {
        proclab::Pool pool(mpi());
        // The first tasks are the slowest: they finish last, imap still yields them first.
        const std::vector<std::tuple<int, int>> work{{0, 300}, {1, 200}, {2, 1}, {3, 1}, {4, 1}, {5, 1}};
        std::vector<int> indices;
        indices.reserve(work.size());
        for (const auto& w : work)
            indices.push_back(std::get<0>(w));
        auto ordered = pool.starmap_async(index_after, work, 1);
        PTEST_NOTHROW(QCOMPARE(ordered.get(30s), indices));

        std::vector<int> xs{0, 1, 2, 3, 4, 5};
        std::vector<int> got;
        for (int v : pool.imap(square, xs))
            got.push_back(v);
        QCOMPARE(got, (std::vector<int>{0, 1, 4, 9, 16, 25}));

        std::vector<int> unordered;
        for (int v : pool.imap_unordered(square, xs))
            unordered.push_back(v);
        std::ranges::sort(unordered);
        QCOMPARE(unordered, (std::vector<int>{0, 1, 4, 9, 16, 25}));

        // imap with a failure in the middle: it raises at its position, the rest follows.
        auto it = pool.imap(divide_by_index, std::vector<int>{2, 1, 0, 4});
        QCOMPARE(it.next().value_or(-1), 50);
        QCOMPARE(it.next().value_or(-1), 100);
        QVERIFY(catch_as<proclab::RemoteError>([&] { it.next(); }));
        QCOMPARE(it.next().value_or(-1), 25);
        QVERIFY(!it.next().has_value());
    }

    void taskErrorsCarryRankAndHost()
    {
        proclab::Pool pool(mpi());
        const auto e = catch_as<proclab::RemoteError>([&] { pool.apply(divide, 1, 0); });
        QVERIFY(e.has_value());
        QCOMPARE(e->type(), std::string("std::domain_error"));
        QCOMPARE(e->message(), std::string("division by zero"));
        QVERIFY(workerRanks().contains(e->rank()));
        QCOMPARE(e->host(), hostName());
        QCOMPARE(e->task_index(), -1LL);
        QVERIFY(isWorker(pool, e->pid()));
        const std::string what = e->what();
        QVERIFY2(what.find("rank " + std::to_string(e->rank())) != std::string::npos, what.c_str());
        QVERIFY2(what.find(hostName()) != std::string::npos, what.c_str());

        // In a map: the first failing task's index.
        const auto m = catch_as<proclab::RemoteError>([&] {
            pool.map(inverse_of, std::vector<int>{1, 2, 3, 0, 5, 6}, 2);
        });
        QVERIFY(m.has_value());
        QCOMPARE(m->task_index(), 3LL);
        // The pool goes on.
        PTEST_NOTHROW(QCOMPARE(pool.apply(square, 4), 16));
    }

    void largeArgumentsAndResults()
    {
        proclab::Pool pool(mpi());
        std::vector<unsigned char> big(std::size_t(3) << 20);
        for (std::size_t i = 0; i < big.size(); ++i)
            big[i] = static_cast<unsigned char>(i * 7);
        std::vector<unsigned char> want(big);
        for (unsigned char& b : want)
            ++b;
        std::vector<unsigned char> got;
        PTEST_NOTHROW(got = pool.apply(bump, big));
        QVERIFY(got == want);
        std::vector<std::vector<unsigned char>> several(4, big);
        std::vector<std::vector<unsigned char>> results;
        PTEST_NOTHROW(results = pool.map(bump, several, 1));
        QCOMPARE(results.size(), std::size_t(4));
        for (const auto& r : results)
            QVERIFY(r == want);
    }

    void initializerRunsInEachWorker()
    {
        proclab::Pool pool(mpi({.initializer = {init_worker, std::string("ready")}}));
        std::set<std::string> seen;
        for (int k = 0; k < 20; ++k)
            seen.insert(pool.apply(initialized));
        for (const std::string& s : seen) {
            QVERIFY2(s.starts_with("ready@"), s.c_str());
            const pid_t pid = std::stoi(s.substr(6));
            QVERIFY(isWorker(pool, pid));
        }
    }

    void closeJoinFinishesTasks()
    {
        proclab::Pool pool(mpi());
        std::vector<proclab::AsyncResult<int>> results;
        results.reserve(6);
        for (int i = 0; i < 6; ++i)
            results.push_back(pool.apply_async(index_after, i, 50));
        pool.close();
        QVERIFY(catch_as<proclab::ValueError>([&] { pool.apply_async(square, 1); }));
        pool.join();
        for (int i = 0; i < 6; ++i) {
            QVERIFY(results[std::size_t(i)].ready());
            PTEST_NOTHROW(QCOMPARE(results[std::size_t(i)].get(), i));
        }
    }

    void terminateIsPrompt()
    {
        proclab::Pool pool(mpi());
        std::vector<proclab::AsyncResult<int>> results;
        results.reserve(6);
        for (int i = 0; i < 6; ++i)
            results.push_back(pool.apply_async(index_after, i, 300));
        const auto start = std::chrono::steady_clock::now();
        pool.terminate();
        pool.join();
        QVERIFY(std::chrono::steady_clock::now() - start < 2s);
        for (auto& r : results) {
            QVERIFY(r.ready());
            QVERIFY(catch_as<proclab::Error>([&] { r.get(); }));
        }
        QVERIFY(catch_as<proclab::ValueError>([&] { pool.apply(square, 1); }));
    }

    void badInput()
    {
        proclab::Pool pool(mpi());
        const auto e = catch_as<proclab::ProcessError>([&] { pool.apply(not_registered, 1); });
        QVERIFY(e.has_value());
        QVERIFY(std::string(e->what()).find("PROCLAB_TASK") != std::string::npos);
        if (underMpirun()) {
            // The ranks are those mpirun started: one pool at a time, at most size - 1 workers.
            QVERIFY(catch_as<proclab::ValueError>([] { proclab::Pool second(mpi()); }));
            pool.terminate();
            pool.join();
            const auto tooMany = catch_as<proclab::ValueError>([] { proclab::Pool p(mpi({.processes = 5})); });
            QVERIFY(tooMany.has_value());
            QVERIFY2(std::string(tooMany->what()).find("3 ranks") != std::string::npos, tooMany->what());
        }
        QVERIFY(catch_as<proclab::ValueError>([] { proclab::Pool p(mpi({.processes = 0})); }));
    }

    void ranksInSession()
    {
        // The worker ranks on this host join the pool's session (no PROCLAB_SESSION exported to
        // them here) and show as pool workers named host:rank, with their tasks on the timeline.
        proclab::Session session = proclab::Session::create(uniqueName("mpi"));
        addTeardown([] { proclab::Session::detach(); });
        proclab::Pool pool(mpi());
        std::vector<int> xs(40);
        std::iota(xs.begin(), xs.end(), 0);
        PTEST_NOTHROW(pool.map(square, xs, 1));
        const std::vector<pid_t> pids = pool.worker_pids();
        const proclab::Snapshot snap = session.snapshot(false);
        std::set<std::string> names;
        for (pid_t pid : pids) {
            const proclab::ProcessRecord* rec = snap.process(pid);
            QVERIFY2(rec, qPrintable(QStringLiteral("worker %1 not in the session").arg(pid)));
            QCOMPARE(rec->kind, proclab::ProcessKind::PoolWorker);
            names.insert(rec->name);
        }
        std::set<std::string> want;
        for (int r : workerRanks())
            want.insert(hostName() + ":" + std::to_string(r));
        QCOMPARE(names, want);
        const auto pool_record = std::ranges::find_if(snap.objects, [](const proclab::ObjectRecord& o) {
            return o.kind == proclab::ObjectKind::Pool && o.alive;
        });
        QVERIFY(pool_record != snap.objects.end());
        QCOMPARE(pool_record->label, std::string("Pool (MPI)"));
        QCOMPARE(pool_record->workers, 2U);
        QCOMPARE(pool_record->tasks_done, std::uint64_t(xs.size()));
        // One TaskBegin/TaskEnd pair per task, each from a worker rank: the timeline's rows.
        std::map<pid_t, int> begins;
        for (const proclab::SessionEvent& e : session.events(0).events)
            if (e.kind == proclab::EventKind::TaskBegin)
                ++begins[e.pid];
        int total = 0;
        for (const auto& [pid, n] : begins) {
            QVERIFY(std::ranges::find(pids, pid) != pids.end());
            total += n;
        }
        QCOMPARE(total, int(xs.size()));
        pool.close();
        pool.join();
    }

    void rankKilledMidTask()
    {
        // Run alone by the mpi.tst_mpi_pool_lost* tests: under mpirun without --enable-recovery,
        // Open MPI ends the whole job, this test included (mpi.tst_mpi_pool_abort).
        if (!std::getenv("PROCLAB_MPI_KILL_TEST"))
            QSKIP("run by mpi.tst_mpi_pool_lost, mpi.tst_mpi_pool_lost_spawned and mpi.tst_mpi_pool_abort");
        proclab::Pool pool(mpi());
        const std::string dir = testDir().toStdString();
        auto doomed = pool.apply_async(block_until_killed, dir);
        QTRY_VERIFY_WITH_TIMEOUT(ptest::file_exists(dir + "/started"), 20000);
        const pid_t victim = std::stoi(ptest::read_file(dir + "/started"));
        QVERIFY(isWorker(pool, victim));
        QCOMPARE(::kill(victim, SIGKILL), 0);
        const auto lost = catch_as<proclab::WorkerLost>([&] { doomed.get(20s); });
        QVERIFY(lost.has_value());
        QCOMPARE(lost->pid(), victim);
        QVERIFY(workerRanks().contains(lost->rank()));
        QCOMPARE(lost->host(), hostName());
        if (underMpirun()) {
            // With --enable-recovery the job goes on: so does the pool, on the other rank.
            QTRY_COMPARE_WITH_TIMEOUT(pool.worker_pids().size(), std::size_t(1), 5000);
            PTEST_NOTHROW(QCOMPARE(pool.map(square, std::vector<int>{1, 2, 3}), (std::vector<int>{1, 4, 9})));
        } else {
            // Open MPI ends the rest of a spawned job one of whose processes died: the pool's
            // later tasks get their results or fail (no rank left), they never hang.
            auto later = pool.map_async(square, std::vector<int>{1, 2, 3});
            QVERIFY(later.wait(30s));
        }
        pool.close();
        pool.join();
    }
};

int main(int argc, char** argv)
{
    ::proclab::freeze_support(); // the worker ranks serve from here and never return
    // MPI's own helper processes (a singleton's orted) start before the leak checks look.
    ::proclab::mpi::init();
    return ::ptest::exec<QCoreApplication, TestMpiPool>(argc, argv);
}

#include "tst_mpi_pool.moc"

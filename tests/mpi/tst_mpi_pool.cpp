// The Pool on MPI ranks (proclab/mpi.h): every Pool operation, task errors with their rank and
// host, imap's ordering, megabyte arguments and results, the initializer, close/join/terminate, a
// rank killed mid-task. The same executable runs in both start modes: alone (each pool spawns its
// two workers) and under `mpirun -np 3` (ranks 1 and 2 serve); see CMakeLists.txt.

#include "test_main.h"
#include "test_support.h"

#include <proclab/cli/cli.h>
#include <proclab/clock.h>
#include <proclab/mpi.h>

#include <QTest>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <csignal>
#include <filesystem>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <sstream>
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
    /// PROCLAB_MPI_RELAY=1 (exported to every rank): the worker ranks behave as ranks of another host.
    static bool relayForced()
    {
        const char* v = std::getenv("PROCLAB_MPI_RELAY");
        return v && std::string_view(v) == "1";
    }
    /// The worker ranks' records in `snap`: relayed ones (host set) when the relay is forced.
    static std::vector<const proclab::ProcessRecord*> relayedRecords(const proclab::Snapshot& snap)
    {
        std::vector<const proclab::ProcessRecord*> out;
        for (const proclab::ProcessRecord& p : snap.processes)
            if (p.remote())
                out.push_back(&p);
        return out;
    }
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
        // PROCLAB_MPI_RELAY takes 0 or 1 only.
        const QByteArray relay = qgetenv("PROCLAB_MPI_RELAY");
        const bool had = qEnvironmentVariableIsSet("PROCLAB_MPI_RELAY");
        qputenv("PROCLAB_MPI_RELAY", "yes");
        const auto badRelay = catch_as<proclab::ValueError>([] { proclab::Pool p(mpi()); });
        if (had)
            qputenv("PROCLAB_MPI_RELAY", relay);
        else
            qunsetenv("PROCLAB_MPI_RELAY");
        QVERIFY(badRelay.has_value());
        QVERIFY2(std::string(badRelay->what()).find("PROCLAB_MPI_RELAY='yes'") != std::string::npos, badRelay->what());
    }

    void ranksInSession()
    {
        // The worker ranks on this host join the pool's session (no PROCLAB_SESSION exported to
        // them here) and show as pool workers named host:rank, with their tasks on the timeline.
        if (relayForced())
            QSKIP("PROCLAB_MPI_RELAY=1: the ranks are relayed (ranksRelayed)");
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
            QVERIFY(!rec->remote()); // their own records, as local workers: nothing relayed
            names.insert(rec->name);
        }
        QVERIFY(relayedRecords(snap).empty());
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
        for (const proclab::SessionEvent& e : session.events(0).events)
            QVERIFY(e.host.empty());
        pool.close();
        pool.join();
    }

    void ranksRelayed()
    {
        // PROCLAB_MPI_RELAY=1: the worker ranks behave as ranks of another host. They never join
        // this host's session; the pool's process writes their records (host, rank, pid, state,
        // current task) and their task events from what they report.
        if (!relayForced())
            QSKIP("run by mpi.tst_mpi_pool_relay* (PROCLAB_MPI_RELAY=1 exported to the ranks)");
        proclab::Session session = proclab::Session::create(uniqueName("mpi"));
        addTeardown([] { proclab::Session::detach(); });
        const std::int64_t before = proclab::now_ns();
        std::optional<proclab::Pool> pool(std::in_place, mpi());
        const std::vector<pid_t> pids = pool->worker_pids();
        QCOMPARE(pids.size(), std::size_t(2));
        // Their records appear once they answered the pool's start (no task needed).
        QTRY_COMPARE_WITH_TIMEOUT(relayedRecords(session.snapshot(false)).size(), std::size_t(2), ptest::kAwaitMs);
        {
            const proclab::Snapshot snap = session.snapshot(true); // sampling must leave them alone
            std::set<int> ranks;
            for (pid_t pid : pids) {
                QVERIFY2(!snap.process(pid), "a relayed rank has a record of this host");
                const proclab::ProcessRecord* rec = snap.process(pid, hostName());
                QVERIFY2(rec, qPrintable(QStringLiteral("worker %1 not relayed").arg(pid)));
                QCOMPARE(rec->host, hostName());
                QCOMPARE(rec->kind, proclab::ProcessKind::PoolWorker);
                QCOMPARE(rec->state, proclab::RunState::Running);
                QCOMPARE(rec->ppid, ::getpid()); // the relay
                QVERIFY(!rec->exitcode.has_value());
                QCOMPARE(rec->name, hostName() + ":" + std::to_string(rec->rank));
                QVERIFY(rec->start_ns > 0 && rec->start_ns <= snap.taken_ns);
                QCOMPARE(rec->cpu_percent, 0.0);
                QCOMPARE(rec->rss_bytes, std::uint64_t(0));
                ranks.insert(rec->rank);
            }
            QCOMPARE(ranks, workerRanks());
            QVERIFY(std::ranges::all_of(relayedRecords(snap), [&](const proclab::ProcessRecord* r) {
                return std::ranges::find(pids, r->pid) != pids.end();
            }));
        }
        // The current task: shown while a rank runs it, gone after.
        auto slow = pool->apply_async(index_after, 5, 600);
        const auto runningIt = [&] {
            const proclab::Snapshot snap = session.snapshot(false);
            return std::ranges::count_if(relayedRecords(snap), [](const proclab::ProcessRecord* r) {
                return r->task_function == "index_after" && r->task_id > 0 && r->task_pool != proclab::kNoObject;
            });
        };
        QTRY_COMPARE_WITH_TIMEOUT(runningIt(), 1L, ptest::kAwaitMs);
        PTEST_NOTHROW(QCOMPARE(slow.get(30s), 5));
        QTRY_COMPARE_WITH_TIMEOUT(runningIt(), 0L, ptest::kAwaitMs);

        // The timeline: a TaskBegin and a TaskEnd per job, from the rank that ran it, in order,
        // at the times it reported (between the pool's start and now).
        std::vector<int> xs(40);
        std::iota(xs.begin(), xs.end(), 0);
        std::vector<int> want;
        for (int x : xs)
            want.push_back(x * x);
        PTEST_NOTHROW(QCOMPARE(pool->map(square, xs, 1), want));
        auto failing = pool->apply_async(divide, 1, 0);
        QVERIFY(catch_as<proclab::RemoteError>([&] { failing.get(30s); }));
        const std::int64_t after = proclab::now_ns();
        std::map<std::pair<pid_t, std::int64_t>, std::int64_t> open;
        int begins = 0, ends = 0, errors = 0;
        std::set<pid_t> ran;
        for (const proclab::SessionEvent& e : session.events(0).events) {
            if (e.kind != proclab::EventKind::TaskBegin && e.kind != proclab::EventKind::TaskEnd)
                continue;
            QCOMPARE(e.host, hostName());
            QVERIFY(std::ranges::find(pids, e.pid) != pids.end());
            // On this host's clock: within the run, give or take the offset's error (half a round
            // trip, which a loaded machine stretches to milliseconds).
            QVERIFY(e.t_ns >= before - 50'000'000 && e.t_ns <= after);
            ran.insert(e.pid);
            if (e.kind == proclab::EventKind::TaskBegin) {
                ++begins;
                open[{e.pid, e.arg}] = e.t_ns;
            } else {
                ++ends;
                errors += e.arg2 == 1;
                const auto it = open.find({e.pid, e.arg});
                QVERIFY2(it != open.end(), "a TaskEnd without its TaskBegin");
                QVERIFY(it->second <= e.t_ns);
                open.erase(it);
            }
        }
        QCOMPARE(begins, 1 + int(xs.size()) + 1);
        QCOMPARE(ends, begins);
        QCOMPARE(errors, 1);
        QCOMPARE(ran.size(), std::size_t(2)); // both ranks took jobs
        // proclab-cli top's table: a HOST column, the ranks named host:rank.
        std::ostringstream top;
        proclab::print_snapshot(session.snapshot(false), top);
        const std::string table = top.str();
        QVERIFY2(table.find("HOST") != std::string::npos, table.c_str());
        for (int r : workerRanks())
            QVERIFY2(table.find(hostName() + ":" + std::to_string(r)) != std::string::npos, table.c_str());
        // A second pool in the same session: the same records (not new ones).
        pool->close();
        pool->join();
        pool.reset(); // the ranks serve one pool at a time
        {
            proclab::Pool again(mpi());
            PTEST_NOTHROW(QCOMPARE(again.apply(square, 3), 9));
            again.close();
            again.join();
        }
        QCOMPARE(relayedRecords(session.snapshot(false)).size(), std::size_t(2));
        // Another session: new records there, even for a pool closed at once.
        proclab::Session other = proclab::Session::create(uniqueName("mpi-other"));
        {
            proclab::Pool idle(mpi());
            idle.close();
            idle.join();
        }
        const proclab::Snapshot there = other.snapshot(false);
        QCOMPARE(relayedRecords(there).size(), std::size_t(2));
        for (pid_t pid : pids)
            QVERIFY(there.process(pid, hostName()));
    }

    void relayedRanksEnd()
    {
        // Run last, by mpi.tst_mpi_pool_relay_end: MPI ends here (proclab::mpi::finalize()), the
        // ranks say so before they go, and their records show them ended; nothing is left.
        if (!relayForced() || !std::getenv("PROCLAB_MPI_END_TEST"))
            QSKIP("run by mpi.tst_mpi_pool_relay_end (MPI cannot start again after it)");
        proclab::Session session = proclab::Session::create(uniqueName("mpi"));
        addTeardown([] { proclab::Session::detach(); });
        std::vector<pid_t> pids;
        {
            proclab::Pool pool(mpi());
            pids = pool.worker_pids();
            PTEST_NOTHROW(QCOMPARE(pool.map(square, std::vector<int>{1, 2, 3}, 1), (std::vector<int>{1, 4, 9})));
            pool.close();
            pool.join();
        }
        QTRY_COMPARE_WITH_TIMEOUT(relayedRecords(session.snapshot(false)).size(), std::size_t(2), ptest::kAwaitMs);
        proclab::mpi::finalize();
        const proclab::Snapshot snap = session.snapshot(true);
        for (pid_t pid : pids) {
            const proclab::ProcessRecord* rec = snap.process(pid, hostName());
            QVERIFY(rec);
            QCOMPARE(rec->state, proclab::RunState::Exited);
            QCOMPARE(rec->exitcode.value_or(-1), 0);
            QVERIFY(rec->end_ns >= rec->start_ns && rec->end_ns <= snap.taken_ns);
            QVERIFY(rec->task_function.empty());
        }
        int exits = 0;
        for (const proclab::SessionEvent& e : session.events(0).events)
            exits += e.kind == proclab::EventKind::ProcessExit && e.host == hostName();
        QCOMPARE(exits, 2);
        // Nothing left: the rank processes (on this host here) end, and no object of theirs stays.
        for (pid_t pid : pids)
            QTRY_VERIFY_WITH_TIMEOUT(::kill(pid, 0) != 0, ptest::kAwaitMs);
        // (This process's own objects, the session included, are LeakCheckedTest's: after teardown.)
        for (const auto& d : std::filesystem::directory_iterator("/dev/shm")) {
            const std::string n = d.path().filename().string();
            for (pid_t pid : pids) {
                const std::string tag = "-" + std::to_string(pid);
                const std::size_t at = n.find(tag);
                const bool named =
                    at != std::string::npos &&
                    (at + tag.size() == n.size() || !std::isdigit(static_cast<unsigned char>(n[at + tag.size()])));
                QVERIFY2(!named, n.c_str());
            }
        }
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
        QTRY_VERIFY_WITH_TIMEOUT(ptest::file_exists(dir + "/started"), ptest::kAwaitMs);
        const pid_t victim = std::stoi(ptest::read_file(dir + "/started"));
        QVERIFY(isWorker(pool, victim));
        QCOMPARE(::kill(victim, SIGKILL), 0);
        // Seen at once on this host (its pid); relayed, after its heartbeats stop (5 s).
        const auto lost = catch_as<proclab::WorkerLost>([&] { doomed.get(20s); });
        QVERIFY(lost.has_value());
        QCOMPARE(lost->pid(), victim);
        QVERIFY(workerRanks().contains(lost->rank()));
        QCOMPARE(lost->host(), hostName());
        if (underMpirun()) {
            // With --enable-recovery the job goes on: so does the pool, on the other rank.
            QTRY_COMPARE_WITH_TIMEOUT(pool.worker_pids().size(), std::size_t(1), ptest::kAwaitMs);
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

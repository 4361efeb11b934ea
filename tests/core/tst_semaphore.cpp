// Semaphore and BoundedSemaphore: initial values, counting, timeouts, guards, release(n), the
// bounded over-release, limiting concurrency across processes, a waiter that dies, open by name,
// passing to a task under every start method.

#include "sync_test_support.h"
#include "test_main.h"
#include "test_support.h"

#include <atomic>
#include <mutex>
#include <time.h>

using namespace std::chrono_literals;
using proclab::StartMethod;

namespace {

/// Takes a unit of `sem`, counts itself in `current`, records the maximum in `peak`, holds the
/// unit ~30 ms (the work), then leaves.
void limited_worker(const proclab::Semaphore& sem, const proclab::RawArray<int>& counters)
{
    proclab::Semaphore s = sem;
    std::lock_guard guard(s);
    std::atomic_ref<int> current(counters[0]);
    std::atomic_ref<int> peak(counters[1]);
    const int now = current.fetch_add(1) + 1;
    int seen = peak.load();
    while (now > seen && !peak.compare_exchange_weak(seen, now)) {}
    timespec work{0, 30'000'000};
    nanosleep(&work, nullptr);
    current.fetch_sub(1);
}

/// Exit code 0 once a unit was taken within 30 s, 3 otherwise.
void acquire_task(const proclab::Semaphore& sem, const proclab::Event& waiting)
{
    proclab::Event(waiting).set();
    std::exit(proclab::Semaphore(sem).acquire(30s) ? 0 : 3);
}

void release_task(const proclab::BoundedSemaphore& sem)
{
    proclab::BoundedSemaphore(sem).release();
}

} // namespace

PROCLAB_TASK(limited_worker);
PROCLAB_TASK(acquire_task);
PROCLAB_TASK(release_task);

class TestSemaphore : public LeakCheckedTest {
    Q_OBJECT

private slots:

    void counting_data()
    {
        QTest::addColumn<int>("initial");
        QTest::addColumn<bool>("bounded");
        for (int v : {0, 1, 3, 10})
            for (bool b : {false, true})
                QTest::addRow("%s(%d)", b ? "BoundedSemaphore" : "Semaphore", v) << v << b;
    }
    void counting()
    {
        QFETCH(int, initial);
        QFETCH(bool, bounded);
        proclab::Semaphore sem = bounded ? proclab::BoundedSemaphore(initial) : proclab::Semaphore(initial);
        QCOMPARE(sem.get_value(), initial);
        for (int i = 0; i < initial; ++i)
            QVERIFY(i % 2 ? sem.try_acquire() : sem.acquire(0ms));
        QCOMPARE(sem.get_value(), 0);
        QVERIFY(!sem.try_acquire());
        QVERIFY(!sem.acquire(10ms));
        if (initial > 0) {
            sem.release(initial);
            QCOMPARE(sem.get_value(), initial);
        }
        if (!bounded) {
            sem.release(5); // above the initial value: fine unless bounded
            QCOMPARE(sem.get_value(), initial + 5);
        }
    }

    void badValues_data()
    {
        QTest::addColumn<long long>("value");
        QTest::newRow("-1") << -1LL;
        QTest::newRow("-1000") << -1000LL;
        QTest::newRow("2^40") << (1LL << 40);
    }
    void badValues()
    {
        QFETCH(long long, value);
        STEST_THROWS(proclab::ValueError, std::to_string(value), proclab::Semaphore s(value));
        STEST_THROWS(proclab::ValueError, "BoundedSemaphore", proclab::BoundedSemaphore s(value));
    }

    void badRelease_data()
    {
        QTest::addColumn<long long>("n");
        QTest::newRow("0") << 0LL;
        QTest::newRow("-3") << -3LL;
    }
    void badRelease()
    {
        QFETCH(long long, n);
        proclab::Semaphore sem(1);
        STEST_THROWS(proclab::ValueError, sem.name(), sem.release(n));
        QCOMPARE(sem.get_value(), 1);
    }

    void boundedOverRelease_data()
    {
        QTest::addColumn<int>("initial");
        QTest::addColumn<int>("taken");
        QTest::addColumn<int>("released");
        QTest::newRow("full, release 1") << 1 << 0 << 1;
        QTest::newRow("3, took 1, release 2") << 3 << 1 << 2;
        QTest::newRow("0, release 1") << 0 << 0 << 1;
    }
    void boundedOverRelease()
    {
        QFETCH(int, initial);
        QFETCH(int, taken);
        QFETCH(int, released);
        proclab::BoundedSemaphore sem(initial);
        QCOMPARE(sem.max_value(), initial);
        for (int i = 0; i < taken; ++i)
            sem.acquire();
        STEST_THROWS(proclab::ValueError, "BoundedSemaphore '" + sem.name() + "' released too many times",
                     sem.release(released));
        QCOMPARE(sem.get_value(), initial - taken); // unchanged
        // Through the base class too.
        proclab::Semaphore& base = sem;
        STEST_THROWS(proclab::ValueError, "released too many times", base.release(released));
    }

    void guards()
    {
        proclab::Semaphore sem(2);
        {
            std::lock_guard a(sem);
            std::unique_lock b(sem, 10ms);
            QVERIFY(b.owns_lock());
            std::unique_lock c(sem, std::try_to_lock);
            QVERIFY(!c.owns_lock());
            QCOMPARE(sem.get_value(), 0);
        }
        QCOMPARE(sem.get_value(), 2);
    }

    void limitsConcurrency_data()
    {
        QTest::addColumn<StartMethod>("method");
        QTest::addColumn<int>("units");
        for (const auto& [name, method] : ptest::all_methods())
            for (int s : {1, 2})
                QTest::addRow("%s, %d units", name, s) << method << s;
    }
    void limitsConcurrency()
    {
        QFETCH(StartMethod, method);
        QFETCH(int, units);
        proclab::Semaphore sem(units);
        proclab::RawArray<int> counters(2); // current, peak
        std::vector<std::unique_ptr<proclab::Process>> ps;
        for (int i = 0; i < 5; ++i) {
            ps.push_back(std::make_unique<proclab::Process>(limited_worker, sem, counters));
            ps.back()->set_start_method(method);
            ps.back()->start();
        }
        for (auto& p : ps)
            QCOMPARE(stest::finish(*p), 0);
        QVERIFY2(counters[1] <= units, qPrintable(QStringLiteral("peak %1 > %2").arg(counters[1]).arg(units)));
        QVERIFY(counters[1] >= 1);
        QCOMPARE(counters[0], 0);
        QCOMPARE(sem.get_value(), units);
    }

    void releaseWakesWaiter_data() { ptest::add_method_rows(); }
    void releaseWakesWaiter()
    {
        QFETCH(StartMethod, method);
        proclab::Semaphore sem(0);
        proclab::Event waiting;
        proclab::Process p(acquire_task, sem, waiting);
        p.set_start_method(method);
        p.start();
        QVERIFY(waiting.wait(30s));
        sem.release();
        QCOMPARE(stest::finish(p), 0);
        QCOMPARE(sem.get_value(), 0);
    }

    void waiterKilled()
    {
        proclab::Semaphore sem(0);
        proclab::Event waiting;
        proclab::Process p(acquire_task, sem, waiting);
        p.start();
        QVERIFY(waiting.wait(30s));
        stest::stop(p);
        sem.release();
        QCOMPARE(sem.get_value(), 1); // the dead waiter took nothing
        QVERIFY(sem.try_acquire());
    }

    void releasedByAnotherProcess_data() { ptest::add_method_rows(); }
    void releasedByAnotherProcess()
    {
        QFETCH(StartMethod, method);
        proclab::BoundedSemaphore sem(1);
        sem.acquire();
        proclab::Process p(release_task, sem);
        p.set_start_method(method);
        p.start();
        QCOMPARE(stest::finish(p), 0);
        QCOMPARE(sem.get_value(), 1);
        proclab::Process q(release_task, sem); // over-release in the child: it fails there
        q.set_start_method(method);
        q.start();
        QCOMPARE(stest::finish(q), 1);
        QCOMPARE(sem.get_value(), 1);
    }

    void openByName()
    {
        proclab::Semaphore sem(4);
        QCOMPARE(proclab::Semaphore::open(sem.name()).get_value(), 4);
        proclab::BoundedSemaphore bounded(2);
        QCOMPARE(proclab::BoundedSemaphore::open(bounded.name()).max_value(), 2);
        STEST_THROWS(proclab::Error, "not a semaphore", proclab::Semaphore::open(bounded.name()));
        STEST_THROWS(proclab::Error, "not a bsemaphore", proclab::BoundedSemaphore::open(sem.name()));
        STEST_THROWS(proclab::NotFound, "no shared semaphore",
                     proclab::Semaphore::open("proclab-" + std::to_string(::geteuid()) + "-semaphore-0"));
    }
};

PROCLAB_TEST_MAIN(TestSemaphore)
#include "tst_semaphore.moc"

// Value and RawValue: initial values of several types, load/store/value() across processes, lost
// updates without a lock and none with get_lock(), a get_lock() holder that dies, open by name
// with type checks, passing to a task under every start method.

#include "sync_test_support.h"
#include "test_main.h"
#include "test_support.h"

#include <atomic>
#include <mutex>

using namespace std::chrono_literals;
using proclab::StartMethod;

namespace {

struct Point {
    int x;
    double y;
    bool operator==(const Point&) const = default;
};

/// Both processes start together, spinning (a sleeping barrier lets the scheduler run the woken
/// process on the waker's CPU, one after the other).
void start_together(const proclab::RawValue<int>& arrived)
{
    std::atomic_ref<int> count(arrived.value());
    count.fetch_add(1);
    const auto give_up = std::chrono::steady_clock::now() + 30s;
    while (count.load() < 2 && std::chrono::steady_clock::now() < give_up) {}
}

/// `n` unlocked increments (a separate read and write, as `v.value += 1` in Python).
void raw_increments(const proclab::RawValue<long>& v, long n, const proclab::RawValue<int>& arrived)
{
    start_together(arrived);
    volatile long* p = &v.value();
    for (long i = 0; i < n; ++i)
        *p = *p + 1;
}

/// `n` increments under the value's lock.
void locked_increments(const proclab::Value<long>& v, long n, const proclab::RawValue<int>& arrived)
{
    start_together(arrived);
    proclab::Value<long> value = v;
    volatile long* p = &value.value();
    for (long i = 0; i < n; ++i) {
        std::lock_guard guard(value.get_lock());
        *p = *p + 1;
    }
}

/// Holds the value's lock, half-updates it, announces it, waits to be killed.
void hold_value_lock(const proclab::Value<Point>& v, const proclab::Event& held)
{
    proclab::Value<Point> value = v;
    value.get_lock().acquire();
    value.value().x = -1; // a half-done update
    proclab::Event(held).set();
    ptest::wait_forever();
}

} // namespace

PROCLAB_TASK(raw_increments);
PROCLAB_TASK(locked_increments);
PROCLAB_TASK(hold_value_lock);

class TestValue : public LeakCheckedTest {
    Q_OBJECT

    /// Total after 2 processes × n increments of a raw counter (the parent is the second one).
    static long raceTotal(StartMethod method, long n)
    {
        proclab::RawValue<long> v(0);
        proclab::RawValue<int> start(0);
        proclab::Process p(raw_increments, v, n, start);
        p.set_start_method(method);
        p.start();
        raw_increments(v, n, start);
        if (stest::finish(p) != 0)
            return -1;
        return v.load();
    }

private slots:

    void initialValues()
    {
        proclab::Value<int> i;
        QCOMPARE(i.load(), 0);
#if __cpp_deduction_guides >= 201907L // deduction through alias templates (not in clang 14)
        proclab::Value v(2.5);        // deduced: Value<double>
#else
        proclab::Value<double> v(2.5);
#endif
        QCOMPARE(v.load(), 2.5);
        proclab::Value<Point> pt(Point{3, 4.5});
        QVERIFY((pt.load() == Point{3, 4.5}));
        proclab::RawValue<char> c('x');
        QCOMPARE(c.load(), 'x');
        proclab::RawValue<std::array<int, 4>> arr(std::array<int, 4>{1, 2, 3, 4});
        QCOMPARE(arr.value()[3], 4);
        v.store(-1.25);
        QCOMPARE(v.value(), -1.25);
        v.value() += 1;
        QCOMPARE(v.load(), -0.25);
    }

    void lockIsReentrant()
    {
        proclab::Value<int> v(1);
        std::lock_guard guard(v.get_lock());
        v.store(v.load() + 1); // load/store take the same (re-entrant) lock
        QCOMPARE(v.value(), 2);
        QCOMPARE(v.get_lock().owner(), ::getpid());
    }

    void seenByOtherProcess()
    {
        proclab::Value<long> v(10);
        auto p = stest::start_fork([v]() mutable { std::exit(v.load() == 10 ? (v.store(20), 0) : 3); });
        QCOMPARE(stest::finish(*p), 0);
        QCOMPARE(v.load(), 20L);
    }

    void lostUpdatesWithoutLock_data()
    {
        ptest::add_method_rows();
    }
    void lostUpdatesWithoutLock()
    {
        QFETCH(StartMethod, method);
        // A few ms of increments: on a VM the peer may start running only after a ms or so.
        long n = 1000000;
        bool lost = false;
        for (int attempt = 0; attempt < 7 && !lost; ++attempt) {
            const long total = raceTotal(method, n);
            QVERIFY(total <= 2 * n);
            QVERIFY2(total > 0, "the child failed"); // lost updates can take the total below n
            lost = total < 2 * n;
            if (!lost) {
                qInfo("no update lost with 2 x %ld increments; retrying with more", n);
                n *= 2;
            }
        }
        QVERIFY2(lost, "unlocked increments from two processes never lost an update");
    }

    void noLostUpdatesWithLock_data()
    {
        ptest::add_method_rows();
    }
    void noLostUpdatesWithLock()
    {
        QFETCH(StartMethod, method);
        const long n = 1000000;
        proclab::Value<long> v(0);
        proclab::RawValue<int> start(0);
        proclab::Process p(locked_increments, v, n, start);
        p.set_start_method(method);
        p.start();
        locked_increments(v, n, start);
        QCOMPARE(stest::finish(p, 60s), 0);
        QCOMPARE(v.load(), 2 * n);
    }

    void lockHolderKilled_data()
    {
        ptest::add_method_rows();
    }
    void lockHolderKilled()
    {
        QFETCH(StartMethod, method);
        proclab::Value<Point> v(Point{1, 2});
        proclab::Event held;
        proclab::Process p(hold_value_lock, v, held);
        p.set_start_method(method);
        p.start();
        QVERIFY(held.wait(30s));
        QCOMPARE(v.get_lock().owner(), p.pid());
        stest::stop(p);
        QVERIFY(v.get_lock().acquire(10s));
        QVERIFY(v.get_lock().previous_owner_died());
        QCOMPARE(v.value().x, -1); // the half-done update: the caller repairs it
        v.value().x = 1;
        v.get_lock().release();
        QVERIFY((v.load() == Point{1, 2}));
        QCOMPARE(v.get_lock().owner_deaths(), 1u);
    }

    void openByName()
    {
        proclab::Value<int> v(7);
        auto same = proclab::Value<int>::open(v.name());
        same.store(8);
        QCOMPARE(v.load(), 8);
        QCOMPARE(proclab::Lock::open(proclab::Lock().name()).owner(), 0);
        STEST_THROWS(proclab::Error, "another type", proclab::Value<double>::open(v.name()));
        STEST_THROWS(proclab::Error, "another type", proclab::Value<unsigned>::open(v.name()));
        STEST_THROWS(proclab::Error, "not a rawvalue", proclab::RawValue<int>::open(v.name()));
        STEST_THROWS(proclab::Error, "not a array", proclab::Array<int>::open(v.name()));
        STEST_THROWS(proclab::NotFound, "no shared value",
                     proclab::Value<int>::open("proclab-" + std::to_string(::geteuid()) + "-value-0"));
        proclab::RawValue<int> raw(3);
        QCOMPARE(proclab::RawValue<int>::open(raw.name()).load(), 3);
        // The lock alone, by serialization: the same lock.
        proclab::RLock lock = v.get_lock();
        proclab::from_bytes(proclab::to_bytes(v.get_lock()), lock);
        std::lock_guard g(lock);
        QCOMPARE(v.get_lock().owner(), ::getpid());
    }
};

PROCLAB_TEST_MAIN(TestValue)
#include "tst_value.moc"

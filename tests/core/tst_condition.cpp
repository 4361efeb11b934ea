// Condition: misuse (wait/notify without the lock), timeouts, wait_for, notify/notify_all across
// processes, a producer/consumer pair, a Condition over an RLock held at depth > 1, a lock holder
// that dies, open by name and passing to a task under every start method.

#include "sync_test_support.h"
#include "test_main.h"
#include "test_support.h"

#include <mutex>

using namespace std::chrono_literals;
using proclab::StartMethod;

namespace {

/// Sets `flag` to 1 under the condition and notifies everyone.
void set_and_notify(const proclab::Condition& cond, const proclab::RawValue<int>& flag)
{
    proclab::Condition c = cond;
    std::lock_guard guard(c);
    flag.value() = 1;
    c.notify_all();
}

/// Waits (up to 30 s) until `flag` is 1; exit code 0, or 3 on timeout. Counts itself in `waiting`.
void wait_flag(const proclab::Condition& cond, const proclab::RawValue<int>& flag,
               const proclab::RawValue<int>& waiting)
{
    proclab::Condition c = cond;
    std::unique_lock lock(c);
    ++waiting.value();
    const bool ok = c.wait_for([&] { return flag.value() == 1; }, 30s);
    std::exit(ok ? 0 : 3);
}

/// Producer of a one-slot buffer: items 1..n; `slot` 0 means empty.
void produce(const proclab::Condition& cond, const proclab::RawArray<long>& slot, long n)
{
    proclab::Condition c = cond;
    for (long i = 1; i <= n; ++i) {
        std::unique_lock lock(c);
        c.wait_for([&] { return slot[0] == 0; });
        slot[0] = i;
        c.notify_all();
    }
}

/// Acquires the condition's lock, announces it, waits to be killed.
void hold_condition(const proclab::Condition& cond, const proclab::Event& held)
{
    proclab::Condition c = cond;
    c.acquire();
    proclab::Event(held).set();
    ptest::wait_forever();
}

} // namespace

PROCLAB_TASK(set_and_notify);
PROCLAB_TASK(wait_flag);
PROCLAB_TASK(produce);
PROCLAB_TASK(hold_condition);

class TestCondition : public LeakCheckedTest {
    Q_OBJECT

private slots:

    void misuse()
    {
        proclab::Condition cond;
        STEST_THROWS(proclab::ValueError, "cannot wait on Condition '" + cond.name() + "'", cond.wait());
        STEST_THROWS(proclab::ValueError, "does not hold its lock", cond.wait(10ms));
        STEST_THROWS(proclab::ValueError, "cannot notify on Condition '" + cond.name() + "'", cond.notify());
        STEST_THROWS(proclab::ValueError, "cannot notify", cond.notify_all());
        STEST_THROWS(proclab::ValueError, "cannot wait", cond.wait_for([] { return false; }, 10ms));
        std::lock_guard guard(cond);
        STEST_THROWS(proclab::ValueError, "n >= 0", cond.notify(-1));
        cond.notify(0);
        cond.notify(5); // nobody waits: nothing happens
        cond.notify_all();
    }

    void waitTimeout_data()
    {
        QTest::addColumn<int>("ms");
        for (int ms : {0, 20, 100})
            QTest::addRow("%d ms", ms) << ms;
    }
    void waitTimeout()
    {
        QFETCH(int, ms);
        proclab::Condition cond;
        std::unique_lock lock(cond);
        auto t0 = stest::Clock::now();
        QVERIFY(!cond.wait_for([] { return false; }, std::chrono::milliseconds(ms)));
        QVERIFY(stest::seconds_since(t0) >= ms / 1000.0 - 0.001);
        QVERIFY(cond.wait_for([] { return true; }, std::chrono::milliseconds(ms)));
        cond.wait(std::chrono::milliseconds(ms)); // may return early (spuriously) but holds the lock again
        QVERIFY(lock.owns_lock());
        STEST_THROWS(proclab::ValueError, "not re-entrant", cond.acquire()); // held by this thread
    }

    void notifyAcrossProcesses_data() { ptest::add_method_rows(); }
    void notifyAcrossProcesses()
    {
        QFETCH(StartMethod, method);
        proclab::Condition cond;
        proclab::RawValue<int> flag(0);
        proclab::Process p(set_and_notify, cond, flag);
        p.set_start_method(method);
        std::unique_lock lock(cond);
        p.start(); // it cannot notify before we wait: we hold the lock
        QVERIFY(cond.wait_for([&] { return flag.value() == 1; }, 30s));
        lock.unlock();
        QCOMPARE(stest::finish(p), 0);
    }

    void notifyAllWakesEveryWaiter_data() { ptest::add_method_rows(); }
    void notifyAllWakesEveryWaiter()
    {
        QFETCH(StartMethod, method);
        proclab::Condition cond;
        proclab::RawValue<int> flag(0), waiting(0);
        std::vector<std::unique_ptr<proclab::Process>> ps;
        for (int i = 0; i < 3; ++i) {
            ps.push_back(std::make_unique<proclab::Process>(wait_flag, cond, flag, waiting));
            ps.back()->set_start_method(method);
            ps.back()->start();
        }
        QTRY_COMPARE_WITH_TIMEOUT(waiting.load(), 3, 30000);
        {
            std::lock_guard guard(cond); // they are all inside wait() once we get the lock
            flag.value() = 1;
            cond.notify_all();
        }
        for (auto& p : ps)
            QCOMPARE(stest::finish(*p), 0);
    }

    void notifyOneAtATime()
    {
        proclab::Condition cond;
        proclab::RawValue<int> flag(0), waiting(0);
        std::vector<std::unique_ptr<proclab::Process>> ps;
        for (int i = 0; i < 2; ++i) {
            ps.push_back(std::make_unique<proclab::Process>(wait_flag, cond, flag, waiting));
            ps.back()->start();
        }
        QTRY_COMPARE_WITH_TIMEOUT(waiting.load(), 2, 30000);
        {
            std::lock_guard guard(cond);
            flag.value() = 1;
            cond.notify(1);
        }
        // One wakes up, sees the flag and leaves; the other one needs its own notify (barring a
        // spurious wake-up, which wait_for absorbs — it also sees the flag then).
        QTRY_VERIFY_WITH_TIMEOUT(!ps[0]->is_alive() || !ps[1]->is_alive(), 30000);
        {
            std::lock_guard guard(cond);
            cond.notify(1);
        }
        for (auto& p : ps)
            QCOMPARE(stest::finish(*p), 0);
    }

    void producerConsumer_data() { ptest::add_method_rows(); }
    void producerConsumer()
    {
        QFETCH(StartMethod, method);
        constexpr long n = 2000;
        proclab::Condition cond;
        proclab::RawArray<long> slot(1);
        proclab::Process p(produce, cond, slot, n);
        p.set_start_method(method);
        p.start();
        long sum = 0, expected_next = 1;
        bool in_order = true;
        for (long i = 0; i < n; ++i) {
            std::unique_lock lock(cond);
            if (!cond.wait_for([&] { return slot[0] != 0; }, 30s))
                break;
            in_order = in_order && slot[0] == expected_next++;
            sum += slot[0];
            slot[0] = 0;
            cond.notify_all();
        }
        QCOMPARE(stest::finish(p), 0);
        QVERIFY(in_order);
        QCOMPARE(sum, n * (n + 1) / 2);
    }

    void overRLock()
    {
        proclab::RLock lock;
        proclab::Condition cond(lock);
        QCOMPARE(cond.lock_name(), lock.name());
        proclab::RawValue<int> flag(0);
        lock.acquire();
        lock.acquire(); // depth 2: wait() must release both levels, then restore them
        auto p = stest::start_fork([cond, flag]() mutable {
            std::lock_guard guard(cond);
            flag.value() = 1;
            cond.notify_all();
        });
        QVERIFY(cond.wait_for([&] { return flag.value() == 1; }, 30s));
        QCOMPARE(lock.recursion_depth(), 2u);
        QCOMPARE(lock.owner(), ::getpid());
        lock.release();
        lock.release();
        QCOMPARE(stest::finish(*p), 0);
        // Opened by name, the condition finds its RLock.
        auto same = proclab::Condition::open(cond.name());
        QCOMPARE(same.lock_name(), lock.name());
        std::lock_guard g(same);
        QVERIFY(lock.held());
    }

    void overSharedLock()
    {
        proclab::Lock lock;
        proclab::Condition a(lock), b(lock);
        std::lock_guard guard(lock);
        a.notify(); // held through the shared lock
        b.notify_all();
    }

    void lockHolderKilled_data() { ptest::add_method_rows(); }
    void lockHolderKilled()
    {
        QFETCH(StartMethod, method);
        proclab::Condition cond;
        proclab::Event held;
        proclab::Process p(hold_condition, cond, held);
        p.set_start_method(method);
        p.start();
        QVERIFY(held.wait(30s));
        QVERIFY(!cond.try_acquire());
        stest::stop(p);
        QVERIFY(cond.acquire(10s));
        QVERIFY(cond.previous_owner_died());
        cond.notify_all();
        cond.release();
    }

    void openByName()
    {
        proclab::Condition cond;
        auto same = proclab::Condition::open(cond.name());
        QCOMPARE(same.lock_name(), cond.lock_name());
        std::lock_guard g(same);
        STEST_THROWS(proclab::ValueError, "not re-entrant", cond.acquire());
        STEST_THROWS(proclab::Error, "not a condition", proclab::Condition::open(proclab::Lock().name()));
        STEST_THROWS(proclab::NotFound, "no shared condition",
                     proclab::Condition::open("proclab-" + std::to_string(::geteuid()) + "-condition-0"));
        // A condition keeps its external lock alive.
        std::string lock_name;
        std::optional<proclab::Condition> c;
        {
            proclab::Lock lock;
            lock_name = lock.name();
            c.emplace(lock);
        }
        auto again = proclab::Condition::open(c->name());
        QCOMPARE(again.lock_name(), lock_name);
        QCOMPARE(proclab::Lock::open(lock_name).owner(), 0);
    }
};

PROCLAB_TEST_MAIN(TestCondition)
#include "tst_condition.moc"

// Lock: acquire/release rules, timeouts, std::lock_guard/unique_lock, open by name, a holder that
// dies, mutual exclusion across processes, passing a Lock to a task under every start method.

#include "sync_test_support.h"
#include "test_main.h"
#include "test_support.h"

#include <mutex>

using namespace std::chrono_literals;
using proclab::StartMethod;

namespace {

/// Acquires `lock`, announces it through `held`, then waits to be killed.
void hold_lock_forever(const proclab::Lock& lock, const proclab::Event& held)
{
    proclab::Lock l = lock;
    l.acquire();
    proclab::Event(held).set();
    ptest::wait_forever();
}

/// Reports into `out`: 1 if `lock` could be acquired now (and releases it), 2 if not.
void try_lock_task(const proclab::Lock& lock, const proclab::RawValue<int>& out)
{
    proclab::Lock l = lock;
    const bool got = l.try_acquire();
    out.value() = got ? 1 : 2;
    if (got)
        l.release();
}

/// `n` increments of `counter` (volatile read + write) under `lock`.
void locked_increments(const proclab::Lock& lock, const proclab::RawValue<long>& counter, int n)
{
    proclab::Lock l = lock;
    volatile long* p = &counter.value();
    for (int i = 0; i < n; ++i) {
        std::lock_guard guard(l);
        *p = *p + 1;
    }
}

} // namespace

PROCLAB_TASK(hold_lock_forever);
PROCLAB_TASK(try_lock_task);
PROCLAB_TASK(locked_increments);

class TestLock : public LeakCheckedTest {
    Q_OBJECT

    /// A child (any start method) that holds `lock` until stopped.
    std::unique_ptr<proclab::Process> holder(const proclab::Lock& lock, StartMethod method = StartMethod::Fork)
    {
        proclab::Event held;
        auto p = std::make_unique<proclab::Process>(hold_lock_forever, lock, held);
        p->set_start_method(method);
        p->start();
        if (!held.wait(30s))
            qWarning("the holder did not take the lock");
        return p;
    }

private slots:

    void acquireRelease()
    {
        proclab::Lock lock;
        QVERIFY(!lock.name().empty());
        QCOMPARE(lock.owner(), 0);
        QVERIFY(lock.acquire());
        QCOMPARE(lock.owner(), ::getpid());
        QVERIFY(lock.held());
        QVERIFY(!lock.previous_owner_died());
        lock.release();
        QCOMPARE(lock.owner(), 0);
        QVERIFY(!lock.held());
        QVERIFY(lock.try_acquire());
        lock.release();
        QCOMPARE(lock.owner_deaths(), 0u);
    }

    void notReentrant()
    {
        proclab::Lock lock;
        lock.acquire();
        STEST_THROWS(proclab::ValueError, "not re-entrant, use RLock", lock.acquire());
        STEST_THROWS(proclab::ValueError, lock.name(), lock.acquire(10ms));
        QVERIFY(!lock.try_acquire()); // a try never throws: it is simply not free
        lock.release();
    }

    void releaseNotHeld_data()
    {
        QTest::addColumn<bool>("heldElsewhere");
        QTest::newRow("never acquired") << false;
        QTest::newRow("held by another process") << true;
    }
    void releaseNotHeld()
    {
        QFETCH(bool, heldElsewhere);
        proclab::Lock lock;
        std::unique_ptr<proclab::Process> p;
        if (heldElsewhere) {
            p = holder(lock);
            QCOMPARE(lock.owner(), p->pid());
        }
        STEST_THROWS(proclab::ValueError, lock.name(), lock.release());
        QCOMPARE(lock.owner(), heldElsewhere ? p->pid() : 0);
        if (p)
            stest::stop(*p);
    }

    void timeouts_data()
    {
        QTest::addColumn<int>("ms");
        QTest::newRow("0 ms") << 0;
        QTest::newRow("30 ms") << 30;
        QTest::newRow("150 ms") << 150;
    }
    void timeouts()
    {
        QFETCH(int, ms);
        proclab::Lock lock;
        auto p = holder(lock);
        auto t0 = stest::Clock::now();
        QVERIFY(!lock.acquire(std::chrono::milliseconds(ms)));
        QVERIFY(stest::seconds_since(t0) >= ms / 1000.0 - 0.001);
        QVERIFY(stest::seconds_since(t0) < ms / 1000.0 + 5);
        t0 = stest::Clock::now();
        QVERIFY(!lock.acquire(std::chrono::duration<double>(ms / 1000.0))); // any duration type
        QVERIFY(!lock.try_lock_for(std::chrono::milliseconds(ms)));
        QVERIFY(!lock.try_lock_until(std::chrono::steady_clock::now() + std::chrono::milliseconds(ms)));
        QVERIFY(!lock.try_lock_until(std::chrono::system_clock::now() + std::chrono::milliseconds(ms)));
        QVERIFY(!lock.try_acquire());
        stest::stop(*p);
        // The holder was killed: the lock is recovered.
        QVERIFY(lock.acquire(0ms));
        QVERIFY(lock.previous_owner_died());
        lock.release();
    }

    void standardGuards()
    {
        proclab::Lock lock;
        {
            std::lock_guard guard(lock);
            QVERIFY(lock.held());
        }
        QVERIFY(!lock.held());
        {
            std::unique_lock ul(lock, std::try_to_lock);
            QVERIFY(ul.owns_lock());
        }
        {
            std::unique_lock ul(lock, 100ms);
            QVERIFY(ul.owns_lock());
            ul.unlock();
            QVERIFY(!lock.held());
            QVERIFY(ul.try_lock_until(std::chrono::steady_clock::now() + 10ms));
        }
        proclab::Lock other;
        {
            std::scoped_lock both(lock, other);
            QVERIFY(lock.held() && other.held());
        }
        QVERIFY(!lock.held() && !other.held());
        auto p = holder(lock);
        {
            std::unique_lock ul(lock, 20ms);
            QVERIFY(!ul.owns_lock());
            std::unique_lock ul2(lock, std::try_to_lock);
            QVERIFY(!ul2.owns_lock());
        }
        stest::stop(*p);
    }

    void openByName()
    {
        proclab::Lock lock;
        proclab::Lock same = proclab::Lock::open(lock.name());
        QCOMPARE(same.name(), lock.name());
        proclab::Lock copy = lock;
        lock.acquire();
        QCOMPARE(same.owner(), ::getpid());
        QVERIFY(same.held());
        same.release(); // same thread, same lock: allowed
        QCOMPARE(copy.owner(), 0);
    }

    void openErrors_data()
    {
        QTest::addColumn<QString>("which");
        QTest::addColumn<QString>("needle");
        QTest::newRow("missing") << "missing"
                                 << "no shared lock";
        QTest::newRow("an event") << "event"
                                  << "not a lock";
        QTest::newRow("an rlock") << "rlock"
                                  << "not a lock";
        QTest::newRow("another user") << "user"
                                      << "another user";
        QTest::newRow("not a ProcLab name") << "garbage"
                                            << "not the name";
    }
    void openErrors()
    {
        QFETCH(QString, which);
        QFETCH(QString, needle);
        proclab::Event event;
        proclab::RLock rlock;
        const std::string uid = std::to_string(::geteuid());
        std::string name;
        if (which == u"missing")
            name = "proclab-" + uid + "-lock-00000000000000000000dead";
        else if (which == u"event")
            name = event.name();
        else if (which == u"rlock")
            name = rlock.name();
        else if (which == u"user")
            name = "proclab-" + std::to_string(::geteuid() + 1) + "-lock-0000";
        else
            name = "my/lock";
        const std::string msg = stest::message_of<proclab::Error>([&] { proclab::Lock::open(name); });
        QVERIFY2(msg.find(needle.toStdString()) != std::string::npos, msg.c_str());
        QVERIFY2(msg.find(name) != std::string::npos || which == u"garbage", msg.c_str());
        if (which == u"missing")
            STEST_THROWS(proclab::NotFound, name, proclab::Lock::open(name));
    }

    void holderKilled_data() { ptest::add_method_rows(); }
    void holderKilled()
    {
        QFETCH(StartMethod, method);
        proclab::Lock lock;
        auto p = holder(lock, method);
        const pid_t holder_pid = p->pid();
        QCOMPARE(lock.owner(), holder_pid);
        QVERIFY(!lock.try_acquire());
        p->kill();
        p->join();
        // The next acquire succeeds and learns that the holder died.
        QVERIFY(lock.acquire(10s));
        QVERIFY(lock.previous_owner_died());
        QCOMPARE(lock.owner_deaths(), 1u);
        QCOMPARE(lock.owner(), ::getpid());
        lock.release();
        QVERIFY(lock.acquire());
        QVERIFY(!lock.previous_owner_died());
        lock.release();
        QCOMPARE(proclab::Lock::open(lock.name()).owner_deaths(), 1u);
    }

    void passedToTask_data() { ptest::add_method_rows(); }
    void passedToTask()
    {
        QFETCH(StartMethod, method);
        proclab::Lock lock;
        proclab::RawValue<int> out(0);
        lock.acquire();
        {
            proclab::Process p(try_lock_task, lock, out);
            p.set_start_method(method);
            p.start();
            QCOMPARE(stest::finish(p), 0);
        }
        QCOMPARE(out.load(), 2); // held by the parent
        lock.release();
        {
            proclab::Process p(try_lock_task, lock, out);
            p.set_start_method(method);
            p.start();
            QCOMPARE(stest::finish(p), 0);
        }
        QCOMPARE(out.load(), 1);
        QCOMPARE(lock.owner(), 0);
    }

    void mutualExclusion_data() { ptest::add_method_rows(); }
    void mutualExclusion()
    {
        QFETCH(StartMethod, method);
        constexpr int n = 20000;
        proclab::Lock lock;
        proclab::RawValue<long> counter(0);
        proclab::Process a(locked_increments, lock, counter, n);
        proclab::Process b(locked_increments, lock, counter, n);
        a.set_start_method(method);
        b.set_start_method(method);
        a.start();
        b.start();
        locked_increments(lock, counter, n);
        QCOMPARE(stest::finish(a), 0);
        QCOMPARE(stest::finish(b), 0);
        QCOMPARE(counter.load(), 3L * n);
    }

    void serializationRoundTrip()
    {
        proclab::Lock lock;
        proclab::Lock back = proclab::Lock::open(lock.name());
        proclab::from_bytes(proclab::to_bytes(lock), back);
        QCOMPARE(back.name(), lock.name());
        // A Value's lock is an RLock: it does not load as a Lock.
        proclab::Value<int> v(1);
        STEST_THROWS(proclab::Error, "is a value, not a lock",
                     proclab::from_bytes(proclab::to_bytes(v.get_lock()), back));
        QCOMPARE(proclab::RLock::open(v.name()).name(), v.name()); // but opens as an RLock
    }
};

PROCLAB_TEST_MAIN(TestLock)
#include "tst_lock.moc"

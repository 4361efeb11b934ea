// RLock: re-entrance, only the owner releases, timeouts, guards, a holder that dies (at any depth),
// open by name, passing to a task under every start method.

#include "sync_test_support.h"
#include "test_main.h"
#include "test_support.h"

#include <mutex>

using namespace std::chrono_literals;
using proclab::StartMethod;

namespace {

/// Acquires `lock` `depth` times, announces it through `held`, then waits to be killed.
void hold_rlock_forever(const proclab::RLock& lock, int depth, const proclab::Event& held)
{
    proclab::RLock l = lock;
    for (int i = 0; i < depth; ++i)
        l.acquire();
    proclab::Event(held).set();
    ptest::wait_forever();
}

/// 1 in `out` if the task could take the lock (then releases it), 2 if not.
void try_rlock_task(const proclab::RLock& lock, const proclab::RawValue<int>& out)
{
    proclab::RLock l = lock;
    const bool got = l.try_acquire();
    out.value() = got ? 1 : 2;
    if (got)
        l.release();
}

} // namespace

PROCLAB_TASK(hold_rlock_forever);
PROCLAB_TASK(try_rlock_task);

class TestRLock : public LeakCheckedTest {
    Q_OBJECT

    std::unique_ptr<proclab::Process> holder(const proclab::RLock& lock, int depth = 1,
                                             StartMethod method = StartMethod::Fork)
    {
        proclab::Event held;
        auto p = std::make_unique<proclab::Process>(hold_rlock_forever, lock, depth, held);
        p->set_start_method(method);
        p->start();
        if (!held.wait(30s))
            qWarning("the holder did not take the lock");
        return p;
    }

private slots:

    void reentrant_data()
    {
        QTest::addColumn<int>("depth");
        for (int d : {1, 2, 5, 100})
            QTest::addRow("depth %d", d) << d;
    }
    void reentrant()
    {
        QFETCH(int, depth);
        proclab::RLock lock;
        for (int i = 1; i <= depth; ++i) {
            QVERIFY(i % 2 ? lock.acquire() : lock.try_acquire());
            QCOMPARE(lock.recursion_depth(), std::uint32_t(i));
            QCOMPARE(lock.owner(), ::getpid());
        }
        for (int i = depth; i >= 1; --i) {
            QCOMPARE(lock.owner(), ::getpid());
            lock.release();
            QCOMPARE(lock.recursion_depth(), std::uint32_t(i - 1));
        }
        QCOMPARE(lock.owner(), 0);
        QVERIFY(!lock.held());
        // One release too many.
        STEST_THROWS(proclab::ValueError, "un-acquired/unowned RLock '" + lock.name() + "'", lock.release());
    }

    void releaseUnowned_data()
    {
        QTest::addColumn<bool>("heldElsewhere");
        QTest::newRow("never acquired") << false;
        QTest::newRow("held by another process") << true;
    }
    void releaseUnowned()
    {
        QFETCH(bool, heldElsewhere);
        proclab::RLock lock;
        std::unique_ptr<proclab::Process> p;
        if (heldElsewhere)
            p = holder(lock, 2);
        STEST_THROWS(proclab::ValueError, "cannot release un-acquired/unowned RLock '" + lock.name() + "'",
                     lock.release());
        if (p) {
            QCOMPARE(lock.owner(), p->pid());
            QCOMPARE(lock.recursion_depth(), 2u);
            QVERIFY(!lock.try_acquire());
            QVERIFY(!lock.acquire(20ms));
            stest::stop(*p);
        }
    }

    void guardsNest()
    {
        proclab::RLock lock;
        {
            std::lock_guard a(lock);
            std::unique_lock b(lock, 10ms);
            QVERIFY(b.owns_lock());
            std::unique_lock c(lock, std::try_to_lock);
            QVERIFY(c.owns_lock());
            QCOMPARE(lock.recursion_depth(), 3u);
        }
        QCOMPARE(lock.recursion_depth(), 0u);
        QCOMPARE(lock.owner(), 0);
    }

    void holderKilled_data()
    {
        QTest::addColumn<StartMethod>("method");
        QTest::addColumn<int>("depth");
        for (const auto& [name, method] : ptest::all_methods())
            for (int depth : {1, 3})
                QTest::addRow("%s, depth %d", name, depth) << method << depth;
    }
    void holderKilled()
    {
        QFETCH(StartMethod, method);
        QFETCH(int, depth);
        proclab::RLock lock;
        auto p = holder(lock, depth, method);
        QCOMPARE(lock.owner(), p->pid());
        stest::stop(*p);
        QVERIFY(lock.acquire(10s));
        QVERIFY(lock.previous_owner_died());
        QCOMPARE(lock.recursion_depth(), 1u); // the dead holder's levels are gone
        QVERIFY(lock.acquire());
        QVERIFY(lock.previous_owner_died()); // a nested acquire keeps what the first one learned
        lock.release();
        lock.release();
        QCOMPARE(lock.owner(), 0);
        QCOMPARE(lock.owner_deaths(), 1u);
        QVERIFY(lock.acquire());
        QVERIFY(!lock.previous_owner_died());
        lock.release();
    }

    void openByName()
    {
        proclab::RLock lock;
        auto same = proclab::RLock::open(lock.name());
        lock.acquire();
        QVERIFY(same.acquire()); // the same thread re-enters through another handle
        QCOMPARE(lock.recursion_depth(), 2u);
        same.release();
        lock.release();
        proclab::Lock plain;
        STEST_THROWS(proclab::Error, "not a rlock", proclab::RLock::open(plain.name()));
        STEST_THROWS(proclab::NotFound, "rlock-00",
                     proclab::RLock::open("proclab-" + std::to_string(::geteuid()) + "-rlock-00"));
    }

    void passedToTask_data() { ptest::add_method_rows(); }
    void passedToTask()
    {
        QFETCH(StartMethod, method);
        proclab::RLock lock;
        proclab::RawValue<int> out(0);
        for (bool held : {true, false}) {
            if (held)
                lock.acquire();
            proclab::Process p(try_rlock_task, lock, out);
            p.set_start_method(method);
            p.start();
            QCOMPARE(stest::finish(p), 0);
            QCOMPARE(out.load(), held ? 2 : 1);
            if (held)
                lock.release();
        }
    }
};

PROCLAB_TEST_MAIN(TestRLock)
#include "tst_rlock.moc"

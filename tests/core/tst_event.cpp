// Event: set/clear/is_set, wait with and without timeout, wake-ups across processes under every
// start method, several waiters, open by name.

#include "sync_test_support.h"
#include "test_main.h"
#include "test_support.h"

using namespace std::chrono_literals;
using proclab::StartMethod;

namespace {
void set_event(const proclab::Event& event)
{
    proclab::Event(event).set();
}

/// Exit code 0 when `event` gets set within 30 s, 3 otherwise.
void wait_event(const proclab::Event& event, const proclab::Event& waiting)
{
    proclab::Event(waiting).set();
    std::exit(proclab::Event(event).wait(30s) ? 0 : 3);
}
} // namespace

PROCLAB_TASK(set_event);
PROCLAB_TASK(wait_event);

class TestEvent : public LeakCheckedTest {
    Q_OBJECT

private slots:

    void setClear()
    {
        proclab::Event e;
        QVERIFY(!e.is_set());
        e.set();
        QVERIFY(e.is_set());
        QVERIFY(e.wait());
        QVERIFY(e.wait(0ms));
        e.set(); // idempotent
        e.clear();
        QVERIFY(!e.is_set());
        e.clear();
        QVERIFY(!e.is_set());
    }

    void waitTimeout_data()
    {
        QTest::addColumn<int>("ms");
        for (int ms : {0, 20, 120})
            QTest::addRow("%d ms", ms) << ms;
    }
    void waitTimeout()
    {
        QFETCH(int, ms);
        proclab::Event e;
        const auto t0 = stest::Clock::now();
        QVERIFY(!e.wait(std::chrono::milliseconds(ms)));
        QVERIFY(stest::seconds_since(t0) >= ms / 1000.0 - 0.001);
        QVERIFY(!e.wait(std::chrono::duration<double>(ms / 1000.0)));
    }

    void setInChildWakesParent_data() { ptest::add_method_rows(); }
    void setInChildWakesParent()
    {
        QFETCH(StartMethod, method);
        proclab::Event e;
        proclab::Process p(set_event, e);
        p.set_start_method(method);
        p.start();
        QVERIFY(e.wait(30s));
        QCOMPARE(stest::finish(p), 0);
    }

    void setWakesEveryWaiter_data() { ptest::add_method_rows(); }
    void setWakesEveryWaiter()
    {
        QFETCH(StartMethod, method);
        proclab::Event e;
        std::vector<std::unique_ptr<proclab::Process>> ps;
        std::vector<proclab::Event> waiting(3);
        for (auto& w : waiting) {
            ps.push_back(std::make_unique<proclab::Process>(wait_event, e, w));
            ps.back()->set_start_method(method);
            ps.back()->start();
        }
        for (auto& w : waiting)
            QVERIFY(w.wait(30s));
        e.set();
        for (auto& p : ps)
            QCOMPARE(stest::finish(*p), 0);
    }

    void waiterKilled()
    {
        proclab::Event e, waiting;
        proclab::Process p(wait_event, e, waiting);
        p.start();
        QVERIFY(waiting.wait(30s));
        stest::stop(p);
        // Nothing is left behind: another waiter works.
        proclab::Process q(wait_event, e, waiting);
        q.start();
        e.set();
        QCOMPARE(stest::finish(q), 0);
    }

    void openByName()
    {
        proclab::Event e;
        auto same = proclab::Event::open(e.name());
        same.set();
        QVERIFY(e.is_set());
        proclab::Lock lock;
        STEST_THROWS(proclab::Error, "not a event", proclab::Event::open(lock.name()));
        STEST_THROWS(proclab::NotFound, "no shared event",
                     proclab::Event::open("proclab-" + std::to_string(::geteuid()) + "-event-0"));
        proclab::Event back = proclab::Event::open(e.name());
        proclab::from_bytes(proclab::to_bytes(e), back);
        QCOMPARE(back.name(), e.name());
    }
};

PROCLAB_TEST_MAIN(TestEvent)
#include "tst_event.moc"

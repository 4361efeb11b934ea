// Barrier: parties rules, indices and the action across 3 processes and several generations,
// timeouts, abort and reset breaking the waiters, an action that throws, a party that dies holding
// the internal lock, open by name and passing to a task under every start method.

#include "sync_test_support.h"
#include "test_main.h"
#include "test_support.h"

#include <atomic>
#include <csignal>

using namespace std::chrono_literals;
using proclab::StartMethod;

namespace {

/// `rounds` waits; records each index in indices[round * parties + slot]; exit 0, or 3 if broken.
void party(const proclab::Barrier& barrier, const proclab::RawArray<int>& indices, int slot, int rounds)
{
    proclab::Barrier b = barrier;
    try {
        for (int r = 0; r < rounds; ++r)
            indices[std::size_t(r * b.parties() + slot)] = b.wait(30s);
    } catch (const proclab::BrokenBarrierError&) {
        std::exit(3);
    }
}

/// One wait; exit code 3 on BrokenBarrierError, 0 otherwise.
void wait_once(const proclab::Barrier& barrier)
{
    try {
        proclab::Barrier(barrier).wait(30s);
    } catch (const proclab::BrokenBarrierError&) {
        std::exit(3);
    }
}

} // namespace

PROCLAB_TASK(party);
PROCLAB_TASK(wait_once);

class TestBarrier : public LeakCheckedTest {
    Q_OBJECT

private slots:

    void badParties_data()
    {
        QTest::addColumn<int>("parties");
        QTest::newRow("0") << 0;
        QTest::newRow("-1") << -1;
    }
    void badParties()
    {
        QFETCH(int, parties);
        STEST_THROWS(proclab::ValueError, "parties must be >= 1, got " + std::to_string(parties),
                     proclab::Barrier b(parties));
    }

    void onePartyAndAction()
    {
        int runs = 0;
        proclab::Barrier b(1, [&] { ++runs; });
        QCOMPARE(b.parties(), 1);
        QCOMPARE(b.wait(), 0);
        QCOMPARE(b.wait(1s), 0);
        QCOMPARE(runs, 2);
        QVERIFY(!b.broken());
        QCOMPARE(b.n_waiting(), 0);
    }

    void threeProcesses_data() { ptest::add_method_rows(); }
    void threeProcesses()
    {
        QFETCH(StartMethod, method);
        constexpr int parties = 3, rounds = 4;
        proclab::RawArray<int> indices(parties * rounds, -1);
        proclab::RawValue<int> actions(0);
        // The action runs in the last process to arrive, from that process's handle: a forked
        // child's copy has it, a task's handle (deserialized by name) has none.
        proclab::Barrier b(parties, [actions]() mutable { std::atomic_ref<int>(actions.value()).fetch_add(1); });
        std::vector<std::unique_ptr<proclab::Process>> ps;
        for (int slot = 1; slot < parties; ++slot) {
            ps.push_back(std::make_unique<proclab::Process>(party, b, indices, slot, rounds));
            ps.back()->set_start_method(method);
            ps.back()->start();
        }
        party(b, indices, 0, rounds);
        for (auto& p : ps)
            QCOMPARE(stest::finish(*p), 0);
        for (int r = 0; r < rounds; ++r) {
            std::set<int> seen;
            for (int s = 0; s < parties; ++s)
                seen.insert(indices[std::size_t(r * parties + s)]);
            QCOMPARE(seen, (std::set<int>{0, 1, 2}));
        }
        // The parent ran the action each time it arrived last (index parties - 1).
        int parent_last = 0;
        for (int r = 0; r < rounds; ++r)
            parent_last += indices[std::size_t(r * parties)] == parties - 1;
        if (method == StartMethod::Fork)
            QCOMPARE(actions.load(), rounds); // every handle (forked copies) has the action
        else
            QCOMPARE(actions.load(), parent_last);
        QVERIFY(!b.broken());
    }

    void actionRunsBeforeRelease()
    {
        proclab::RawValue<int> done(0);
        proclab::Barrier b(2, [done]() mutable { done.value() = 1; });
        auto p = stest::start_fork([b, done]() mutable {
            b.wait(30s);
            std::exit(done.value() == 1 ? 0 : 4); // released only after the action
        });
        b.wait(30s);
        QCOMPARE(done.load(), 1);
        QCOMPARE(stest::finish(*p), 0);
    }

    void timeoutBreaks_data()
    {
        QTest::addColumn<bool>("defaultTimeout");
        QTest::newRow("wait(timeout)") << false;
        QTest::newRow("constructor's timeout") << true;
    }
    void timeoutBreaks()
    {
        QFETCH(bool, defaultTimeout);
        proclab::Barrier b = defaultTimeout ? proclab::Barrier(2, {}, 50ms) : proclab::Barrier(2);
        const auto t0 = stest::Clock::now();
        STEST_THROWS(proclab::BrokenBarrierError, "timed out", defaultTimeout ? b.wait() : b.wait(50ms));
        QVERIFY(stest::seconds_since(t0) >= 0.049);
        QVERIFY(b.broken());
        QCOMPARE(b.n_waiting(), 0);
        STEST_THROWS(proclab::BrokenBarrierError, "'" + b.name() + "' is broken", b.wait(1s));
        b.reset();
        QVERIFY(!b.broken());
        // Usable again.
        auto p = stest::start_fork([b]() mutable { b.wait(30s); });
        QVERIFY(b.wait(30s) >= 0);
        QCOMPARE(stest::finish(*p), 0);
    }

    void abortWakesWaiters_data() { ptest::add_method_rows(); }
    void abortWakesWaiters()
    {
        QFETCH(StartMethod, method);
        proclab::Barrier b(3);
        std::vector<std::unique_ptr<proclab::Process>> ps;
        for (int i = 0; i < 2; ++i) {
            ps.push_back(std::make_unique<proclab::Process>(wait_once, b));
            ps.back()->set_start_method(method);
            ps.back()->start();
        }
        QTRY_COMPARE_WITH_TIMEOUT(b.n_waiting(), 2, 30000);
        b.abort();
        QVERIFY(b.broken());
        for (auto& p : ps)
            QCOMPARE(stest::finish(*p), 3);
        STEST_THROWS(proclab::BrokenBarrierError, "is broken", b.wait());
    }

    void resetWakesWaiters()
    {
        proclab::Barrier b(2);
        proclab::Process p(wait_once, b);
        p.start();
        QTRY_COMPARE_WITH_TIMEOUT(b.n_waiting(), 1, 30000);
        b.reset();
        QCOMPARE(stest::finish(p), 3);
        QVERIFY(!b.broken()); // unlike abort, reset leaves it usable
        QCOMPARE(b.n_waiting(), 0);
        proclab::Process q(wait_once, b);
        q.start();
        const int index = b.wait(30s);
        QVERIFY(index == 0 || index == 1);
        QCOMPARE(stest::finish(q), 0);
    }

    void actionThrows()
    {
        proclab::Barrier b(2, [] { throw std::runtime_error("action failed"); });
        proclab::Process p(wait_once, b);
        p.start();
        QTRY_COMPARE_WITH_TIMEOUT(b.n_waiting(), 1, 30000);
        STEST_THROWS(std::runtime_error, "action failed", b.wait(30s)); // the last one runs it
        QCOMPARE(stest::finish(p), 3);                                  // the other one sees a broken barrier
        QVERIFY(b.broken());
    }

    void partyDiesHoldingTheLock()
    {
        proclab::Barrier plain(1);
        // This child's handle has an action that kills it while it holds the internal lock.
        auto p =
            stest::start_fork([name = plain.name()] { proclab::Barrier::open(name, [] { ::raise(SIGKILL); }).wait(); });
        QCOMPARE(stest::finish(*p), -SIGKILL);
        STEST_THROWS(proclab::BrokenBarrierError, "is broken", plain.wait(1s));
        QVERIFY(plain.broken());
        plain.reset();
        QCOMPARE(plain.wait(1s), 0);
    }

    void openByName()
    {
        proclab::Barrier b(4, {}, 2s);
        auto same = proclab::Barrier::open(b.name());
        QCOMPARE(same.parties(), 4);
        same.abort();
        QVERIFY(b.broken());
        STEST_THROWS(proclab::Error, "not a barrier", proclab::Barrier::open(proclab::Event().name()));
        STEST_THROWS(proclab::NotFound, "no shared barrier",
                     proclab::Barrier::open("proclab-" + std::to_string(::geteuid()) + "-barrier-0"));
        proclab::Barrier empty;
        STEST_THROWS(proclab::ValueError, "empty Barrier handle", empty.wait());
        proclab::from_bytes(proclab::to_bytes(b), empty);
        QCOMPARE(empty.parties(), 4);
    }
};

PROCLAB_TEST_MAIN(TestBarrier)
#include "tst_barrier.moc"

// Scheduler mode: processes held at their synchronization points and moved one at a time; a lost
// update made by a chosen interleaving and never made under the lock; a two-lock deadlock found by
// stepping, with its cycle and explanation; an operation that would block shown as such and
// refused; schedules saved, parsed and replayed to the same transcript; random schedules
// reproducible by seed; a dead controller never leaves processes held; a Barrier short of a party
// deadlocks and its abort() is a point that wakes the waiters; misuse.

#include "sync_test_support.h"
#include "test_main.h"
#include "test_support.h"

#include <proclab/barrier.h>
#include <proclab/detail/monitor.h>
#include <proclab/event.h>
#include <proclab/lock.h>
#include <proclab/queue.h>
#include <proclab/scheduler.h>
#include <proclab/session.h>
#include <proclab/value.h>

#include <QTest>

#include <csignal>
#include <memory>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using proclab::DriveResult;
using proclab::RandomPolicy;
using proclab::ReplayPolicy;
using proclab::SchedOp;
using proclab::Scheduler;
using proclab::Session;

namespace {

struct Run {
    int final_value = 0;
    std::vector<std::string> transcript;
    std::string schedule;
    DriveResult result;
};

// Two processes add 1 to a shared Value `n` times each, without (v.store(v.load() + 1)) or with
// its lock, driven by `policy`.
Run counter_run(const std::string& session_tag, bool locked, int n, proclab::SchedulePolicy& policy)
{
    Session s = Session::create(LeakCheckedTest::uniqueName(session_tag));
    proclab::Value<int> v(0);
    Scheduler sched(s);
    auto body = [v, n, locked]() mutable {
        for (int i = 0; i < n; ++i) {
            if (locked) {
                std::lock_guard g(v.get_lock());
                v.store(v.load() + 1);
            } else {
                v.store(v.load() + 1);
            }
        }
    };
    proclab::Process p1(body), p2(body);
    p1.set_name("p1");
    p2.set_name("p2");
    p1.start();
    p2.start();
    Run r;
    r.result = proclab::drive(sched, policy);
    if (!r.result.finished) { // say why, and end the run: nothing may stay held
        for (const auto& h : r.result.last.held)
            qWarning("held: %s%s%s", h.describe().c_str(), h.can_move ? "" : " - cannot: ", h.why.c_str());
        for (const auto& line : r.result.last.explanation)
            qWarning("%s", line.c_str());
        p1.kill();
        p2.kill();
    }
    p1.join();
    p2.join();
    r.final_value = v.load();
    for (const auto& step : sched.transcript())
        r.transcript.push_back(step.text());
    r.schedule = sched.schedule_text();
    Session::detach();
    return r;
}

std::vector<std::string> repeat(std::initializer_list<std::string> pattern, int times)
{
    std::vector<std::string> out;
    for (int i = 0; i < times; ++i)
        out.insert(out.end(), pattern);
    return out;
}

} // namespace

class TestScheduler : public LeakCheckedTest {
    Q_OBJECT

public:
    TestScheduler()
    {
        addTeardown([] { Session::detach(); });
    }

private slots:

    // A chosen interleaving loses updates; one process after the other does not.
    void lostUpdate_data()
    {
        QTest::addColumn<std::vector<std::string>>("schedule");
        QTest::addColumn<int>("expected");
        constexpr int n = 5;
        // Each start, then each increment is a read and a write of p1 and of p2.
        std::vector<std::string> serial = {"p1", "p2"};
        for (int i = 0; i < 2 * n; ++i)
            serial.push_back("p1");
        for (int i = 0; i < 2 * n; ++i)
            serial.push_back("p2");
        std::vector<std::string> interleaved = {"p1", "p2"};
        const auto rounds = repeat({"p1", "p2", "p1", "p2"}, n); // both read, then both write
        interleaved.insert(interleaved.end(), rounds.begin(), rounds.end());
        std::vector<std::string> one_big_loss = {"p1", "p2", "p1"}; // p1 reads 0 ...
        for (int i = 0; i < 2 * n; ++i)
            one_big_loss.push_back("p2"); // ... p2 counts to n ...
        one_big_loss.push_back("p1");     // ... p1 writes 1 over it
        QTest::newRow("one after the other") << serial << 2 * n;
        QTest::newRow("read, read, write, write") << interleaved << n;
        QTest::newRow("p1 reads, p2 runs, p1 writes") << one_big_loss << n; // p1 wrote 1 over n, then n - 1 more
    }
    void lostUpdate()
    {
        QFETCH(std::vector<std::string>, schedule);
        QFETCH(int, expected);
        ReplayPolicy replay(schedule);
        const Run r = counter_run("lost", false, 5, replay);
        QVERIFY(r.result.finished);
        QVERIFY(!r.result.deadlock);
        QCOMPARE(r.final_value, expected);
        // The transcript says what each step did.
        QVERIFY(r.transcript.size() >= schedule.size());
        QCOMPARE(r.transcript[0], std::string("1. p1: start"));
        QVERIFY2(r.transcript[2].find("p1: read Value #1") != std::string::npos, r.transcript[2].c_str());
    }

    // Under get_lock() no schedule loses an update.
    void lockedNeverLoses_data()
    {
        QTest::addColumn<int>("seed");
        for (int seed : {1, 2, 3, 4, 5, 6})
            QTest::addRow("seed %d", seed) << seed;
    }
    void lockedNeverLoses()
    {
        QFETCH(int, seed);
        RandomPolicy random(static_cast<std::uint64_t>(seed));
        const Run r = counter_run("locked", true, 4, random);
        QVERIFY(r.result.finished);
        QCOMPARE(r.final_value, 8);
        bool acquires = false;
        for (const auto& line : r.transcript)
            acquires = acquires || line.find(": acquire Value #1") != std::string::npos;
        QVERIFY(acquires);
    }

    // The same seed gives the same run; a saved schedule replays it exactly.
    void replayGivesTheSameTranscript()
    {
        RandomPolicy random(42);
        const Run first = counter_run("seed", false, 6, random);
        RandomPolicy again(42);
        const Run second = counter_run("seed", false, 6, again);
        QCOMPARE(second.transcript, first.transcript);
        QCOMPARE(second.final_value, first.final_value);
        ReplayPolicy replay(Scheduler::parse_schedule(first.schedule));
        const Run third = counter_run("replay", false, 6, replay);
        QCOMPARE(third.transcript, first.transcript);
        QCOMPARE(third.final_value, first.final_value);
    }

    // Two locks taken in opposite orders: stepping into the deadlock, and what the scheduler says.
    void deadlockTwoLocks()
    {
        Session s = Session::create(uniqueName("deadlock"));
        proclab::Lock a, b;
        Scheduler sched(s);
        proclab::Process p1([a, b]() mutable {
            std::lock_guard ga(a);
            std::lock_guard gb(b);
        });
        proclab::Process p2([a, b]() mutable {
            std::lock_guard gb(b);
            std::lock_guard ga(a);
        });
        p1.set_name("p1");
        p2.set_name("p2");
        p1.set_daemon(true);
        p2.set_daemon(true);
        p1.start();
        p2.start();
        for (const char* who : {"p1", "p2", "p1", "p2"}) {
            const auto st = sched.settle();
            QVERIFY(!st.deadlock);
            sched.step(std::string_view(who));
        }
        const auto st = sched.settle();
        QVERIFY(st.deadlock);
        QVERIFY(!st.finished);
        QCOMPARE(st.held.size(), std::size_t(2));
        QVERIFY(st.movable().empty());
        for (const auto& h : st.held) {
            QCOMPARE(h.op, SchedOp::Acquire);
            QVERIFY(!h.can_move);
            QVERIFY2(h.why.find("is held by") != std::string::npos, h.why.c_str());
        }
        QCOMPARE(st.cycles.size(), std::size_t(1));
        QCOMPARE(st.cycles[0].size(), std::size_t(2));
        QCOMPARE(st.explanation.size(), std::size_t(1));
        QVERIFY2(st.explanation[0].find("deadlock") != std::string::npos, st.explanation[0].c_str());
        // Choosing a process that would block is refused, with the reason.
        STEST_THROWS(proclab::ValueError, "would block now", sched.step(p1.pid()));
        QCOMPARE(sched.transcript().size(), std::size_t(4));
        QCOMPARE(sched.transcript()[2].text().substr(0, 18), std::string("3. p1: acquire Loc"));
        p1.kill();
        p2.kill();
        p1.join();
        p2.join();
        QTRY_VERIFY(sched.settle(100ms).finished);
    }

    // A get on an empty queue cannot be chosen until something is put.
    void blockedUntilPut()
    {
        Session s = Session::create(uniqueName("queue"));
        proclab::Queue<int> q;
        Scheduler sched(s);
        proclab::Process consumer([q]() mutable { (void)q.get(); });
        proclab::Process producer([q]() mutable { q.put(7); });
        consumer.set_name("consumer");
        producer.set_name("producer");
        consumer.start();
        producer.start();
        sched.settle();
        sched.step(std::string_view("consumer")); // start
        sched.settle();
        sched.step(std::string_view("producer")); // start
        auto st = sched.settle();
        const auto* c = st.held_process(consumer.pid());
        QVERIFY(c);
        QCOMPARE(c->op, SchedOp::Get);
        QVERIFY(!c->can_move);
        QVERIFY2(c->why.find("is empty") != std::string::npos, c->why.c_str());
        QCOMPARE(st.movable().size(), std::size_t(1));
        QCOMPARE(st.movable()[0]->name, std::string("producer"));
        STEST_THROWS(proclab::ValueError, "is empty", sched.step(consumer.pid()));
        sched.step(producer.pid()); // put
        st = sched.settle();
        c = st.held_process(consumer.pid());
        QVERIFY(c && c->can_move);
        sched.step(consumer.pid());
        QVERIFY(sched.settle().finished);
        consumer.join();
        producer.join();
        QCOMPARE(consumer.exitcode(), std::optional<int>(0));
    }

    // Barrier(3) and two parties: both sleep in wait() and nothing can move (no cycle: the
    // scheduler says who sleeps where). A third process's abort() is a point of its own; once it
    // is let through, the sleepers wake with BrokenBarrierError (the run is not a deadlock while
    // they wake) and the run finishes.
    void barrierAbort()
    {
        Session s = Session::create(uniqueName("barrier"));
        proclab::Barrier barrier(3);
        proclab::Value<int> broken(0);
        Scheduler sched(s);
        auto party = [barrier, broken]() mutable {
            try {
                barrier.wait();
            } catch (const proclab::BrokenBarrierError&) {
                std::lock_guard g(broken.get_lock());
                broken.store(broken.load() + 1);
            }
        };
        proclab::Process p1(party), p2(party);
        p1.set_name("p1");
        p2.set_name("p2");
        p1.start();
        p2.start();
        for (const char* who : {"p1", "p1", "p2", "p2"}) { // each: start, then wait
            const auto st = sched.settle();
            QVERIFY(!st.deadlock);
            sched.step(std::string_view(who));
        }
        auto st = sched.settle();
        QVERIFY(st.deadlock && !st.finished && st.held.empty());
        QCOMPARE(st.blocked.size(), std::size_t(2));
        QVERIFY(st.cycles.empty());
        QCOMPARE(st.explanation.size(), std::size_t(2));
        for (const auto& line : st.explanation)
            QVERIFY2(line.find(" sleeps in wait on Barrier #1") != std::string::npos, line.c_str());
        QCOMPARE(sched.transcript()[1].text(), std::string("2. p1: wait Barrier #1"));

        proclab::Process aborter([barrier]() mutable { barrier.abort(); });
        aborter.set_name("aborter");
        aborter.start();
        sched.settle();
        sched.step(std::string_view("aborter")); // start
        st = sched.settle();
        const auto* h = st.held_process(aborter.pid());
        QVERIFY(h && h->op == SchedOp::Abort && h->can_move && h->object_name == "Barrier #1");
        QVERIFY(!barrier.broken()); // held before it
        sched.step(aborter.pid());
        QCOMPARE(sched.transcript().back().text(), std::string("6. aborter: abort Barrier #1"));
        st = sched.settle();
        QVERIFY2(!st.deadlock, st.explanation.empty() ? "" : st.explanation[0].c_str());
        ReplayPolicy rest({});
        const DriveResult r = proclab::drive(sched, rest);
        QVERIFY(r.finished);
        for (proclab::Process* p : {&p1, &p2, &aborter}) {
            p->join();
            QCOMPARE(p->exitcode(), std::optional<int>(0));
        }
        QVERIFY(barrier.broken());
        QCOMPARE(broken.load(), 2);
    }

    // Processes held by a controller that died go on by themselves.
    void deadControllerReleases()
    {
        Session s = Session::create(uniqueName("orphaned"));
        // This test process is not the controller here: it must not stop at its own points.
        proclab::detail::monitor::Ungated free;
        proclab::Event ready;
        proclab::Process controller([ready]() mutable {
            Scheduler sched(*Session::current());
            ready.set();
            for (;;)
                ::pause();
        });
        controller.start();
        QVERIFY(ready.wait(10s));
        STEST_THROWS(proclab::Error, "already controlled by the scheduler of process", Scheduler again(s));
        proclab::Lock lock;
        proclab::Process worker([lock]() mutable { std::lock_guard g(lock); });
        worker.start();
        // Held at its start by a live controller.
        QVERIFY(!worker.join(300ms));
        controller.kill();
        controller.join();
        worker.join(10s);
        QCOMPARE(worker.exitcode(), std::optional<int>(0));
    }

    void parseSchedule_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("names");
        QTest::newRow("empty") << QString() << QStringList();
        QTest::newRow("lines") << QStringLiteral("p1\np2\np1\n") << QStringList{u"p1"_qs, u"p2"_qs, u"p1"_qs};
        QTest::newRow("comments and blanks")
            << QStringLiteral("# lost update\n\n  p1  \np2 # p2 reads\r\n\t\n") << QStringList{u"p1"_qs, u"p2"_qs};
        QTest::newRow("no newline at the end") << QStringLiteral("worker-1") << QStringList{u"worker-1"_qs};
    }
    void parseSchedule()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, names);
        QStringList got;
        for (const auto& n : Scheduler::parse_schedule(text.toStdString()))
            got << QString::fromStdString(n);
        QCOMPARE(got, names);
    }

    void misuse()
    {
        Session s = Session::create(uniqueName("misuse"));
        Scheduler sched(s);
        STEST_THROWS(proclab::ValueError, "not held", sched.step(::getpid()));
        STEST_THROWS(proclab::ValueError, "no process named 'nobody'", sched.step(std::string_view("nobody")));
        // A replayed schedule that does not fit the program says which step and who could move.
        proclab::Process p([] {});
        p.set_name("only");
        p.start();
        ReplayPolicy wrong({"someone-else"});
        STEST_THROWS(proclab::ValueError, "schedule step 1 names 'someone-else'", proclab::drive(sched, wrong));
        sched.run_freely();
        p.join();
        QCOMPARE(p.exitcode(), std::optional<int>(0));
        STEST_THROWS(proclab::ValueError, "runs freely", sched.step(p.pid()));
    }
};

PROCLAB_TEST_MAIN(TestScheduler)
#include "tst_scheduler.moc"

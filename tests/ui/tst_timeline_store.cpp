// TimelineStore: spans from a real pool of 2 running 20 tasks (18 ok, 1 raised, 1 lost), pixel
// merging of short spans, nested waits, the slowest tasks, and the memory bound (old spans folded
// into bins without losing totals).
#include "models/remote_keys.h"
#include "plots/timeline_store.h"
#include "plots_test_support.h"

using Kind = TimelineStore::Kind;
using Lane = TimelineStore::Lane;

class TestTimelineStore : public LeakCheckedTest {
    Q_OBJECT

private slots:

    void realPool()
    {
        const auto frames = plotstest::runPool();
        TimelineStore store;
        for (const auto& f : frames) {
            store.observe(f.snapshot);
            store.addEvents(f.events);
        }
        int ok = 0, errors = 0, lost = 0, workers = 0;
        std::set<std::uint64_t> ids;
        for (std::size_t t = 0; t < store.trackCount(); ++t) {
            const auto& tr = store.track(t);
            if (tr.lane != Lane::Tasks)
                continue;
            ++workers;
            for (std::size_t i = 0; i < tr.size(); ++i) {
                const auto s = tr.span(i);
                QVERIFY(s.end >= s.begin);
                if (i > 0)
                    QVERIFY(tr.span(i - 1).begin <= s.begin);
                ids.insert(s.id);
                ok += s.kind == Kind::Ok;
                errors += s.kind == Kind::Error;
                lost += s.kind == Kind::Lost;
            }
            QVERIFY(tr.open().empty());
        }
        QCOMPARE(ok, 18);
        QCOMPARE(errors, 1);
        QCOMPARE(lost, 1);
        QCOMPARE(ids.size(), std::size_t(20));
        QVERIFY(workers >= 2); // two workers (and maybe the one that replaced the dead one)
        QCOMPARE(store.slowest().size(), std::size_t(5));
        for (std::size_t i = 1; i < store.slowest().size(); ++i)
            QVERIFY(store.slowest()[i - 1].durationNs >= store.slowest()[i].durationNs);
        QVERIFY(store.slowest().front().durationNs >= 15'000'000); // the tasks sleep 15 ms or more
    }

    void mergesWithinAPixel_data()
    {
        QTest::addColumn<int>("spans");
        QTest::addColumn<double>("nsPerPixel");
        QTest::addColumn<int>("maxPieces");
        QTest::newRow("wide pixels merge") << 10000 << 1e6 << 11;
        QTest::newRow("narrow pixels keep every span") << 100 << 10.0 << 100;
    }
    void mergesWithinAPixel()
    {
        QFETCH(int, spans);
        QFETCH(double, nsPerPixel);
        QFETCH(int, maxPieces);
        TimelineStore store;
        // 1 µs tasks every 1 µs, task 50 raised.
        for (int i = 0; i < spans; ++i)
            store.addSpan(100, Lane::Tasks,
                          {i * 1000, i * 1000 + 900, std::uint64_t(i), i == 50 ? Kind::Error : Kind::Ok, 0});
        int pieces = 0;
        std::uint64_t covered = 0;
        bool errorSeen = false;
        store.visit(0, 0, std::int64_t(spans) * 1000, nsPerPixel, [&](const TimelineStore::Piece& p) {
            ++pieces;
            covered += p.count;
            errorSeen = errorSeen || p.kind == Kind::Error;
        });
        QVERIFY2(pieces <= maxPieces, qPrintable(QString::number(pieces)));
        QCOMPARE(covered, std::uint64_t(spans)); // nothing skipped
        QVERIFY(errorSeen);                      // a merged pixel shows its worst outcome
        // A window in the middle visits only what it shows.
        int inWindow = 0;
        store.visit(0, 20'000, 30'000, 10.0, [&](const TimelineStore::Piece& p) {
            QVERIFY(p.end >= 20'000 && p.begin <= 30'000);
            ++inWindow;
        });
        QVERIFY(inWindow <= 12);
    }

    void nestedWaitsAndJoins()
    {
        using proclab::EventKind;
        std::vector<proclab::SessionEvent> ev{
            {1, 100, 7, 0, EventKind::JoinBegin, 8, 0},
            {2, 150, 7, 3, EventKind::WaitBegin, std::int64_t(proclab::WaitOp::Get), 0},
            {3, 180, 7, 3, EventKind::WaitEnd, std::int64_t(proclab::WaitOp::Get), 0},
            {4, 300, 7, 0, EventKind::JoinEnd, 8, 0},
        };
        TimelineStore store;
        store.addEvents(ev);
        const int t = store.findTrack(7, Lane::Waits);
        QVERIFY(t >= 0);
        const auto& tr = store.track(std::size_t(t));
        QCOMPARE(tr.size(), std::size_t(2));
        QCOMPARE(tr.span(0).kind, Kind::Join); // sorted by begin although it ended last
        QCOMPARE(tr.span(0).begin, std::int64_t(100));
        QCOMPARE(tr.span(0).id, std::uint64_t(8));
        QCOMPARE(tr.span(1).kind, Kind::Wait);
        QCOMPARE(tr.span(1).detail, std::uint16_t(proclab::WaitOp::Get));
        QCOMPARE(tr.spanAt(160), std::int64_t(1)); // the innermost
        QCOMPARE(tr.spanAt(250), std::int64_t(0));
    }

    /// A task of an MPI rank relayed from another host whose PID is also a local worker's: each
    /// has its own track, the relayed one under the key of (host, pid).
    void relayedRankHasATrackOfItsOwn()
    {
        using proclab::EventKind;
        std::vector<proclab::SessionEvent> ev{
            {1, 100, 9, 4, EventKind::TaskBegin, 1, 0},
            {2, 110, 9, 4, EventKind::TaskBegin, 2, 0},
            {3, 200, 9, 4, EventKind::TaskEnd, 2, 1}, // the relayed one fails
            {4, 250, 9, 4, EventKind::TaskEnd, 1, 0},
        };
        ev[1].host = ev[2].host = "node2";
        TimelineStore store;
        store.addEvents(ev);
        const int local = store.findTrack(9, Lane::Tasks);
        const int remote = store.findTrack(RemoteKeys::key("node2", 9), Lane::Tasks);
        QVERIFY(local >= 0 && remote >= 0 && local != remote);
        QCOMPARE(store.track(std::size_t(local)).size(), std::size_t(1));
        QCOMPARE(store.track(std::size_t(local)).span(0).kind, Kind::Ok);
        QCOMPARE(store.track(std::size_t(local)).span(0).begin, std::int64_t(100));
        QCOMPARE(store.track(std::size_t(remote)).size(), std::size_t(1));
        QCOMPARE(store.track(std::size_t(remote)).span(0).kind, Kind::Error);
        QCOMPARE(store.track(std::size_t(remote)).span(0).begin, std::int64_t(110));
    }

    /// A failed task's exception text, entered in the registry by a Python pool worker, is learnt
    /// from the snapshot and kept after the entry is gone (the worker ended).
    void failureTextOfAPythonTask_data()
    {
        QTest::addColumn<QString>("label");
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("worker");
        QTest::addColumn<int>("task");
        QTest::addColumn<QString>("expected");
        QTest::newRow("value error") << QStringLiteral("Pool#3 failure")
                                     << QStringLiteral("py/4242-1048577 square: ValueError: three is not welcome")
                                     << 4242 << 1048577 << QStringLiteral("ValueError: three is not welcome");
        QTest::newRow("colon in the message")
            << QStringLiteral("Pool#3 failure") << QStringLiteral("py/7-2 f: KeyError: 'a: b'") << 7 << 2
            << QStringLiteral("KeyError: 'a: b'");
        QTest::newRow("another task") << QStringLiteral("Pool#3 failure") << QStringLiteral("py/7-2 f: E: m") << 7 << 3
                                      << QString();
        QTest::newRow("not a failure") << QStringLiteral("Value") << QStringLiteral("py/7-2 f: E: m") << 7 << 2
                                       << QString();
        QTest::newRow("malformed") << QStringLiteral("Pool#3 failure") << QStringLiteral("py/x f: E: m") << 7 << 2
                                   << QString();
    }
    void failureTextOfAPythonTask()
    {
        QFETCH(QString, label);
        QFETCH(QString, name);
        QFETCH(int, worker);
        QFETCH(int, task);
        QFETCH(QString, expected);
        proclab::Snapshot snap;
        proclab::ObjectRecord o;
        o.kind = proclab::ObjectKind::Value;
        o.label = label.toStdString();
        o.name = name.toStdString();
        snap.objects.push_back(o);
        TimelineStore store;
        store.observe(snap);
        QCOMPARE(QString::fromStdString(store.failure(worker, std::uint64_t(task))), expected);
        store.observe(proclab::Snapshot{}); // the worker and its entry are gone
        QCOMPARE(QString::fromStdString(store.failure(worker, std::uint64_t(task))), expected);
    }

    // A live session forgets its oldest ended processes once full: their tracks go, the others stay.
    void forgetsProcessesTheSessionForgot()
    {
        TimelineStore store;
        for (pid_t pid : {101, 102, 103}) {
            store.addSpan(pid, Lane::Tasks, {1000, 2000, 1, Kind::Ok, 0});
            store.addSpan(pid, Lane::Waits, {1500, 1800, 7, Kind::Wait, 0});
        }
        QCOMPARE(store.trackCount(), std::size_t(6));
        proclab::Snapshot snap;
        for (pid_t pid : {102, 104}) {
            proclab::ProcessRecord r;
            r.pid = pid;
            snap.processes.push_back(r);
        }
        QCOMPARE(store.forgetProcessesNotIn(snap), std::size_t(4));
        QCOMPARE(store.trackCount(), std::size_t(2));
        QCOMPARE(store.findTrack(101, Lane::Tasks), -1);
        QCOMPARE(store.findTrack(103, Lane::Waits), -1);
        const int tasks = store.findTrack(102, Lane::Tasks);
        const int waits = store.findTrack(102, Lane::Waits);
        QVERIFY(tasks >= 0 && waits >= 0 && tasks != waits);
        QCOMPARE(store.track(std::size_t(tasks)).pid, pid_t(102));
        QCOMPARE(store.track(std::size_t(tasks)).lane, Lane::Tasks);
        QCOMPARE(store.track(std::size_t(waits)).span(0).id, std::uint64_t(7));
        // New spans of a kept process land in its track, a new process gets a new one.
        store.addSpan(102, Lane::Tasks, {3000, 4000, 2, Kind::Ok, 0});
        QCOMPARE(store.track(std::size_t(store.findTrack(102, Lane::Tasks))).size(), std::size_t(2));
        store.addSpan(104, Lane::Tasks, {3000, 4000, 3, Kind::Ok, 0});
        QCOMPARE(store.trackCount(), std::size_t(3));
        QCOMPARE(store.forgetProcessesNotIn(snap), std::size_t(0));
    }

    void boundedMemory()
    {
        TimelineStore store(1000, 64);
        const int n = 200000;
        for (int i = 0; i < n; ++i)
            store.addSpan(1, Lane::Tasks,
                          {i * 100LL, i * 100LL + 60, std::uint64_t(i), i % 1000 == 0 ? Kind::Lost : Kind::Ok, 0});
        const auto& tr = store.track(0);
        QVERIFY(tr.size() <= 1000);
        QVERIFY(tr.bins().size() <= 64);
        QCOMPARE(tr.count(), std::uint64_t(n)); // totals survive the folding
        QCOMPARE(tr.lost(), std::uint64_t(n / 1000));
        QCOMPARE(tr.busyNs(), std::int64_t(n) * 60);
        std::uint64_t inBins = 0, lostInBins = 0;
        for (const auto& b : tr.bins()) {
            inBins += b.count;
            lostInBins += b.lost;
        }
        QCOMPARE(inBins + tr.size(), std::uint64_t(n)); // every span is somewhere
        QVERIFY(lostInBins >= n / 1000 - 2);
        QVERIFY(store.memoryBytes() < 200 * 1024);
        // The aggregated history is still drawn.
        int aggregated = 0;
        store.visit(0, 0, n * 100LL, 1e5, [&](const TimelineStore::Piece& p) { aggregated += p.aggregated; });
        QVERIFY(aggregated > 0);
    }
};

PROCLAB_TEST_MAIN_WITH(QApplication, TestTimelineStore)
#include "tst_timeline_store.moc"

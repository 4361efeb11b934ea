// ProcessLifetimePlot with a real family (a parent that joins one child and leaves a daemon
// behind, a child never joined); ProcessHistory's bounded rings; SparklineDelegate in a real
// table view; ProcessDetailPlot following a pid.
#include "models/remote_keys.h"
#include "plots/lane_scroll.h"
#include "plots/process_detail_plot.h"
#include "plots/process_history.h"
#include "plots/process_lifetime_plot.h"
#include "plots/sparkline_delegate.h"
#include "plots_test_support.h"

#include <QAbstractItemModelTester>
#include <QScrollBar>
#include <QStandardItemModel>
#include <QStyledItemDelegate>
#include <QTableView>
#include <qcustomplot.h>

#include <csignal>

namespace {

pid_t pidNamed(const proclab::Snapshot& s, const char* name)
{
    for (const auto& p : s.processes)
        if (p.name == name)
            return p.pid;
    return 0;
}

proclab::ProcessRecord record(pid_t pid, pid_t ppid, std::string name, proclab::ProcessKind kind, std::int64_t start)
{
    proclab::ProcessRecord r;
    r.pid = pid;
    r.ppid = ppid;
    r.name = std::move(name);
    r.kind = kind;
    r.start_ns = start;
    return r;
}

FeedFrame syntheticFrame(std::int64_t t, int processes, double cpu)
{
    FeedFrame f;
    f.snapshot.session = "synthetic";
    f.snapshot.taken_ns = t;
    for (int i = 0; i < processes; ++i) {
        proclab::ProcessRecord p;
        p.pid = 1000 + i;
        p.start_ns = 1;
        p.cpu_percent = cpu + i;
        p.rss_bytes = std::uint64_t(1 << 20) * std::uint64_t(i + 1);
        f.snapshot.processes.push_back(p);
    }
    return f;
}

} // namespace

class TestProcessPlots : public LeakCheckedTest {
    Q_OBJECT

private slots:

    void joinDaemonAndNotJoined()
    {
        const auto frames = plotstest::runFamily();
        ProcessLifetimePlot view;
        view.resize(1000, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        // Up to the frame where the parent has ended but `never-joined` is still not joined.
        const auto& last = frames[frames.size() - 1];
        for (const auto& f : frames)
            view.onFrame(f);
        const pid_t parent = pidNamed(last.snapshot, "parent");
        const pid_t daemon = pidNamed(last.snapshot, "daemon-child");
        const pid_t joined = pidNamed(last.snapshot, "joined-child");
        const pid_t quick = pidNamed(last.snapshot, "never-joined");
        QVERIFY(parent && daemon && joined && quick);
        // Tree order: each child right under its parent.
        const auto& rows = view.rows();
        const auto at = [&](pid_t p) { return std::find(rows.begin(), rows.end(), p) - rows.begin(); };
        QVERIFY(at(parent) < at(daemon) && at(parent) < at(joined));
        QCOMPARE(rows.front(), ::getpid());
        // The parent's join(pid) bar ends when the child ended.
        bool joinSeen = false;
        for (const auto& j : view.joins())
            if (j.parent == parent && j.child == joined) {
                joinSeen = true;
                QVERIFY(j.end > j.begin);
                const auto* child = last.snapshot.process(joined);
                QVERIFY(child->end_ns > 0);
                QVERIFY(j.end >= child->end_ns - 50'000'000); // ends with the child (the parent notices at once)
            }
        QVERIFY(joinSeen);
        // The daemon ended with its parent.
        QVERIFY2(view.noteFor(daemon).contains(QStringLiteral("terminated with its parent")),
                 qPrintable(view.noteFor(daemon)));
        // In the frame before main joined it, `never-joined` had ended without being joined.
        ProcessLifetimePlot before;
        const auto& notJoinedFrame = plotstest::lastWhere(frames, [quick](const FeedFrame& f) {
            const auto* p = f.snapshot.process(quick);
            return p && p->end_ns && !p->joined;
        });
        before.onFrame(notJoinedFrame);
        QVERIFY2(before.noteFor(quick).contains(QStringLiteral("not joined")), qPrintable(before.noteFor(quick)));
        QVERIFY2(before.noteFor(quick).contains(QStringLiteral("exit 0")), qPrintable(before.noteFor(quick)));
        QVERIFY(!view.noteFor(joined).contains(QStringLiteral("not joined")));
    }

    void twoHundredLanesStayReadable()
    {
        // 200 processes: each lane at least LaneScroll::kMinLanePx high, a scroll bar through
        // them, labels elided instead of printed over each other.
        ProcessLifetimePlot view;
        view.resize(900, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        FeedFrame f;
        f.snapshot.session = "lanes";
        f.snapshot.taken_ns = 50'000'000'000;
        f.snapshot.processes.push_back(record(100, 1, "main", proclab::ProcessKind::Main, 1'000'000'000));
        for (int i = 0; i < 200; ++i)
            f.snapshot.processes.push_back(
                record(1000 + i, 100, "a-worker-with-a-rather-long-descriptive-name-" + std::to_string(i + 1),
                       proclab::ProcessKind::Process, 2'000'000'000 + i * 10'000'000LL));
        view.onFrame(f);
        view.plot()->replot(QCustomPlot::rpImmediateRefresh);
        LaneScroll* lanes = view.lanes();
        QCOMPARE(lanes->laneCount(), 201);
        QVERIFY(lanes->visibleCount() < 201);
        const double lanePx = std::abs(view.plot()->yAxis->coordToPixel(1) - view.plot()->yAxis->coordToPixel(0));
        QVERIFY2(lanePx >= LaneScroll::kMinLanePx, qPrintable(QString::number(lanePx)));
        auto* bar = view.findChild<QScrollBar*>(QStringLiteral("laneScrollBar"));
        QVERIFY(bar);
        QTRY_VERIFY(bar->isVisible());
        QCOMPARE(bar->maximum(), 201 - lanes->visibleCount());
        // Scrolled to the end: the last lane is in the axis range.
        bar->setValue(bar->maximum());
        view.plot()->replot(QCustomPlot::rpImmediateRefresh);
        QVERIFY(view.plot()->yAxis->range().contains(200));
        QVERIFY(!view.plot()->yAxis->range().contains(0));
        auto ticker = qSharedPointerDynamicCast<QCPAxisTickerText>(view.plot()->yAxis->ticker());
        QVERIFY(ticker);
        const QFontMetrics fm(view.plot()->yAxis->tickLabelFont());
        for (const QString& label : ticker->ticks())
            QVERIFY2(fm.horizontalAdvance(label) <= LaneScroll::kMaxLabelPx, qPrintable(label));
        QVERIFY(ticker->ticks().last().contains(QStringLiteral("(1199)"))); // the PID is kept
        // Few processes: no scroll bar.
        f.snapshot.processes.resize(3);
        f.snapshot.taken_ns += 1'000'000'000;
        view.onFrame(f);
        view.plot()->replot(QCustomPlot::rpImmediateRefresh);
        QTRY_VERIFY(!bar->isVisible());
        QVERIFY(view.plot()->yAxis->range().contains(0) && view.plot()->yAxis->range().contains(2));
    }

    void relayedRanksHaveLanesOfTheirOwn()
    {
        // An MPI pool's process relays ranks of another host: one has the PID of a process of
        // this host, one a PID with no process here. Each gets a lane of its own under the pool's
        // process (the window crashed on the second), with its own label and bar; the history
        // keeps no sample of either (nothing of theirs is sampled here).
        ProcessLifetimePlot view;
        view.resize(900, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        FeedFrame f;
        f.snapshot.session = "relay";
        f.snapshot.taken_ns = 10'000'000'000;
        const proclab::ProcessRecord main = record(100, 1, "main", proclab::ProcessKind::Main, 1'000'000'000);
        proclab::ProcessRecord twin = record(200, 100, "local-twin", proclab::ProcessKind::Process, 1'000'000'000);
        twin.cpu_percent = 50;
        proclab::ProcessRecord a = record(200, 100, "node-a:1", proclab::ProcessKind::PoolWorker, 2'000'000'000);
        a.host = "node-a";
        a.rank = 1;
        a.cpu_percent = 99; // never sampled here: a value the history must not take
        proclab::ProcessRecord b = a;
        b.pid = 4'000'000; // no such process here
        b.name = "node-b:2";
        b.host = "node-b";
        b.rank = 2;
        b.end_ns = 5'000'000'000;
        b.exitcode = 0;
        b.state = proclab::RunState::Exited;
        f.snapshot.processes = {main, twin, a, b};
        view.onFrame(f);
        view.plot()->replot(QCustomPlot::rpImmediateRefresh);
        QCOMPARE(view.rows().size(), std::size_t(4));
        QCOMPARE(view.rows()[0], pid_t(100));
        QCOMPARE(std::count(view.rows().begin(), view.rows().end(), pid_t(200)), 1); // the twin, once
        const pid_t keyA = RemoteKeys::key("node-a", 200);
        const pid_t keyB = RemoteKeys::key("node-b", 4'000'000);
        QVERIFY(RemoteKeys::isRemote(keyA) && RemoteKeys::isRemote(keyB) && keyA != keyB);
        QVERIFY(std::find(view.rows().begin(), view.rows().end(), keyA) != view.rows().end());
        QVERIFY(std::find(view.rows().begin(), view.rows().end(), keyB) != view.rows().end());
        auto ticker = qSharedPointerDynamicCast<QCPAxisTickerText>(view.plot()->yAxis->ticker());
        QVERIFY(ticker);
        const QStringList labels = ticker->ticks().values();
        QVERIFY2(labels.filter(QStringLiteral("node-a:1 (200)")).size() == 1, qPrintable(labels.join(u'|')));
        QVERIFY2(labels.filter(QStringLiteral("node-b:2 (4000000)")).size() == 1, qPrintable(labels.join(u'|')));
        QVERIFY2(labels.filter(QStringLiteral("local-twin (200)")).size() == 1, qPrintable(labels.join(u'|')));

        ProcessHistory history(50, 8);
        history.onFrame(f);
        QCOMPARE(history.samples(200).size(), std::size_t(1));
        QCOMPARE(history.samples(200).back().cpu, 50.0); // the twin's, not the relayed rank's
        QVERIFY(history.samples(4'000'000).empty());
    }

    void historyIsBounded()
    {
        ProcessHistory history(50, 8);
        for (int i = 1; i <= 200; ++i)
            history.onFrame(syntheticFrame(i * 1'000'000LL, 20, double(i % 100)));
        QVERIFY(history.processCount() <= 8);
        for (pid_t p = 1000; p < 1020; ++p)
            QVERIFY(history.cpu(p).size() <= 50);
        const pid_t kept = pid_t(1000 + 19);
        // The same tick twice is one sample.
        history.onFrame(syntheticFrame(200 * 1'000'000LL, 20, 0));
        const auto samples = history.samples(kept);
        QVERIFY(!samples.empty());
        for (std::size_t i = 1; i < samples.size(); ++i)
            QVERIFY(samples[i - 1].t_ns < samples[i].t_ns); // oldest first, in order
        QCOMPARE(history.recentCpu(kept, 10).size(), 10);
        QCOMPARE(history.rss(kept).back(), double(20 << 20));
        // Going back in time (a replay) starts over.
        history.onFrame(syntheticFrame(5, 2, 1));
        QVERIFY(history.processCount() <= 2);
    }

    void sparklinesInATable()
    {
        ProcessHistory history(100, 64);
        for (int i = 1; i <= 30; ++i)
            history.onFrame(syntheticFrame(i * 1'000'000LL, 3, double((i * 13) % 90)));
        QStandardItemModel model(3, 2);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (int r = 0; r < 3; ++r) {
            model.setData(model.index(r, 0), 1000 + r);
            model.setData(model.index(r, 1), QStringLiteral("%1 %").arg(r));
            model.setData(model.index(r, 1), 1000 + r, Qt::UserRole);
        }
        int lookups = 0;
        auto* delegate = new SparklineDelegate([&](pid_t p) {
            ++lookups;
            return history.recentCpu(p, 30);
        });
        delegate->setMaximum(100);
        QTableView table;
        table.setModel(&model);
        table.setItemDelegateForColumn(1, delegate);
        delegate->setParent(&table);
        table.resize(500, 200);
        table.setColumnWidth(1, 240);
        table.show();
        QVERIFY(QTest::qWaitForWindowExposed(&table));
        table.grab();
        QVERIFY(lookups >= 3);
        const QPolygonF line = delegate->polyline(history.recentCpu(1000, 30), QRectF(0, 0, 100, 20));
        QCOMPARE(line.size(), 30);
        for (const QPointF& p : line)
            QVERIFY(p.y() >= 0 && p.y() <= 20 && p.x() >= 0 && p.x() <= 100);
        QVERIFY(delegate->polyline({}, QRectF(0, 0, 100, 20)).isEmpty());
    }

    void detailPlotFollowsThePid()
    {
        ProcessHistory history(100, 64);
        ProcessDetailPlot plot(&history);
        QCOMPARE(plot.pointCount(), 0);
        plot.setPid(1001);
        for (int i = 1; i <= 12; ++i)
            history.onFrame(syntheticFrame(i * 100'000'000LL, 3, 10));
        QCOMPARE(plot.pointCount(), 12); // refreshed on every update
        plot.setPid(4242);
        QCOMPARE(plot.pointCount(), 0);
    }
};

PROCLAB_TEST_MAIN_WITH(QApplication, TestProcessPlots)
#include "tst_process_plots.moc"

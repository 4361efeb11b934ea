// PoolTimelinePlot fed with a real pool of 2 running 20 tasks: rows (the caller, the workers),
// the spans drawn in their outcome colours, tooltips, insights (busy share, slowest, progress),
// follow-live and zoom, and a replay going back in time starting over.
#include "plots/lane_scroll.h"
#include "plots/plot_style.h"
#include "plots/pool_timeline_plot.h"
#include "plots_test_support.h"

#include <QProgressBar>
#include <QScrollBar>
#include <QSignalSpy>
#include <qcustomplot.h>

using Lane = TimelineStore::Lane;

namespace {

int pixelsNear(const QImage& img, const QColor& c)
{
    int n = 0;
    for (int y = 0; y < img.height(); y += 2)
        for (int x = 0; x < img.width(); x += 2) {
            const QColor p = img.pixelColor(x, y);
            n += std::abs(p.red() - c.red()) + std::abs(p.green() - c.green()) + std::abs(p.blue() - c.blue()) < 30;
        }
    return n;
}

} // namespace

class TestPoolTimelinePlot : public LeakCheckedTest {
    Q_OBJECT

    std::vector<FeedFrame> m_frames;

private slots:
    void initTestCase()
    {
        LeakCheckedTest::initTestCase();
        m_frames = plotstest::runPool();
        QVERIFY(m_frames.size() > 3);
    }

    void rowsSpansAndInsights()
    {
        PoolTimelinePlot view;
        view.resize(1100, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        for (const auto& f : m_frames)
            view.onFrame(f);
        const auto& rows = view.rows();
        QVERIFY(rows.size() >= 3); // the caller and the workers (the dead one, its replacement)
        QCOMPARE(rows.front().lane, Lane::Waits);
        QCOMPARE(rows.front().pid, ::getpid());
        QVERIFY(rows.front().label.contains(QString::number(::getpid())));
        int workerRows = 0;
        for (const auto& r : rows)
            workerRows += r.lane == Lane::Tasks;
        QVERIFY(workerRows >= 2);

        // Insights: busy share per worker, five slowest, the pool's progress complete.
        const QString insights = view.insightsText();
        QVERIFY2(insights.contains(QStringLiteral("worker ")), qPrintable(insights));
        QCOMPARE(view.store().slowest().size(), std::size_t(5));
        const auto bars = view.progressBars();
        QCOMPARE(bars.size(), 1);
        QCOMPARE(bars.front()->value(), 20);
        QCOMPARE(bars.front()->maximum(), 20);
        QVERIFY2(bars.front()->text().contains(QStringLiteral("20 of 20")), qPrintable(bars.front()->text()));

        // The picture holds ok, error and lost colours.
        view.plot()->replot(QCustomPlot::rpImmediateRefresh);
        const QImage img = view.plot()->grab().toImage();
        QVERIFY(pixelsNear(img, plotstyle::ok()) > 200);
        QVERIFY(pixelsNear(img, plotstyle::error()) > 5);
        QVERIFY(pixelsNear(img, plotstyle::lost()) > 5);

        // A tooltip over the middle of a task names it, its worker and its duration.
        const auto& store = view.store();
        QString tip;
        for (int r = 0; r < rows.size() && tip.isEmpty(); ++r) {
            if (rows[r].lane != Lane::Tasks || rows[r].track < 0 || store.track(std::size_t(rows[r].track)).size() == 0)
                continue;
            const auto s = store.track(std::size_t(rows[r].track)).span(0);
            const double x = view.plot()->xAxis->coordToPixel(double((s.begin + s.end) / 2 - view.originNs()) / 1e9);
            const double y = view.plot()->yAxis->coordToPixel(r);
            tip = view.toolTipAt(QPoint(int(x), int(y)));
            QVERIFY2(tip.contains(QStringLiteral("Task %1").arg(s.id)), qPrintable(tip));
            QVERIFY2(tip.contains(QStringLiteral("Worker pid: %1").arg(rows[r].pid)), qPrintable(tip));
            QVERIFY2(tip.contains(QStringLiteral("slow_square")) || tip.contains(QStringLiteral("(not seen)")),
                     qPrintable(tip));
        }
        QVERIFY(!tip.isEmpty());
    }

    void followLiveAndZoom()
    {
        PoolTimelinePlot view;
        view.resize(900, 400);
        QSignalSpy spy(&view, &PoolTimelinePlot::followLiveChanged);
        QVERIFY(view.followLive());
        for (const auto& f : m_frames)
            view.onFrame(f);
        const double now = double(m_frames.back().snapshot.taken_ns - view.originNs()) / 1e9;
        QVERIFY(view.plot()->xAxis->range().upper >= now);
        // The pool's run in view, from its creation.
        const proclab::ObjectRecord* pool = nullptr;
        for (const auto& o : m_frames.back().snapshot.objects)
            if (o.kind == proclab::ObjectKind::Pool)
                pool = &o;
        QVERIFY(pool);
        const double created = double(pool->created_ns - view.originNs()) / 1e9;
        QVERIFY(view.plot()->xAxis->range().lower <= created);
        QVERIFY(view.plot()->xAxis->range().lower >= created - 0.1 * view.plot()->xAxis->range().size());
        {
            // A long session: the pool closed long ago and now is 1000 s later. Follow live
            // still shows the pool's run, not a sliver of 0 … 1000 s.
            PoolTimelinePlot later;
            later.resize(900, 400);
            for (const auto& f : m_frames)
                later.onFrame(f);
            FeedFrame f = m_frames.back();
            f.events.clear();
            const std::int64_t end = f.snapshot.taken_ns;
            f.snapshot.taken_ns += 1000'000'000'000LL;
            for (auto& o : f.snapshot.objects)
                if (o.kind == proclab::ObjectKind::Pool && (o.alive || !o.destroyed_ns)) {
                    o.alive = false;
                    o.destroyed_ns = end;
                }
            later.onFrame(f);
            const QCPRange r = later.plot()->xAxis->range();
            QVERIFY2(r.size() < 0.2 * 1000, qPrintable(QStringLiteral("%1 … %2").arg(r.lower).arg(r.upper)));
            QVERIFY(r.lower <= created && r.upper >= double(end - later.originNs()) / 1e9);
        }
        // The learner zooms in: following stops, and the width is kept when following again.
        view.plot()->xAxis->setRange(0.1, 0.2);
        QCOMPARE(spy.count(), 1);
        QVERIFY(!view.followLive());
        view.onFrame(m_frames.back());
        QCOMPARE(view.plot()->xAxis->range().lower, 0.1); // a frame does not move it
        view.setFollowLive(true);
        QCOMPARE(spy.count(), 2);
        QVERIFY(qAbs(view.plot()->xAxis->range().size() - 0.1) < 1e-9);
        QVERIFY(view.plot()->xAxis->range().upper >= now);
    }

    void manyWorkersScroll()
    {
        // A pool of 200 workers: lanes keep their minimum height and scroll; the insights list
        // a few workers and say how many more.
        PoolTimelinePlot view;
        view.resize(1100, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        FeedFrame f;
        f.snapshot.session = "many";
        f.snapshot.taken_ns = 10'000'000'000;
        proclab::ObjectRecord pool;
        pool.id = 1;
        pool.kind = proclab::ObjectKind::Pool;
        pool.creator = 100;
        pool.created_ns = 1'000'000'000;
        f.snapshot.objects.push_back(pool);
        proclab::ProcessRecord caller;
        caller.pid = 100;
        caller.ppid = 1;
        caller.name = "main";
        caller.kind = proclab::ProcessKind::Main;
        caller.start_ns = 500'000'000;
        f.snapshot.processes.push_back(caller);
        for (int i = 0; i < 200; ++i) {
            proclab::ProcessRecord w = caller;
            w.pid = 2000 + i;
            w.ppid = 100;
            w.kind = proclab::ProcessKind::PoolWorker;
            w.start_ns = 1'000'000'000;
            f.snapshot.processes.push_back(w);
        }
        view.onFrame(f);
        view.plot()->replot(QCustomPlot::rpImmediateRefresh);
        QCOMPARE(view.rows().size(), 201);
        QCOMPARE(view.lanes()->laneCount(), 201);
        QVERIFY(view.lanes()->visibleCount() < 201);
        const double lanePx = std::abs(view.plot()->yAxis->coordToPixel(1) - view.plot()->yAxis->coordToPixel(0));
        QVERIFY2(lanePx >= LaneScroll::kMinLanePx, qPrintable(QString::number(lanePx)));
        QTRY_VERIFY(view.findChild<QScrollBar*>(QStringLiteral("laneScrollBar"))->isVisible());
        // Follow live: the pool's run (1 s … 10 s), not the whole session from 0.
        QVERIFY(view.plot()->xAxis->range().lower > 0.1);
    }

    void replayBackwardsStartsOver()
    {
        PoolTimelinePlot view;
        for (const auto& f : m_frames)
            view.onFrame(f);
        const auto spans = view.store().spanCount();
        QVERIFY(spans >= 20);
        // An older snapshot with the events up to it, as ReplaySource gives after a backwards seek.
        FeedFrame older;
        older.live = false;
        older.snapshot = m_frames[1].snapshot;
        for (std::size_t i = 0; i <= 1; ++i)
            older.events.insert(older.events.end(), m_frames[i].events.begin(), m_frames[i].events.end());
        view.onFrame(older);
        QVERIFY(view.store().spanCount() < spans);
    }
};

PROCLAB_TEST_MAIN_WITH(QApplication, TestPoolTimelinePlot)
#include "tst_pool_timeline_plot.moc"

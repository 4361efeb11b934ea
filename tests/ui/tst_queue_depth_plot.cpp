// QueueDepthPlot fed with a real producer/consumer pair through a Queue of maxsize 5: the depth
// reaches the capacity (the producer is faster), rates are plotted, both layouts build, and a
// click on the queue names its producer and consumer.
#include "plots/queue_depth_plot.h"
#include "plots_test_support.h"

#include <QSignalSpy>

class TestQueueDepthPlot : public LeakCheckedTest {
    Q_OBJECT

    std::vector<FeedFrame> m_frames;

    static pid_t pidNamed(const proclab::Snapshot& s, const char* name)
    {
        for (const auto& p : s.processes)
            if (p.name == name)
                return p.pid;
        return 0;
    }

private slots:
    void initTestCase()
    {
        LeakCheckedTest::initTestCase();
        QElapsedTimer timer;
        timer.start();
        m_frames = plotstest::runProducerConsumer();
        qDebug() << "session ran" << timer.elapsed() << "ms," << m_frames.size() << "frames";
    }

    void depthsOfARealQueue_data()
    {
        QTest::addColumn<int>("layout");
        QTest::addColumn<bool>("rates");
        QTest::newRow("overlaid, rates") << int(QueueDepthPlot::Layout::Overlaid) << true;
        QTest::newRow("small multiples, rates") << int(QueueDepthPlot::Layout::SmallMultiples) << true;
        QTest::newRow("overlaid, no rates") << int(QueueDepthPlot::Layout::Overlaid) << false;
    }
    void depthsOfARealQueue()
    {
        QFETCH(int, layout);
        QFETCH(bool, rates);
        QueueDepthPlot view;
        view.resize(900, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setLayoutMode(QueueDepthPlot::Layout(layout));
        view.setShowRates(rates);
        for (const auto& f : m_frames)
            view.onFrame(f);
        QCOMPARE(view.queues().size(), 1);
        const auto id = view.queues().front();
        QVERIFY(view.pointCount(id) > 10);
        QCOMPARE(view.maxDepth(id), 5.0);  // the producer filled it up to maxsize: put() blocked there
        QCOMPARE(view.lastDepth(id), 0.0); // and the consumer emptied it
        QVERIFY(view.axisRectOf(id));
        const int expectedGraphs = rates ? 4 : 2; // depth, capacity (+ put and get rates)
        QCOMPARE(view.plot()->graphCount(), expectedGraphs);
        QCOMPARE(view.plot()->axisRects().size(), 1);

        // A click on the queue: producers and consumers from its put/get events.
        QSignalSpy spy(&view, &QueueDepthPlot::queueClicked);
        view.selectQueue(id);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.front().front().value<proclab::ObjectId>(), id);
        const auto& snap = m_frames.back().snapshot;
        QVERIFY(view.producers(id).contains(pidNamed(snap, "producer")));
        QVERIFY(view.consumers(id).contains(pidNamed(snap, "consumer")));
        QVERIFY(!view.producers(id).contains(pidNamed(snap, "consumer")));
    }

    void clickOnTheLine()
    {
        QueueDepthPlot view;
        view.resize(900, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        for (const auto& f : m_frames)
            view.onFrame(f);
        view.plot()->replot(QCustomPlot::rpImmediateRefresh);
        const auto id = view.queues().front();
        // Find a point of the depth line and click it.
        QCPGraph* depth = view.plot()->graph(0);
        QVERIFY(depth->data()->size() > 0);
        // A point on the right half (the legend sits top left) where the queue is not empty.
        auto it = depth->data()->constBegin() + depth->data()->size() / 2;
        while (it + 1 != depth->data()->constEnd() && it->value < 1)
            ++it;
        const QPointF px = depth->coordsToPixels(it->key, it->value);
        QSignalSpy spy(&view, &QueueDepthPlot::queueClicked);
        QTest::mouseClick(view.plot(), Qt::LeftButton, {}, px.toPoint());
        QTRY_COMPARE(spy.count(), 1);
        QCOMPARE(view.highlighted(), id);
    }

    void boundedSeries()
    {
        QueueDepthPlot view;
        FeedFrame f = m_frames.back();
        f.events.clear();
        const auto id = f.snapshot.objects.front().id;
        for (auto& o : f.snapshot.objects)
            o.depth = 3;
        for (int i = 0; i < QueueDepthPlot::kMaxPoints * 2 + 500; ++i) {
            f.snapshot.taken_ns += 1'000'000;
            view.onFrame(f);
            if (i % 5000 == 0)
                QVERIFY(view.pointCount(id) <= QueueDepthPlot::kMaxPoints);
        }
        QVERIFY(view.pointCount(id) <= QueueDepthPlot::kMaxPoints);
        QVERIFY(view.pointCount(id) > QueueDepthPlot::kMaxPoints / 2);
    }
};

PROCLAB_TEST_MAIN_WITH(QApplication, TestQueueDepthPlot)
#include "tst_queue_depth_plot.moc"

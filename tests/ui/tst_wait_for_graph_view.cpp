// WaitForGraphView fed with a real two-lock deadlock: both processes and both locks drawn, the
// four edges of the cycle in red, and the one-line explanation naming the locks; before the
// deadlock (each holds one lock) nothing is red.
#include "plots/wait_for_graph_view.h"
#include "plots_test_support.h"

#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>

class TestWaitForGraphView : public LeakCheckedTest {
    Q_OBJECT

    std::vector<FeedFrame> m_frames;

private slots:
    void initTestCase()
    {
        LeakCheckedTest::initTestCase();
        m_frames = plotstest::runDeadlock();
    }

    void deadlockIsRed()
    {
        const FeedFrame& dead = plotstest::lastWhere(
            m_frames, [](const FeedFrame& f) { return !proclab::Session::wait_for_graph(f.snapshot).cycles.empty(); });
        WaitForGraphView view;
        view.resize(900, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.onFrame(dead);
        QCOMPARE(view.graph().cycles.size(), std::size_t(1));
        QCOMPARE(view.nodeCount(), 4); // two processes, two locks
        QCOMPARE(view.edgeCount(), 4); // each waits on a lock held by the other
        QCOMPARE(view.redEdgeCount(), 4);
        const QString text = view.explanation();
        QVERIFY2(text.startsWith(QStringLiteral("deadlock")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Lock")), qPrintable(text));
        // The scene holds the names of both processes.
        QStringList texts;
        for (auto* item : view.scene()->items())
            if (auto* t = dynamic_cast<QGraphicsSimpleTextItem*>(item))
                texts << t->text();
        const QString all = texts.join(u'\n');
        QVERIFY2(all.contains(QStringLiteral("takes-a-then-b")) && all.contains(QStringLiteral("takes-b-then-a")),
                 qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("held by")), qPrintable(all));
    }

    void beforeTheDeadlockNothingIsRed()
    {
        WaitForGraphView view;
        view.onFrame(m_frames.front()); // each holds its first lock, nobody waits yet
        QVERIFY(view.graph().cycles.empty());
        QCOMPARE(view.redEdgeCount(), 0);
        QVERIFY(view.explanation().isEmpty());
        view.clear();
        QCOMPARE(view.nodeCount(), 0);
    }
};

PROCLAB_TEST_MAIN_WITH(QApplication, TestWaitForGraphView)
#include "tst_wait_for_graph_view.moc"

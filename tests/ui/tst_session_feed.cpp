// SessionFeed: one frame per tick from its source to every listener, the interval clamped, pause
// stops the timer, a new source restarts from an empty frame; LiveSource reads this test's session.
#include "controllers/session_feed.h"
#include "gui_test_support.h"

#include <QSignalSpy>
#include <QTest>

namespace {

// Frames numbered by their snapshot's taken_ns, one event each.
class CountingSource : public SnapshotSource {
public:
    explicit CountingSource(int* calls)
        : m_calls(calls)
    {
    }
    FeedFrame next() override
    {
        FeedFrame f;
        f.snapshot.taken_ns = ++*m_calls;
        f.events.resize(1);
        f.live = false;
        return f;
    }
    QString name() const override { return QStringLiteral("counting"); }

private:
    int* m_calls;
};

} // namespace

class TestSessionFeed : public LeakCheckedTest {
    Q_OBJECT

private slots:
    void interval_data();
    void interval();
    void noSourceNoFrames();
    void setSourceDeliversAFrame();
    void timerTicks();
    void pauseStopsTheTimer();
    void liveSourceShowsThisProcess();
};

void TestSessionFeed::interval_data()
{
    QTest::addColumn<int>("requested");
    QTest::addColumn<int>("expected");
    QTest::newRow("too fast") << 10 << 100;
    QTest::newRow("lowest") << 100 << 100;
    QTest::newRow("in range") << 500 << 500;
    QTest::newRow("highest") << 10000 << 10000;
    QTest::newRow("too slow") << 60000 << 10000;
}

void TestSessionFeed::interval()
{
    QFETCH(int, requested);
    QFETCH(int, expected);
    SessionFeed feed;
    feed.setInterval(requested);
    QCOMPARE(feed.interval(), expected);
}

void TestSessionFeed::noSourceNoFrames()
{
    SessionFeed feed;
    QSignalSpy frames(&feed, &SessionFeed::frameReady);
    feed.tick();
    QCOMPARE(frames.count(), 0);
    QCOMPARE(feed.source(), nullptr);
}

void TestSessionFeed::setSourceDeliversAFrame()
{
    int calls = 0;
    SessionFeed feed;
    feed.setInterval(10000); // no timer tick during the test
    QSignalSpy changed(&feed, &SessionFeed::sourceChanged);
    QSignalSpy frames(&feed, &SessionFeed::frameReady);
    feed.setSource(std::make_unique<CountingSource>(&calls));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(frames.count(), 1); // at once, not at the first tick
    QCOMPARE(feed.lastFrame().snapshot.taken_ns, std::int64_t(1));
    QCOMPARE(feed.source()->name(), QStringLiteral("counting"));
    feed.tick();
    QCOMPARE(frames.count(), 2);
    QCOMPARE(feed.lastFrame().snapshot.taken_ns, std::int64_t(2));
    QCOMPARE(feed.lastFrame().events.size(), std::size_t(1));
    QVERIFY(!feed.lastFrame().live);

    int otherCalls = 0;
    feed.setSource(std::make_unique<CountingSource>(&otherCalls));
    QCOMPARE(changed.count(), 2);
    QCOMPARE(feed.lastFrame().snapshot.taken_ns, std::int64_t(1)); // the new source's first frame
    QCOMPARE(calls, 2);
}

void TestSessionFeed::timerTicks()
{
    int calls = 0;
    SessionFeed feed;
    feed.setInterval(100);
    QSignalSpy frames(&feed, &SessionFeed::frameReady);
    feed.setSource(std::make_unique<CountingSource>(&calls));
    QTRY_VERIFY_WITH_TIMEOUT(frames.count() >= 3, ptest::kAwaitMs);
}

void TestSessionFeed::pauseStopsTheTimer()
{
    int calls = 0;
    SessionFeed feed;
    feed.setInterval(100);
    feed.setPaused(true);
    QVERIFY(feed.isPaused());
    feed.setSource(std::make_unique<CountingSource>(&calls));
    QCOMPARE(calls, 1); // the first frame still comes
    QSignalSpy frames(&feed, &SessionFeed::frameReady);
    feed.tick(); // an explicit tick works while paused ("Refresh Now")
    QCOMPARE(frames.count(), 1);
    // Paused: the timer is stopped, so no frame comes without an explicit tick; resuming
    // restarts it.
    feed.setPaused(false);
    QTRY_VERIFY_WITH_TIMEOUT(frames.count() >= 2, ptest::kAwaitMs);
}

void TestSessionFeed::liveSourceShowsThisProcess()
{
    SessionFeed feed;
    feed.setInterval(10000);
    QSignalSpy frames(&feed, &SessionFeed::frameReady);
    feed.setSource(std::make_unique<LiveSource>(*proclab::Session::current()));
    QCOMPARE(frames.count(), 1);
    const FeedFrame& f = feed.lastFrame();
    QVERIFY(f.live);
    QVERIFY(f.snapshot.process(::getpid()) != nullptr);
    QCOMPARE(feed.source()->name(), QString::fromStdString(proclab::Session::current()->name()));
}

PROCLAB_UI_TEST_MAIN(TestSessionFeed)
#include "tst_session_feed.moc"

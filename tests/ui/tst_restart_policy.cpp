// RestartPolicy: restarts only after a failure the user did not cause, at most maxRetries times,
// each back-off twice the previous one.
#include "controllers/restart_policy.h"

#include <QTest>

class TestRestartPolicy : public QObject {
    Q_OBJECT

private slots:
    void next_data();
    void next();
    void delayIsCapped();
};

void TestRestartPolicy::next_data()
{
    QTest::addColumn<bool>("onFailure");
    QTest::addColumn<int>("maxRetries");
    QTest::addColumn<QList<int>>("exitcodes");
    QTest::addColumn<bool>("stoppedByUser");
    QTest::addColumn<QList<int>>("delays"); // -1: no restart

    QTest::newRow("never") << false << 3 << QList<int>{1} << false << QList<int>{-1};
    QTest::newRow("success is not restarted") << true << 3 << QList<int>{0} << false << QList<int>{-1};
    QTest::newRow("stopped by the user") << true << 3 << QList<int>{-15} << true << QList<int>{-1};
    QTest::newRow("growing back-off") << true << 3 << QList<int>{1, 1, 1, 1} << false << QList<int>{100, 200, 400, -1};
    QTest::newRow("crash counts as failure") << true << 1 << QList<int>{-11, -11} << false << QList<int>{100, -1};
    QTest::newRow("no retries") << true << 0 << QList<int>{1} << false << QList<int>{-1};
}

void TestRestartPolicy::next()
{
    QFETCH(bool, onFailure);
    QFETCH(int, maxRetries);
    QFETCH(QList<int>, exitcodes);
    QFETCH(bool, stoppedByUser);
    QFETCH(QList<int>, delays);
    RestartPolicy policy(onFailure, maxRetries, 100);
    QCOMPARE(exitcodes.size(), delays.size());
    for (int i = 0; i < exitcodes.size(); ++i) {
        const std::optional<int> delay = policy.next(exitcodes[i], stoppedByUser);
        QCOMPARE(delay.value_or(-1), delays[i]);
    }
    QVERIFY(policy.attempt() <= maxRetries);
}

void TestRestartPolicy::delayIsCapped()
{
    QCOMPARE(RestartPolicy::delayMs(10, 0), 10);
    QCOMPARE(RestartPolicy::delayMs(10, 10), 10 * 1024);
    QCOMPARE(RestartPolicy::delayMs(10, 30), 10 * 1024); // no overflow for many retries
    RestartPolicy resumed(true, 5, 100, 2);              // a restarted run goes on counting
    QCOMPARE(resumed.next(1, false).value_or(-1), 400);
    QCOMPARE(resumed.attempt(), 3);
}

QTEST_GUILESS_MAIN(TestRestartPolicy)
#include "tst_restart_policy.moc"

// OutputStore / OutputModel / OutputPanel: lines split and kept per process, the per-process cap
// (oldest dropped and counted), switching the process shown loses nothing, search, and 100,000
// lines a second through the tick without freezing the window (time per tick measured).
#include "leak_check_fixture.h"
#include "models/output_model.h"
#include "models/output_store.h"
#include "panels/output_panel.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QListView>
#include <QTest>

class TestOutputPanel : public LeakCheckedTest {
    Q_OBJECT

private slots:
    void splitsLines();
    void capDropsOldest();
    void modelUnderTester();
    void switchingKeepsOutput();
    void hundredThousandLinesPerSecond();
};

void TestOutputPanel::splitsLines()
{
    OutputStore store;
    store.append(1, false, "hel");
    store.append(1, false, "lo\nwor");
    store.append(1, true, "oops\r\n");
    QCOMPARE(store.totalLines(1), quint64(2));
    store.flush(1, false);
    const auto* lines = store.lines(1);
    QCOMPARE(lines->size(), std::size_t(3));
    QCOMPARE((*lines)[0].text, QStringLiteral("hello"));
    QCOMPARE((*lines)[1].text, QStringLiteral("oops"));
    QVERIFY((*lines)[1].stderrLine);
    QCOMPARE((*lines)[2].text, QStringLiteral("wor"));
}

void TestOutputPanel::capDropsOldest()
{
    OutputStore store;
    store.setCapPerProcess(100);
    QByteArray chunk;
    for (int i = 1; i <= 250; ++i)
        chunk += "line " + QByteArray::number(i) + '\n';
    store.append(7, false, chunk);
    store.append(8, false, "other\n");
    QCOMPARE(store.lines(7)->size(), std::size_t(100));
    QCOMPARE(store.dropped(7), quint64(150));
    QCOMPARE(store.lines(7)->front().text, QStringLiteral("line 151"));
    QCOMPARE(store.dropped(8), quint64(0)); // per process

    OutputPanel panel(&store);
    panel.takeNewLines();
    panel.showProcess(7);
    QVERIFY2(panel.droppedText().contains(QStringLiteral("150")), qPrintable(panel.droppedText()));
}

void TestOutputPanel::modelUnderTester()
{
    OutputStore store;
    OutputModel model(&store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCap(50);
    store.append(1, false, "a\nb\n");
    store.append(2, false, "c\n");
    model.appendLines(store.takeNew());
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(2).data().toString(), QStringLiteral("[2] c"));
    QByteArray many;
    for (int i = 0; i < 120; ++i)
        many += "x\n";
    store.append(1, false, many);
    model.appendLines(store.takeNew());
    QCOMPARE(model.rowCount(), 50);
    model.setPid(2);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0).data().toString(), QStringLiteral("c"));
    QVERIFY(model.index(0).data(Qt::ForegroundRole).value<QColor>().isValid());
}

void TestOutputPanel::switchingKeepsOutput()
{
    OutputStore store;
    OutputPanel panel(&store);
    store.append(10, false, "first\nsecond\n");
    store.append(11, false, "other\n");
    panel.takeNewLines();
    panel.showProcess(11);
    QCOMPARE(panel.model()->rowCount(), 1);
    panel.showProcess(10);
    QCOMPARE(panel.model()->rowCount(), 2);
    panel.showProcess(0);
    QCOMPARE(panel.model()->rowCount(), 3);
    panel.setSearchText(QStringLiteral("sec"));
    QCOMPARE(panel.view()->model()->rowCount(), 1);
}

void TestOutputPanel::hundredThousandLinesPerSecond()
{
    // One second of a process printing 100,000 lines a second, at a 10 Hz tick: each tick brings
    // 10,000 lines to the store (as the controller's reads do) and the panel shows them.
    OutputStore store;
    OutputPanel panel(&store);
    panel.resize(800, 400);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QByteArray chunk;
    for (int i = 0; i < 10000; ++i)
        chunk += "a line of output that a busy process prints, number " + QByteArray::number(i) + '\n';
    qint64 worstNs = 0, totalNs = 0;
    constexpr int kTicks = 10;
    for (int t = 0; t < kTicks; ++t) {
        QElapsedTimer timer;
        timer.start();
        store.append(4242, false, chunk);
        panel.takeNewLines();
        QCoreApplication::processEvents(); // the view lays out and paints
        const qint64 ns = timer.nsecsElapsed();
        worstNs = std::max(worstNs, ns);
        totalNs += ns;
    }
    qInfo("100k lines/s at 10 Hz: %.1f ms per tick on average, %.1f ms worst (store, model, view)",
          double(totalNs) / kTicks / 1e6, double(worstNs) / 1e6);
    QCOMPARE(store.totalLines(4242), quint64(100000));
    QCOMPARE(store.lines(4242)->size(), std::size_t(store.capPerProcess()));
    QVERIFY(panel.model()->rowCount() <= panel.model()->cap());
    // Far below a tick: the window stays responsive (generous bound for a loaded CI machine).
    QVERIFY2(double(totalNs) / kTicks < 80e6, "a tick takes longer than 80 ms");
}

QTEST_MAIN(TestOutputPanel)
#include "tst_output_panel.moc"

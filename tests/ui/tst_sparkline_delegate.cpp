// SparklineDelegate, the CPU % sparkline of the process table: the polyline of a history (none,
// one sample, a spike, values over the scale's top, more samples than pixels), the part of the
// cell the line takes beside the value's text, and the painted cell read back pixel by pixel: a
// line is drawn in the cell's band, on the side away from the digits, never over them (without
// comparing whole images, whose antialiased edges differ between machines).
#include "leak_check_fixture.h"
#include "plots/sparkline_delegate.h"
#include "test_main.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QHash>
#include <QHeaderView>
#include <QImage>
#include <QStandardItemModel>
#include <QTableView>
#include <QTest>

#include <cmath>

namespace {

const QRectF kRect(10, 5, 100, 20); // off the origin: a point placed from (0, 0) shows

/// How high a point stands in kRect: 0 at the bottom, 1 at the top.
double levelOf(const QPointF& p)
{
    return (kRect.bottom() - p.y()) / kRect.height();
}

/// What the line and its filled area look like against the white base: blue over red; the text
/// is grey (black, antialiased).
bool isLinePixel(QRgb c)
{
    return qBlue(c) - qRed(c) > 25;
}

bool isTextPixel(QRgb c)
{
    return std::max({qRed(c), qGreen(c), qBlue(c)}) < 160 && qBlue(c) - qRed(c) < 20;
}

/// The columns (x) of `image` inside `band` where pixels satisfy `test`.
template <class Test>
QList<int> columnsWhere(const QImage& image, const QRect& band, Test test)
{
    QList<int> xs;
    for (int x = band.left(); x <= band.right(); ++x)
        for (int y = band.top(); y <= band.bottom(); ++y)
            if (test(image.pixel(x, y))) {
                xs << x;
                break;
            }
    return xs;
}

} // namespace

class TestSparklineDelegate : public LeakCheckedTest {
    Q_OBJECT

private slots:
    void polyline_data();
    void polyline();
    void lineRect_data();
    void lineRect();
    void paintedCell_data();
    void paintedCell();
};

void TestSparklineDelegate::polyline_data()
{
    QTest::addColumn<QList<double>>("values");
    QTest::addColumn<double>("maximum");
    QTest::addColumn<QList<double>>("levels"); // each point's height, 0 (bottom) to 1 (top)

    QTest::newRow("empty history") << QList<double>{} << 100.0 << QList<double>{};
    QTest::newRow("one sample: no line yet") << QList<double>{50} << 100.0 << QList<double>{};
    QTest::newRow("two samples") << QList<double>{0, 100} << 100.0 << QList<double>{0, 1};
    QTest::newRow("a spike") << QList<double>{0, 0, 100, 0, 0} << 100.0 << QList<double>{0, 0, 1, 0, 0};
    QTest::newRow("a small spike keeps its scale") << QList<double>{0, 25, 0} << 100.0 << QList<double>{0, 0.25, 0};
    QTest::newRow("over 100 % (threads on several CPUs) stays in the cell")
        << QList<double>{50, 150, 250, 100} << 100.0 << QList<double>{0.5, 1, 1, 1};
    QTest::newRow("negative clamped to the bottom") << QList<double>{-5, 10} << 100.0 << QList<double>{0, 0.1};
    QTest::newRow("no fixed top: the largest value is the top")
        << QList<double>{2, 4, 8} << 0.0 << QList<double>{0.25, 0.5, 1};
    QTest::newRow("no fixed top, all idle: flat at the bottom") << QList<double>{0, 0} << 0.0 << QList<double>{0, 0};

    // More samples than the rect has pixels: every sample stays, squeezed into the width.
    QList<double> many;
    QList<double> manyLevels;
    for (int i = 0; i < 500; ++i) {
        many << double(i % 7 == 0 ? 80 : 10);
        manyLevels << (i % 7 == 0 ? 0.8 : 0.1);
    }
    QTest::newRow("history longer than the width") << many << 100.0 << manyLevels;
}

void TestSparklineDelegate::polyline()
{
    QFETCH(QList<double>, values);
    QFETCH(double, maximum);
    QFETCH(QList<double>, levels);

    SparklineDelegate delegate({});
    delegate.setMaximum(maximum);
    const QPolygonF line = delegate.polyline(values, kRect);
    QCOMPARE(line.size(), levels.size());
    if (line.isEmpty())
        return;
    // Oldest at the left edge, newest at the right edge, evenly spaced, never outside the rect.
    QCOMPARE(line.first().x(), kRect.left());
    QCOMPARE(line.last().x(), kRect.right());
    const double step = kRect.width() / double(line.size() - 1);
    for (qsizetype i = 0; i < line.size(); ++i) {
        QVERIFY2(std::abs(line[i].x() - (kRect.left() + step * double(i))) < 1e-9, qPrintable(QString::number(i)));
        QVERIFY2(line[i].y() >= kRect.top() && line[i].y() <= kRect.bottom(), qPrintable(QString::number(i)));
        QVERIFY2(std::abs(levelOf(line[i]) - levels[i]) < 1e-9,
                 qPrintable(
                     QStringLiteral("point %1 at level %2, expected %3").arg(i).arg(levelOf(line[i])).arg(levels[i])));
    }
}

void TestSparklineDelegate::lineRect_data()
{
    QTest::addColumn<QRectF>("cell");
    QTest::addColumn<double>("textWidth");
    QTest::addColumn<bool>("textRight");
    QTest::addColumn<QRectF>("expected");

    // The text's width plus a gap of 8 is left to the digits.
    QTest::newRow("text left: the line on the right")
        << QRectF(2, 3, 116, 16) << 20.0 << false << QRectF(30, 3, 88, 16);
    QTest::newRow("text right: the line on the left") << QRectF(2, 3, 116, 16) << 20.0 << true << QRectF(2, 3, 88, 16);
    QTest::newRow("wide text leaves a short line") << QRectF(0, 0, 70, 16) << 50.0 << false << QRectF(58, 0, 12, 16);
    QTest::newRow("too narrow for both: no line") << QRectF(0, 0, 69, 16) << 50.0 << false << QRectF();
    QTest::newRow("text wider than the cell: no line") << QRectF(0, 0, 40, 16) << 60.0 << true << QRectF();
}

void TestSparklineDelegate::lineRect()
{
    QFETCH(QRectF, cell);
    QFETCH(double, textWidth);
    QFETCH(bool, textRight);
    QFETCH(QRectF, expected);

    const QRectF rect = SparklineDelegate::lineRect(cell, textWidth, textRight);
    QCOMPARE(rect, expected);
    if (!rect.isEmpty()) {
        QVERIFY(cell.contains(rect));
        // The digits' span and the line's do not meet.
        const double textLeft = textRight ? cell.right() - textWidth : cell.left();
        QVERIFY(rect.right() <= textLeft || rect.left() >= textLeft + textWidth);
    }
}

void TestSparklineDelegate::paintedCell_data()
{
    QTest::addColumn<int>("columnWidth");
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("alignment"); // the model's Qt::TextAlignmentRole (0: none)
    QTest::addColumn<QList<double>>("values");
    QTest::addColumn<bool>("lineDrawn");

    const QList<double> spike{0, 0, 5, 100, 5, 0, 0};
    const QList<double> busy{60, 90, 100, 120, 80, 95};
    const int right = int(Qt::AlignRight | Qt::AlignVCenter);
    // The process table aligns numbers to the right.
    QTest::newRow("right-aligned value, as in the process table")
        << 120 << QStringLiteral("42.0 %") << right << spike << true;
    QTest::newRow("left-aligned value") << 120 << QStringLiteral("42.0 %") << int(Qt::AlignLeft) << spike << true;
    QTest::newRow("no alignment given") << 120 << QStringLiteral("3.5 %") << 0 << busy << true;
    QTest::newRow("long value in a narrow column") << 90 << QStringLiteral("100.0 %") << right << busy << true;
    QTest::newRow("too narrow for a line: only the value") << 44 << QStringLiteral("100.0 %") << right << busy << false;
    QTest::newRow("idle: only the value") << 120 << QStringLiteral("0.0 %") << right << QList<double>{0, 0, 0} << false;
    QTest::newRow("one sample: only the value") << 120 << QStringLiteral("7.0 %") << right << QList<double>{7} << false;
}

void TestSparklineDelegate::paintedCell()
{
    QFETCH(int, columnWidth);
    QFETCH(QString, text);
    QFETCH(int, alignment);
    QFETCH(QList<double>, values);
    QFETCH(bool, lineDrawn);

    QStandardItemModel model(1, 2);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setData(model.index(0, 0), 4242);
    model.setData(model.index(0, 1), text);
    model.setData(model.index(0, 1), 4242, Qt::UserRole);
    if (alignment)
        model.setData(model.index(0, 1), alignment, Qt::TextAlignmentRole);
    int lookups = 0;
    const QHash<pid_t, QList<double>> history{{4242, values}};
    QTableView table;
    auto* delegate = new SparklineDelegate(
        [&](pid_t pid) {
            ++lookups;
            return history.value(pid);
        },
        &table);
    delegate->setMaximum(100);
    table.setModel(&model);
    table.setItemDelegateForColumn(1, delegate);
    table.setShowGrid(false);
    table.verticalHeader()->setDefaultSectionSize(24);
    table.setColumnWidth(1, columnWidth);
    table.resize(400, 120);
    table.show();
    QVERIFY(QTest::qWaitForWindowExposed(&table));

    const QRect cell = table.visualRect(model.index(0, 1));
    const QImage image = table.viewport()->grab().toImage();
    QVERIFY(lookups >= 1);
    const QList<int> textColumns = columnsWhere(image, cell, isTextPixel);
    const QList<int> lineColumns = columnsWhere(image, cell, isLinePixel);
    QVERIFY2(!textColumns.isEmpty(), "the value is painted");
    if (!lineDrawn) {
        QVERIFY2(lineColumns.isEmpty(), qPrintable(QStringLiteral("%1 columns of line").arg(lineColumns.size())));
        return;
    }
    QVERIFY2(lineColumns.size() >= 10, qPrintable(QStringLiteral("%1 columns of line").arg(lineColumns.size())));
    // In the cell's band: the line keeps the margins of the cell (3 px above and below).
    for (int y = cell.top(); y <= cell.bottom(); ++y) {
        if (y >= cell.top() + 2 && y <= cell.bottom() - 2)
            continue;
        for (int x = cell.left(); x <= cell.right(); ++x)
            QVERIFY2(!isLinePixel(image.pixel(x, y)), qPrintable(QStringLiteral("line at (%1, %2)").arg(x).arg(y)));
    }
    // Never over the digits: the line's columns lie wholly on one side of the text's.
    const bool lineRight = lineColumns.first() > textColumns.last();
    const bool lineLeft = lineColumns.last() < textColumns.first();
    QVERIFY2(lineRight || lineLeft, qPrintable(QStringLiteral("text in x %1-%2, line in x %3-%4")
                                                   .arg(textColumns.first())
                                                   .arg(textColumns.last())
                                                   .arg(lineColumns.first())
                                                   .arg(lineColumns.last())));
}

PROCLAB_TEST_MAIN_WITH(QApplication, TestSparklineDelegate)
#include "tst_sparkline_delegate.moc"

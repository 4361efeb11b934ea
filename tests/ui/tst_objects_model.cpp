// ObjectsModel on synthetic snapshots: rows per object id, rates between ticks, destroyed objects.
#include "leak_check_fixture.h"
#include "models/objects_model.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using proclab::ObjectKind;
using proclab::ObjectRecord;
using proclab::Snapshot;

namespace {

ObjectRecord obj(proclab::ObjectId id, ObjectKind kind, const char* label)
{
    ObjectRecord o;
    o.id = id;
    o.kind = kind;
    o.label = label;
    o.name = std::string("/proclab-test-") + std::to_string(id);
    o.creator = 42;
    return o;
}

Snapshot snap(std::int64_t t_ms, std::vector<ObjectRecord> os)
{
    Snapshot s;
    s.taken_ns = t_ms * 1'000'000;
    s.objects = std::move(os);
    return s;
}

} // namespace

class TestObjectsModel : public LeakCheckedTest {
    Q_OBJECT

private slots:
    void rowsAndFigures();
    void rates();
    void destroyedObjects();
    void fillText_data();
    void fillText();
};

void TestObjectsModel::rowsAndFigures()
{
    ObjectsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ObjectRecord q = obj(1, ObjectKind::Queue, "Queue");
    q.capacity = 10;
    q.depth = 3;
    ObjectRecord l = obj(2, ObjectKind::Lock, "Lock");
    l.owner = 77;
    l.waiters = 2;
    model.updateFromSnapshot(snap(0, {q, l}));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, ObjectsModel::FillColumn).data().toString(), QStringLiteral("3 / 10"));
    QCOMPARE(model.index(1, ObjectsModel::FillColumn).data().toString(), QStringLiteral("held"));
    QCOMPARE(model.index(1, ObjectsModel::OwnerColumn).data().toInt(), 77);
    QCOMPARE(model.index(1, ObjectsModel::WaitersColumn).data().toInt(), 2);
    for (int c = 0; c < ObjectsModel::ColumnCount; ++c)
        QVERIFY(!model.headerData(c, Qt::Horizontal).toString().isEmpty());

    // A new object is appended; existing rows keep their place.
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.updateFromSnapshot(snap(100, {q, l, obj(3, ObjectKind::Event, "Event")}));
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.rowForId(3), 2);
    QCOMPARE(model.rowForId(1), 0);
}

void TestObjectsModel::rates()
{
    ObjectsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ObjectRecord q = obj(1, ObjectKind::Queue, "Queue");
    model.updateFromSnapshot(snap(0, {q}));
    q.puts = 500;
    q.gets = 250;
    model.updateFromSnapshot(snap(500, {q})); // half a second later
    QCOMPARE(model.index(0, ObjectsModel::PutRateColumn).data().toString(), QStringLiteral("1000"));
    QCOMPARE(model.index(0, ObjectsModel::GetRateColumn).data().toString(), QStringLiteral("500"));
    QVERIFY(model.index(0, ObjectsModel::TotalsColumn).data().toString().contains(QStringLiteral("500")));
}

void TestObjectsModel::destroyedObjects()
{
    ObjectsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ObjectRecord a = obj(1, ObjectKind::Queue, "Queue");
    ObjectRecord b = obj(2, ObjectKind::Lock, "Lock");
    model.updateFromSnapshot(snap(0, {a, b}));
    a.alive = false;
    model.updateFromSnapshot(snap(100, {a, b}));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.rowForId(2), 0);
    model.setShowDestroyed(true);
    QCOMPARE(model.rowCount(), 2);
    QVERIFY(!model.index(model.rowForId(1), 0).data(ObjectsModel::AliveRole).toBool());
}

void TestObjectsModel::fillText_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<qint64>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("event set") << int(ObjectKind::Event) << qint64(1) << QStringLiteral("set");
    QTest::newRow("event clear") << int(ObjectKind::Event) << qint64(0) << QStringLiteral("clear");
    QTest::newRow("semaphore") << int(ObjectKind::Semaphore) << qint64(3) << QStringLiteral("value 3");
    QTest::newRow("free lock") << int(ObjectKind::Lock) << qint64(0) << QStringLiteral("free");
}

void TestObjectsModel::fillText()
{
    QFETCH(int, kind);
    QFETCH(qint64, value);
    QFETCH(QString, text);
    ObjectsModel model;
    ObjectRecord o = obj(1, static_cast<ObjectKind>(kind), "");
    o.value = value;
    model.updateFromSnapshot(snap(0, {o}));
    QCOMPARE(model.index(0, ObjectsModel::FillColumn).data().toString(), text);
}

QTEST_MAIN(TestObjectsModel)
#include "tst_objects_model.moc"

// ProcessTableModel on synthetic snapshots: a correct tree under QAbstractItemModelTester, rows
// keyed by PID (persistent indexes and selections follow a process when rows around it come and
// go), flat mode, states and exit codes as a learner reads them, the filter proxy.
#include "leak_check_fixture.h"
#include "models/process_filter_proxy.h"
#include "models/process_state.h"
#include "models/process_table_model.h"
#include "models/remote_keys.h"

#include <proclab/clock.h>

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QTest>
#include <QTime>

using proclab::ProcessRecord;
using proclab::RunState;
using proclab::Snapshot;

namespace {

ProcessRecord rec(pid_t pid, pid_t ppid, const char* name, RunState state = RunState::Running)
{
    ProcessRecord r;
    r.pid = pid;
    r.ppid = ppid;
    r.name = name;
    r.state = state;
    r.start_ns = 1'000'000'000;
    return r;
}

Snapshot snap(std::vector<ProcessRecord> ps)
{
    Snapshot s;
    s.taken_ns = 5'000'000'000;
    s.processes = std::move(ps);
    return s;
}

ProcessRecord ended(ProcessRecord r, int code, bool joined = true)
{
    r.state = code < 0 ? RunState::Killed : RunState::Exited;
    r.exitcode = code;
    r.end_ns = 4'000'000'000;
    r.joined = joined;
    return r;
}

} // namespace

Q_DECLARE_METATYPE(ProcessRecord)
Q_DECLARE_METATYPE(DisplayState)

class TestProcessTableModel : public LeakCheckedTest {
    Q_OBJECT

private slots:
    void treeStructure();
    void flatMode();
    void rowsFollowPid();
    void reparenting();
    void displayState_data();
    void displayState();
    void exitCodeText();
    void batchedDataChanged();
    void proxyFilterAndScope();
    void columnsAndRoles();
    void startedColumn();
    void createdRowBecomesTheStartedProcess();
    void realParentAndGrouping();
    void restartAttempts();
    void relayedProcessesKeyedApart();
};

void TestProcessTableModel::treeStructure()
{
    ProcessTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.updateFromSnapshot(snap({rec(100, 1, "main"), rec(101, 100, "a"), rec(102, 100, "b"), rec(103, 101, "a1")}));
    QCOMPARE(model.rowCount(), 1);
    const QModelIndex main = model.index(0, 0);
    QCOMPARE(model.pidAt(main), pid_t(100));
    QCOMPARE(model.rowCount(main), 2);
    const QModelIndex a = model.index(0, 0, main);
    QCOMPARE(model.pidAt(a), pid_t(101));
    QCOMPARE(model.rowCount(a), 1);
    QCOMPARE(model.pidAt(model.index(0, 0, a)), pid_t(103));
    QCOMPARE(model.parent(model.index(0, 0, a)), a);
    QCOMPARE(model.indexForPid(103), model.index(0, 0, a));

    // New children arrive under their parents; a child listed before its parent still nests.
    model.updateFromSnapshot(snap({rec(100, 1, "main"), rec(101, 100, "a"), rec(102, 100, "b"), rec(103, 101, "a1"),
                                   rec(105, 104, "late-child"), rec(104, 102, "b1")}));
    QCOMPARE(model.processCount(), 6);
    const QModelIndex b1 = model.indexForPid(104);
    QCOMPARE(model.pidAt(b1.parent()), pid_t(102));
    QCOMPARE(model.pidAt(model.indexForPid(105).parent()), pid_t(104));
    QCOMPARE(model.subtreeOf(102), (QSet<int>{102, 104, 105}));
}

void TestProcessTableModel::flatMode()
{
    ProcessTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const Snapshot s = snap({rec(100, 1, "main"), rec(101, 100, "a"), rec(103, 101, "a1")});
    model.updateFromSnapshot(s);
    model.setTreeMode(false);
    QCOMPARE(model.rowCount(), 3);
    for (int r = 0; r < 3; ++r)
        QCOMPARE(model.rowCount(model.index(r, 0)), 0);
    model.updateFromSnapshot(snap({rec(100, 1, "main"), rec(101, 100, "a"), rec(103, 101, "a1"), rec(104, 103, "x")}));
    QCOMPARE(model.rowCount(), 4);
    model.setTreeMode(true);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.processCount(), 4);
}

void TestProcessTableModel::rowsFollowPid()
{
    // htop's trap: the row a user selected must still be the same process after rows before it
    // disappear, and an action taken then must hit that process.
    ProcessTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTreeMode(false);
    model.updateFromSnapshot(snap({rec(10, 1, "a"), rec(11, 1, "b"), rec(12, 1, "c"), rec(13, 1, "d")}));
    QItemSelectionModel selection(&model);
    selection.select(model.indexForPid(12), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    const QPersistentModelIndex held(model.indexForPid(12));
    QCOMPARE(held.row(), 2);

    // 10 and 11 vanish (slots reused), 14 arrives.
    model.updateFromSnapshot(snap({rec(12, 1, "c"), rec(13, 1, "d"), rec(14, 1, "e")}));
    QVERIFY(held.isValid());
    QCOMPARE(held.row(), 0);
    QCOMPARE(model.pidAt(held), pid_t(12));
    const QModelIndexList rows = selection.selectedRows();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(model.pidAt(rows.first()), pid_t(12));
}

void TestProcessTableModel::relayedProcessesKeyedApart()
{
    // An MPI rank relayed from another host may have the PID of a process of this host: both get
    // a row of their own, each shows its PID, the relayed one its host, under the pool's process.
    ProcessTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ProcessRecord rank = rec(101, 100, "node2:1");
    rank.host = "node2";
    rank.rank = 1;
    model.updateFromSnapshot(snap({rec(100, 1, "main"), rec(101, 100, "local child"), rank}));
    QCOMPARE(model.processCount(), 3);
    const pid_t key = RemoteKeys::key("node2", 101);
    QVERIFY(RemoteKeys::isRemote(key) && key != RemoteKeys::key("node3", 101));
    QCOMPARE(RemoteKeys::key("", 101), pid_t(101));
    QCOMPARE(RemoteKeys::pidOf(key), pid_t(101));
    QVERIFY(model.record(101) && !model.record(101)->remote());
    QVERIFY(model.record(key) && model.record(key)->remote());
    const QModelIndex local = model.indexForPid(101, ProcessTableModel::PidColumn);
    const QModelIndex remote = model.indexForPid(key, ProcessTableModel::PidColumn);
    QVERIFY(local.isValid() && remote.isValid() && local != remote);
    QCOMPARE(local.data().toInt(), 101);
    QCOMPARE(remote.data().toInt(), 101); // the PID on its host
    QCOMPARE(remote.data(ProcessTableModel::PidRole).toInt(), int(key));
    QVERIFY(remote.data(Qt::ToolTipRole).toString().contains(QStringLiteral("node2")));
    QCOMPARE(model.pidAt(remote.parent()), pid_t(100)); // under the pool's process
    // The next tick: the same rows (the relayed one keeps its key); the rank ends, the local
    // child's row is untouched.
    const QPersistentModelIndex held(remote);
    model.updateFromSnapshot(snap({rec(100, 1, "main"), rec(101, 100, "local child"), ended(rank, 0)}));
    QVERIFY(held.isValid());
    QCOMPARE(RemoteKeys::key("node2", 101), key);
    QCOMPARE(int(model.record(key)->state), int(RunState::Exited));
    QCOMPARE(int(model.record(101)->state), int(RunState::Running));
}

void TestProcessTableModel::reparenting()
{
    // A child whose parent died is adopted (its ppid changes): it moves, keeping its identity.
    ProcessTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.updateFromSnapshot(snap({rec(100, 1, "main"), rec(101, 100, "mid"), rec(102, 101, "leaf")}));
    QCOMPARE(model.pidAt(model.indexForPid(102).parent()), pid_t(101));
    model.updateFromSnapshot(snap({rec(100, 1, "main"), ended(rec(101, 100, "mid"), -9), rec(102, 100, "leaf")}));
    QCOMPARE(model.pidAt(model.indexForPid(102).parent()), pid_t(100));
    QCOMPARE(model.rowCount(model.indexForPid(100)), 2);
    // The parent's record disappears: its children become roots.
    model.updateFromSnapshot(snap({rec(101, 100, "mid"), rec(102, 101, "leaf")}));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.pidAt(model.index(0, 0)), pid_t(101));
}

void TestProcessTableModel::displayState_data()
{
    QTest::addColumn<ProcessRecord>("record");
    QTest::addColumn<DisplayState>("state");
    QTest::addColumn<bool>("live");
    QTest::newRow("running") << rec(1, 0, "x") << DisplayState::Running << true;
    QTest::newRow("blocked") << rec(1, 0, "x", RunState::Blocked) << DisplayState::Blocked << true;
    QTest::newRow("stopped") << rec(1, 0, "x", RunState::Stopped) << DisplayState::Stopped << true;
    QTest::newRow("created") << rec(-1, 0, "x", RunState::Created) << DisplayState::Created << true;
    QTest::newRow("exited ok") << ended(rec(1, 0, "x"), 0) << DisplayState::ExitedOk << false;
    QTest::newRow("failed") << ended(rec(1, 0, "x"), 1) << DisplayState::Failed << false;
    QTest::newRow("killed") << ended(rec(1, 0, "x"), -15) << DisplayState::Killed << false;
    QTest::newRow("zombie until joined") << ended(rec(1, 0, "x"), 0, false) << DisplayState::Zombie << false;
    QTest::newRow("zombie in /proc") << rec(1, 0, "x", RunState::Zombie) << DisplayState::Zombie << false;
}

void TestProcessTableModel::displayState()
{
    QFETCH(ProcessRecord, record);
    QFETCH(DisplayState, state);
    QFETCH(bool, live);
    QCOMPARE(displayStateOf(record), state);
    QCOMPARE(isLive(state), live);
    QVERIFY(!displayStateName(state).isEmpty());
    const QString why = displayStateExplanation(state);
    QVERIFY(why.endsWith(QLatin1Char('.')));
    QCOMPARE(why.count(QStringLiteral(". ")), 0); // one sentence
    QVERIFY(!displayStateIcon(state).isNull());
    QVERIFY(displayStateColor(state).isValid());
}

void TestProcessTableModel::exitCodeText()
{
    ProcessTableModel model;
    model.updateFromSnapshot(
        snap({ended(rec(7, 1, "t"), -15), ended(rec(8, 1, "ok"), 0), ended(rec(9, 1, "f"), 1), rec(10, 1, "live")}));
    QCOMPARE(model.indexForPid(7, ProcessTableModel::ExitCodeColumn).data().toString(),
             QStringLiteral("\u221215 (SIGTERM)"));
    QCOMPARE(model.indexForPid(8, ProcessTableModel::ExitCodeColumn).data().toString(), QStringLiteral("0"));
    QCOMPARE(model.indexForPid(9, ProcessTableModel::ExitCodeColumn).data().toString(), QStringLiteral("1"));
    QVERIFY(model.indexForPid(10, ProcessTableModel::ExitCodeColumn).data().toString().isEmpty());
    QCOMPARE(model.indexForPid(7, ProcessTableModel::StateColumn).data().toString(), QStringLiteral("killed"));
    QVERIFY(model.indexForPid(7, ProcessTableModel::ExitCodeColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("15")));
}

void TestProcessTableModel::batchedDataChanged()
{
    ProcessTableModel model;
    model.setTreeMode(false);
    std::vector<ProcessRecord> ps;
    for (int i = 0; i < 200; ++i)
        ps.push_back(rec(1000 + i, 1, "w"));
    model.updateFromSnapshot(snap(ps));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    for (auto& p : ps)
        p.cpu_percent = 50;
    model.updateFromSnapshot(snap(ps));
    QCOMPARE(changed.count(), 1); // one per parent and tick
    QCOMPARE(inserted.count(), 0);
    // Ended rows whose record did not change are not re-announced.
    for (auto& p : ps)
        p = ended(p, 0);
    model.updateFromSnapshot(snap(ps));
    changed.clear();
    model.updateFromSnapshot(snap(ps));
    QCOMPARE(changed.count(), 0);
}

void TestProcessTableModel::proxyFilterAndScope()
{
    ProcessTableModel model;
    ProcessFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.updateFromSnapshot(
        snap({rec(100, 1, "main"), rec(101, 100, "producer"), rec(102, 100, "consumer"), rec(103, 101, "helper")}));
    proxy.setFilterText(QStringLiteral("helper"));
    // Recursive: the ancestors of a match stay, to show where it is.
    QCOMPARE(proxy.rowCount(), 1);
    const QModelIndex main = proxy.index(0, 0);
    QCOMPARE(proxy.rowCount(main), 1);
    QCOMPARE(proxy.index(0, 0, main).data(ProcessTableModel::PidRole).toInt(), 101);
    proxy.setFilterText(QString());
    proxy.setScope(model.subtreeOf(101));
    QCOMPARE(proxy.rowCount(), 1); // main is kept as the path to the subtree
    proxy.setScope({});
    QCOMPARE(proxy.rowCount(proxy.index(0, 0)), 2);

    // Sorting by PID descending, numerically.
    proxy.sort(ProcessTableModel::PidColumn, Qt::DescendingOrder);
    QCOMPARE(proxy.index(0, 0, proxy.index(0, 0)).data(ProcessTableModel::PidRole).toInt(), 102);
}

void TestProcessTableModel::columnsAndRoles()
{
    ProcessTableModel model;
    QCOMPARE(model.columnCount(), int(ProcessTableModel::ColumnCount));
    for (int c = 0; c < ProcessTableModel::ColumnCount; ++c)
        QVERIFY(!model.headerData(c, Qt::Horizontal).toString().isEmpty());
    ProcessRecord r = rec(50, 1, "sleeper");
    r.daemon = true;
    r.rss_bytes = 3 * 1024 * 1024;
    model.updateFromSnapshot(snap({r}));
    const QModelIndex i = model.indexForPid(50);
    QCOMPARE(i.data(ProcessTableModel::PidRole).toInt(), 50);
    QVERIFY(i.data(ProcessTableModel::LiveRole).toBool());
    QVERIFY(
        model.indexForPid(50, ProcessTableModel::DaemonColumn).data().toString().contains(QStringLiteral("daemon")));
    QVERIFY(!model.indexForPid(50, ProcessTableModel::RssColumn).data().toString().isEmpty());
    QVERIFY(!model.indexForPid(50, ProcessTableModel::StateColumn).data(Qt::DecorationRole).isNull());
    QVERIFY(!model.indexForPid(50, ProcessTableModel::StateColumn).data(Qt::ToolTipRole).toString().isEmpty());
    QCOMPARE(model.indexForPid(50, ProcessTableModel::RunTimeColumn).data().toString(), QStringLiteral("4.0 s"));
}

void TestProcessTableModel::startedColumn()
{
    // Started is the wall-clock time the process started: the same text whenever it is painted,
    // for live and ended rows alike; a created (not started) process has none.
    ProcessTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const std::int64_t now = proclab::now_ns();
    ProcessRecord early = rec(10, 1, "early");
    early.start_ns = now - 45'000'000'000LL;
    ProcessRecord late = ended(rec(11, 1, "late"), 0);
    late.start_ns = now - 15'000'000'000LL;
    late.end_ns = now - 1'000'000'000LL;
    ProcessRecord created = rec(-3, 1, "created", RunState::Created);
    created.start_ns = now - 60'000'000'000LL; // when it was created: not a start
    Snapshot s = snap({early, late, created});
    s.taken_ns = now;
    model.updateFromSnapshot(s);
    const auto startedAt = [&](pid_t pid) {
        return QTime::fromString(model.indexForPid(pid, ProcessTableModel::StartedColumn).data().toString(),
                                 QStringLiteral("hh:mm:ss"));
    };
    QVERIFY(startedAt(10).isValid());
    QVERIFY(startedAt(11).isValid());
    // 30 s apart, as the processes started (a second boundary may fall in between).
    const int apart = startedAt(10).secsTo(startedAt(11));
    QVERIFY2(apart == 30 || apart == 31 || apart == 29 || apart == 30 - 86400, qPrintable(QString::number(apart)));
    const int ago = startedAt(10).secsTo(QTime::currentTime());
    QVERIFY2(ago >= 44 && ago <= 47, qPrintable(QString::number(ago)));
    QVERIFY(model.indexForPid(11, ProcessTableModel::StartedColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("ago")));
    // An ended row is not repainted, and needs not be: the next frames change nothing in it.
    const QString endedText = model.indexForPid(11, ProcessTableModel::StartedColumn).data().toString();
    s.taken_ns = now + 20'000'000'000LL;
    model.updateFromSnapshot(s);
    QCOMPARE(model.indexForPid(11, ProcessTableModel::StartedColumn).data().toString(), endedText);
    QCOMPARE(model.indexForPid(11, ProcessTableModel::RunTimeColumn).data().toString(), QStringLiteral("14.0 s"));
    QVERIFY(model.indexForPid(-3, ProcessTableModel::StartedColumn).data().toString().isEmpty());
    QVERIFY(model.indexForPid(-3, ProcessTableModel::RunTimeColumn).data().toString().isEmpty());
}

void TestProcessTableModel::createdRowBecomesTheStartedProcess()
{
    ProcessTableModel model;
    ProcessFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.sort(ProcessTableModel::PidColumn, Qt::AscendingOrder);
    ProcessRecord created = rec(-7, 100, "worker", RunState::Created);
    model.updateFromSnapshot(snap({rec(100, 1, "main"), rec(90, 100, "other"), created}));
    const QModelIndex row = model.indexForPid(-7);
    // No PID before start: a dash, not the internal key.
    QCOMPARE(row.data().toString(), QStringLiteral("\u2014"));
    QCOMPARE(model.indexForPid(-7, ProcessTableModel::PpidColumn).data().toString(), QStringLiteral("\u2014"));
    QVERIFY(!row.data(Qt::ToolTipRole).toString().isEmpty());
    QCOMPARE(row.data(ProcessTableModel::PidRole).toInt(), -7);

    QItemSelectionModel selection(&proxy);
    selection.select(proxy.mapFromSource(row), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QVERIFY(model.rekey(-7, 4242));
    QVERIFY(!model.rekey(-7, 4243)); // no such row any more
    QVERIFY(!model.indexForPid(-7).isValid());
    QCOMPARE(model.indexForPid(4242), row);
    // The sample after the start: the same row, still selected, now sorted after PID 90.
    model.updateFromSnapshot(snap({rec(100, 1, "main"), rec(90, 100, "other"), rec(4242, 100, "worker")}));
    QCOMPARE(removed.count(), 0);
    QCOMPARE(selection.selectedRows().size(), 1);
    QCOMPARE(selection.selectedRows().first().data(ProcessTableModel::PidRole).toInt(), 4242);
    QCOMPARE(selection.selectedRows().first().data().toString(), QStringLiteral("4242"));
    QCOMPARE(proxy.index(1, 0, proxy.index(0, 0)).data(ProcessTableModel::PidRole).toInt(), 4242);
    QVERIFY(!model.indexForPid(4242, ProcessTableModel::StartedColumn).data().toString().isEmpty());
}

void TestProcessTableModel::realParentAndGrouping()
{
    // A fork server's child: the tree shows it under the process that asked for it (100), PPID
    // shows the kernel's parent (the fork server, 150), also once it has ended.
    ProcessTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ProcessRecord window = rec(100, 1, "main");
    window.os_ppid = 77; // the launcher shell is gone: ps shows the new parent
    ProcessRecord server = rec(150, 100, "forkserver");
    ProcessRecord child = rec(151, 100, "child");
    child.os_ppid = 150;
    model.updateFromSnapshot(snap({window, server, child}));
    QCOMPARE(model.indexForPid(100, ProcessTableModel::PpidColumn).data().toInt(), 77);
    QCOMPARE(model.indexForPid(151, ProcessTableModel::PpidColumn).data().toInt(), 150);
    QCOMPARE(model.indexForPid(151).parent(), model.indexForPid(100));
    const QString tip = model.indexForPid(151, ProcessTableModel::PpidColumn).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QStringLiteral("150")) && tip.contains(QStringLiteral("100")), qPrintable(tip));
    QVERIFY(!model.headerData(ProcessTableModel::PpidColumn, Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty());
    ProcessRecord gone = ended(child, 0);
    gone.os_ppid = 0; // not sampled once ended
    model.updateFromSnapshot(snap({window, server, gone}));
    QCOMPARE(model.indexForPid(151, ProcessTableModel::PpidColumn).data().toInt(), 150);
    model.setTreeMode(false);
    QCOMPARE(model.indexForPid(151, ProcessTableModel::PpidColumn).data().toInt(), 150);
    // Sorting is by the PPID shown.
    QCOMPARE(model.indexForPid(151, ProcessTableModel::PpidColumn).data(ProcessTableModel::SortRole).toInt(), 150);
}

void TestProcessTableModel::restartAttempts()
{
    ProcessTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto runs = [](bool gaveUp) {
        QHash<int, ProcessTableModel::Attempt> a;
        a.insert(201, {201, 1, 4, false});
        a.insert(202, {201, 2, 4, false});
        a.insert(203, {201, 3, 4, gaveUp});
        return a;
    };
    model.setAttempts(runs(false));
    model.updateFromSnapshot(snap({rec(100, 1, "main"), ended(rec(201, 100, "flaky"), 1),
                                   ended(rec(202, 100, "flaky"), 1), rec(203, 100, "flaky")}));
    const auto name = [&](pid_t pid) {
        return model.indexForPid(pid, ProcessTableModel::NameColumn).data().toString();
    };
    QCOMPARE(name(201), QStringLiteral("flaky · attempt 1/4"));
    QCOMPARE(name(202), QStringLiteral("flaky · attempt 2/4"));
    // One launch: the restarts under its first run.
    QCOMPARE(model.indexForPid(202).parent(), model.indexForPid(201));
    QCOMPARE(model.indexForPid(203).parent(), model.indexForPid(201));
    QCOMPARE(model.indexForPid(201).parent(), model.indexForPid(100));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setAttempts(runs(true));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(name(203), QStringLiteral("flaky · gave up after 3 retries"));
    model.setTreeMode(false);
    QCOMPARE(model.rowCount(), 4);
}

QTEST_MAIN(TestProcessTableModel)
#include "tst_process_table_model.moc"

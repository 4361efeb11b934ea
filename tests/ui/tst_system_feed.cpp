// SystemFeed with a ProcessesPanel and real processes: the children of a launched command appear
// under their real parents, marked observed, with what they wait on in plain words; the kill-tree
// action kills all of them; one that ends shows its exit code when this process reaped it (an
// adopted orphan), else says it is not observable; a recycled PID is never signalled; switching
// to My / All processes keeps the selection and each scope's columns; a process of another user
// is shown with its actions disabled and the reason. The model runs under QAbstractItemModelTester
// all along, a thousand observed rows appearing and ending in one test.
#include "controller_test.h"
#include "controllers/session_controller.h"
#include "controllers/session_feed.h"
#include "controllers/system_feed.h"
#include "gui_test_support.h"
#include "models/output_store.h"
#include "models/process_filter_proxy.h"
#include "models/process_state.h"
#include "models/process_table_model.h"
#include "panels/process_commands.h"
#include "panels/processes_panel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTreeView>

#include <unistd.h>

using A = ProcessesPanel::Action;

class TestSystemFeed : public ControllerTest {
    Q_OBJECT

    SessionFeed* m_feed = nullptr;
    SystemFeed* m_system = nullptr;
    ProcessesPanel* m_panel = nullptr;
    QAbstractItemModelTester* m_tester = nullptr;

    ProcessTableModel* model() const { return m_panel->model(); }
    QString cell(int pid, int column) { return model()->indexForPid(pid, column).data().toString(); }
    int launchCommand(const QStringList& argv)
    {
        LaunchSpec s;
        s.type = LaunchSpec::Type::Command;
        s.argv = argv;
        QString error;
        const int pid = uitest::launchOneStarted(*m_controller, s, &error);
        if (!error.isEmpty())
            qWarning("launch: %s", qPrintable(error));
        return pid;
    }
    // Shown as alive (an ended observed process stays a while as ended).
    bool liveRow(int pid) const
    {
        const QModelIndex i = model()->indexForPid(pid);
        return i.isValid() && isLive(static_cast<DisplayState>(i.data(ProcessTableModel::DisplayStateRole).toInt()));
    }
    // The live observed descendant of `root` named `name` (0 when not shown yet), a child of
    // `parent` when one is given; ticks once.
    int observedNamed(int root, const QString& name, int parent = 0)
    {
        m_feed->tick();
        for (int pid : model()->subtreeOf(root))
            if (pid != root && cell(pid, ProcessTableModel::NameColumn) == name && liveRow(pid) &&
                (parent == 0 || model()->indexForPid(pid).data(ProcessTableModel::PpidRole).toInt() == parent) &&
                model()->indexForPid(pid).data(ProcessTableModel::ObservedRole).toBool())
                return pid;
        return 0;
    }

private slots:
    void init();
    void cleanup();
    void descendantsUnderTheirParents();
    void blockedOn_data();
    void blockedOn();
    void endedObservedProcess();
    void adoptedOrphanExitCode();
    void thousandObservedRows();
    void scopeSwitchKeepsSelectionAndColumns();
    void otherUsersProcessHasActionsDisabled();
};

void TestSystemFeed::init()
{
    ControllerTest::init();
    m_feed = makeLiveFeed();
    m_system = new SystemFeed(this);
    m_panel = new ProcessesPanel(m_controller);
    // Kill Tree acts at once here: its confirmation is tst_process_commands' subject.
    m_panel->commands()->action(ProcessCommands::Command::ConfirmActions)->setChecked(false);
    m_tester =
        new QAbstractItemModelTester(m_panel->model(), QAbstractItemModelTester::FailureReportingMode::QtTest, this);
    m_panel->setSystemFeed(m_system);
    // As in the window: the controller reaps orphans adopted by this process on each tick.
    connect(m_feed, &SessionFeed::frameReady, m_controller, &SessionController::onFrame);
    connect(m_feed, &SessionFeed::frameReady, m_panel, &ProcessesPanel::onFrame);
    connect(m_feed, &SessionFeed::frameReady, m_system, &SystemFeed::onFrame);
    m_panel->resize(1000, 500);
    m_panel->show();
}

void TestSystemFeed::cleanup()
{
    endAllProcesses();
    delete m_tester;
    delete m_panel;
    delete m_system;
    delete m_feed;
    ControllerTest::cleanup();
}

void TestSystemFeed::descendantsUnderTheirParents()
{
    // bash → bash → bash → sleep ("& wait" keeps each bash from exec'ing its command).
    const int root = launchCommand({QStringLiteral("bash"), QStringLiteral("-c"),
                                    QStringLiteral(R"(bash -c "bash -c \"sleep 60 & wait\" & wait" & wait)")});
    QVERIFY(root > 0);
    int sleeper = 0;
    QTRY_VERIFY_WITH_TIMEOUT((sleeper = observedNamed(root, QStringLiteral("sleep"))) != 0, ptest::kAwaitMs);
    // Up from the sleeper: two observed bash processes, then the launched one; each under its real parent.
    QList<int> chain{sleeper};
    for (int i = 0; i < 3; ++i) {
        const QModelIndex idx = model()->indexForPid(chain.last());
        const int ppid = idx.data(ProcessTableModel::PpidRole).toInt();
        QCOMPARE(model()->parent(idx), model()->indexForPid(ppid));
        chain << ppid;
    }
    QCOMPARE(chain.last(), root);
    for (int pid : chain.mid(0, 3)) {
        QVERIFY(model()->indexForPid(pid).data(ProcessTableModel::ObservedRole).toBool());
        QCOMPARE(cell(pid, ProcessTableModel::KindColumn), QStringLiteral("observed"));
        QVERIFY(!model()->indexForPid(pid, ProcessTableModel::NameColumn).data(Qt::DecorationRole).isNull());
    }
    QVERIFY(!model()->indexForPid(root).data(ProcessTableModel::ObservedRole).toBool());
    QTRY_COMPARE_WITH_TIMEOUT((m_feed->tick(), cell(chain[1], ProcessTableModel::BlockedOnColumn)),
                              QStringLiteral("waiting for a child"), ptest::kAwaitMs);

    // Kill tree from the panel, on the launched command: every level ends, and is reaped (the rows
    // stay a while as ended).
    m_panel->selectOnly({root});
    QVERIFY2(m_panel->action(A::KillTree)->isEnabled(), qPrintable(m_panel->action(A::KillTree)->toolTip()));
    m_panel->action(A::KillTree)->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(m_controller->isEnded(root), ptest::kAwaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                 m_feed->tick();
                                 for (int pid : chain.mid(0, 3))
                                     if (::kill(pid, 0) == 0 || liveRow(pid))
                                         return false;
                                 return true;
                             }()),
                             ptest::kAwaitMs);
}

void TestSystemFeed::blockedOn_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("expected");
    QTest::newRow("sleep") << QStringLiteral("sleep 60; true") << QStringLiteral("sleep")
                           << QStringLiteral("sleeping (nanosleep)");
    QTest::newRow("read on a pipe") << QStringLiteral("sleep 60 | cat; true") << QStringLiteral("cat")
                                    << QStringLiteral("reading a pipe");
}

void TestSystemFeed::blockedOn()
{
    QFETCH(QString, line);
    QFETCH(QString, name);
    QFETCH(QString, expected);
    const int root = launchCommand({QStringLiteral("bash"), QStringLiteral("-c"), line});
    QVERIFY(root > 0);
    int pid = 0;
    QTRY_VERIFY_WITH_TIMEOUT((pid = observedNamed(root, name)) != 0, ptest::kAwaitMs);
    QTRY_COMPARE_WITH_TIMEOUT((m_feed->tick(), cell(pid, ProcessTableModel::BlockedOnColumn)), expected,
                              ptest::kAwaitMs);
    QVERIFY(!model()->indexForPid(pid, ProcessTableModel::BlockedOnColumn).data(Qt::ToolTipRole).toString().isEmpty());
    // Observed: neither started nor joined here, but signalled (through a pidfd).
    QVERIFY(!m_panel->whyNot(A::Join, pid).isEmpty());
    QVERIFY(m_panel->whyNot(A::Stop, pid).isEmpty());
    QVERIFY(m_controller->stop(pid).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(
        (m_feed->tick(), model()->indexForPid(pid).data(ProcessTableModel::DisplayStateRole).toInt()),
        int(DisplayState::Stopped), ptest::kAwaitMs);
    QVERIFY(m_controller->resume(pid).isEmpty());

    // A PID whose start time is not the one the table showed is another process: nothing is sent.
    const quint64 shown = model()->record(pid)->system->start_ticks;
    m_controller->setObservedStartTimes({{pid, shown + 1}});
    QVERIFY(m_controller->kill(pid).contains(QStringLiteral("another process")));
    QCOMPARE(::kill(pid, 0), 0);
    m_controller->setObservedStartTimes({{pid, shown}});
    QVERIFY(m_controller->kill(pid).isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT((m_feed->tick(), ::kill(pid, 0) != 0 && !liveRow(pid)), ptest::kAwaitMs);
}

void TestSystemFeed::endedObservedProcess()
{
    // `timeout` ends after 0.3 s (code 124) and bash, not ProcLab, reaps it: the row stays a while,
    // ended, and says why its exit code is not known here. Never a made-up code.
    const int root = launchCommand(
        {QStringLiteral("bash"), QStringLiteral("-c"), QStringLiteral("timeout 0.3 sleep 60; sleep 60; true")});
    QVERIFY(root > 0);
    int pid = 0;
    QTRY_VERIFY_WITH_TIMEOUT((pid = observedNamed(root, QStringLiteral("timeout"), root)) != 0, ptest::kAwaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(
        (m_feed->tick(), model()->indexForPid(pid).data(ProcessTableModel::DisplayStateRole).toInt()),
        int(DisplayState::Ended), ptest::kAwaitMs);
    QCOMPARE(cell(pid, ProcessTableModel::ExitCodeColumn),
             QStringLiteral("ended (exit code not observable: reaped by its parent PID %1)").arg(root));
    QCOMPARE(model()->parent(model()->indexForPid(pid)), model()->indexForPid(root));
    QVERIFY(!model()->record(pid)->exitcode);
    QVERIFY(!m_panel->whyNot(A::Kill, pid).isEmpty()); // nothing to signal any more
    QTRY_VERIFY_WITH_TIMEOUT(observedNamed(root, QStringLiteral("sleep")) != 0, ptest::kAwaitMs); // bash goes on
}

void TestSystemFeed::adoptedOrphanExitCode()
{
    // `sh` outlives the launched bash (which ends after `sleep 0.3`): orphaned, it is adopted by
    // this process (a child subreaper), which reaps it on a tick; its exit code is then exact.
    // Looked for by name as a child of the launched bash: a fork caught between fork and exec
    // carries its parent's name (bash's before `sleep 0.3`, sh's before `sleep 4`).
    const int root = launchCommand(
        {QStringLiteral("bash"), QStringLiteral("-c"), QStringLiteral("sh -c 'sleep 4; exit 7' & sleep 0.3")});
    QVERIFY(root > 0);
    int pid = 0;
    QTRY_VERIFY_WITH_TIMEOUT((pid = observedNamed(root, QStringLiteral("sh"), root)) != 0, ptest::kAwaitMs);
    QTRY_COMPARE_WITH_TIMEOUT((m_feed->tick(), model()->indexForPid(pid).data(ProcessTableModel::PpidRole).toInt()),
                              static_cast<int>(::getpid()), ptest::kAwaitMs);
    QTRY_VERIFY_WITH_TIMEOUT((m_feed->tick(), model()->record(pid) && model()->record(pid)->exitcode), ptest::kAwaitMs);
    QCOMPARE(*model()->record(pid)->exitcode, 7);
    QCOMPARE(cell(pid, ProcessTableModel::ExitCodeColumn), QStringLiteral("7"));
    QCOMPARE(model()->indexForPid(pid).data(ProcessTableModel::DisplayStateRole).toInt(), int(DisplayState::Failed));
}

void TestSystemFeed::thousandObservedRows()
{
    // A thousand children of one launched script, appearing, sampled and ending under the model
    // tester (a change of most rows is one reset; the rest are batched per parent).
    const int root = launchCommand({QStringLiteral("bash"), QStringLiteral("-c"),
                                    QStringLiteral("for i in $(seq 1000); do sleep 60 & done; wait")});
    QVERIFY(root > 0);
    QTRY_VERIFY_WITH_TIMEOUT((m_feed->tick(), model()->subtreeOf(root).size() == 1001), 30000);
    const QSet<int> tree = model()->subtreeOf(root);
    for (int i = 0; i < 3; ++i)
        m_feed->tick();
    QCOMPARE(model()->rowCount(model()->indexForPid(root)), 1000);
    m_panel->selectOnly({root});
    m_panel->action(A::KillTree)->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                 m_feed->tick();
                                 for (int pid : tree)
                                     if (::kill(pid, 0) == 0 || liveRow(pid))
                                         return false;
                                 return true;
                             }()),
                             30000);
}

void TestSystemFeed::scopeSwitchKeepsSelectionAndColumns()
{
    const int root = launchCommand({QStringLiteral("sleep"), QStringLiteral("60")});
    QVERIFY(root > 0);
    QTRY_VERIFY((m_feed->tick(), model()->indexForPid(root).isValid()));
    m_panel->selectOnly({root});
    QTreeView* view = m_panel->view();
    QVERIFY(view->isColumnHidden(ProcessTableModel::UserColumn));
    QVERIFY(!view->isColumnHidden(ProcessTableModel::KindColumn));
    const int sessionRows = model()->processCount();

    m_panel->setScope(ProcessScope::All);
    QTRY_VERIFY_WITH_TIMEOUT((m_feed->tick(), model()->processCount() > sessionRows + 5 &&
                                                  !cell(root, ProcessTableModel::UserColumn).isEmpty()),
                             ptest::kAwaitMs);
    QCOMPARE(m_panel->selectedPids(), QList<int>{root});
    QVERIFY(!view->isColumnHidden(ProcessTableModel::UserColumn));
    QVERIFY(!view->isColumnHidden(ProcessTableModel::CommandLineColumn));
    QVERIFY(view->isColumnHidden(ProcessTableModel::KindColumn));
    QCOMPARE(cell(root, ProcessTableModel::CommandLineColumn), QStringLiteral("sleep 60"));
    QVERIFY(model()->indexForPid(1).isValid()); // init: the whole machine
    // The filter matches command lines and users too, as htop's does.
    m_panel->proxy()->setFilterText(QStringLiteral("sleep 60"));
    QVERIFY(m_panel->proxy()->mapFromSource(model()->indexForPid(root)).isValid());
    if (model()->indexForPid(2).isValid()) // kthreadd (not in a PID namespace): nothing of its tree matches
        QVERIFY(!m_panel->proxy()->mapFromSource(model()->indexForPid(2)).isValid());
    m_panel->proxy()->setFilterText(QString());
    view->setColumnHidden(ProcessTableModel::ThreadsColumn, true); // the user's choice in this scope
    for (int i = 0; i < 3; ++i)                                    // thousands of rows changing under the model tester
        m_feed->tick();

    m_panel->setScope(ProcessScope::Session);
    QTRY_VERIFY_WITH_TIMEOUT((m_feed->tick(), !model()->indexForPid(1).isValid()), ptest::kAwaitMs);
    QCOMPARE(m_panel->selectedPids(), QList<int>{root});
    QVERIFY(view->isColumnHidden(ProcessTableModel::UserColumn));
    QVERIFY(!view->isColumnHidden(ProcessTableModel::KindColumn));

    m_panel->setScope(ProcessScope::Mine);
    QTRY_VERIFY_WITH_TIMEOUT(
        (m_feed->tick(), model()->indexForPid(::getppid()).isValid() || model()->processCount() > sessionRows),
        ptest::kAwaitMs);
    QCOMPARE(m_panel->selectedPids(), QList<int>{root});
    QVERIFY(view->isColumnHidden(ProcessTableModel::ThreadsColumn)); // kept for the wider scopes
    QVERIFY(!view->isColumnHidden(ProcessTableModel::UserColumn));
    for (int pid : {root, static_cast<int>(::getpid())})
        QCOMPARE(model()->indexForPid(pid).data(ProcessTableModel::UidRole).toInt(), static_cast<int>(::geteuid()));
    m_panel->setScope(ProcessScope::Session);
}

void TestSystemFeed::otherUsersProcessHasActionsDisabled()
{
    const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
    if (setpriv.isEmpty() || ::geteuid() != 0)
        QSKIP("needs setpriv and root to start a process as user nobody (uid 65534)");
    const int root =
        launchCommand({QStringLiteral("bash"), QStringLiteral("-c"),
                       setpriv + QStringLiteral(" --reuid=65534 --regid=65534 --clear-groups sleep 60; true")});
    QVERIFY(root > 0);
    int pid = 0;
    QTRY_VERIFY_WITH_TIMEOUT((pid = observedNamed(root, QStringLiteral("sleep"))) != 0, ptest::kAwaitMs);
    QCOMPARE(model()->indexForPid(pid).data(ProcessTableModel::UidRole).toInt(), 65534);
    m_panel->selectOnly({pid});
    m_feed->tick();
    for (A a : {A::Terminate, A::Kill, A::Stop, A::KillTree}) {
        QVERIFY(!m_panel->action(a)->isEnabled());
        QVERIFY2(m_panel->action(a)->toolTip().contains(QStringLiteral("belongs to user")),
                 qPrintable(m_panel->action(a)->toolTip()));
    }
    // The launched command itself is ours: its tree can still be killed (cleanup does).
    m_panel->selectOnly({root});
    m_feed->tick();
    QVERIFY(m_panel->action(A::KillTree)->isEnabled());
}

PROCLAB_UI_TEST_MAIN(TestSystemFeed)
#include "tst_system_feed.moc"

// ProcessesPanel with real processes: for a process created but not started, running, stopped,
// ended, the window itself and a child the window did not launch, exactly the actions that apply
// are enabled, and a disabled one shows the reason SessionController::whyNot() gives. Triggering
// an action acts on the selected PID, and the selection follows a created process across Start.
#include "controller_test.h"
#include "controllers/session_controller.h"
#include "controllers/session_feed.h"
#include "gui_test_support.h"
#include "models/output_store.h"
#include "models/process_state.h"
#include "models/process_table_model.h"
#include "panels/processes_panel.h"

#include <QAction>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QTreeView>

namespace {

enum class Row { Created, Running, Stopped, Ended, Window, ForeignChild };

using A = ProcessesPanel::Action;
using C = SessionController::Action;

C controllerAction(A a)
{
    switch (a) {
    case A::Start:
        return C::Start;
    case A::Join:
    case A::JoinTimeout:
        return C::Join;
    case A::Daemonize:
        return C::Daemonize;
    case A::Terminate:
        return C::Terminate;
    case A::Kill:
        return C::Kill;
    case A::Stop:
        return C::Stop;
    case A::Continue:
        return C::Continue;
    default:
        return C::KillTree;
    }
}

QList<int> actions(std::initializer_list<A> list)
{
    QList<int> out;
    for (A a : list)
        out << static_cast<int>(a);
    return out;
}

} // namespace

Q_DECLARE_METATYPE(Row)

class TestProcessesPanel : public ControllerTest {
    Q_OBJECT

    SessionFeed* m_feed = nullptr;
    ProcessesPanel* m_panel = nullptr;

    int stateOf(int pid)
    {
        m_feed->tick();
        return m_panel->model()->indexForPid(pid).data(ProcessTableModel::DisplayStateRole).toInt();
    }
    QList<int> enabledActions()
    {
        m_feed->tick();
        QList<int> out;
        for (int i = 1; i < static_cast<int>(A::Count); ++i) // New always applies
            if (m_panel->action(static_cast<A>(i))->isEnabled())
                out << i;
        return out;
    }
    LaunchSpec sleepSpec()
    {
        LaunchSpec s;
        s.task = LaunchSpec::Task::Sleep;
        s.seconds = 30;
        s.name = QStringLiteral("sleeper");
        return s;
    }
    // The process of the given kind; 0 (and a failed check) if it could not be made.
    void makeRow(Row row, int* pid);

private slots:
    void init();
    void cleanup();
    void nothingSelected();
    void actionsFollowTheController_data();
    void actionsFollowTheController();
    void startActsOnTheSelectedProcess();
};

void TestProcessesPanel::init()
{
    ControllerTest::init();
    m_feed = makeLiveFeed();
    m_panel = new ProcessesPanel(m_controller);
    connect(m_feed, &SessionFeed::frameReady, m_panel, &ProcessesPanel::onFrame);
    m_panel->setTreeMode(false);
    m_panel->resize(900, 500);
    m_panel->show();
}

void TestProcessesPanel::cleanup()
{
    endAllProcesses();
    delete m_panel;
    delete m_feed;
    ControllerTest::cleanup();
}

void TestProcessesPanel::makeRow(Row row, int* pid)
{
    *pid = 0;
    switch (row) {
    case Row::Created: {
        LaunchSpec s = sleepSpec();
        s.startNow = false;
        *pid = uitest::launchOneStarted(*m_controller, s);
        QVERIFY(*pid < 0);
        QTRY_COMPARE(stateOf(*pid), int(DisplayState::Created)); // shown from the next frame on
        break;
    }
    case Row::Running:
    case Row::Stopped:
        *pid = uitest::launchOneStarted(*m_controller, sleepSpec());
        QVERIFY(*pid > 0);
        QTRY_COMPARE(stateOf(*pid), int(DisplayState::Running));
        if (row == Row::Stopped) {
            QVERIFY(m_controller->stop(*pid).isEmpty());
            QTRY_COMPARE(stateOf(*pid), int(DisplayState::Stopped));
        }
        break;
    case Row::Ended: {
        LaunchSpec s;
        s.task = LaunchSpec::Task::Fail;
        *pid = uitest::launchOneStarted(*m_controller, s);
        QVERIFY(*pid > 0);
        QTRY_VERIFY(m_controller->isEnded(*pid));
        QTRY_VERIFY(!isLive(static_cast<DisplayState>(stateOf(*pid))));
        break;
    }
    case Row::Window:
        *pid = ::getpid();
        QTRY_VERIFY(stateOf(*pid) >= 0 && m_panel->model()->indexForPid(*pid).isValid());
        break;
    case Row::ForeignChild: {
        LaunchSpec s = sleepSpec();
        s.task = LaunchSpec::Task::SpawnChildren;
        s.count = 1;
        const int parent = uitest::launchOneStarted(*m_controller, s);
        QVERIFY(parent > 0);
        QTRY_VERIFY(([&] {
            m_feed->tick();
            for (int p : m_panel->model()->subtreeOf(parent))
                if (p != parent)
                    *pid = p;
            return *pid != 0 && stateOf(*pid) == int(DisplayState::Running);
        }()));
        QVERIFY(!m_controller->owns(*pid));
        break;
    }
    }
}

void TestProcessesPanel::nothingSelected()
{
    m_feed->tick();
    m_panel->view()->clearSelection();
    QVERIFY(m_panel->action(A::New)->isEnabled());
    QVERIFY(enabledActions().isEmpty());
    QVERIFY(m_panel->action(A::Start)->toolTip().contains(QStringLiteral("Select one or more processes first.")));
}

void TestProcessesPanel::actionsFollowTheController_data()
{
    QTest::addColumn<Row>("row");
    QTest::addColumn<QList<int>>("enabled");
    QTest::newRow("created") << Row::Created << actions({A::Start, A::Daemonize});
    QTest::newRow("running") << Row::Running
                             << actions({A::Join, A::JoinTimeout, A::Terminate, A::Kill, A::Stop, A::KillTree});
    QTest::newRow("stopped") << Row::Stopped
                             << actions({A::Join, A::JoinTimeout, A::Terminate, A::Kill, A::Continue, A::KillTree});
    QTest::newRow("ended") << Row::Ended << actions({A::Join, A::JoinTimeout});
    QTest::newRow("window itself") << Row::Window << actions({});
    QTest::newRow("not launched here") << Row::ForeignChild << actions({A::Terminate, A::Kill, A::Stop, A::KillTree});
}

void TestProcessesPanel::actionsFollowTheController()
{
    QFETCH(Row, row);
    QFETCH(QList<int>, enabled);
    int pid = 0;
    makeRow(row, &pid);
    if (QTest::currentTestFailed())
        return;
    m_panel->view()->clearSelection();
    m_panel->selectPid(pid);
    QCOMPARE(m_panel->selectedPids(), QList<int>{pid});
    QTRY_COMPARE(enabledActions(), enabled);
    for (int i = 1; i < static_cast<int>(A::Count); ++i) {
        const auto a = static_cast<A>(i);
        if (enabled.contains(i))
            continue;
        const QString why = m_controller->whyNot(controllerAction(a), pid, m_panel->model()->record(pid));
        QVERIFY2(!why.isEmpty(), qPrintable(QString::number(i)));
        QVERIFY2(m_panel->action(a)->toolTip().endsWith(QLatin1Char('\n') + why),
                 qPrintable(m_panel->action(a)->toolTip()));
        QCOMPARE(m_panel->whyNot(a, pid), why);
    }
}

void TestProcessesPanel::startActsOnTheSelectedProcess()
{
    int key = 0;
    makeRow(Row::Created, &key);
    if (QTest::currentTestFailed())
        return;
    QSignalSpy started(m_controller, &SessionController::started);
    m_feed->tick();
    m_panel->selectPid(key);
    QCOMPARE(m_panel->model()->indexForPid(key).data().toString(), QStringLiteral("\u2014")); // no PID yet
    QVERIFY(m_panel->action(A::Start)->isEnabled());
    // From Start to the running row the selection is never empty: the row stays the same.
    bool lost = false;
    connect(m_panel->view()->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [&] { lost = lost || m_panel->selectedPids().isEmpty(); });
    // As in the window: each start asks for a frame at once.
    connect(m_controller, &SessionController::started, m_feed, &SessionFeed::tick);
    m_panel->action(A::Start)->trigger();
    QTRY_COMPARE(started.count(), 1);
    QCOMPARE(started.first().at(0).toInt(), key);
    const int pid = started.first().at(1).toInt();
    QVERIFY(m_controller->isStarted(pid));
    // The started process is a new row: start() does not apply to it any more. The selection
    // followed it from the created row, so the toolbar acts on it at once.
    QTRY_COMPARE(stateOf(pid), int(DisplayState::Running));
    QTRY_COMPARE(m_panel->selectedPids(), QList<int>{pid});
    QVERIFY(!lost);
    QCOMPARE(m_panel->model()->indexForPid(pid).data().toString(), QString::number(pid));
    QVERIFY(!m_panel->whyNot(A::Start, pid).isEmpty());
    QVERIFY(m_panel->action(A::Terminate)->isEnabled());
}

PROCLAB_UI_TEST_MAIN(TestProcessesPanel)
#include "tst_processes_panel.moc"

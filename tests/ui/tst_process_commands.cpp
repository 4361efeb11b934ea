// ProcessCommands with real processes: Show Ended Processes hides ended rows and is remembered;
// Clear Ended removes 240 ended rows and the table goes on; Kill and actions on more than three
// processes ask first, and "Don't ask again" sticks until Confirm Dangerous Actions is checked
// again; Send Signal… delivers SIGUSR1 to a shell that traps it; Renice changes the nice value in
// /proc/PID/stat; a signal to an observed process is sent only while its start time matches; Copy
// PID puts the PID on the clipboard. The model and the proxy run under
// QAbstractItemModelTester all along.
#include "controller_test.h"
#include "controllers/session_controller.h"
#include "controllers/session_feed.h"
#include "controllers/system_feed.h"
#include "gui_test_support.h"
#include "modal_test_support.h"
#include "models/output_store.h"
#include "models/process_filter_proxy.h"
#include "models/process_state.h"
#include "models/process_table_model.h"
#include "panels/process_commands.h"
#include "panels/processes_panel.h"
#include "shell/settings.h"

#include <proclab/system_processes.h>

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QClipboard>
#include <QFile>
#include <QInputDialog>
#include <QMessageBox>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTreeView>

#include <algorithm>
#include <cerrno>
#include <csignal>

using A = ProcessesPanel::Action;
using C = ProcessCommands::Command;

class TestProcessCommands : public ControllerTest {
    Q_OBJECT

    QTemporaryDir m_dir;
    SessionFeed* m_feed = nullptr;
    Settings* m_settings = nullptr;
    ProcessesPanel* m_panel = nullptr;
    QAbstractItemModelTester* m_modelTester = nullptr;
    QAbstractItemModelTester* m_proxyTester = nullptr;

    QString iniPath() const { return m_dir.filePath(QStringLiteral("settings.ini")); }
    ProcessCommands* commands() const { return m_panel->commands(); }
    QModelIndex shownRow(int pid) const { return m_panel->proxy()->mapFromSource(m_panel->model()->indexForPid(pid)); }
    bool rowEnded(int pid)
    {
        m_feed->tick();
        const QModelIndex i = m_panel->model()->indexForPid(pid);
        return i.isValid() && !i.data(ProcessTableModel::LiveRole).toBool();
    }
    bool rowLive(int pid)
    {
        m_feed->tick();
        const QModelIndex i = m_panel->model()->indexForPid(pid);
        return i.isValid() && i.data(ProcessTableModel::LiveRole).toBool();
    }
    int launchSleeper()
    {
        LaunchSpec s;
        s.task = LaunchSpec::Task::Sleep;
        s.seconds = 60;
        s.name = QStringLiteral("sleeper");
        return uitest::launchOneStarted(*m_controller, s);
    }
    QList<int> launchFailing(int copies)
    {
        LaunchSpec s;
        s.task = LaunchSpec::Task::Fail;
        s.copies = copies;
        return uitest::launchStarted(*m_controller, s);
    }
    // Triggers the panel's `a` on the selection; the confirmation (if any) is answered by
    // `answer` (null: none expected). Returns whether a confirmation showed.
    bool triggerAnswering(QAction* action, std::function<void(QMessageBox*)> answer)
    {
        auto seen = std::make_shared<bool>(false);
        if (answer)
            uitest::onModal<QMessageBox>(answer, seen);
        action->trigger();
        return *seen;
    }
    static void confirm(QMessageBox* box, bool dontAskAgain)
    {
        QCOMPARE(box->objectName(), QStringLiteral("confirmDialog"));
        box->findChild<QCheckBox*>(QStringLiteral("dontAskAgain"))->setChecked(dontAskAgain);
        box->findChild<QPushButton*>(QStringLiteral("confirmButton"))->click();
    }

private slots:
    void init();
    void cleanup();
    void showEndedIsRememberedAndHides();
    void clearEndedAfter240();
    void confirmationAndDontAskAgain();
    void cancelledConfirmationDoesNothing();
    void manyProcessesAskFirst();
    void needsConfirmation_data();
    void needsConfirmation();
    void sendSignalByName();
    void signalToObservedChecksStartTime();
    void reniceChangesNice();
    void reniceErrorIsClear();
    void copyPid();
};

void TestProcessCommands::init()
{
    ControllerTest::init();
    QVERIFY(m_dir.isValid());
    QFile::remove(iniPath());
    m_feed = makeLiveFeed();
    m_settings = new Settings(iniPath(), this);
    m_panel = new ProcessesPanel(m_controller, m_settings);
    m_modelTester =
        new QAbstractItemModelTester(m_panel->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_proxyTester =
        new QAbstractItemModelTester(m_panel->proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    connect(m_feed, &SessionFeed::frameReady, m_panel, &ProcessesPanel::onFrame);
    m_panel->setTreeMode(false);
    m_panel->resize(900, 500);
    m_panel->show();
}

void TestProcessCommands::cleanup()
{
    endAllProcesses();
    delete m_proxyTester;
    delete m_modelTester;
    delete m_panel;
    delete m_settings;
    delete m_feed;
    ControllerTest::cleanup();
}

void TestProcessCommands::showEndedIsRememberedAndHides()
{
    const int ended = launchFailing(1).value(0);
    const int live = launchSleeper();
    QVERIFY(ended > 0 && live > 0);
    QTRY_VERIFY(rowEnded(ended));
    QTRY_VERIFY(rowLive(live));
    QVERIFY(commands()->action(C::ShowEnded)->isChecked());
    QVERIFY(shownRow(ended).isValid());

    commands()->action(C::ShowEnded)->setChecked(false);
    QVERIFY(!shownRow(ended).isValid());
    QVERIFY(shownRow(live).isValid());
    QVERIFY(!Settings(iniPath()).showEndedProcesses());
    // A process that ends while hidden goes from the view; the model keeps it.
    QVERIFY(m_controller->kill(live).isEmpty());
    QTRY_VERIFY(rowEnded(live));
    QVERIFY(!shownRow(live).isValid());
    QVERIFY(m_panel->model()->indexForPid(live).isValid());

    // A new panel with the same settings starts with ended processes hidden.
    ProcessesPanel again(m_controller, m_settings);
    QVERIFY(!again.commands()->action(C::ShowEnded)->isChecked());
    QVERIFY(!again.proxy()->showEnded());

    commands()->action(C::ShowEnded)->setChecked(true);
    QVERIFY(shownRow(ended).isValid());
    QVERIFY(Settings(iniPath()).showEndedProcesses());
}

void TestProcessCommands::clearEndedAfter240()
{
    const int live = launchSleeper();
    QVERIFY(live > 0);
    QList<int> ended;
    for (int i = 0; i < 4; ++i) {
        const QList<int> batch = launchFailing(60);
        QCOMPARE(batch.size(), 60);
        ended += batch;
    }
    QTRY_VERIFY_WITH_TIMEOUT(
        std::all_of(ended.begin(), ended.end(), [&](int pid) { return m_controller->isEnded(pid); }), 30000);
    QTRY_VERIFY((m_feed->tick(), std::all_of(ended.begin(), ended.end(), [&](int pid) {
                     const QModelIndex i = m_panel->model()->indexForPid(pid);
                     return i.isValid() && !i.data(ProcessTableModel::LiveRole).toBool();
                 })));
    const int before = m_panel->model()->processCount();
    QVERIFY(before >= 241);

    commands()->action(C::ClearEnded)->trigger();
    for (int pid : ended)
        QVERIFY2(!m_panel->model()->indexForPid(pid).isValid(), qPrintable(QString::number(pid)));
    QVERIFY(m_panel->model()->indexForPid(live).isValid());
    QVERIFY(m_panel->model()->processCount() <= before - 240);
    // The controller forgot them with their rows (their entries, their output), not the live one.
    for (int pid : ended)
        QVERIFY2(!m_controller->owns(pid), qPrintable(QString::number(pid)));
    QVERIFY(m_controller->owns(live));
    // They stay cleared on the following frames, and the table goes on: a new process shows, is
    // selectable, and its actions apply.
    m_feed->tick();
    m_feed->tick();
    QVERIFY(!m_panel->model()->indexForPid(ended.first()).isValid());
    const int next = launchSleeper();
    QVERIFY(next > 0);
    QTRY_VERIFY(rowLive(next));
    m_panel->selectOnly({next});
    QCOMPARE(m_panel->selectedPids(), QList<int>{next});
    QVERIFY(m_panel->action(A::Terminate)->isEnabled());
    QVERIFY(m_panel->view()->visualRect(shownRow(next)).isValid());
}

void TestProcessCommands::confirmationAndDontAskAgain()
{
    const int first = launchSleeper();
    const int second = launchSleeper();
    QVERIFY(first > 0 && second > 0);
    QTRY_VERIFY(rowLive(first) && rowLive(second));
    QVERIFY(Settings(iniPath()).confirmProcessActions());

    m_panel->selectOnly({first});
    QVERIFY(triggerAnswering(m_panel->action(A::Kill), [](QMessageBox* box) { confirm(box, true); }));
    QTRY_VERIFY(m_controller->isEnded(first));
    QVERIFY(!Settings(iniPath()).confirmProcessActions());
    QVERIFY(!commands()->action(C::ConfirmActions)->isChecked());

    // Not asked again: Kill Tree goes ahead at once.
    m_feed->tick();
    m_panel->selectOnly({second});
    QVERIFY(!triggerAnswering(m_panel->action(A::KillTree), nullptr));
    QTRY_VERIFY(m_controller->isEnded(second));

    // Process ▸ Confirm Dangerous Actions asks again.
    commands()->action(C::ConfirmActions)->setChecked(true);
    QVERIFY(Settings(iniPath()).confirmProcessActions());
    const int third = launchSleeper();
    QTRY_VERIFY(rowLive(third));
    m_panel->selectOnly({third});
    QVERIFY(triggerAnswering(m_panel->action(A::Kill), [](QMessageBox* box) { confirm(box, false); }));
    QTRY_VERIFY(m_controller->isEnded(third));
    QVERIFY(Settings(iniPath()).confirmProcessActions());
}

void TestProcessCommands::cancelledConfirmationDoesNothing()
{
    const int pid = launchSleeper();
    QTRY_VERIFY(rowLive(pid));
    m_panel->selectOnly({pid});
    QVERIFY(triggerAnswering(m_panel->action(A::KillTree), [](QMessageBox* box) {
        box->findChild<QCheckBox*>(QStringLiteral("dontAskAgain"))->setChecked(true);
        box->reject();
    }));
    QVERIFY(rowLive(pid));
    QVERIFY(!m_controller->isEnded(pid));
    QVERIFY(Settings(iniPath()).confirmProcessActions()); // only a confirmed "don't ask" sticks
}

void TestProcessCommands::manyProcessesAskFirst()
{
    LaunchSpec s;
    s.task = LaunchSpec::Task::Sleep;
    s.seconds = 60;
    s.copies = 4;
    const QList<int> pids = uitest::launchStarted(*m_controller, s);
    QCOMPARE(pids.size(), 4);
    QTRY_VERIFY(std::all_of(pids.begin(), pids.end(), [&](int pid) { return rowLive(pid); }));
    m_panel->selectOnly(pids);
    // Stop is harmless, but on four processes it asks.
    QVERIFY(triggerAnswering(m_panel->action(A::Stop), [](QMessageBox* box) { confirm(box, false); }));
    QTRY_VERIFY(std::all_of(pids.begin(), pids.end(), [&](int pid) {
        m_feed->tick();
        return m_panel->model()->indexForPid(pid).data(ProcessTableModel::DisplayStateRole).toInt() ==
               int(DisplayState::Stopped);
    }));
    // Three do not.
    m_panel->selectOnly(pids.mid(0, 3));
    QVERIFY(!triggerAnswering(m_panel->action(A::Continue), nullptr));
}

void TestProcessCommands::needsConfirmation_data()
{
    QTest::addColumn<int>("action");
    QTest::addColumn<int>("count");
    QTest::addColumn<bool>("asks");
    QTest::newRow("kill one") << int(A::Kill) << 1 << true;
    QTest::newRow("kill tree one") << int(A::KillTree) << 1 << true;
    QTest::newRow("terminate one") << int(A::Terminate) << 1 << false;
    QTest::newRow("terminate three") << int(A::Terminate) << 3 << false;
    QTest::newRow("terminate four") << int(A::Terminate) << 4 << true;
    QTest::newRow("stop four") << int(A::Stop) << 4 << true;
    QTest::newRow("new") << int(A::New) << 10 << false;
}

void TestProcessCommands::needsConfirmation()
{
    QFETCH(int, action);
    QFETCH(int, count);
    QFETCH(bool, asks);
    QCOMPARE(ProcessCommands::needsConfirmation(static_cast<A>(action), count), asks);
}

void TestProcessCommands::sendSignalByName()
{
    const QString marker = m_dir.filePath(QStringLiteral("got-usr1"));
    const QString ready = m_dir.filePath(QStringLiteral("ready"));
    LaunchSpec s;
    s.type = LaunchSpec::Type::Shell;
    s.shellLine =
        QStringLiteral("trap 'echo got > \"%1\"' USR1; touch \"%2\"; while :; do sleep 0.05; done").arg(marker, ready);
    const int pid = uitest::launchOneStarted(*m_controller, s);
    QVERIFY(pid > 0);
    QTRY_VERIFY(QFile::exists(ready)); // the trap is set
    QTRY_VERIFY(rowLive(pid));
    m_panel->selectOnly({pid});
    QVERIFY(commands()->action(C::SendSignal)->isEnabled());

    auto seen = std::make_shared<bool>(false);
    uitest::onModal<QInputDialog>(
        [](QInputDialog* d) {
            QVERIFY(d->comboBoxItems().contains(QStringLiteral("SIGUSR1 (%1)").arg(SIGUSR1)));
            QVERIFY(d->comboBoxItems().contains(QStringLiteral("SIGHUP (%1)").arg(SIGHUP)));
            d->setTextValue(ProcessCommands::signalLabel(SIGUSR1));
            d->accept();
        },
        seen);
    commands()->action(C::SendSignal)->trigger();
    QVERIFY(*seen);
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(marker), ptest::kAwaitMs);
    QVERIFY(rowLive(pid)); // trapped: still running
    QCOMPARE(ProcessCommands::signalLabel(SIGHUP), QStringLiteral("SIGHUP (1)"));
}

void TestProcessCommands::signalToObservedChecksStartTime()
{
    // A child of a launched task (observed: ProcLab did not start it) gets the signal through a
    // pidfd while its PID names the process shown; with another start time, nothing is sent.
    SystemFeed system;
    connect(m_feed, &SessionFeed::frameReady, &system, &SystemFeed::onFrame);
    m_panel->setSystemFeed(&system);
    LaunchSpec s;
    s.task = LaunchSpec::Task::SpawnChildren;
    s.count = 1;
    s.seconds = 60;
    const int parent = uitest::launchOneStarted(*m_controller, s);
    QVERIFY(parent > 0);
    int child = 0;
    QTRY_VERIFY(([&] {
        m_feed->tick();
        for (int p : m_panel->model()->subtreeOf(parent))
            if (p != parent)
                child = p;
        return child != 0 && rowLive(child);
    }()));
    QVERIFY(!m_controller->owns(child));
    const auto state = [&child] {
        QFile f(QStringLiteral("/proc/%1/stat").arg(child));
        if (!f.open(QIODevice::ReadOnly))
            return '?';
        const QByteArray line = f.readAll();
        return line.mid(line.lastIndexOf(')') + 2, 1).at(0);
    };
    QVERIFY(commands()->sendSignal({child}, SIGSTOP).isEmpty());
    QTRY_COMPARE(state(), 'T');
    QVERIFY(commands()->sendSignal({child}, SIGCONT).isEmpty());
    QTRY_VERIFY(state() != 'T');

    m_controller->setObservedStartTimes({{child, proclab::process_start_ticks(child) + 1}});
    const QStringList errors = commands()->sendSignal({child}, SIGSTOP);
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors.first().contains(QStringLiteral("another process")), qPrintable(errors.first()));
    QVERIFY(state() != 'T');
    m_panel->setSystemFeed(nullptr);
}

void TestProcessCommands::reniceChangesNice()
{
    const int pid = launchSleeper();
    QTRY_VERIFY(rowLive(pid));
    const auto niceInStat = [pid] {
        QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!f.open(QIODevice::ReadOnly))
            return -100;
        const QByteArray line = f.readAll();
        // After "(comm)": state is field 3, nice field 19.
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        return fields.value(16).toInt();
    };
    QCOMPARE(niceInStat(), 0);
    QVERIFY(commands()->renice({pid}, 7).isEmpty());
    QCOMPARE(niceInStat(), 7);
    QCOMPARE(SessionController::niceOf(pid).value_or(-100), 7);
    const QStringList lower = commands()->renice({pid}, 2);
    if (::geteuid() == 0 || lower.isEmpty()) {
        QCOMPARE(niceInStat(), 2); // privileged: a lower value is allowed
    } else {
        QCOMPARE(lower.size(), 1);
        QVERIFY2(lower.first().contains(QStringLiteral("Not permitted to lower")), qPrintable(lower.first()));
        QCOMPARE(niceInStat(), 7);
    }
    // Not for a process that has not started, nor for the window itself.
    QVERIFY(!m_controller->renice(::getpid(), 5).isEmpty());
}

void TestProcessCommands::reniceErrorIsClear()
{
    const QString lower = SessionController::reniceError(EPERM, 1234, 5, 0);
    QVERIFY(lower.contains(QStringLiteral("1234")));
    QVERIFY(lower.contains(QStringLiteral("Not permitted to lower the nice value")));
    QVERIFY(lower.contains(QStringLiteral("from 5 to 0")));
    QVERIFY(SessionController::reniceError(EPERM, 1234, 0, 5).contains(QStringLiteral("another user")));
    QVERIFY(SessionController::reniceError(ESRCH, 1234, 0, 5).contains(QStringLiteral("has ended")));
}

void TestProcessCommands::copyPid()
{
    const int pid = launchSleeper();
    QTRY_VERIFY(rowLive(pid));
    m_panel->selectOnly({pid});
    QVERIFY(commands()->action(C::CopyPid)->isEnabled());
    commands()->action(C::CopyPid)->trigger();
    QCOMPARE(QApplication::clipboard()->text(), QString::number(pid));
}

PROCLAB_UI_TEST_MAIN(TestProcessCommands)
#include "tst_process_commands.moc"

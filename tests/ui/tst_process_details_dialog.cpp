// ProcessDetailsDialog and proclab::read_process_details with a real process: a shell started in
// a chosen directory, holding a file open on descriptor 7 and a variable in its environment,
// shows its working directory, the open file, the variable, its limits and state; the reading
// happens off the GUI thread (the dialog is shown before it arrives); a process that has ended,
// or a start time that does not match, shows nothing of it. The limits parser and the kinds of
// descriptors from _data tables; "permission denied" as the user reads it.
#include "controller_test.h"
#include "controllers/session_controller.h"
#include "dialogs/process_details_dialog.h"
#include "gui_test_support.h"
#include "models/output_store.h"

#include <proclab/process_details.h>
#include <proclab/system_processes.h>

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeWidget>

#include <cerrno>
#include <unistd.h>

class TestProcessDetailsDialog : public ControllerTest {
    Q_OBJECT

    QTemporaryDir m_dir;

    static bool treeHas(QTreeWidget* tree, int column, const QString& text)
    {
        for (int i = 0; i < tree->topLevelItemCount(); ++i)
            if (tree->topLevelItem(i)->text(column) == text)
                return true;
        return false;
    }
    // A shell in `dir` with `file` open on fd 7 and DETAILS_MARK=yes in its environment.
    int launchHolder(const QString& dir, const QString& file)
    {
        const QString ready = m_dir.filePath(QStringLiteral("ready"));
        QFile::remove(ready);
        LaunchSpec s;
        s.type = LaunchSpec::Type::Shell;
        s.workingDirectory = dir;
        s.environment = {{QStringLiteral("DETAILS_MARK"), QStringLiteral("yes")}};
        s.shellLine = QStringLiteral("exec 7<\"%1\"; touch \"%2\"; while :; do sleep 0.05; done").arg(file, ready);
        const int pid = uitest::launchOneStarted(*m_controller, s);
        if (pid > 0 && !QTest::qWaitFor([&] { return QFile::exists(ready); }, 10000))
            return 0;
        return pid;
    }

private slots:
    void init();
    void cleanup();
    void showsCwdFilesEnvironment();
    void endedProcessShowsNothing();
    void otherStartTimeShowsNothing();
    void coreReadsOwnProcess();
    void parseLimits();
    void descriptorKinds_data();
    void descriptorKinds();
    void partErrors();
};

void TestProcessDetailsDialog::init()
{
    ControllerTest::init();
    QVERIFY(m_dir.isValid());
}

void TestProcessDetailsDialog::cleanup()
{
    ControllerTest::cleanup();
}

void TestProcessDetailsDialog::showsCwdFilesEnvironment()
{
    const QString work = m_dir.filePath(QStringLiteral("work dir"));
    QVERIFY(QDir().mkpath(work));
    const QString file = m_dir.filePath(QStringLiteral("held-open.txt"));
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("x");
    }
    const int pid = launchHolder(work, file);
    QVERIFY(pid > 0);

    ProcessDetailsDialog dialog(pid, QStringLiteral("sh"), proclab::process_start_ticks(pid));
    QSignalSpy loaded(&dialog, &ProcessDetailsDialog::loaded);
    dialog.show();
    QVERIFY(dialog.windowTitle().contains(QString::number(pid)));
    QTRY_VERIFY(dialog.isLoaded());
    QCOMPARE(loaded.count(), 1);
    QCOMPARE(dialog.fieldText(QStringLiteral("cwd")), QFileInfo(work).canonicalFilePath());
    QVERIFY2(dialog.fieldText(QStringLiteral("cmdline")).contains(QStringLiteral("held-open.txt")),
             qPrintable(dialog.fieldText(QStringLiteral("cmdline"))));
    QVERIFY(dialog.fieldText(QStringLiteral("exe")).contains(QStringLiteral("sh")));
    QVERIFY(!dialog.fieldText(QStringLiteral("state")).isEmpty());
    QCOMPARE(dialog.fieldText(QStringLiteral("threads")), QStringLiteral("1"));
    QVERIFY(dialog.fieldText(QStringLiteral("memory")).contains(QStringLiteral("kB")));
    QVERIFY(!dialog.fieldText(QStringLiteral("cgroup")).isEmpty());

    auto* files = dialog.findChild<QTreeWidget*>(QStringLiteral("filesTree"));
    QVERIFY(files);
    QVERIFY(treeHas(files, 2, QFileInfo(file).canonicalFilePath()));
    QVERIFY(treeHas(files, 0, QStringLiteral("7")));
    auto* env = dialog.findChild<QTreeWidget*>(QStringLiteral("environmentTree"));
    QVERIFY(env);
    QVERIFY(treeHas(env, 0, QStringLiteral("DETAILS_MARK")));
    auto* limits = dialog.findChild<QTreeWidget*>(QStringLiteral("limitsTree"));
    QVERIFY(treeHas(limits, 0, QStringLiteral("Max open files")));

    // Refresh reads again (the process moved nothing: the same cwd).
    dialog.refresh();
    QTRY_COMPARE(loaded.count(), 2);
    QCOMPARE(dialog.fieldText(QStringLiteral("cwd")), QFileInfo(work).canonicalFilePath());
}

void TestProcessDetailsDialog::endedProcessShowsNothing()
{
    LaunchSpec s;
    s.task = LaunchSpec::Task::Fail;
    const int pid = uitest::launchOneStarted(*m_controller, s);
    QVERIFY(pid > 0);
    // Ended and gone: it may record its exit before it is reaped, and a zombie still has a /proc entry.
    QTRY_VERIFY(m_controller->isEnded(pid) && ptest::pid_gone(pid));
    ProcessDetailsDialog dialog(pid, QStringLiteral("fail"), 0);
    QTRY_VERIFY(dialog.isLoaded());
    QVERIFY(!dialog.details().exists);
    QCOMPARE(dialog.fieldText(QStringLiteral("cwd")), QStringLiteral("—"));
    auto* files = dialog.findChild<QTreeWidget*>(QStringLiteral("filesTree"));
    QCOMPARE(files->topLevelItem(0)->text(0), ProcessDetailsDialog::partError(ESRCH));
}

void TestProcessDetailsDialog::otherStartTimeShowsNothing()
{
    // The table's start time names another process than the one with this PID now: nothing of it.
    ProcessDetailsDialog dialog(::getpid(), QStringLiteral("self"), proclab::process_start_ticks(::getpid()) + 1);
    QTRY_VERIFY(dialog.isLoaded());
    QVERIFY(!dialog.details().exists);
}

void TestProcessDetailsDialog::coreReadsOwnProcess()
{
    const proclab::ProcessDetails d = proclab::read_process_details(::getpid());
    QVERIFY(d.exists);
    QCOMPARE(d.cwd_error, 0);
    QCOMPARE(QString::fromStdString(d.cwd), QDir::currentPath());
    QVERIFY(!d.argv.empty());
    QVERIFY(!d.environment.empty());
    QVERIFY(!d.descriptors.empty());
    QVERIFY(!d.limits.empty());
    QVERIFY(!d.status_value("Threads").empty());
    QVERIFY(!proclab::read_process_details(0).exists);
}

void TestProcessDetailsDialog::parseLimits()
{
    const std::string text = "Limit                     Soft Limit           Hard Limit           Units     \n"
                             "Max cpu time              unlimited            unlimited            seconds   \n"
                             "Max open files            1024                 524288               files     \n"
                             "Max nice priority         0                    0                    \n";
    const auto rows = proclab::parse_limits(text);
    QCOMPARE(rows.size(), std::size_t(3));
    QCOMPARE(rows[1].name, std::string("Max open files"));
    QCOMPARE(rows[1].soft, std::string("1024"));
    QCOMPARE(rows[1].hard, std::string("524288"));
    QCOMPARE(rows[1].units, std::string("files"));
    QCOMPARE(rows[2].units, std::string());
    QVERIFY(proclab::parse_limits("garbage").empty());
}

void TestProcessDetailsDialog::descriptorKinds_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<int>("kind");
    using K = proclab::OpenDescriptor::Kind;
    QTest::newRow("file") << "/tmp/x" << int(K::File);
    QTest::newRow("device") << "/dev/null" << int(K::Device);
    QTest::newRow("pipe") << "pipe:[1234]" << int(K::Pipe);
    QTest::newRow("socket") << "socket:[99]" << int(K::Socket);
    QTest::newRow("eventfd") << "anon_inode:[eventfd]" << int(K::Anonymous);
    QTest::newRow("other") << "net:[4026531840]" << int(K::Other);
}

void TestProcessDetailsDialog::descriptorKinds()
{
    QFETCH(QString, target);
    QFETCH(int, kind);
    QCOMPARE(int(proclab::classify_descriptor(target.toStdString())), kind);
}

void TestProcessDetailsDialog::partErrors()
{
    QCOMPARE(ProcessDetailsDialog::partError(EACCES), QStringLiteral("not readable (permission denied)"));
    QCOMPARE(ProcessDetailsDialog::partError(EPERM), QStringLiteral("not readable (permission denied)"));
    QVERIFY(ProcessDetailsDialog::partError(ESRCH).contains(QStringLiteral("ended")));
}

PROCLAB_UI_TEST_MAIN(TestProcessDetailsDialog)
#include "tst_process_details_dialog.moc"

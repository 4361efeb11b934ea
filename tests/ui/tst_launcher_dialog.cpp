// LauncherDialog: bad input shows an inline error and launches nothing; good input launches and
// closes; shell mode shows the exact /bin/sh -c line.
#include "controller_test.h"
#include "dialogs/launcher_dialog.h"
#include "gui_test_support.h"
#include "models/output_store.h"

#include <QFile>
#include <QSignalSpy>

class TestLauncherDialog : public ControllerTest {
    Q_OBJECT

private slots:
    void badCommandLaunchesNothing_data()
    {
        QTest::addColumn<QString>("argv");
        QTest::addColumn<QString>("cwd");
        QTest::addColumn<QString>("env");
        QTest::addColumn<QString>("copies");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty command") << QString() << QString() << QString() << QStringLiteral("1")
                                       << QStringLiteral("empty");
        QTest::newRow("missing program") << QStringLiteral("no-such-program-xyz\n1") << QString() << QString()
                                         << QStringLiteral("1") << QStringLiteral("not found");
        QTest::newRow("permission denied") << uitest::notExecutableFile() << QString() << QString()
                                           << QStringLiteral("1") << QStringLiteral("Permission denied");
        QTest::newRow("bad count") << QStringLiteral("sleep\n1") << QString() << QString() << QStringLiteral("two")
                                   << QStringLiteral("not a valid number");
        QTest::newRow("count out of range") << QStringLiteral("sleep\n1") << QString() << QString()
                                            << QStringLiteral("0") << QStringLiteral("between 1 and 1000");
        QTest::newRow("missing directory") << QStringLiteral("sleep\n1") << QStringLiteral("/no/such/dir") << QString()
                                           << QStringLiteral("1") << QStringLiteral("does not exist");
        QTest::newRow("bad environment") << QStringLiteral("sleep\n1") << QString() << QStringLiteral("NOEQUALS")
                                         << QStringLiteral("1") << QStringLiteral("NAME=value");
    }
    void badCommandLaunchesNothing()
    {
        QFETCH(QString, argv);
        QFETCH(QString, cwd);
        QFETCH(QString, env);
        QFETCH(QString, copies);
        QFETCH(QString, expected);
        LauncherDialog dialog(m_controller);
        dialog.setCommandMode(true);
        dialog.setCommandText(argv);
        dialog.setWorkingDirectory(cwd);
        dialog.setEnvironmentText(env);
        dialog.setCopiesText(copies);
        QSignalSpy launched(m_controller, &SessionController::launched);
        QVERIFY(!dialog.tryLaunch());
        QVERIFY2(dialog.errorText().contains(expected), qPrintable(dialog.errorText()));
        QCOMPARE(launched.count(), 0);
        QCOMPARE(m_controller->liveCount(), 0);
        QCOMPARE(dialog.result(), int(QDialog::Rejected)); // still open
    }

    void badTaskNumbersLaunchNothing_data()
    {
        QTest::addColumn<int>("task");
        QTest::addColumn<QString>("seconds");
        QTest::addColumn<QString>("count");
        QTest::newRow("seconds not a number")
            << int(LaunchSpec::Task::Sleep) << QStringLiteral("ten") << QStringLiteral("1");
        QTest::newRow("negative seconds")
            << int(LaunchSpec::Task::Sleep) << QStringLiteral("-1") << QStringLiteral("1");
        QTest::newRow("count not a number")
            << int(LaunchSpec::Task::PrintLines) << QStringLiteral("1") << QStringLiteral("1e");
        QTest::newRow("no queue chosen") << int(LaunchSpec::Task::Produce) << QStringLiteral("1")
                                         << QStringLiteral("5");
    }
    void badTaskNumbersLaunchNothing()
    {
        QFETCH(int, task);
        QFETCH(QString, seconds);
        QFETCH(QString, count);
        LauncherDialog dialog(m_controller);
        dialog.selectTask(static_cast<LaunchSpec::Task>(task));
        dialog.setSecondsText(seconds);
        dialog.setCountText(count);
        QSignalSpy launched(m_controller, &SessionController::launched);
        QVERIFY(!dialog.tryLaunch());
        QVERIFY(!dialog.errorText().isEmpty());
        QCOMPARE(launched.count(), 0);
    }

    void shellPreviewIsExact()
    {
        LauncherDialog dialog(m_controller);
        dialog.setCommandMode(true);
        dialog.setShellMode(true);
        dialog.setShellLine(QStringLiteral("echo 'hi' | wc -c"));
        QCOMPARE(dialog.shellPreview(), QStringLiteral("/bin/sh -c 'echo '\\''hi'\\'' | wc -c'"));
    }

    void goodInputLaunchesAndCloses()
    {
        LauncherDialog dialog(m_controller);
        dialog.selectTask(LaunchSpec::Task::Sleep);
        dialog.setSecondsText(QStringLiteral("30"));
        dialog.setCopiesText(QStringLiteral("2"));
        dialog.setProcessName(QStringLiteral("napper"));
        QSignalSpy launched(m_controller, &SessionController::launched);
        QVERIFY(dialog.tryLaunch());
        QCOMPARE(launched.count(), 2);
        QCOMPARE(dialog.launchedKeys().size(), 2);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QTRY_COMPARE(m_controller->liveCount(), 2); // started off the GUI thread
    }
};

PROCLAB_UI_TEST_MAIN(TestLauncherDialog)
#include "tst_launcher_dialog.moc"

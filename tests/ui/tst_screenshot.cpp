// The window with a few live processes (the demo: producer and consumer on a queue, two processes
// competing for a lock, a small tree, a failed task, one stopped and one terminated sleeper), on
// a real X server (xvfb-run), saved as main_window_live.png in the build tree.
#include "controller_test_support.h"
#include "controllers/session_controller.h"
#include "controllers/session_feed.h"
#include "controllers/system_feed.h"
#include "dialogs/launcher_dialog.h"
#include "dialogs/process_details_dialog.h"
#include "gui_test_support.h"
#include "lessons/lesson_panel.h"
#include "lessons/lesson_run.h"
#include "lessons/lesson_view.h"
#include "models/process_filter_proxy.h"
#include "models/process_table_model.h"
#include "panels/header_meters.h"
#include "panels/output_panel.h"
#include "panels/process_commands.h"
#include "panels/processes_panel.h"
#include "plots/lane_scroll.h"
#include "plots/plots_panel.h"
#include "plots/process_lifetime_plot.h"
#include "shell/main_window.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QImage>
#include <QLayout>
#include <QMenuBar>
#include <QPalette>
#include <QScreen>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTreeView>

#include <algorithm>

namespace {
// The window's menus are in Simplified Chinese (its first menu reads 文件, not File).
bool inChinese(const MainWindow& window)
{
    const QList<QAction*> menus = window.menuBar()->actions();
    return !menus.isEmpty() && !menus.first()->text().contains(QLatin1String("File"));
}
} // namespace

class TestScreenshot : public LeakCheckedTest {
    Q_OBJECT

private slots:
    // The lessons dock with lesson 2 (start and join) running: its code with the current line, the
    // transcript, and the lesson's processes live in the table beside it. Saved as lesson_view.png.
    void lessonView()
    {
        qputenv("PROCLAB_CLI", PROCLAB_CLI);
        MainWindow window;
        window.resize(1280, 780);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        LessonPanel* panel = window.lessonPanel();
        QVERIFY(panel->openLesson(QStringLiteral("02_start_join")));
        panel->view()->setSpeed(2);
        QVERIFY(panel->run());
        QTRY_VERIFY_WITH_TIMEOUT(panel->lessonRun()->steps().size() >= 5, ptest::kAwaitMs); // join(a) waits
        // A few more sampling ticks, so that the timeline and the table show the workers at work.
        QSignalSpy frames(window.feed(), &SessionFeed::frameReady);
        QTRY_VERIFY_WITH_TIMEOUT(frames.size() >= 2, ptest::kAwaitMs);
        QVERIFY(window.grab().toImage().save(QStringLiteral(PROCLAB_SCREENSHOT_DIR "/lesson_view.png")));
        window.setLanguage(QStringLiteral("zh_CN"));
        QTRY_VERIFY(inChinese(window));
        QVERIFY(window.grab().toImage().save(QStringLiteral(PROCLAB_SCREENSHOT_DIR "/lesson_view_zh_CN.png")));
        window.setLanguage(QString());
        QSignalSpy finished(panel->lessonRun(), &LessonRun::finished);
        panel->stop();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, ptest::kAwaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(ptest::leftover_processes().isEmpty(), ptest::kAwaitMs);
    }

    // The scopes: a launched script's children (observed, under their real parents) in the session
    // scope, then the machine's processes with ps's columns. Saved as scope_session.png and
    // scope_all.png.
    void scopes()
    {
        MainWindow window;
        window.resize(1280, 780);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.lessonsDock()->hide();
        window.setScope(ProcessScope::Session);
        LaunchSpec s;
        s.type = LaunchSpec::Type::Command;
        s.name = QStringLiteral("build");
        s.argv = QStringList{QStringLiteral("bash"), QStringLiteral("-c"),
                             QStringLiteral("sleep 60 | cat & bash -c \"sleep 61 & wait\" & wait")};
        const int root = uitest::launchOneStarted(*window.controller(), s);
        QVERIFY(root > 0);
        ProcessTableModel* model = window.processesPanel()->model();
        QTRY_VERIFY_WITH_TIMEOUT((window.feed()->tick(), model->subtreeOf(root).size() >= 5), ptest::kAwaitMs);
        QSignalSpy frames(window.feed(), &SessionFeed::frameReady);
        QTRY_VERIFY_WITH_TIMEOUT(frames.size() >= 2, ptest::kAwaitMs);
        window.processesPanel()->selectPid(root);
        QVERIFY(window.grab().toImage().save(QStringLiteral(PROCLAB_SCREENSHOT_DIR "/scope_session.png")));

        window.setScope(ProcessScope::All);
        QTRY_VERIFY_WITH_TIMEOUT(model->indexForPid(1).isValid(), ptest::kAwaitMs);
        frames.clear();
        QTRY_VERIFY_WITH_TIMEOUT(frames.size() >= 2, ptest::kAwaitMs); // CPU % measured
        QVERIFY(window.grab().toImage().save(QStringLiteral(PROCLAB_SCREENSHOT_DIR "/scope_all.png")));
        window.setScope(ProcessScope::Session);

        window.setQuitChooser([](int) { return MainWindow::QuitChoice::Leave; });
        window.controller()->killTree(root);
        QTRY_COMPARE_WITH_TIMEOUT(window.controller()->liveCount(), 0, ptest::kAwaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(ptest::leftover_processes().isEmpty(), ptest::kAwaitMs);
    }

    // The table with about 200 processes of the session, ended ones among them, under htop's meters
    // (table_200.png), and the details of a shell holding a file open (details_dialog.png).
    void htopViews()
    {
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.lessonsDock()->hide();
        window.setScope(ProcessScope::Session);
        // One launch of 150 copies (bulk-1 … bulk-150), 40 that fail, and a flaky one restarted
        // twice (attempt 1/3 … gave up after 2 retries, grouped under its first run).
        LaunchSpec s;
        s.task = LaunchSpec::Task::Sleep;
        s.seconds = 120;
        s.copies = 150;
        s.name = QStringLiteral("bulk");
        QCOMPARE(uitest::launchStarted(*window.controller(), s).size(), 150);
        LaunchSpec fail;
        fail.task = LaunchSpec::Task::Fail;
        fail.copies = 40;
        const QList<int> failed = uitest::launchStarted(*window.controller(), fail);
        QCOMPARE(failed.size(), 40);
        LaunchSpec flaky;
        flaky.task = LaunchSpec::Task::Fail;
        flaky.name = QStringLiteral("flaky");
        flaky.restart = LaunchSpec::Restart::OnFailure;
        flaky.maxRetries = 2;
        flaky.backoffMs = 100;
        const int flakyPid = uitest::launchOneStarted(*window.controller(), flaky);
        QVERIFY(flakyPid > 0);
        LaunchSpec shell;
        shell.type = LaunchSpec::Type::Shell;
        shell.name = QStringLiteral("log-writer");
        shell.workingDirectory = QDir::tempPath();
        shell.shellLine = QStringLiteral("exec 3>>proclab-details-demo.log; while :; do echo tick >&3; sleep 1; done");
        const int holder = uitest::launchOneStarted(*window.controller(), shell);
        QVERIFY(holder > 0);
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(failed.begin(), failed.end(), [&](int pid) { return window.controller()->isEnded(pid); }),
            ptest::kAwaitMs);
        QSignalSpy frames(window.feed(), &SessionFeed::frameReady);
        QTRY_VERIFY_WITH_TIMEOUT(frames.size() >= 3 && window.processesPanel()->meters()->hasStats(), ptest::kAwaitMs);
        const auto gaveUp = [&] {
            const auto attempts = window.controller()->attempts();
            return std::any_of(attempts.begin(), attempts.end(), [](const auto& a) { return a.gaveUp; });
        };
        QTRY_VERIFY_WITH_TIMEOUT(gaveUp(), ptest::kAwaitMs); // the flaky one's three runs
        QTRY_VERIFY_WITH_TIMEOUT(window.processesPanel()->model()->processCount() >= 195, ptest::kAwaitMs);
        window.processesPanel()->selectPid(holder);
        window.processesPanel()->view()->scrollTo(
            window.processesPanel()->proxy()->mapFromSource(window.processesPanel()->model()->indexForPid(flakyPid)));
        window.feed()->tick();
        QVERIFY(window.grab().toImage().save(QStringLiteral(PROCLAB_SCREENSHOT_DIR "/table_200.png")));

        // The Processes plot with its ~200 lanes: readable lanes, a scroll bar, elided labels.
        PlotsPanel* plots = window.plotsPanel();
        plots->tabs()->setCurrentWidget(plots->lifetimes());
        QDockWidget* plotsDock = window.findChild<QDockWidget*>(QStringLiteral("plotsDock"));
        plotsDock->setFloating(true);
        plotsDock->resize(1200, 760);
        plotsDock->show();
        plotsDock->raise();
        QVERIFY(QTest::qWaitForWindowExposed(plotsDock));
        window.feed()->tick();
        QTest::qWait(200);
        QVERIFY(plots->lifetimes()->lanes()->laneCount() >= 195);
        QVERIFY(plots->lifetimes()->lanes()->visibleCount() < plots->lifetimes()->lanes()->laneCount());
        QVERIFY(plotsDock->grab().toImage().save(QStringLiteral(PROCLAB_SCREENSHOT_DIR "/plot_processes_200.png")));
        plotsDock->setFloating(false);

        ProcessDetailsDialog* details = window.processesPanel()->commands()->showDetails(holder);
        QVERIFY(details);
        QVERIFY(QTest::qWaitForWindowExposed(details));
        QTRY_VERIFY(details->isLoaded());
        QVERIFY(details->grab().toImage().save(QStringLiteral(PROCLAB_SCREENSHOT_DIR "/details_dialog.png")));
        details->findChild<QTabWidget*>()->setCurrentIndex(2); // the open files
        QVERIFY(details->grab().toImage().save(QStringLiteral(PROCLAB_SCREENSHOT_DIR "/details_dialog_files.png")));
        details->close();
        QFile::remove(QDir::temp().filePath(QStringLiteral("proclab-details-demo.log")));

        window.setQuitChooser([](int) { return MainWindow::QuitChoice::Leave; });
        QTRY_COMPARE(window.controller()->startingCount(), 0);
        for (int key : window.controller()->liveKeys())
            window.controller()->killTree(key);
        QTRY_COMPARE_WITH_TIMEOUT(window.controller()->liveCount(), 0, ptest::kAwaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(ptest::leftover_processes().isEmpty(), ptest::kAwaitMs);
    }

    void liveWindow()
    {
        MainWindow window;
        window.resize(1260, 780);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.runDemo();
        LaunchSpec s;
        s.task = LaunchSpec::Task::Sleep;
        s.seconds = 60;
        s.name = QStringLiteral("paused-sleeper");
        const int stopped = uitest::launchOneStarted(*window.controller(), s);
        s.name = QStringLiteral("terminated");
        const int terminated = uitest::launchOneStarted(*window.controller(), s);
        s.name = QStringLiteral("not-started");
        s.startNow = false;
        window.controller()->launch(s);
        QVERIFY(stopped > 0 && terminated > 0);
        QSignalSpy frames(window.feed(), &SessionFeed::frameReady);
        QTRY_VERIFY_WITH_TIMEOUT(frames.size() >= 2, ptest::kAwaitMs); // the demo under way, sampled
        window.controller()->stop(stopped);
        window.controller()->terminate(terminated);
        QTRY_VERIFY_WITH_TIMEOUT(window.controller()->isEnded(terminated), ptest::kAwaitMs);
        frames.clear();
        QTRY_VERIFY_WITH_TIMEOUT(frames.size() >= 3, ptest::kAwaitMs); // CPU and memory columns filled in
        window.processesPanel()->selectPid(window.controller()->liveKeys().value(0));
        window.outputPanel()->showProcess(0);
        frames.clear();
        QTRY_VERIFY_WITH_TIMEOUT(frames.size() >= 1, ptest::kAwaitMs); // the selection and output shown

        const QImage image = window.grab().toImage();
        QVERIFY(image.save(QStringLiteral(PROCLAB_SCREENSHOT_PATH)));
        qInfo("saved %s (%dx%d)", PROCLAB_SCREENSHOT_PATH, image.width(), image.height());
        QVERIFY(window.processesPanel()->model()->processCount() >= 10);

        // The same on a dark palette: the state colours must stay readable.
        {
            const QPalette light = QApplication::palette();
            QPalette dark;
            dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
            dark.setColor(QPalette::WindowText, QColor(0xe8, 0xe8, 0xe8));
            dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
            dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
            dark.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xe8));
            dark.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
            dark.setColor(QPalette::ButtonText, QColor(0xe8, 0xe8, 0xe8));
            dark.setColor(QPalette::Highlight, QColor(0x2f, 0x65, 0xca));
            dark.setColor(QPalette::HighlightedText, Qt::white);
            dark.setColor(QPalette::PlaceholderText, QColor(0x90, 0x90, 0x90));
            for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
                dark.setColor(QPalette::Disabled, role, QColor(0x78, 0x78, 0x78));
            QApplication::setPalette(dark);
            QTRY_COMPARE(window.palette().color(QPalette::Window), dark.color(QPalette::Window));
            QVERIFY(window.grab().toImage().save(QStringLiteral(PROCLAB_SCREENSHOT_DIR "/main_window_live_dark.png")));
            QApplication::setPalette(light);
        }

        // The same in Simplified Chinese (fonts-wqy-microhei).
        window.setLanguage(QStringLiteral("zh_CN"));
        QTRY_VERIFY(inChinese(window));
        QVERIFY(window.grab().toImage().save(QStringLiteral(PROCLAB_SCREENSHOT_DIR "/main_window_live_zh_CN.png")));
        window.setLanguage(QString());

        // The launcher beside it, on the command page in shell mode.
        {
            LauncherDialog dialog(window.controller(), &window);
            dialog.setCommandMode(true);
            dialog.setShellMode(true);
            dialog.setShellLine(QStringLiteral("for i in 1 2 3; do echo \"tick $i\"; sleep 1; done"));
            dialog.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            QVERIFY(dialog.grab().toImage().save(QStringLiteral(PROCLAB_SCREENSHOT_DIR "/launcher_command.png")));
            dialog.setCommandMode(false);
            dialog.selectTask(LaunchSpec::Task::Produce);
            dialog.setCountText(QStringLiteral("many"));
            QVERIFY(!dialog.tryLaunch());
            QVERIFY(!dialog.errorText().isEmpty());
            dialog.layout()->activate(); // the error line shown: laid out before the grab
            QVERIFY(dialog.grab().toImage().save(QStringLiteral(PROCLAB_SCREENSHOT_DIR "/launcher_task.png")));
        }

        window.setQuitChooser([](int) { return MainWindow::QuitChoice::Leave; });
        QTRY_COMPARE(window.controller()->startingCount(), 0); // every start handed out has run
        for (int key : window.controller()->liveKeys())
            window.controller()->killTree(key);
        QTRY_COMPARE_WITH_TIMEOUT(window.controller()->liveCount(), 0, ptest::kAwaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(ptest::leftover_processes().isEmpty(), ptest::kAwaitMs);
    }
};

PROCLAB_UI_TEST_MAIN(TestScreenshot)
#include "tst_screenshot.moc"

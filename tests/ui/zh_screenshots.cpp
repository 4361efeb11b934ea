// The window and every dialog in Simplified Chinese, on a real X server (xvfb-run): the main window
// with the Lessons dock, the launcher (task, command and shell pages), Run Python Script, Process
// Details (each tab), Send Signal, Renice, a confirmation, Attach and About. Each is saved as
// zh_<name>.png in the folder named by PROCLAB_SHOTS_DIR (else this build directory), to be looked
// at for English left behind, text cut off or widgets overlapping; the test checks that each one
// came up in Chinese.
#include "controller_test_support.h"
#include "controllers/session_controller.h"
#include "dialogs/launcher_dialog.h"
#include "dialogs/process_details_dialog.h"
#include "dialogs/python_script_dialog.h"
#include "gui_test_support.h"
#include "modal_test_support.h"
#include "panels/process_commands.h"
#include "panels/processes_panel.h"
#include "panels/scheduler_panel.h"
#include "shell/main_window.h"
#include "shell/shell_dialogs.h"

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QDir>
#include <QDockWidget>
#include <QImage>
#include <QLayout>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QTabWidget>
#include <QTreeWidget>

#include <memory>

namespace {

QString shotsDir()
{
    const QString dir = qEnvironmentVariable("PROCLAB_SHOTS_DIR", QStringLiteral(PROCLAB_SCREENSHOT_DIR));
    QDir().mkpath(dir);
    return dir;
}

bool hasChinese(const QString& text)
{
    return std::any_of(text.begin(), text.end(),
                       [](QChar c) { return c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF; });
}

bool save(QWidget* w, const QString& name)
{
    if (w->layout())
        w->layout()->activate();
    return w->grab().toImage().save(shotsDir() + QStringLiteral("/zh_") + name + QStringLiteral(".png"));
}

} // namespace

class TestZhScreenshots : public LeakCheckedTest {
    Q_OBJECT

    /// Opens a modal dialog with `open`, saves it as `name` once it shows, then closes it.
    void shootModal(const QString& name, const std::function<void()>& open)
    {
        auto seen = std::make_shared<bool>(false);
        auto saved = std::make_shared<bool>(false);
        auto chinese = std::make_shared<bool>(false);
        uitest::onModal<QDialog>(
            [name, saved, chinese](QDialog* d) {
                *chinese = hasChinese(d->windowTitle());
                *saved = save(d, name);
                d->reject();
            },
            seen);
        open();
        QVERIFY2(*seen, qPrintable(name));
        QVERIFY2(*saved, qPrintable(name));
        QVERIFY2(*chinese, qPrintable(name + QStringLiteral(": its title is not in Chinese")));
    }

private slots:
    void windowAndDialogs()
    {
        MainWindow window;
        window.resize(1400, 860);
        window.setLanguage(QStringLiteral("zh_CN"));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY(hasChinese(window.menuBar()->actions().value(0)->text()));

        // A sleeper to act on.
        LaunchSpec sleeper;
        sleeper.task = LaunchSpec::Task::Sleep;
        sleeper.seconds = 60;
        sleeper.name = QStringLiteral("sleeper");
        QString error;
        const int pid = uitest::launchStarted(*window.controller(), sleeper, &error).value(0);
        QVERIFY2(pid > 0, qPrintable(error));
        window.showProcesses();
        window.showLessons();
        QTRY_VERIFY(window.processesPanel()->model()->indexForPid(pid).isValid());
        window.processesPanel()->selectPid(pid);
        // The lessons' titles wrap in the narrow list: none is cut to one line.
        auto* lessonTree = window.findChild<QTreeWidget*>(QStringLiteral("lessonTree"));
        QVERIFY(lessonTree);
        QTreeWidgetItem* firstLesson = lessonTree->topLevelItem(0)->child(0);
        QTRY_VERIFY(lessonTree->visualItemRect(firstLesson).height() > lessonTree->fontMetrics().height() * 3 / 2);
        QVERIFY(save(&window, QStringLiteral("main_window")));
        // The Scheduler dock, in scheduler mode (the sleeper runs on: it reaches no point).
        SchedulerPanel* scheduler = window.schedulerPanel();
        static_cast<QDockWidget*>(scheduler->parentWidget())->raise();
        scheduler->setOn(true);
        QTRY_VERIFY(scheduler->isOn());
        QTRY_VERIFY(hasChinese(scheduler->statusText()));
        QVERIFY(save(&window, QStringLiteral("scheduler")));
        scheduler->setOn(false);
        QTRY_VERIFY(!scheduler->isOn());

        {
            LauncherDialog dialog(window.controller(), &window);
            dialog.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            QVERIFY(hasChinese(dialog.windowTitle()));
            QVERIFY(save(&dialog, QStringLiteral("launcher_task")));
            dialog.selectTask(LaunchSpec::Task::Produce);
            dialog.setCountText(QStringLiteral("many"));
            QVERIFY(!dialog.tryLaunch());
            QVERIFY(save(&dialog, QStringLiteral("launcher_task_error")));
            dialog.setCommandMode(true);
            QVERIFY(save(&dialog, QStringLiteral("launcher_command")));
            dialog.setShellMode(true);
            dialog.setShellLine(QStringLiteral("for i in 1 2 3; do echo $i; sleep 1; done"));
            QVERIFY(save(&dialog, QStringLiteral("launcher_shell")));
        }
        {
            PythonScriptDialog dialog(window.controller(), &window);
            dialog.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            QVERIFY(hasChinese(dialog.windowTitle()));
            QVERIFY(save(&dialog, QStringLiteral("python_script")));
        }
        {
            ProcessDetailsDialog* details = window.processesPanel()->commands()->showDetails(pid);
            QVERIFY(details);
            QTRY_VERIFY(details->isLoaded());
            QVERIFY(hasChinese(details->windowTitle()));
            auto* tabs = details->findChild<QTabWidget*>();
            QVERIFY(tabs);
            for (int i = 0; i < tabs->count(); ++i) {
                tabs->setCurrentIndex(i);
                QVERIFY(save(details, QStringLiteral("details_%1").arg(i)));
            }
            // The kernel's English words of /proc/PID/limits and Qt's own Close button, translated.
            auto* limits = details->findChild<QTreeWidget*>(QStringLiteral("limitsTree"));
            QVERIFY(limits && limits->topLevelItemCount() > 0);
            QVERIFY2(hasChinese(limits->topLevelItem(0)->text(0)), qPrintable(limits->topLevelItem(0)->text(0)));
            for (QPushButton* b : details->findChildren<QPushButton*>())
                QVERIFY2(hasChinese(b->text()), qPrintable(b->text()));
            details->close();
        }
        ProcessCommands* commands = window.processesPanel()->commands();
        shootModal(QStringLiteral("send_signal"),
                   [&] { commands->action(ProcessCommands::Command::SendSignal)->trigger(); });
        shootModal(QStringLiteral("renice"), [&] { commands->action(ProcessCommands::Command::Renice)->trigger(); });
        shootModal(QStringLiteral("confirm_kill"),
                   [&] { commands->confirmAction(ProcessesPanel::Action::Kill, QList<int>{pid}); });
        shootModal(QStringLiteral("attach"), [&] { ShellDialogs::chooseSession(&window); });
        shootModal(QStringLiteral("about"), [&] { ShellDialogs::about(&window); });

        QVERIFY(window.controller()->kill(pid).isEmpty());
        QTRY_VERIFY(window.controller()->isEnded(pid));
        window.setQuitChooser([](int) { return MainWindow::QuitChoice::Leave; });
        window.setLanguage(QString()); // the remembered language back to the system's
    }
};

PROCLAB_UI_TEST_MAIN(TestZhScreenshots)
#include "zh_screenshots.moc"

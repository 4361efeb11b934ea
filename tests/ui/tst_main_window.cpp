// MainWindow: the welcome state first, the lessons (lesson 2 on the first start, the last one after), menus,
// translations, the quit question's choices with live children (wait, terminate, leave running, cancel), settings that
// persist, CSV export.
#include "controller_test_support.h"
#include "controllers/session_controller.h"
#include "controllers/session_feed.h"
#include "gui_test_support.h"
#include "lessons/lesson_panel.h"
#include "lessons/lesson_view.h"
#include "modal_test_support.h"
#include "models/process_table_model.h"
#include "panels/processes_panel.h"
#include "shell/main_window.h"
#include "shell/settings.h"
#include "shell/translations.h"
#include "shell/welcome_panel.h"

#include <QAction>
#include <QCoreApplication>
#include <QDockWidget>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScopeGuard>
#include <QSet>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTranslator>
#include <QTreeView>
#include <QXmlStreamReader>

Q_DECLARE_METATYPE(MainWindow::QuitChoice)

class TestMainWindow : public LeakCheckedTest {
    Q_OBJECT

    static int launchSleep(MainWindow& w, double seconds)
    {
        LaunchSpec s;
        s.task = LaunchSpec::Task::Sleep;
        s.seconds = seconds;
        return uitest::launchOneStarted(*w.controller(), s);
    }
    static void killAll(MainWindow& w)
    {
        QTRY_COMPARE(w.controller()->startingCount(), 0); // every start handed out has run
        for (int key : w.controller()->liveKeys())
            w.controller()->kill(key);
        QTRY_COMPARE_WITH_TIMEOUT(w.controller()->liveCount(), 0, ptest::kAwaitMs);
    }

private slots:
    void showsWithTitle();
    void welcomeStateFirst();
    void hasMenus();
    void closedDocksReopenFromView();
    void acceleratorsUniquePerMenu_data();
    void acceleratorsUniquePerMenu();
    void everyStringTranslated();
    void statusMessageFollowsTheLanguage();
    void englishTranslationKeepsSourceText();
    void chineseTranslation();
    void unknownLocaleHasNoTranslator();
    void launchShowsProcesses();
    void actionsOnSeveralProcesses();
    void quitChoices_data();
    void quitChoices();
    void settingsPersist();
    void scopePersists();
    void attachesToSession();
    void exportsCsv();
    void lessonsFirstStartAndLastLesson();
    void fitsALaptopScreen_data();
    void fitsALaptopScreen();
};

void TestMainWindow::showsWithTitle()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.isVisible());
    QVERIFY(window.windowTitle().contains(QStringLiteral("ProcLab")));
    QVERIFY(!window.windowIcon().isNull());
}

void TestMainWindow::welcomeStateFirst()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.showingWelcome());
    auto* panel = window.findChild<WelcomePanel*>();
    QVERIFY(panel);
    QCOMPARE(panel, window.welcomePanel());
    QVERIFY(panel->isVisible());
    QCOMPARE(panel->title(), QStringLiteral("Welcome to ProcLab"));
    // What to do: launch a process or run the demo.
    QVERIFY(panel->findChild<QPushButton*>(QStringLiteral("welcomeNewButton"))->isVisible());
    QVERIFY(panel->findChild<QPushButton*>(QStringLiteral("welcomeDemoButton"))->isVisible());

    const std::string_view method = proclab::to_string(proclab::get_start_method());
    const QString runtime = panel->runtimeSummary();
    QVERIFY2(runtime.contains(QString::fromUtf8(method.data(), static_cast<qsizetype>(method.size()))),
             qPrintable(runtime));
    QVERIFY2(runtime.contains(QString::number(proclab::cpu_count())), qPrintable(runtime));

    // No label is cut: each one gets at least its preferred height.
    const auto labels = panel->findChildren<QLabel*>();
    QVERIFY(labels.size() >= 5);
    for (const QLabel* label : labels) {
        if (label->text().isEmpty())
            continue;
        const int needed = label->wordWrap() ? label->heightForWidth(label->width()) : label->sizeHint().height();
        QVERIFY2(label->height() >= needed, qPrintable(label->text()));
    }
}

void TestMainWindow::hasMenus()
{
    MainWindow window;
    const auto menus = window.menuBar()->findChildren<QMenu*>(Qt::FindDirectChildrenOnly);
    QCOMPARE(menus.size(), 4);
    QStringList actionTexts;
    for (const QMenu* menu : menus)
        for (const QAction* action : menu->actions())
            actionTexts << action->text();
    for (const char* t :
         {"&Quit", "&About ProcLab", "&New Process…", "&Export Table as CSV…", "&Attach to Session…", "&Pause Updates",
          "&Terminate", "Kill T&ree", "&Join", "Send Si&gnal…", "Ren&ice…", "Det&ails…", "Cop&y PID",
          "Show &Ended Processes", "C&lear Ended", "Con&firm Dangerous Actions"})
        QVERIFY2(actionTexts.contains(QString::fromUtf8(t)), t);
}

void TestMainWindow::closedDocksReopenFromView()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.showProcesses();
    QMenu* view = nullptr;
    QMenu* help = nullptr;
    for (QMenu* menu : window.menuBar()->findChildren<QMenu*>(Qt::FindDirectChildrenOnly)) {
        if (menu->title() == QStringLiteral("&View"))
            view = menu;
        if (menu->title() == QStringLiteral("&Help"))
            help = menu;
    }
    QVERIFY(view && help);
    for (const char* name : {"outputDock", "channelsDock", "plotsDock", "lessonsDock"}) {
        auto* dock = window.findChild<QDockWidget*>(QString::fromLatin1(name));
        QVERIFY2(dock, name);
        dock->close();
        QTRY_VERIFY(!dock->isVisible());
        QAction* toggle = nullptr;
        for (QAction* a : view->actions())
            if (a == dock->toggleViewAction())
                toggle = a;
        QVERIFY2(toggle, name);
        QCOMPARE(toggle->text(), dock->windowTitle());
        toggle->trigger();
        QTRY_VERIFY2(dock->isVisible(), name);
    }
    // Run the Demo, after the welcome page is gone: in the Help menu.
    auto* demo = window.findChild<QAction*>(QStringLiteral("runDemoAction"));
    QVERIFY(demo);
    QVERIFY(help->actions().contains(demo));
    QVERIFY(!demo->text().isEmpty());
}

namespace {

// The accelerator of a menu entry: the letter after a single '&' (lower case), or none.
QChar accelerator(const QString& text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text[i] != u'&')
            continue;
        if (text[i + 1] == u'&') {
            ++i;
            continue;
        }
        return text[i + 1].toLower();
    }
    return {};
}

// "menu: &Action and &Another share 'a'" for each clash in `menu` and its submenus.
QStringList acceleratorClashes(const QMenu* menu)
{
    QStringList out;
    QHash<QChar, QString> seen;
    for (const QAction* a : menu->actions()) {
        if (a->isSeparator() || !a->isVisible())
            continue;
        const QChar key = accelerator(a->text());
        if (!key.isNull()) {
            if (seen.contains(key))
                out << QStringLiteral("%1: %2 and %3 share '%4'").arg(menu->title(), seen.value(key), a->text(), key);
            seen.insert(key, a->text());
        }
        if (a->menu())
            out << acceleratorClashes(a->menu());
    }
    return out;
}

} // namespace

void TestMainWindow::acceleratorsUniquePerMenu_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("en") << QStringLiteral("en");
    QTest::newRow("zh_CN") << QStringLiteral("zh_CN");
}

void TestMainWindow::acceleratorsUniquePerMenu()
{
    QFETCH(QString, language);
    QTranslator* translator = loadProcLabTranslator(QLocale(language), this);
    QVERIFY(translator);
    QVERIFY(QCoreApplication::installTranslator(translator));
    {
        MainWindow window;
        QStringList clashes;
        QHash<QChar, QString> bar; // the menu bar's own titles
        for (QAction* a : window.menuBar()->actions()) {
            const QChar key = accelerator(a->text());
            if (!key.isNull() && bar.contains(key))
                clashes << QStringLiteral("menu bar: %1 and %2 share '%3'").arg(bar.value(key), a->text(), key);
            bar.insert(key, a->text());
            if (a->menu())
                clashes << acceleratorClashes(a->menu());
        }
        // The process table's context menu holds the same actions as the Process menu.
        QVERIFY2(clashes.isEmpty(), qPrintable(clashes.join(u'\n')));
    }
    QCoreApplication::removeTranslator(translator);
    delete translator;
}

void TestMainWindow::everyStringTranslated()
{
    // Every tr() string of the sources has a finished zh_CN translation (lupdate keeps the .ts
    // complete; a string added without one fails here).
    QFile ts(QStringLiteral(PROCLAB_SOURCE_DIR "/resources/translations/proclab_zh_CN.ts"));
    QVERIFY2(ts.open(QIODevice::ReadOnly), qPrintable(ts.fileName()));
    QXmlStreamReader xml(&ts);
    int messages = 0;
    QStringList unfinished;
    QString source;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == u"source") {
            source = xml.readElementText();
        } else if (xml.name() == u"translation") {
            ++messages;
            const bool open = xml.attributes().value(QStringLiteral("type")) == QLatin1String("unfinished");
            const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            if (open || text.trimmed().isEmpty())
                unfinished << source;
        }
    }
    QVERIFY(!xml.hasError());
    QVERIFY(messages > 500);
    QVERIFY2(unfinished.isEmpty(), qPrintable(unfinished.join(u'\n')));
}

void TestMainWindow::statusMessageFollowsTheLanguage()
{
    // A message shown in Chinese does not stay on after switching back to English.
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTranslator* translator = loadProcLabTranslator(QLocale(QLocale::Chinese, QLocale::China), this);
    QVERIFY(translator);
    QVERIFY(QCoreApplication::installTranslator(translator));
    window.statusBar()->showMessage(QStringLiteral("已暂停"));
    QCoreApplication::removeTranslator(translator);
    delete translator;
    QTRY_VERIFY(window.statusBar()->currentMessage().isEmpty());
}

void TestMainWindow::englishTranslationKeepsSourceText()
{
    QTranslator* translator = loadProcLabTranslator(QLocale(QLocale::English, QLocale::UnitedStates), this);
    QVERIFY(translator);
    QVERIFY(QCoreApplication::installTranslator(translator));

    MainWindow window;
    QCOMPARE(window.welcomePanel()->title(), QStringLiteral("Welcome to ProcLab"));
    QVERIFY(window.windowTitle().startsWith(QStringLiteral("ProcLab")));
    const unsigned cpus = proclab::cpu_count();
    const QString expected = cpus == 1 ? QStringLiteral("· 1 CPU") : QStringLiteral("· %1 CPUs").arg(cpus);
    QVERIFY2(window.welcomePanel()->runtimeSummary().endsWith(expected),
             qPrintable(window.welcomePanel()->runtimeSummary()));

    QCoreApplication::removeTranslator(translator);
    delete translator;
}

void TestMainWindow::chineseTranslation()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QString englishTitle = window.windowTitle();
    const QString englishWelcome = window.welcomePanel()->title();
    const QString englishRuntime = window.welcomePanel()->runtimeSummary();

    QTranslator* translator = loadProcLabTranslator(QLocale(QLocale::Chinese, QLocale::China), this);
    QVERIFY(translator);
    QVERIFY(!translator->isEmpty());
    QVERIFY(QCoreApplication::installTranslator(translator));

    QTRY_VERIFY(window.windowTitle() != englishTitle);
    QVERIFY(window.windowTitle().contains(QStringLiteral("ProcLab")));
    QVERIFY2(window.windowTitle().contains(QStringLiteral("进程")), qPrintable(window.windowTitle()));
    QTRY_VERIFY(window.welcomePanel()->title() != englishWelcome);
    QCOMPARE(window.welcomePanel()->title(), QStringLiteral("欢迎使用 ProcLab"));
    QVERIFY(window.welcomePanel()->runtimeSummary() != englishRuntime);
    QVERIFY(window.welcomePanel()->runtimeSummary().contains(QString::number(proclab::cpu_count())));
    // The panels and actions are translated too.
    const QString terminate = window.processesPanel()->action(ProcessesPanel::Action::Terminate)->text();
    QVERIFY2(!terminate.contains(QStringLiteral("Terminate")), qPrintable(terminate));

    MainWindow second;
    QCOMPARE(second.windowTitle(), window.windowTitle());

    QCoreApplication::removeTranslator(translator);
    delete translator;
    QTRY_COMPARE(window.windowTitle(), englishTitle);
    QTRY_COMPARE(window.welcomePanel()->title(), englishWelcome);
}

void TestMainWindow::unknownLocaleHasNoTranslator()
{
    QCOMPARE(loadProcLabTranslator(QLocale(QLocale::Icelandic, QLocale::Iceland), this), nullptr);
}

void TestMainWindow::launchShowsProcesses()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.showingWelcome());
    const int pid = launchSleep(window, 30);
    QVERIFY(pid > 0);
    QVERIFY(!window.showingWelcome());
    window.feed()->tick();
    QTRY_VERIFY(window.processesPanel()->model()->indexForPid(pid).isValid());
    // Select it: the actions that apply are enabled, the others say why not.
    window.processesPanel()->selectPid(pid);
    QTRY_VERIFY(window.processesPanel()->action(ProcessesPanel::Action::Terminate)->isEnabled());
    QAction* daemon = window.processesPanel()->action(ProcessesPanel::Action::Daemonize);
    QVERIFY(!daemon->isEnabled());
    QVERIFY2(daemon->toolTip().contains(QStringLiteral("before start")), qPrintable(daemon->toolTip()));
    QVERIFY(!window.processesPanel()->action(ProcessesPanel::Action::Continue)->isEnabled());
    // The toolbar's Terminate hits the selected PID.
    window.processesPanel()->action(ProcessesPanel::Action::Terminate)->trigger();
    QTRY_VERIFY(window.controller()->isEnded(pid));
    window.feed()->tick();
    QTRY_COMPARE(
        window.processesPanel()->model()->indexForPid(pid, ProcessTableModel::ExitCodeColumn).data().toString(),
        QStringLiteral("\u221215 (SIGTERM)"));
    window.setQuitChooser([](int) { return MainWindow::QuitChoice::Leave; });
}

void TestMainWindow::actionsOnSeveralProcesses()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const int a = launchSleep(window, 30);
    const int b = launchSleep(window, 30);
    const int c = launchSleep(window, 30);
    window.feed()->tick();
    ProcessesPanel* panel = window.processesPanel();
    QTRY_VERIFY(panel->model()->indexForPid(c).isValid());
    panel->view()->clearSelection();
    panel->selectPid(a);
    panel->selectPid(c);
    const auto selected = [panel] {
        const QList<int> pids = panel->selectedPids();
        return QSet<int>(pids.begin(), pids.end());
    };
    QCOMPARE(selected(), (QSet<int>{a, c}));
    // Sorting by PID descending moves the rows; the selection and the action follow the PIDs.
    panel->view()->sortByColumn(ProcessTableModel::PidColumn, Qt::DescendingOrder);
    QCOMPARE(selected(), (QSet<int>{a, c}));
    // Kill asks first (tst_process_commands tests the question): confirmed here.
    auto asked = std::make_shared<bool>(false);
    uitest::onModal<QMessageBox>(
        [](QMessageBox* box) { box->findChild<QPushButton*>(QStringLiteral("confirmButton"))->click(); }, asked);
    panel->action(ProcessesPanel::Action::Kill)->trigger();
    QVERIFY(*asked);
    QTRY_VERIFY(window.controller()->isEnded(a) && window.controller()->isEnded(c));
    QVERIFY(!window.controller()->isEnded(b));
    killAll(window);
}

void TestMainWindow::quitChoices_data()
{
    QTest::addColumn<MainWindow::QuitChoice>("choice");
    QTest::addColumn<double>("seconds");
    QTest::addColumn<bool>("closes");
    QTest::addColumn<int>("exitcode"); // 1000: still running after the close
    QTest::newRow("wait") << MainWindow::QuitChoice::Wait << 1.0 << true << 0;
    QTest::newRow("terminate") << MainWindow::QuitChoice::Terminate << 30.0 << true << -15;
    QTest::newRow("leave running") << MainWindow::QuitChoice::Leave << 30.0 << true << 1000;
    QTest::newRow("cancel") << MainWindow::QuitChoice::Cancel << 30.0 << false << 1000;
}

void TestMainWindow::quitChoices()
{
    QFETCH(MainWindow::QuitChoice, choice);
    QFETCH(double, seconds);
    QFETCH(bool, closes);
    QFETCH(int, exitcode);
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const int pid = launchSleep(window, seconds);
    QVERIFY(pid > 0);
    int asked = 0;
    window.setQuitChooser([&](int live) {
        ++asked;
        [&] { QCOMPARE(live, 1); }();
        return choice;
    });
    QSignalSpy ended(window.controller(), &SessionController::ended);
    window.close();
    QCOMPARE(asked, 1);
    if (choice == MainWindow::QuitChoice::Wait) {
        QVERIFY(window.isVisible()); // waits for the child, the event loop running
        QVERIFY(window.quitPending());
    }
    if (closes)
        QTRY_VERIFY_WITH_TIMEOUT(!window.isVisible(), ptest::kAwaitMs);
    else
        QVERIFY(window.isVisible());
    if (exitcode == 1000) {
        QVERIFY(!window.controller()->isEnded(pid));
        QCOMPARE(ended.count(), 0);
    } else {
        QCOMPARE(ended.count(), 1);
        QCOMPARE(ended.first().at(1).toInt(), exitcode);
    }
    killAll(window);
}

void TestMainWindow::settingsPersist()
{
    QTemporaryDir dir;
    const QString ini = dir.filePath(QStringLiteral("proclab.ini"));
    {
        Settings settings(ini);
        MainWindow window(&settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.setRefreshInterval(2000);
        window.processesPanel()->setTreeMode(false);
        window.processesPanel()->view()->setColumnHidden(ProcessTableModel::RssColumn, true);
        window.setLanguage(QStringLiteral("zh_CN"));
        QTRY_VERIFY(window.windowTitle().contains(QStringLiteral("进程")));
        window.close();
        window.setLanguage(QString());
        settings.setLanguage(QStringLiteral("zh_CN")); // as it was when the window closed
    }
    Settings settings(ini);
    QCOMPARE(settings.refreshIntervalMs(), 2000);
    QCOMPARE(settings.language(), QStringLiteral("zh_CN"));
    settings.setLanguage(QString());
    MainWindow window(&settings);
    QCOMPARE(window.feed()->interval(), 2000);
    QVERIFY(!window.processesPanel()->treeMode());
    QVERIFY(window.processesPanel()->view()->isColumnHidden(ProcessTableModel::RssColumn));
    QVERIFY(!window.processesPanel()->view()->isColumnHidden(ProcessTableModel::CpuColumn));
}

void TestMainWindow::scopePersists()
{
    // View ▸ Scope ▸ All Processes, a column hidden there: both come back, and the session scope
    // keeps its own columns.
    QTemporaryDir dir;
    const QString ini = dir.filePath(QStringLiteral("proclab.ini"));
    {
        Settings settings(ini);
        MainWindow window(&settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* all = window.findChild<QAction*>(QStringLiteral("scopeAction2"));
        QVERIFY(all);
        all->trigger();
        QCOMPARE(window.processesPanel()->scope(), ProcessScope::All);
        QVERIFY(!window.processesPanel()->view()->isColumnHidden(ProcessTableModel::UserColumn));
        window.processesPanel()->view()->setColumnHidden(ProcessTableModel::ThreadsColumn, true);
        window.close();
    }
    Settings settings(ini);
    QCOMPARE(settings.processScope(), QStringLiteral("all"));
    MainWindow window(&settings);
    QCOMPARE(window.processesPanel()->scope(), ProcessScope::All);
    QVERIFY(window.findChild<QAction*>(QStringLiteral("scopeAction2"))->isChecked());
    QVERIFY(window.processesPanel()->view()->isColumnHidden(ProcessTableModel::ThreadsColumn));
    QVERIFY(!window.processesPanel()->view()->isColumnHidden(ProcessTableModel::UserColumn));
    window.setScope(ProcessScope::Session);
    QVERIFY(window.processesPanel()->view()->isColumnHidden(ProcessTableModel::UserColumn));
    QVERIFY(!window.processesPanel()->view()->isColumnHidden(ProcessTableModel::KindColumn));
}

void TestMainWindow::attachesToSession()
{
    MainWindow window;
    QVERIFY(!window.attachToSession(QStringLiteral("no-such-session-xyz")).isEmpty());
    const QString own = QString::fromStdString(proclab::Session::current()->name());
    QVERIFY(window.attachToSession(own).isEmpty());
    QCOMPARE(window.feed()->source()->name(), own);
    QVERIFY(window.windowTitle().contains(own));
    QTRY_VERIFY(window.processesPanel()->model()->indexForPid(::getpid()).isValid());
}

void TestMainWindow::exportsCsv()
{
    MainWindow window;
    window.feed()->tick();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("p.csv"));
    QVERIFY(window.exportCsv(path).isEmpty());
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(lines.size() >= 2);                                         // header + this process at least
    QVERIFY(lines.first().startsWith(QStringLiteral("pid,ppid,name"))); // proclab::Session::processes_csv
    QVERIFY(lines.join(QLatin1Char('\n')).contains(QString::number(::getpid())));
}

PROCLAB_UI_TEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"

void TestMainWindow::lessonsFirstStartAndLastLesson()
{
    QTemporaryDir dir;
    const QString ini = dir.filePath(QStringLiteral("proclab.ini"));
    {
        Settings settings(ini);
        QVERIFY(!settings.hasLastLesson());
        MainWindow window(&settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // The very first start: lesson 2 (start, then join) is open in the lessons dock.
        QVERIFY(window.lessonsDock()->isVisible());
        QCOMPARE(window.lessonPanel()->currentLessonId(), QStringLiteral("02_start_join"));
        QCOMPARE(settings.lastLesson(), QStringLiteral("02_start_join"));
        // Ctrl+L (View/Help "Lessons…") and the welcome page's button show the dock.
        window.lessonsDock()->hide();
        auto* lessonsAction = window.findChild<QAction*>(QStringLiteral("lessonsAction"));
        QVERIFY(lessonsAction);
        QCOMPARE(lessonsAction->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_L));
        lessonsAction->trigger();
        QVERIFY(window.lessonsDock()->isVisible());
        window.lessonsDock()->hide();
        auto* button = window.welcomePanel()->findChild<QPushButton*>(QStringLiteral("welcomeLessonButton"));
        QVERIFY(button);
        button->click();
        QVERIFY(window.lessonsDock()->isVisible());
        QVERIFY(window.lessonPanel()->openLesson(QStringLiteral("9")));
        window.lessonPanel()->view()->setSpeed(4);
        window.close();
    }
    Settings settings(ini);
    QCOMPARE(settings.lastLesson(), QStringLiteral("09_queue"));
    QCOMPARE(settings.lessonSpeed(), 4.0);
    MainWindow window(&settings);
    QCOMPARE(window.lessonPanel()->currentLessonId(), QStringLiteral("09_queue")); // the last lesson reopens
    QCOMPARE(window.lessonPanel()->view()->speed(), 4.0);
}

void TestMainWindow::fitsALaptopScreen_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("en") << QStringLiteral("en");
    QTest::newRow("zh_CN") << QStringLiteral("zh_CN");
}

void TestMainWindow::fitsALaptopScreen()
{
    // A 1366x768 laptop (1280 wide, less its panels): every dock shown, a lesson open, processes
    // listed; the window can be made that small, so nothing is cut off the screen.
    QFETCH(QString, language);
    LanguageSwitcher switcher;
    switcher.setLanguage(language);
    const auto restore = qScopeGuard([&switcher] { switcher.setLanguage(QStringLiteral("en")); });
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("proclab.ini")));
    MainWindow window(&settings);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.showProcesses();
    QVERIFY(window.openLesson(QStringLiteral("36")));
    for (QDockWidget* dock : window.findChildren<QDockWidget*>())
        dock->show();
    QCoreApplication::processEvents();
    const QSize min = window.minimumSizeHint().expandedTo(window.minimumSize());
    QStringList parts;
    for (QDockWidget* dock : window.findChildren<QDockWidget*>())
        parts << QStringLiteral("%1 %2x%3")
                     .arg(dock->objectName())
                     .arg(dock->minimumSizeHint().width())
                     .arg(dock->minimumSizeHint().height());
    parts << QStringLiteral("central %1x%2")
                 .arg(window.centralWidget()->minimumSizeHint().width())
                 .arg(window.centralWidget()->minimumSizeHint().height());
    QVERIFY2(min.width() <= 1280 && min.height() <= 700,
             qPrintable(QStringLiteral("minimum %1x%2: %3").arg(min.width()).arg(min.height()).arg(parts.join(u", "))));
    window.resize(1280, 700);
    QTRY_VERIFY(window.width() <= 1280);
}

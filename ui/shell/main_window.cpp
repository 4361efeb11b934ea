#include "shell/main_window.h"

#include "plots/plots_panel.h"
#include "plots/process_history.h"

#include "controllers/demo_scenario.h"
#include "controllers/session_controller.h"
#include "controllers/session_feed.h"
#include "dialogs/launcher_dialog.h"
#include "dialogs/mpi_run_dialog.h"
#include "dialogs/python_script_dialog.h"
#include "lessons/lesson_panel.h"
#include "lessons/lesson_view.h"
#include "models/output_store.h"
#include "models/process_table_model.h"
#include "panels/channels_panel.h"
#include "panels/output_panel.h"
#include "panels/processes_panel.h"
#include "panels/scheduler_panel.h"
#include "plots/wait_for_graph_view.h"
#include "shell/main_actions.h"
#include "shell/quit_guard.h"
#include "shell/settings.h"
#include "shell/shell_dialogs.h"
#include "shell/status_labels.h"
#include "shell/translations.h"
#include "shell/welcome_panel.h"

#include <proclab/session.h>

#include <algorithm>

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QIcon>
#include <QScreen>
#include <QScrollArea>
#include <QShowEvent>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QTreeView>

#include <iterator>

#ifdef __GLIBC__
#include <malloc.h>
#endif

// Q_INIT_RESOURCE must be used outside any namespace; the icons live in a static library, whose
// resources are linked in only when something references them.
static void initResources()
{
    Q_INIT_RESOURCE(proclab);
}

constexpr int kRates[] = {100, 200, 500, 1000, 2000, 5000, 10000}; // refresh periods offered (ms)

MainWindow::MainWindow(QWidget* parent)
    : MainWindow(nullptr, parent)
{
}

namespace {

/// `content` in a frameless scroll area that resizes it: a page or dock whose labels and buttons
/// would otherwise make the window taller or wider than a laptop's screen (or be cut) scrolls.
QScrollArea* scrolled(QWidget* content, QWidget* parent, const QString& name = {})
{
    auto* area = new QScrollArea(parent);
    area->setObjectName(name);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    area->setWidget(content);
    return area;
}

// glibc raises its mmap threshold to the largest mapped block freed so far (the backing store's
// image, 3.5 MB, at the window's first resize) and its trim threshold to twice that. From then
// on the snapshot's vectors (1,024 records, 400 kB each, several a tick) come from the heap,
// between small blocks that live on: the heap grows by holes it cannot hand back (a window open
// for ten minutes gained 10-20 MB at once). A fixed threshold keeps such blocks mapped, and
// unmapped as soon as they are freed (glibc's first thresholds, 128 kB, kept from then on).
void keepLargeBlocksMapped()
{
#ifdef __GLIBC__
    static const bool done = mallopt(M_MMAP_THRESHOLD, 128 * 1024) == 1 && mallopt(M_TRIM_THRESHOLD, 128 * 1024) == 1;
    Q_UNUSED(done);
#endif
}

} // namespace

MainWindow::MainWindow(Settings* settings, QWidget* parent)
    : QMainWindow(parent)
    , m_settings(settings ? settings : new Settings(QString(), this))
{
    keepLargeBlocksMapped();
    init();
}

MainWindow::~MainWindow() = default;

void MainWindow::init()
{
    initResources();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/proclab.png")));
    setDockNestingEnabled(true);

    m_feed = new SessionFeed(this);
    m_systemFeed = new SystemFeed(this);
    m_output = new OutputStore(this);
    m_output->setCapPerProcess(m_settings->outputCapPerProcess());
    m_controller = new SessionController(m_output, this);
    m_languages = new LanguageSwitcher(this);
    m_quitGuard = new QuitGuard(this, m_controller);

    m_welcomePanel = new WelcomePanel(this);
    m_processesPanel = new ProcessesPanel(m_controller, m_settings, this);
    // The welcome page scrolls on a small screen: a stack is as tall as its tallest page, and the
    // window has to fit a laptop's screen with the processes page and every dock.
    m_welcomeScroll = scrolled(m_welcomePanel, this, QStringLiteral("welcomeScroll"));
    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_welcomeScroll);
    m_stack->addWidget(m_processesPanel);
    setCentralWidget(m_stack);

    createDocks();
    createActions();
    m_status = new StatusLabels(statusBar(), m_feed, m_controller);

    connect(m_feed, &SessionFeed::frameReady, m_welcomePanel, &WelcomePanel::onFrame);
    connect(m_feed, &SessionFeed::frameReady, m_controller, &SessionController::onFrame);
    connect(m_feed, &SessionFeed::frameReady, m_processesPanel, &ProcessesPanel::onFrame);
    m_processesPanel->setSystemFeed(m_systemFeed);
    // After the panel took the frame: the next sample of the machine, off the GUI thread.
    connect(m_feed, &SessionFeed::frameReady, m_systemFeed, &SystemFeed::onFrame);
    connect(m_feed, &SessionFeed::frameReady, m_channelsPanel, &ChannelsPanel::onFrame);
    connect(m_feed, &SessionFeed::frameReady, m_outputPanel, &OutputPanel::onFrame);
    // The plots take frames from the feed themselves (also while replaying a recording).
    // Clicking a queue in the depth plot selects its producers and consumers in the table.
    connect(m_plotsPanel, &PlotsPanel::queueProcessesSelected, this,
            [this](proclab::ObjectId, const QList<pid_t>& producers, const QList<pid_t>& consumers) {
                m_processesPanel->selectOnly(producers + consumers);
            });
    // CPU % sparklines in the table, from the plots' per-process history.
    m_processesPanel->setCpuHistory([history = m_plotsPanel->history()](pid_t pid) { return history->recentCpu(pid); });
    connect(m_feed, &SessionFeed::sourceChanged, this, &MainWindow::retranslateUi);

    connect(m_welcomePanel, &WelcomePanel::newProcessRequested, this, &MainWindow::newProcess);
    connect(m_welcomePanel, &WelcomePanel::demoRequested, this, &MainWindow::runDemo);
    connect(m_welcomePanel, &WelcomePanel::showProcessesRequested, this, &MainWindow::showProcesses);
    connect(m_welcomePanel, &WelcomePanel::lessonsRequested, this, &MainWindow::showLessons);
    // Lessons: the last one reopens; a lesson's run shows its processes live at once.
    connect(m_lessonPanel, &LessonPanel::lessonOpened, m_settings, &Settings::setLastLesson);
    connect(m_lessonPanel, &LessonPanel::speedChanged, m_settings, &Settings::setLessonSpeed);
    connect(m_lessonPanel, &LessonPanel::message, m_status, &StatusLabels::showMessage);
    connect(m_lessonPanel, &LessonPanel::runStarted, this, &MainWindow::showProcesses);
    connect(m_lessonPanel, &LessonPanel::runStarted, m_feed, &SessionFeed::tick);
    connect(m_processesPanel, &ProcessesPanel::newProcessRequested, this, &MainWindow::newProcess);
    connect(m_processesPanel, &ProcessesPanel::message, m_status, &StatusLabels::showMessage);
    connect(m_systemFeed, &SystemFeed::failed, m_status, &StatusLabels::showMessage);
    connect(m_processesPanel, &ProcessesPanel::countsChanged, m_status, &StatusLabels::setCounts);
    connect(m_channelsPanel, &ChannelsPanel::message, m_status, &StatusLabels::showMessage);
    connect(m_controller, &SessionController::launched, this, &MainWindow::showProcesses);
    // Every change the user causes shows at once, not at the next tick.
    connect(m_controller, &SessionController::started, m_feed, &SessionFeed::tickSoon);
    connect(m_controller, &SessionController::ended, m_feed, &SessionFeed::tick);
    connect(m_controller, &SessionController::joinStarted, m_feed, &SessionFeed::tick);
    connect(m_controller, &SessionController::joinFinished, m_feed, &SessionFeed::tick);
    connect(m_controller, &SessionController::objectsChanged, m_feed, &SessionFeed::tick);
    connect(m_quitGuard, &QuitGuard::message, this, [this](const QString& t) { statusBar()->showMessage(t); });
    m_outputPanel->follow(m_processesPanel->view()->selectionModel(), ProcessTableModel::PidRole);

    const bool firstStart = !m_settings->hasLastLesson();
    restoreSettings();
    retranslateUi();
    // The welcome state has the whole window: the docks come with the process table.
    for (QDockWidget* dock : {m_outputDock, m_channelsDock, m_plotsDock, m_schedulerDock})
        dock->hide();
    // The last lesson reopens; on the very first start, lesson 2 (start and join) is shown.
    m_lessonPanel->restore(firstStart ? QString() : m_settings->lastLesson(), m_settings->lessonSpeed());
    if (firstStart)
        m_lessonsDock->show();

    if (auto session = proclab::Session::current()) {
        m_schedulerPanel->setSession(QString::fromStdString(session->name()));
        m_feed->setSource(std::make_unique<LiveSource>(std::move(*session)));
    }
}

QDockWidget* MainWindow::addDock(QWidget* content, const QString& name, Qt::DockWidgetArea area)
{
    auto* dock = new QDockWidget(this);
    dock->setObjectName(name);
    dock->setWidget(content);
    if (area != Qt::NoDockWidgetArea)
        addDockWidget(area, dock);
    return dock;
}

void MainWindow::createDocks()
{
    m_outputPanel = new OutputPanel(m_output, this);
    m_outputDock = addDock(m_outputPanel, QStringLiteral("outputDock"), Qt::BottomDockWidgetArea);
    m_channelsPanel = new ChannelsPanel(m_controller, this);
    m_channelsDock = addDock(m_channelsPanel, QStringLiteral("channelsDock"), Qt::BottomDockWidgetArea);
    splitDockWidget(m_outputDock, m_channelsDock, Qt::Horizontal);

    m_plotsPanel = new PlotsPanel(m_feed, this);
    // In a scroll area: the plots' toolbar must not make the window wider than the screen when
    // the lessons take the left side.
    m_plotsDock = addDock(scrolled(m_plotsPanel, this), QStringLiteral("plotsDock"), Qt::NoDockWidgetArea);
    // Beside the channels, as a tab: the process table keeps the window's whole width.
    tabifyDockWidget(m_channelsDock, m_plotsDock);
    m_schedulerPanel = new SchedulerPanel(this);
    // Scrolls: its explanation, wrapped in a low dock, was cut off.
    m_schedulerDock = addDock(scrolled(m_schedulerPanel, this), QStringLiteral("schedulerDock"), Qt::NoDockWidgetArea);
    tabifyDockWidget(m_channelsDock, m_schedulerDock);
    connect(m_schedulerPanel, &SchedulerPanel::stateChanged, m_plotsPanel->waitForGraph(),
            &WaitForGraphView::setSchedulerState);
    m_channelsDock->raise();

    // Lessons on the left: the code beside the live views.
    m_lessonPanel = new LessonPanel(this);
    m_lessonsDock = addDock(m_lessonPanel, QStringLiteral("lessonsDock"), Qt::LeftDockWidgetArea);
    // Scheduler mode and the lesson: where held processes are in its code, and its goal.
    connect(m_schedulerPanel, &SchedulerPanel::stateChanged, m_lessonPanel, &LessonPanel::setSchedulerState);
    connect(m_lessonPanel, &LessonPanel::goalChanged, m_schedulerPanel, &SchedulerPanel::setGoal);
    m_schedulerPanel->setLineResolver(
        [lessons = m_lessonPanel](const proclab::HeldProcess& h) { return lessons->codeLines(h); });
    // The whole height on the left: output and channels stay under the process table.
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::TopLeftCorner, Qt::LeftDockWidgetArea);

    resizeDocks({m_outputDock}, {260}, Qt::Vertical);
}

void MainWindow::createActions()
{
    using Id = MainActions::Id;
    m_actions = new MainActions(this, QList<int>(std::begin(kRates), std::end(kRates)));
    const auto on = [this](Id id, auto slot) { connect(m_actions->action(id), &QAction::triggered, this, slot); };
    on(Id::RunPython, &MainWindow::runPythonScript);
    on(Id::RunMpi, &MainWindow::runWithMpi);
    on(Id::Attach, &MainWindow::chooseSession);
    on(Id::Export, &MainWindow::chooseCsvFile);
    on(Id::Quit, &QWidget::close);
    on(Id::Lessons, &MainWindow::showLessons);
    on(Id::RunDemo, &MainWindow::runDemo);
    connect(m_actions->action(Id::About), &QAction::triggered, this, [this] { ShellDialogs::about(this); });
    connect(m_actions->action(Id::AboutQt), &QAction::triggered, qApp, &QApplication::aboutQt);
    connect(m_actions->action(Id::RefreshNow), &QAction::triggered, m_feed, &SessionFeed::tick);
    connect(m_actions->action(Id::Pause), &QAction::toggled, this, [this](bool paused) {
        m_feed->setPaused(paused);
        m_status->updateRate();
    });
    connect(m_actions->action(Id::Tree), &QAction::toggled, m_processesPanel, &ProcessesPanel::setTreeMode);
    connect(m_actions, &MainActions::rateChosen, this, &MainWindow::setRefreshInterval);
    connect(m_actions, &MainActions::languageChosen, this, &MainWindow::setLanguage);
    connect(m_actions, &MainActions::scopeChosen, this,
            [this](int scope) { setScope(static_cast<ProcessScope>(scope)); });
    // Every dock can be closed and reopened from View; one reopened comes to the front of its tabs.
    QList<QAction*> toggles;
    for (QDockWidget* dock : {m_outputDock, m_channelsDock, m_plotsDock, m_schedulerDock, m_lessonsDock}) {
        QAction* toggle = dock->toggleViewAction();
        toggle->setObjectName(dock->objectName() + QStringLiteral("Toggle"));
        connect(toggle, &QAction::triggered, dock, [dock](bool on) {
            if (on)
                dock->raise();
        });
        toggles << toggle;
    }
    m_actions->buildMenus(m_processesPanel, toggles);
}

bool MainWindow::showingWelcome() const
{
    return m_stack->currentWidget() == m_welcomeScroll;
}

void MainWindow::showProcesses()
{
    if (!showingWelcome())
        return;
    m_stack->setCurrentWidget(m_processesPanel);
    m_outputDock->show();
    m_channelsDock->show();
    m_plotsDock->show();
    m_schedulerDock->show();
    m_channelsDock->raise();
    if (m_settings->windowState().isEmpty()) { // first run: output and channels side by side
        resizeDocks({m_outputDock, m_channelsDock}, {width() * 45 / 100, width() * 55 / 100}, Qt::Horizontal);
        resizeDocks({m_outputDock}, {height() * 36 / 100}, Qt::Vertical);
    }
}

void MainWindow::setScope(ProcessScope scope)
{
    m_processesPanel->setScope(scope);
    m_actions->checkScope(static_cast<int>(scope));
    m_settings->setProcessScope(SystemFeed::scopeKey(scope));
    if (scope != ProcessScope::Session)
        showProcesses(); // the machine's processes are there to see at once
}

void MainWindow::newProcess()
{
    LauncherDialog dialog(m_controller, this);
    if (dialog.exec() == QDialog::Accepted)
        showLaunched(dialog.launchedKeys());
}

void MainWindow::runPythonScript()
{
    PythonScriptDialog dialog(m_controller, this);
    if (dialog.exec() == QDialog::Accepted)
        showLaunched(dialog.launchedKeys());
}

void MainWindow::runWithMpi()
{
    MpiRunDialog dialog(m_controller, this);
    if (dialog.exec() == QDialog::Accepted)
        showLaunched(dialog.launchedKeys());
}

void MainWindow::showLaunched(const QList<int>& keys)
{
    if (keys.isEmpty())
        return;
    showProcesses();
    m_feed->tick(); // their rows (created, starting) are there to select; the selection follows them
    m_processesPanel->selectOnly(keys);
}

void MainWindow::runPythonScriptFile(const QString& script, const QStringList& args)
{
    PythonScriptDialog dialog(m_controller, this);
    dialog.setScript(script);
    dialog.setArguments(PythonScriptDialog::joinArguments(args));
    if (dialog.tryLaunch())
        showLaunched(dialog.launchedKeys());
    else
        m_status->showMessage(dialog.errorText());
}

void MainWindow::runDemo()
{
    const QString err = m_demo.launch(*m_controller);
    if (!err.isEmpty())
        m_status->showMessage(err);
    showProcesses();
    m_feed->tick();
}

void MainWindow::showLessons()
{
    m_lessonsDock->show();
    m_lessonsDock->raise();
    m_lessonPanel->focusSearch();
}

void MainWindow::setLanguage(const QString& language)
{
    m_settings->setLanguage(language);
    useLanguage(language);
}

void MainWindow::useLanguage(const QString& language)
{
    m_languages->setLanguage(language);
    m_actions->checkLanguage(language);
}

bool MainWindow::openLesson(const QString& idOrNumber)
{
    if (!m_lessonPanel->openLesson(idOrNumber))
        return false;
    m_lessonsDock->show();
    m_lessonsDock->raise();
    return true;
}

void MainWindow::setRefreshInterval(int ms)
{
    m_feed->setInterval(ms);
    m_settings->setRefreshIntervalMs(m_feed->interval());
    m_actions->checkRate(m_feed->interval());
    m_status->updateRate();
}

QString MainWindow::attachToSession(const QString& name)
{
    QString error = m_feed->attach(name);
    if (error.isEmpty())
        showProcesses();
    return error;
}

void MainWindow::chooseSession()
{
    if (const QString name = ShellDialogs::chooseSession(this); !name.isEmpty())
        if (const QString err = attachToSession(name); !err.isEmpty())
            ShellDialogs::attachFailed(this, err);
}

QString MainWindow::exportCsv(const QString& path)
{
    return ShellDialogs::writeCsv(path, m_feed->lastFrame().snapshot);
}

void MainWindow::chooseCsvFile()
{
    if (const QString saved = ShellDialogs::exportCsv(this, m_feed->lastFrame().snapshot); !saved.isEmpty())
        m_status->showMessage(tr("Exported to %1").arg(saved));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!m_quitGuard->allowClose()) {
        event->ignore();
        return;
    }
    saveSettings();
    event->accept();
}

void MainWindow::restoreSettings()
{
    resize(1180, 760);
    restoreGeometry(m_settings->windowGeometry());
    restoreState(m_settings->windowState());
    // Never larger than the screen it opens on (a size saved on a larger screen, or the default
    // on a small one): what is off the screen cannot be reached.
    if (const QScreen* screen = this->screen()) {
        const QRect room = screen->availableGeometry();
        QRect g = geometry();
        g.setSize(g.size().boundedTo(room.size()));
        g.moveLeft(std::clamp(g.left(), room.left(), room.right() + 1 - g.width()));
        g.moveTop(std::clamp(g.top(), room.top(), room.bottom() + 1 - g.height()));
        if (g != geometry())
            setGeometry(g);
    }
    m_processesPanel->restoreHeaderState(m_settings->processHeaderState());
    m_processesPanel->restoreScopeHeaderState(true, m_settings->systemHeaderState());
    setScope(SystemFeed::scopeFromKey(m_settings->processScope()));
    m_actions->action(MainActions::Id::Tree)->setChecked(m_settings->processTreeMode());
    m_processesPanel->setTreeMode(m_settings->processTreeMode());
    setRefreshInterval(m_settings->refreshIntervalMs());
    const QString lang = m_settings->language();
    m_actions->checkLanguage(lang);
    if (!lang.isEmpty())
        setLanguage(lang);
}

void MainWindow::saveSettings()
{
    m_settings->setWindowGeometry(saveGeometry());
    m_settings->setWindowState(saveState());
    m_settings->setProcessHeaderState(m_processesPanel->scopeHeaderState(false));
    m_settings->setSystemHeaderState(m_processesPanel->scopeHeaderState(true));
    m_settings->setProcessScope(SystemFeed::scopeKey(m_processesPanel->scope()));
    m_settings->setProcessTreeMode(m_processesPanel->treeMode());
    m_settings->setRefreshIntervalMs(m_feed->interval());
    m_settings->sync();
}

void MainWindow::showEvent(QShowEvent* event)
{
    QMainWindow::showEvent(event);
    if (!m_shownOnce && m_settings->windowState().isEmpty()) // first start: the code beside the table
        QTimer::singleShot(0, this, [this] { resizeDocks({m_lessonsDock}, {width() * 46 / 100}, Qt::Horizontal); });
    m_shownOnce = true;
}

void MainWindow::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        statusBar()->clearMessage(); // a message in the language left behind would stay on
        retranslateUi();
    }
    QMainWindow::changeEvent(event);
}

void MainWindow::retranslateUi()
{
    const QString title = tr("ProcLab — Process Laboratory");
    setWindowTitle(m_feed->source() ? title + QStringLiteral(" · ") + m_feed->source()->name() : title);

    m_actions->retranslateUi();
    m_outputDock->setWindowTitle(tr("Output"));
    m_channelsDock->setWindowTitle(tr("Channels and Locks"));
    m_plotsDock->setWindowTitle(tr("Plots"));
    m_schedulerDock->setWindowTitle(tr("Scheduler"));
    m_lessonsDock->setWindowTitle(tr("Lessons"));

    m_status->retranslateUi();
}

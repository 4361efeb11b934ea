#include "main_window.h"

#include "plots/plots_panel.h"
#include "plots/process_history.h"
#include "plots/sparkline_delegate.h"

#include "channels_panel.h"
#include "dialogs/launcher_dialog.h"
#include "lessons/lesson_panel.h"
#include "lessons/lesson_view.h"
#include "models/output_store.h"
#include "models/process_table_model.h"
#include "output_panel.h"
#include "processes_panel.h"
#include "session_controller.h"
#include "session_feed.h"
#include "settings.h"
#include "translations.h"
#include "welcome_panel.h"

#include <proclab/process.h>
#include <proclab/session.h>

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QIcon>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QShowEvent>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QTranslator>
#include <QTreeView>

#include <unistd.h>

// Q_INIT_RESOURCE must be used outside any namespace; the icons live in a static library, whose
// resources are linked in only when something references them.
static void initResources()
{
    Q_INIT_RESOURCE(proclab);
}

namespace {
constexpr int kRates[] = {100, 200, 500, 1000, 2000, 5000, 10000};
}

MainWindow::MainWindow(QWidget* parent)
    : MainWindow(nullptr, parent)
{
}

MainWindow::MainWindow(Settings* settings, QWidget* parent)
    : QMainWindow(parent)
    , m_settings(settings ? settings : new Settings(QString(), this))
{
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
    m_output = new OutputStore(this);
    m_output->setCapPerProcess(m_settings->outputCapPerProcess());
    m_controller = new SessionController(m_output, this);

    m_welcomePanel = new WelcomePanel(this);
    m_processesPanel = new ProcessesPanel(m_controller, this);
    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_welcomePanel);
    m_stack->addWidget(m_processesPanel);
    setCentralWidget(m_stack);

    createDocks();
    createActions();
    createMenus();
    createStatusBar();

    connect(m_feed, &SessionFeed::frameReady, this, &MainWindow::onFrame);
    connect(m_feed, &SessionFeed::frameReady, m_processesPanel, &ProcessesPanel::onFrame);
    connect(m_feed, &SessionFeed::frameReady, m_channelsPanel, &ChannelsPanel::onFrame);
    connect(m_feed, &SessionFeed::frameReady, m_outputPanel, &OutputPanel::onFrame);
    // The plots take frames from the feed themselves (also while replaying a recording).
    // Clicking a queue in the depth plot selects its producers and consumers in the table.
    connect(m_plotsPanel, &PlotsPanel::queueProcessesSelected, this,
            [this](proclab::ObjectId, const QList<pid_t>& producers, const QList<pid_t>& consumers) {
                m_processesPanel->view()->clearSelection();
                for (const pid_t pid : producers + consumers)
                    m_processesPanel->selectPid(pid);
            });
    // CPU % sparklines in the table, from the plots' per-process history.
    auto* sparkline = new SparklineDelegate(
        [history = m_plotsPanel->history()](pid_t pid) { return history->recentCpu(pid); }, m_processesPanel);
    sparkline->setPidRole(ProcessTableModel::PidRole);
    sparkline->setMaximum(100);
    m_processesPanel->view()->setItemDelegateForColumn(ProcessTableModel::CpuColumn, sparkline);
    connect(m_feed, &SessionFeed::sourceChanged, this, &MainWindow::retranslateUi);

    connect(m_welcomePanel, &WelcomePanel::newProcessRequested, this, &MainWindow::newProcess);
    connect(m_welcomePanel, &WelcomePanel::demoRequested, this, &MainWindow::runDemo);
    connect(m_welcomePanel, &WelcomePanel::showProcessesRequested, this, &MainWindow::showProcesses);
    connect(m_welcomePanel, &WelcomePanel::lessonsRequested, this, &MainWindow::showLessons);
    // Lessons: the last one reopens; a lesson's run shows its processes live at once.
    connect(m_lessonPanel, &LessonPanel::lessonOpened, m_settings, &Settings::setLastLesson);
    connect(m_lessonPanel, &LessonPanel::speedChanged, m_settings, &Settings::setLessonSpeed);
    connect(m_lessonPanel, &LessonPanel::message, this,
            [this](const QString& t) { statusBar()->showMessage(t, 8000); });
    connect(m_lessonPanel, &LessonPanel::runStarted, this, [this] {
        showProcesses();
        m_feed->tick();
    });
    connect(m_processesPanel, &ProcessesPanel::newProcessRequested, this, &MainWindow::newProcess);
    connect(m_processesPanel, &ProcessesPanel::message, this,
            [this](const QString& t) { statusBar()->showMessage(t, 8000); });
    connect(m_processesPanel, &ProcessesPanel::countsChanged, this,
            [this](const QString& t) { m_countsLabel->setText(t); });
    connect(m_channelsPanel, &ChannelsPanel::message, this,
            [this](const QString& t) { statusBar()->showMessage(t, 8000); });
    connect(m_controller, &SessionController::message, this,
            [this](const QString& t) { statusBar()->showMessage(t, 8000); });
    connect(m_controller, &SessionController::launched, this, &MainWindow::showProcesses);
    // Every change the user causes shows at once, not at the next tick.
    connect(m_controller, &SessionController::started, m_feed, &SessionFeed::tick);
    connect(m_controller, &SessionController::ended, m_feed, &SessionFeed::tick);
    connect(m_controller, &SessionController::joinStarted, m_feed, &SessionFeed::tick);
    connect(m_controller, &SessionController::joinFinished, m_feed, &SessionFeed::tick);
    connect(m_controller, &SessionController::objectsChanged, m_feed, &SessionFeed::tick);
    connect(m_controller, &SessionController::joinStarted, this, [this](int pid) {
        statusBar()->showMessage(tr("join(): waiting for PID %1 to end; the window stays responsive.").arg(pid));
    });
    connect(m_controller, &SessionController::joinFinished, this, [this](int pid, bool ended) {
        statusBar()->showMessage(ended ? tr("join(): PID %1 has ended.").arg(pid)
                                       : tr("join(): timed out; PID %1 is still running.").arg(pid),
                                 8000);
    });
    connect(m_controller, &SessionController::allEnded, this, [this] {
        if (m_quitPending) {
            m_quitConfirmed = true;
            close();
        }
    });
    // The output shown follows the selected process (everything stays captured).
    connect(m_processesPanel->view()->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) {
                const int pid = current.data(ProcessTableModel::PidRole).toInt();
                if (pid > 0 && m_output->lines(pid))
                    m_outputPanel->showProcess(pid);
            });

    const bool firstStart = !m_settings->hasLastLesson();
    restoreSettings();
    retranslateUi();
    // The welcome state has the whole window: the docks come with the process table.
    m_outputDock->hide();
    m_channelsDock->hide();
    m_plotsDock->hide();
    // The last lesson reopens; on the very first start, lesson 2 (start and join) is shown.
    m_lessonPanel->view()->setSpeed(m_settings->lessonSpeed());
    if (firstStart || !m_lessonPanel->openLesson(m_settings->lastLesson()))
        m_lessonPanel->openLesson(QStringLiteral("02_start_join"));
    if (firstStart)
        m_lessonsDock->show();

    if (auto session = proclab::Session::current())
        m_feed->setSource(std::make_unique<LiveSource>(std::move(*session)));
}

void MainWindow::createDocks()
{
    m_outputPanel = new OutputPanel(m_output, this);
    m_outputDock = new QDockWidget(this);
    m_outputDock->setObjectName(QStringLiteral("outputDock"));
    m_outputDock->setWidget(m_outputPanel);
    addDockWidget(Qt::BottomDockWidgetArea, m_outputDock);

    m_channelsPanel = new ChannelsPanel(m_controller, this);
    m_channelsDock = new QDockWidget(this);
    m_channelsDock->setObjectName(QStringLiteral("channelsDock"));
    m_channelsDock->setWidget(m_channelsPanel);
    addDockWidget(Qt::BottomDockWidgetArea, m_channelsDock);
    splitDockWidget(m_outputDock, m_channelsDock, Qt::Horizontal);

    m_plotsPanel = new PlotsPanel(m_feed, this);
    m_plotsDock = new QDockWidget(this);
    m_plotsDock->setObjectName(QStringLiteral("plotsDock"));
    // In a scroll area: the plots' toolbar must not make the window wider than the screen when
    // the lessons take the left side.
    auto* plotsScroll = new QScrollArea(this);
    plotsScroll->setWidgetResizable(true);
    plotsScroll->setFrameShape(QFrame::NoFrame);
    plotsScroll->setWidget(m_plotsPanel);
    m_plotsDock->setWidget(plotsScroll);
    // Beside the channels, as a tab: the process table keeps the window's whole width.
    tabifyDockWidget(m_channelsDock, m_plotsDock);
    m_channelsDock->raise();

    // Lessons on the left: the code beside the live views.
    m_lessonPanel = new LessonPanel(this);
    m_lessonsDock = new QDockWidget(this);
    m_lessonsDock->setObjectName(QStringLiteral("lessonsDock"));
    m_lessonsDock->setWidget(m_lessonPanel);
    addDockWidget(Qt::LeftDockWidgetArea, m_lessonsDock);
    // The whole height on the left: output and channels stay under the process table.
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::TopLeftCorner, Qt::LeftDockWidgetArea);

    resizeDocks({m_outputDock}, {260}, Qt::Vertical);
}

void MainWindow::createActions()
{
    m_attachAction = new QAction(this);
    connect(m_attachAction, &QAction::triggered, this, &MainWindow::chooseSession);
    m_exportAction = new QAction(this);
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(m_exportAction, &QAction::triggered, this, &MainWindow::chooseCsvFile);

    m_quitAction = new QAction(this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_pauseAction = new QAction(this);
    m_pauseAction->setCheckable(true);
    m_pauseAction->setIcon(QIcon(QStringLiteral(":/icons/actions/pause-updates.png")));
    m_pauseAction->setShortcut(QKeySequence(Qt::Key_Space));
    connect(m_pauseAction, &QAction::toggled, this, [this](bool paused) {
        m_feed->setPaused(paused);
        updateRateLabel();
    });
    m_refreshNowAction = new QAction(this);
    m_refreshNowAction->setShortcut(QKeySequence::Refresh);
    connect(m_refreshNowAction, &QAction::triggered, m_feed, &SessionFeed::tick);

    m_treeAction = new QAction(this);
    m_treeAction->setCheckable(true);
    m_treeAction->setChecked(true);
    m_treeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    connect(m_treeAction, &QAction::toggled, m_processesPanel, &ProcessesPanel::setTreeMode);

    m_rateGroup = new QActionGroup(this);
    for (int ms : kRates) {
        auto* a = new QAction(m_rateGroup);
        a->setCheckable(true);
        a->setData(ms);
        connect(a, &QAction::triggered, this, [this, ms] { setRefreshInterval(ms); });
    }
    m_languageGroup = new QActionGroup(this);
    for (const QString& lang : {QString(), QStringLiteral("en"), QStringLiteral("zh_CN")}) {
        auto* a = new QAction(m_languageGroup);
        a->setCheckable(true);
        a->setData(lang);
        connect(a, &QAction::triggered, this, [this, lang] { setLanguage(lang); });
    }

    m_lessonsAction = new QAction(this);
    m_lessonsAction->setObjectName(QStringLiteral("lessonsAction"));
    m_lessonsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(m_lessonsAction, &QAction::triggered, this, &MainWindow::showLessons);

    m_aboutAction = new QAction(this);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
    m_aboutQtAction = new QAction(this);
    m_aboutQtAction->setMenuRole(QAction::AboutQtRole);
    connect(m_aboutQtAction, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::createMenus()
{
    using A = ProcessesPanel::Action;
    auto* p = m_processesPanel;
    m_fileMenu = menuBar()->addMenu(QString());
    m_fileMenu->addAction(p->action(A::New));
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_attachAction);
    m_fileMenu->addAction(m_exportAction);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_quitAction);

    m_processMenu = menuBar()->addMenu(QString());
    for (A a : {A::Start, A::Join, A::JoinTimeout, A::Daemonize})
        m_processMenu->addAction(p->action(a));
    m_processMenu->addSeparator();
    for (A a : {A::Terminate, A::Kill, A::Stop, A::Continue, A::KillTree})
        m_processMenu->addAction(p->action(a));
    m_processMenu->setToolTipsVisible(true);

    m_viewMenu = menuBar()->addMenu(QString());
    m_viewMenu->addAction(m_pauseAction);
    m_viewMenu->addAction(m_refreshNowAction);
    m_rateMenu = m_viewMenu->addMenu(QString());
    m_rateMenu->addActions(m_rateGroup->actions());
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(m_treeAction);
    m_viewMenu->addAction(m_outputDock->toggleViewAction());
    m_viewMenu->addAction(m_channelsDock->toggleViewAction());
    m_viewMenu->addAction(m_lessonsAction);
    m_viewMenu->addSeparator();
    m_languageMenu = m_viewMenu->addMenu(QString());
    m_languageMenu->addActions(m_languageGroup->actions());

    m_helpMenu = menuBar()->addMenu(QString());
    m_helpMenu->addAction(m_lessonsAction);
    m_helpMenu->addSeparator();
    m_helpMenu->addAction(m_aboutAction);
    m_helpMenu->addAction(m_aboutQtAction);

    m_toolBar = addToolBar(QString());
    m_toolBar->setObjectName(QStringLiteral("mainToolBar"));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toolBar->setIconSize(QSize(20, 20));
    m_toolBar->setMovable(false);
    m_toolBar->addAction(p->action(A::New));
    m_toolBar->addSeparator();
    for (A a : {A::Start, A::Join, A::Daemonize})
        m_toolBar->addAction(p->action(a));
    m_toolBar->addSeparator();
    for (A a : {A::Terminate, A::Kill, A::Stop, A::Continue, A::KillTree})
        m_toolBar->addAction(p->action(a));
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_pauseAction);
    m_toolBar->addAction(m_lessonsAction);
}

void MainWindow::createStatusBar()
{
    m_countsLabel = new QLabel(this);
    m_countsLabel->setObjectName(QStringLiteral("countsLabel"));
    m_sessionLabel = new QLabel(this);
    m_rateLabel = new QLabel(this);
    m_pidLabel = new QLabel(this);
    for (QLabel* l : {m_countsLabel, m_sessionLabel, m_rateLabel, m_pidLabel}) {
        l->setContentsMargins(6, 0, 6, 0);
        statusBar()->addPermanentWidget(l);
    }
}

bool MainWindow::showingWelcome() const
{
    return m_stack->currentWidget() == m_welcomePanel;
}

void MainWindow::showProcesses()
{
    if (!showingWelcome())
        return;
    m_stack->setCurrentWidget(m_processesPanel);
    m_outputDock->show();
    m_channelsDock->show();
    m_plotsDock->show();
    if (m_settings->windowState().isEmpty()) { // first run: output and channels side by side
        resizeDocks({m_outputDock, m_channelsDock}, {width() * 45 / 100, width() * 55 / 100}, Qt::Horizontal);
        resizeDocks({m_outputDock}, {height() * 36 / 100}, Qt::Vertical);
    }
}

void MainWindow::newProcess()
{
    LauncherDialog dialog(m_controller, this);
    if (dialog.exec() == QDialog::Accepted && !dialog.launchedKeys().isEmpty()) {
        showProcesses();
        m_processesPanel->view()->clearSelection();
        m_feed->tick();
        for (int key : dialog.launchedKeys())
            m_processesPanel->selectPid(key);
    }
}

void MainWindow::runDemo()
{
    const QString queue = m_controller->createQueue(5);
    const QString lock = m_controller->createLock();
    QString err;
    LaunchSpec s;
    s.task = LaunchSpec::Task::Produce;
    s.name = QStringLiteral("producer");
    s.objectName = queue;
    s.count = 200;
    s.interval = 0.2;
    m_controller->launch(s, &err);
    s.task = LaunchSpec::Task::Consume;
    s.name = QStringLiteral("consumer");
    s.count = 0;
    s.interval = 5;
    m_controller->launch(s, &err);
    s = LaunchSpec{};
    s.task = LaunchSpec::Task::HoldLock;
    s.objectName = lock;
    s.seconds = 20;
    s.copies = 2;
    s.name = QStringLiteral("locker");
    m_controller->launch(s, &err);
    s = LaunchSpec{};
    s.task = LaunchSpec::Task::SpawnChildren;
    s.name = QStringLiteral("parent");
    s.count = 3;
    s.seconds = 30;
    m_controller->launch(s, &err);
    s = LaunchSpec{};
    s.task = LaunchSpec::Task::Fail;
    s.name = QStringLiteral("failing-task");
    m_controller->launch(s, &err);
    if (!err.isEmpty())
        statusBar()->showMessage(err, 8000);
    showProcesses();
    m_feed->tick();
}

void MainWindow::showLessons()
{
    m_lessonsDock->show();
    m_lessonsDock->raise();
    m_lessonPanel->focusSearch();
}

void MainWindow::onFrame(const FeedFrame& frame)
{
    // Descendants orphaned under this window (a killed lesson runner's tree) are adopted by it:
    // reap them on the tick (never waits), so they end as exited, not as zombies.
    if (frame.live)
        (void)proclab::active_children();
    // Processes besides this window and its fork server (an attached program): show them.
    if (showingWelcome()) {
        for (const auto& p : frame.snapshot.processes)
            if (p.pid != ::getpid() && p.kind != proclab::ProcessKind::ForkServer) {
                showProcesses();
                break;
            }
    }
}

void MainWindow::setLanguage(const QString& language)
{
    m_settings->setLanguage(language);
    if (m_translator) {
        QCoreApplication::removeTranslator(m_translator);
        delete m_translator;
        m_translator = nullptr;
    }
    const QLocale locale = language.isEmpty() ? QLocale() : QLocale(language);
    m_translator = loadProcLabTranslator(locale, this);
    if (!m_translator)
        m_translator = loadProcLabTranslator(QLocale(QLocale::English), this);
    if (m_translator)
        QCoreApplication::installTranslator(m_translator);
    for (QAction* a : m_languageGroup->actions())
        a->setChecked(a->data().toString() == language);
}

void MainWindow::setRefreshInterval(int ms)
{
    m_feed->setInterval(ms);
    m_settings->setRefreshIntervalMs(m_feed->interval());
    for (QAction* a : m_rateGroup->actions())
        a->setChecked(a->data().toInt() == m_feed->interval());
    updateRateLabel();
}

void MainWindow::updateRateLabel()
{
    if (!m_rateLabel)
        return;
    m_rateLabel->setText(m_feed->isPaused()
                             ? tr("paused")
                             : tr("every %1 s").arg(QLocale().toString(m_feed->interval() / 1000.0, 'g', 2)));
}

QString MainWindow::attachToSession(const QString& name)
{
    try {
        m_feed->setSource(std::make_unique<LiveSource>(proclab::Session::open(name.toStdString())));
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    showProcesses();
    return {};
}

void MainWindow::chooseSession()
{
    QStringList names;
    for (const auto& info : proclab::Session::list())
        if (info.creator_alive)
            names << QString::fromStdString(info.name);
    if (names.isEmpty()) {
        QMessageBox::information(this, tr("Attach to Session"),
                                 tr("No live session found. Start a program with PROCLAB_SESSION=<name> "
                                    "(a ProcLab program creates the session), then attach to it here."));
        return;
    }
    bool ok = false;
    const QString name = QInputDialog::getItem(this, tr("Attach to Session"), tr("Session:"), names, 0, false, &ok);
    if (!ok)
        return;
    const QString err = attachToSession(name);
    if (!err.isEmpty())
        QMessageBox::warning(this, tr("Attach to Session"), err);
}

QString MainWindow::exportCsv(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text))
        return f.errorString();
    f.write(m_processesPanel->toCsv().toUtf8());
    return {};
}

void MainWindow::chooseCsvFile()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Table as CSV"), QStringLiteral("processes.csv"),
                                                      tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    const QString err = exportCsv(path);
    if (err.isEmpty())
        statusBar()->showMessage(tr("Exported to %1").arg(path), 5000);
    else
        QMessageBox::warning(this, tr("Export Table as CSV"), err);
}

MainWindow::QuitChoice MainWindow::askQuitChoice(int live)
{
    if (m_quitChooser)
        return m_quitChooser(live);
    QMessageBox box(QMessageBox::Question, tr("Quit ProcLab"),
                    tr("%n process(es) started from this window are still running.", nullptr, live),
                    QMessageBox::NoButton, this);
    box.setInformativeText(tr("Wait: join them, then quit. Terminate: send them SIGTERM, then quit. Leave running: "
                              "close the window now; ProcLab ends when they have finished, as Python's main process "
                              "joins its children at exit (daemon children are terminated)."));
    QPushButton* wait = box.addButton(tr("&Wait"), QMessageBox::AcceptRole);
    QPushButton* term = box.addButton(tr("&Terminate Them"), QMessageBox::DestructiveRole);
    QPushButton* leave = box.addButton(tr("&Leave Running"), QMessageBox::ActionRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(wait);
    box.exec();
    if (box.clickedButton() == wait)
        return QuitChoice::Wait;
    if (box.clickedButton() == term)
        return QuitChoice::Terminate;
    if (box.clickedButton() == leave)
        return QuitChoice::Leave;
    return QuitChoice::Cancel;
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    const int live = m_controller->liveCount();
    if (!m_quitConfirmed && live > 0) {
        if (m_quitPending) { // a second Quit while waiting: ask again
            m_quitPending = false;
        }
        switch (askQuitChoice(live)) {
        case QuitChoice::Cancel:
            event->ignore();
            return;
        case QuitChoice::Leave:
            break;
        case QuitChoice::Terminate:
            m_controller->terminateAll();
            [[fallthrough]];
        case QuitChoice::Wait:
            m_quitPending = true;
            statusBar()->showMessage(tr("Waiting for %n process(es) to end before quitting…", nullptr, live));
            m_controller->joinAll(); // allEnded() closes the window
            event->ignore();
            return;
        }
    }
    saveSettings();
    event->accept();
}

void MainWindow::restoreSettings()
{
    resize(1180, 760);
    restoreGeometry(m_settings->windowGeometry());
    restoreState(m_settings->windowState());
    m_processesPanel->restoreHeaderState(m_settings->processHeaderState());
    m_treeAction->setChecked(m_settings->processTreeMode());
    m_processesPanel->setTreeMode(m_settings->processTreeMode());
    setRefreshInterval(m_settings->refreshIntervalMs());
    const QString lang = m_settings->language();
    for (QAction* a : m_languageGroup->actions())
        a->setChecked(a->data().toString() == lang);
    if (!lang.isEmpty())
        setLanguage(lang);
}

void MainWindow::saveSettings()
{
    m_settings->setWindowGeometry(saveGeometry());
    m_settings->setWindowState(saveState());
    m_settings->setProcessHeaderState(m_processesPanel->headerState());
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
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QMainWindow::changeEvent(event);
}

void MainWindow::retranslateUi()
{
    setWindowTitle(tr("ProcLab — Process Laboratory"));
    if (m_feed->source())
        setWindowTitle(tr("ProcLab — Process Laboratory") + QStringLiteral(" · ") + m_feed->source()->name());

    m_fileMenu->setTitle(tr("&File"));
    m_attachAction->setText(tr("&Attach to Session…"));
    m_attachAction->setStatusTip(tr("Watch another program started with PROCLAB_SESSION=<name>"));
    m_exportAction->setText(tr("&Export Table as CSV…"));
    m_quitAction->setText(tr("&Quit"));
    m_quitAction->setStatusTip(tr("Close ProcLab"));
    m_processMenu->setTitle(tr("&Process"));
    m_viewMenu->setTitle(tr("&View"));
    m_pauseAction->setText(tr("&Pause Updates"));
    m_pauseAction->setToolTip(tr("Freeze the tables on the last sample (the processes keep running)."));
    m_refreshNowAction->setText(tr("&Refresh Now"));
    m_treeAction->setText(tr("Process &Tree"));
    m_rateMenu->setTitle(tr("Refresh &Rate"));
    for (QAction* a : m_rateGroup->actions())
        a->setText(tr("%1 s").arg(QLocale().toString(a->data().toInt() / 1000.0, 'g', 2)));
    m_languageMenu->setTitle(tr("&Language"));
    const auto langs = m_languageGroup->actions();
    langs[0]->setText(tr("System Language"));
    langs[1]->setText(QStringLiteral("English"));
    langs[2]->setText(QStringLiteral("简体中文"));
    m_outputDock->setWindowTitle(tr("Output"));
    m_channelsDock->setWindowTitle(tr("Channels and Locks"));
    m_plotsDock->setWindowTitle(tr("Plots"));
    m_lessonsDock->setWindowTitle(tr("Lessons"));
    m_lessonsAction->setText(tr("&Lessons…"));
    m_lessonsAction->setStatusTip(tr("Step-by-step lessons: Python's multiprocessing examples run for real"));
    m_toolBar->setWindowTitle(tr("Actions"));

    m_helpMenu->setTitle(tr("&Help"));
    m_aboutAction->setText(tr("&About ProcLab"));
    m_aboutAction->setStatusTip(tr("Show ProcLab's version and license"));
    m_aboutQtAction->setText(tr("About &Qt"));
    m_aboutQtAction->setStatusTip(tr("Show the version of Qt in use"));

    //: The process ID of the ProcLab window itself
    m_pidLabel->setText(tr("GUI PID %1").arg(::getpid()));
    m_sessionLabel->setText(m_feed->source() ? tr("session %1").arg(m_feed->source()->name()) : tr("no session"));
    updateRateLabel();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About ProcLab"),
                       tr("<h3>ProcLab %1</h3>"
                          "<p>A desktop laboratory for processes: Python's multiprocessing re-created in "
                          "C++20, with a window that shows every process live.</p>"
                          "<p>Released under the MIT License.</p>")
                           .arg(QStringLiteral(PROCLAB_VERSION_STRING)));
}

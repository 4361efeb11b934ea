#include "shell/main_actions.h"

#include "panels/process_commands.h"
#include "panels/processes_panel.h"

#include <QAction>
#include <QActionGroup>
#include <QIcon>
#include <QLocale>
#include <QMainWindow>
#include <QMenuBar>
#include <QToolBar>
#include <QToolButton>

MainActions::MainActions(QMainWindow* window, const QList<int>& rates)
    : QObject(window)
    , m_window(window)
    , m_rateGroup(new QActionGroup(this))
    , m_languageGroup(new QActionGroup(this))
    , m_scopeGroup(new QActionGroup(this))
{
    for (auto& a : m_actions)
        a = new QAction(this);
    action(Id::Export)->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    action(Id::RunPython)->setObjectName(QStringLiteral("runPythonAction"));
    action(Id::RunPython)->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    action(Id::RunMpi)->setObjectName(QStringLiteral("runMpiAction"));
    action(Id::Quit)->setShortcut(QKeySequence::Quit);
    action(Id::Quit)->setMenuRole(QAction::QuitRole);
    action(Id::Pause)->setCheckable(true);
    action(Id::Pause)->setIcon(QIcon(QStringLiteral(":/icons/actions/pause-updates.png")));
    action(Id::Pause)->setShortcut(QKeySequence(Qt::Key_Space));
    action(Id::RefreshNow)->setShortcut(QKeySequence::Refresh);
    action(Id::Tree)->setCheckable(true);
    action(Id::Tree)->setChecked(true);
    action(Id::Tree)->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    action(Id::Lessons)->setObjectName(QStringLiteral("lessonsAction"));
    action(Id::Lessons)->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    action(Id::RunDemo)->setObjectName(QStringLiteral("runDemoAction"));
    action(Id::About)->setMenuRole(QAction::AboutRole);
    action(Id::AboutQt)->setMenuRole(QAction::AboutQtRole);

    for (int ms : rates) {
        auto* a = new QAction(m_rateGroup);
        a->setCheckable(true);
        a->setData(ms);
        connect(a, &QAction::triggered, this, [this, ms] { emit rateChosen(ms); });
    }
    for (int scope = 0; scope < 3; ++scope) {
        auto* a = new QAction(m_scopeGroup);
        a->setCheckable(true);
        a->setData(scope);
        a->setObjectName(QStringLiteral("scopeAction%1").arg(scope));
        connect(a, &QAction::triggered, this, [this, scope] {
            checkScope(scope);
            emit scopeChosen(scope);
        });
    }
    m_scopeGroup->actions().at(0)->setChecked(true);
    m_scopeGroup->actions().at(0)->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    m_scopeGroup->actions().at(1)->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
    m_scopeGroup->actions().at(2)->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_3));
    for (const QString& lang : {QString(), QStringLiteral("en"), QStringLiteral("zh_CN")}) {
        auto* a = new QAction(m_languageGroup);
        a->setCheckable(true);
        a->setData(lang);
        connect(a, &QAction::triggered, this, [this, lang] { emit languageChosen(lang); });
    }
}

void MainActions::buildMenus(ProcessesPanel* panel, const QList<QAction*>& dockToggles)
{
    using A = ProcessesPanel::Action;
    QMenuBar* bar = m_window->menuBar();
    m_fileMenu = bar->addMenu(QString());
    m_fileMenu->addAction(panel->action(A::New));
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(action(Id::RunPython));
    m_fileMenu->addAction(action(Id::RunMpi));
    m_fileMenu->addAction(action(Id::Attach));
    m_fileMenu->addAction(action(Id::Export));
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(action(Id::Quit));

    m_processMenu = bar->addMenu(QString());
    for (A a : {A::Start, A::Join, A::JoinTimeout, A::Daemonize})
        m_processMenu->addAction(panel->action(a));
    m_processMenu->addSeparator();
    for (A a : {A::Terminate, A::Kill, A::Stop, A::Continue, A::KillTree})
        m_processMenu->addAction(panel->action(a));
    using C = ProcessCommands::Command;
    const auto command = [panel](C c) { return panel->commands()->action(c); };
    m_processMenu->addAction(command(C::SendSignal));
    m_processMenu->addAction(command(C::Renice));
    m_processMenu->addSeparator();
    m_processMenu->addAction(command(C::Details));
    m_processMenu->addAction(command(C::CopyPid));
    m_processMenu->addSeparator();
    m_processMenu->addAction(command(C::ShowEnded));
    m_processMenu->addAction(command(C::ClearEnded));
    m_processMenu->addAction(command(C::ConfirmActions));
    m_processMenu->setToolTipsVisible(true);

    m_viewMenu = bar->addMenu(QString());
    m_viewMenu->addAction(action(Id::Pause));
    m_viewMenu->addAction(action(Id::RefreshNow));
    m_rateMenu = m_viewMenu->addMenu(QString());
    m_rateMenu->addActions(m_rateGroup->actions());
    m_viewMenu->addSeparator();
    m_scopeMenu = m_viewMenu->addMenu(QString());
    m_scopeMenu->addActions(m_scopeGroup->actions());
    m_scopeMenu->setToolTipsVisible(true);
    m_viewMenu->addAction(action(Id::Tree));
    m_viewMenu->addActions(dockToggles);
    m_viewMenu->addSeparator();
    m_languageMenu = m_viewMenu->addMenu(QString());
    m_languageMenu->addActions(m_languageGroup->actions());

    m_helpMenu = bar->addMenu(QString());
    m_helpMenu->addAction(action(Id::Lessons));
    m_helpMenu->addAction(action(Id::RunDemo));
    m_helpMenu->addSeparator();
    m_helpMenu->addAction(action(Id::About));
    m_helpMenu->addAction(action(Id::AboutQt));

    m_toolBar = m_window->addToolBar(QString());
    m_toolBar->setObjectName(QStringLiteral("mainToolBar"));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toolBar->setIconSize(QSize(20, 20));
    m_toolBar->setMovable(false);
    m_toolBar->addAction(panel->action(A::New));
    m_toolBar->addSeparator();
    for (A a : {A::Start, A::Join, A::Daemonize})
        m_toolBar->addAction(panel->action(a));
    m_toolBar->addSeparator();
    for (A a : {A::Terminate, A::Kill, A::Stop, A::Continue, A::KillTree})
        m_toolBar->addAction(panel->action(a));
    m_toolBar->addSeparator();
    // The scope toggle: the current scope's name, its menu on a click.
    m_scopeButton = new QToolButton(m_toolBar);
    m_scopeButton->setObjectName(QStringLiteral("scopeButton"));
    m_scopeButton->setPopupMode(QToolButton::InstantPopup);
    m_scopeButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_scopeButton->setMenu(m_scopeMenu);
    m_toolBar->addWidget(m_scopeButton);
    m_toolBar->addAction(action(Id::Pause));
    m_toolBar->addAction(action(Id::Lessons));
}

void MainActions::checkRate(int ms)
{
    for (QAction* a : m_rateGroup->actions())
        a->setChecked(a->data().toInt() == ms);
}

void MainActions::checkScope(int scope)
{
    for (QAction* a : m_scopeGroup->actions())
        if (a->data().toInt() == scope) {
            a->setChecked(true);
            if (m_scopeButton)
                m_scopeButton->setText(a->text());
        }
}

void MainActions::checkLanguage(const QString& language)
{
    for (QAction* a : m_languageGroup->actions())
        a->setChecked(a->data().toString() == language);
}

void MainActions::retranslateUi()
{
    m_fileMenu->setTitle(tr("&File"));
    action(Id::RunPython)->setText(tr("Run &Python Script…"));
    action(Id::RunPython)->setStatusTip(tr("Run a Python multiprocessing program and watch its processes live"));
    action(Id::RunMpi)->setText(tr("Run with &MPI…"));
    action(Id::RunMpi)->setStatusTip(tr("Run a program on several MPI ranks with mpirun and watch its ranks live"));
    action(Id::Attach)->setText(tr("&Attach to Session…"));
    action(Id::Attach)->setStatusTip(tr("Watch another program started with PROCLAB_SESSION=<name>"));
    action(Id::Export)->setText(tr("&Export Table as CSV…"));
    action(Id::Quit)->setText(tr("&Quit"));
    action(Id::Quit)->setStatusTip(tr("Close ProcLab"));
    m_processMenu->setTitle(tr("&Process"));
    m_viewMenu->setTitle(tr("&View"));
    action(Id::Pause)->setText(tr("&Pause Updates"));
    action(Id::Pause)->setToolTip(tr("Freeze the tables on the last sample (the processes keep running)."));
    action(Id::RefreshNow)->setText(tr("Refresh &Now"));
    action(Id::Tree)->setText(tr("Process &Tree"));
    m_rateMenu->setTitle(tr("Refresh &Rate"));
    for (QAction* a : m_rateGroup->actions())
        a->setText(tr("%1 s").arg(QLocale().toString(a->data().toInt() / 1000.0, 'g', 2)));
    m_scopeMenu->setTitle(tr("&Scope"));
    const auto scopes = m_scopeGroup->actions();
    scopes[0]->setText(tr("This Session"));
    scopes[0]->setToolTip(tr("The processes of this session and their descendants (children of launched commands)."));
    scopes[1]->setText(tr("My Processes"));
    scopes[1]->setToolTip(tr("Every process of your user on this machine, with ps's columns."));
    scopes[2]->setText(tr("All Processes"));
    scopes[2]->setToolTip(tr("Every process on this machine, as htop shows them."));
    m_scopeButton->setToolTip(tr("Which processes the table shows (View ▸ Scope)."));
    for (QAction* a : scopes)
        if (a->isChecked())
            m_scopeButton->setText(a->text());
    m_languageMenu->setTitle(tr("&Language"));
    const auto langs = m_languageGroup->actions();
    langs[0]->setText(tr("System Language"));
    langs[1]->setText(QStringLiteral("English"));
    langs[2]->setText(QStringLiteral("简体中文"));
    action(Id::Lessons)->setText(tr("&Lessons…"));
    action(Id::Lessons)->setStatusTip(tr("Step-by-step lessons: Python's multiprocessing examples run for real"));
    action(Id::RunDemo)->setText(tr("Run the &Demo"));
    action(Id::RunDemo)
        ->setStatusTip(tr("Start the demo: a producer, consumers, a pool and a lock, to see every view at work"));
    m_toolBar->setWindowTitle(tr("Actions"));
    m_helpMenu->setTitle(tr("&Help"));
    action(Id::About)->setText(tr("&About ProcLab"));
    action(Id::About)->setStatusTip(tr("Show ProcLab's version and license"));
    action(Id::AboutQt)->setText(tr("About &Qt"));
    action(Id::AboutQt)->setStatusTip(tr("Show the version of Qt in use"));
}

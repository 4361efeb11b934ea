#include "main_window.h"

#include "welcome_panel.h"

#include <QAction>
#include <QApplication>
#include <QEvent>
#include <QIcon>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>

#include <unistd.h>

// Q_INIT_RESOURCE must be used outside any namespace; the icons live in a static library, whose
// resources are linked in only when something references them.
static void initResources()
{
    Q_INIT_RESOURCE(proclab);
}

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
{
    initResources();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/proclab.png")));

    m_welcomePanel = new WelcomePanel(this);
    setCentralWidget(m_welcomePanel);

    createActions();
    createMenus();
    createStatusBar();
    retranslateUi();

    resize(1000, 680);
}

void MainWindow::createActions()
{
    m_quitAction = new QAction(this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_aboutAction = new QAction(this);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);

    m_aboutQtAction = new QAction(this);
    m_aboutQtAction->setMenuRole(QAction::AboutQtRole);
    connect(m_aboutQtAction, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::createMenus()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_fileMenu->addAction(m_quitAction);

    m_helpMenu = menuBar()->addMenu(QString());
    m_helpMenu->addAction(m_aboutAction);
    m_helpMenu->addAction(m_aboutQtAction);
}

void MainWindow::createStatusBar()
{
    m_pidLabel = new QLabel(this);
    m_pidLabel->setContentsMargins(6, 0, 6, 0);
    statusBar()->addPermanentWidget(m_pidLabel);
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

    m_fileMenu->setTitle(tr("&File"));
    m_quitAction->setText(tr("&Quit"));
    m_quitAction->setStatusTip(tr("Close ProcLab"));

    m_helpMenu->setTitle(tr("&Help"));
    m_aboutAction->setText(tr("&About ProcLab"));
    m_aboutAction->setStatusTip(tr("Show ProcLab's version and license"));
    m_aboutQtAction->setText(tr("About &Qt"));
    m_aboutQtAction->setStatusTip(tr("Show the version of Qt in use"));

    //: The process ID of the ProcLab window itself
    m_pidLabel->setText(tr("GUI PID %1").arg(::getpid()));
    statusBar()->showMessage(tr("Ready"));
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

#pragma once
// The application window. It only builds and wires the panels: the sampling tick (SessionFeed)
// feeds the processes panel, the channels panel and the output panel; the session controller
// owns what the user launches; one Settings object persists layout, columns, rate and language.

#include "shell/quit_guard.h"

#include "controllers/demo_scenario.h"
#include "controllers/system_feed.h"

#include <QMainWindow>

#include <functional>

class ChannelsPanel;
class LessonPanel;
class OutputPanel;
class OutputStore;
class PlotsPanel;
class ProcessesPanel;
class LanguageSwitcher;
class MainActions;
class QDockWidget;
class SchedulerPanel;
class QScrollArea;
class QStackedWidget;
class SessionController;
class SessionFeed;
class Settings;
class StatusLabels;
class WelcomePanel;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    using QuitChoice = QuitGuard::Choice;

    /// `settings` null: the application's own settings (owned by the window). The feed reads the
    /// session this process created or attached to (Session::current()), if any.
    explicit MainWindow(QWidget* parent = nullptr);
    explicit MainWindow(Settings* settings, QWidget* parent = nullptr);
    ~MainWindow() override;

    WelcomePanel* welcomePanel() const { return m_welcomePanel; }
    ProcessesPanel* processesPanel() const { return m_processesPanel; }
    ChannelsPanel* channelsPanel() const { return m_channelsPanel; }
    OutputPanel* outputPanel() const { return m_outputPanel; }
    PlotsPanel* plotsPanel() const { return m_plotsPanel; }
    LessonPanel* lessonPanel() const { return m_lessonPanel; }
    SchedulerPanel* schedulerPanel() const { return m_schedulerPanel; }
    QDockWidget* lessonsDock() const { return m_lessonsDock; }
    SessionController* controller() const { return m_controller; }
    SessionFeed* feed() const { return m_feed; }
    SystemFeed* systemFeed() const { return m_systemFeed; }
    /// View ▸ Scope: the processes the table shows (remembered in the settings).
    void setScope(ProcessScope scope);
    Settings* settings() const { return m_settings; }
    bool showingWelcome() const;

    /// Replaces the quit question (tests): called with the number of live children.
    void setQuitChooser(std::function<QuitChoice(int)> chooser) { m_quitGuard->setChooser(std::move(chooser)); }
    /// True once a Wait/Terminate quit is waiting for the children to end.
    bool quitPending() const { return m_quitGuard->pending(); }

    /// "", "en" or "zh_CN": installs the translation and remembers it.
    void setLanguage(const QString& language);
    /// Installs the translation for this run only (proclab --lang): the remembered one stays.
    void useLanguage(const QString& language);
    /// Shows lesson `idOrNumber` in the Lessons dock (proclab --lesson); false when there is none.
    bool openLesson(const QString& idOrNumber);
    /// Sampling period (100 ms – 10 s), remembered.
    void setRefreshInterval(int ms);
    /// Reads another live session (started with PROCLAB_SESSION=name); empty string on success.
    QString attachToSession(const QString& name);
    /// Writes the process table as CSV; empty string on success.
    QString exportCsv(const QString& path);

public slots:
    void showProcesses();
    void newProcess();
    void runPythonScript();
    void runWithMpi();
    /// A normal quit without questions (the app's SIGTERM/SIGINT/SIGHUP): children terminated.
    void quitWithoutAsking() { m_quitGuard->quitWithoutAsking(); }
    /// Runs `script` with `args` under the Python bridge, as Run Python Script does; the status
    /// bar says what went wrong, if anything.
    void runPythonScriptFile(const QString& script, const QStringList& args);
    void runDemo();
    /// Shows the lessons dock and focuses its search box.
    void showLessons();

protected:
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void init();
    void createActions();
    /// A dock named `name` (for the saved layout) around `content`, added at `area` (none: the
    /// caller places it, e.g. as a tab).
    QDockWidget* addDock(QWidget* content, const QString& name, Qt::DockWidgetArea area);
    void createDocks();
    void retranslateUi();
    void restoreSettings();
    void saveSettings();
    void chooseSession();
    void chooseCsvFile();
    /// The table, with the rows just launched selected (created or starting: the selection
    /// follows each one to its own row once it has started).
    void showLaunched(const QList<int>& keys);

    Settings* m_settings = nullptr;
    SessionFeed* m_feed = nullptr;
    SystemFeed* m_systemFeed = nullptr;
    OutputStore* m_output = nullptr;
    SessionController* m_controller = nullptr;
    QStackedWidget* m_stack = nullptr;
    WelcomePanel* m_welcomePanel = nullptr;
    QScrollArea* m_welcomeScroll = nullptr;
    ProcessesPanel* m_processesPanel = nullptr;
    ChannelsPanel* m_channelsPanel = nullptr;
    OutputPanel* m_outputPanel = nullptr;
    QDockWidget* m_outputDock = nullptr;
    QDockWidget* m_channelsDock = nullptr;
    PlotsPanel* m_plotsPanel = nullptr;
    QDockWidget* m_plotsDock = nullptr;
    LessonPanel* m_lessonPanel = nullptr;
    SchedulerPanel* m_schedulerPanel = nullptr;
    QDockWidget* m_schedulerDock = nullptr;
    DemoScenario m_demo;
    QDockWidget* m_lessonsDock = nullptr;
    MainActions* m_actions = nullptr;
    QuitGuard* m_quitGuard = nullptr;
    StatusLabels* m_status = nullptr;
    LanguageSwitcher* m_languages = nullptr;

    bool m_shownOnce = false;
};

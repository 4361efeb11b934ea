#pragma once
// "New process": an external command (argv, working directory, environment additions; shell
// mode only when chosen, showing the exact /bin/sh -c line) or a built-in task from a palette,
// with name, daemon, count, start method and restart policy. A Python interpreter runs watched
// (its multiprocessing objects show live) unless "Watch Python multiprocessing" is unticked. Bad input shows an inline
// error and launches nothing.

#include "dialogs/launch_dialog.h"

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QRadioButton;
class QStackedWidget;

class LauncherDialog : public LaunchDialog {
    Q_OBJECT

public:
    explicit LauncherDialog(SessionController* controller, QWidget* parent = nullptr);

    LaunchSpec spec(QString* error) const override;

    // For tests and lessons: fill the form.
    void setCommandMode(bool command);
    void setShellMode(bool shell);
    void setCommandText(const QString& argvOnePerLine);
    void setShellLine(const QString& line);
    void setWorkingDirectory(const QString& dir);
    void setEnvironmentText(const QString& lines);
    /// "Watch Python multiprocessing" (shown when the program is a Python interpreter).
    void setWatchPython(bool watch);
    bool watchPythonShown() const;
    void selectTask(LaunchSpec::Task task);
    void setSecondsText(const QString& text);
    void setCountText(const QString& text);
    void setCopiesText(const QString& text);
    void setProcessName(const QString& name);
    /// The exact line a shell launch runs.
    QString shellPreview() const;

private:
    void updateTaskFields();
    void updateShell();
    QWidget* buildCommandPage();
    QWidget* buildTaskPage();

    QRadioButton* m_taskRadio;
    QRadioButton* m_commandRadio;
    QStackedWidget* m_pages;
    // Command
    QCheckBox* m_shell;
    QPlainTextEdit* m_argv;
    QLineEdit* m_shellLine;
    QLabel* m_shellPreview;
    QLineEdit* m_cwd;
    QPlainTextEdit* m_env;
    QCheckBox* m_watchPython;
    QFormLayout* m_commandForm;
    // Task
    QListWidget* m_palette;
    QLabel* m_taskHelp;
    QFormLayout* m_taskForm;
    QLineEdit* m_seconds;
    QLineEdit* m_count;
    QLineEdit* m_interval;
    QComboBox* m_object;
    QLineEdit* m_message;
    QComboBox* m_signal;
    QLineEdit* m_port;
    QComboBox* m_method;
    // Common
    QLineEdit* m_name;
    QCheckBox* m_daemon;
    QLineEdit* m_copies;
    QCheckBox* m_startNow;
    QComboBox* m_restart;
    QLineEdit* m_retries;
    QLineEdit* m_backoff;
    QDialogButtonBox* m_buttons;
};

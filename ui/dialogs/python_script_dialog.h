#pragma once
// File ▸ Run Python Script…: a Python program (script, arguments, working directory, interpreter,
// start method) run with the Python bridge, so that its multiprocessing processes, queues, locks
// and pools show live. Its output goes to the output panel like every launched process.

#include "controllers/session_controller.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

class PythonScriptDialog : public QDialog {
    Q_OBJECT

public:
    explicit PythonScriptDialog(SessionController* controller, QWidget* parent = nullptr);

    /// The spec the form describes; `error` is empty or says what is wrong with a field.
    LaunchSpec spec(QString* error) const;
    QString errorText() const;
    /// Keys of the processes launched by the last successful launch.
    QList<int> launchedKeys() const { return m_launched; }

    // For tests: fill the form.
    void setScript(const QString& path);
    void setArguments(const QString& line);
    /// One line that the Arguments field splits back into `args` (QProcess::splitCommand's quoting).
    static QString joinArguments(const QStringList& args);
    void setWorkingDirectory(const QString& dir);
    void setInterpreter(const QString& program);
    /// "" (the script's own choice), fork, spawn or forkserver.
    void setStartMethod(const QString& method);

public slots:
    /// Validates, launches, closes on success; otherwise shows the error and stays open.
    bool tryLaunch();

private:
    SessionController* m_controller;
    QLineEdit* m_script;
    QLineEdit* m_args;
    QLineEdit* m_cwd;
    QComboBox* m_interpreter;
    QComboBox* m_method;
    QLabel* m_error;
    QDialogButtonBox* m_buttons;
    QList<int> m_launched;
};

#pragma once
// File ▸ Run Python Script…: a Python program (script, arguments, working directory, interpreter,
// start method) run with the Python bridge, so that its multiprocessing processes, queues, locks
// and pools show live. Its output goes to the output panel like every launched process.

#include "dialogs/launch_dialog.h"

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

class PythonScriptDialog : public LaunchDialog {
    Q_OBJECT

public:
    explicit PythonScriptDialog(SessionController* controller, QWidget* parent = nullptr);

    LaunchSpec spec(QString* error) const override;

    // For tests: fill the form.
    void setScript(const QString& path);
    void setArguments(const QString& line);
    /// One line that the Arguments field splits back into `args` (QProcess::splitCommand's quoting).
    static QString joinArguments(const QStringList& args);
    void setWorkingDirectory(const QString& dir);
    void setInterpreter(const QString& program);
    /// "" (the script's own choice), fork, spawn or forkserver.
    void setStartMethod(const QString& method);

private:
    QLineEdit* m_script;
    QLineEdit* m_args;
    QLineEdit* m_cwd;
    QComboBox* m_interpreter;
    QComboBox* m_method;
    QDialogButtonBox* m_buttons;
};

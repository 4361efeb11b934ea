#include "dialogs/python_script_dialog.h"

#include "controllers/session_controller.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace {

QHBoxLayout* withBrowse(QLineEdit* edit, QPushButton* browse)
{
    auto* row = new QHBoxLayout;
    row->addWidget(edit, 1);
    row->addWidget(browse);
    return row;
}

} // namespace

PythonScriptDialog::PythonScriptDialog(SessionController* controller, QWidget* parent)
    : LaunchDialog(controller, parent)
    , m_script(new QLineEdit(this))
    , m_args(new QLineEdit(this))
    , m_cwd(new QLineEdit(this))
    , m_interpreter(new QComboBox(this))
    , m_method(new QComboBox(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("pythonScriptDialog"));
    setWindowTitle(tr("Run Python Script"));
    auto* intro = new QLabel(tr("Runs your script unmodified. Its processes, queues, pipes, locks and pools "
                                "appear live beside the others, with what each process waits on."),
                             this);
    intro->setWordWrap(true);
    m_script->setObjectName(QStringLiteral("scriptEdit"));
    m_script->setPlaceholderText(tr("a .py file"));
    auto* browseScript = new QPushButton(tr("Browse…"), this);
    connect(browseScript, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("Python Script"), m_script->text(),
                                                       tr("Python scripts (*.py);;All files (*)"));
        if (!f.isEmpty())
            m_script->setText(f);
    });
    m_args->setObjectName(QStringLiteral("argsEdit"));
    m_args->setPlaceholderText(tr("as in a shell, e.g. --workers 4 \"two words\""));
    m_cwd->setPlaceholderText(tr("default: the script's directory"));
    auto* browseDir = new QPushButton(tr("Browse…"), this);
    connect(browseDir, &QPushButton::clicked, this, [this] {
        const QString d = QFileDialog::getExistingDirectory(this, tr("Working Directory"), m_cwd->text());
        if (!d.isEmpty())
            m_cwd->setText(d);
    });
    m_interpreter->setEditable(true);
    for (const char* name : {"python3", "python"})
        if (!QStandardPaths::findExecutable(QLatin1String(name)).isEmpty())
            m_interpreter->addItem(QLatin1String(name));
    if (m_interpreter->count() == 0)
        m_interpreter->addItem(QStringLiteral("python3"));
    m_method->addItem(tr("As the script chooses (Linux default: fork)"), QString());
    for (const char* m : {"fork", "spawn", "forkserver"})
        m_method->addItem(QLatin1String(m), QLatin1String(m));
    m_method->setToolTip(tr("multiprocessing's default start method; a script that calls set_start_method() "
                            "keeps its own choice."));

    auto* form = new QFormLayout;
    form->addRow(tr("Script:"), withBrowse(m_script, browseScript));
    form->addRow(tr("Arguments:"), m_args);
    form->addRow(tr("Working directory:"), withBrowse(m_cwd, browseDir));
    form->addRow(tr("Interpreter:"), m_interpreter);
    form->addRow(tr("Start method:"), m_method);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Run"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(errorLabel());
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &PythonScriptDialog::tryLaunch);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(560, sizeHint().height());
}

LaunchSpec PythonScriptDialog::spec(QString* error) const
{
    LaunchSpec s;
    s.type = LaunchSpec::Type::Command;
    s.watchPython = true;
    s.pythonStartMethod = m_method->currentData().toString();
    const QString script = m_script->text().trimmed();
    const QString interpreter = m_interpreter->currentText().trimmed();
    QString err;
    const QFileInfo info(script);
    if (script.isEmpty())
        err = tr("Choose a script to run.");
    else if (!info.isFile())
        err = tr("Script %1 does not exist.").arg(script);
    else if (!LaunchSpec::isPythonInterpreter(interpreter))
        err = tr("Interpreter %1 is not a Python interpreter (python, python3, python3.11, …).").arg(interpreter);
    else if (QStandardPaths::findExecutable(interpreter).isEmpty() && !QFileInfo(interpreter).isExecutable())
        err = tr("Interpreter %1 was not found.").arg(interpreter);
    s.argv << interpreter << info.absoluteFilePath() << QProcess::splitCommand(m_args->text());
    s.workingDirectory = m_cwd->text().trimmed().isEmpty() ? info.absolutePath() : m_cwd->text().trimmed();
    s.name = info.fileName();
    if (err.isEmpty())
        err = s.validate();
    if (error)
        *error = err;
    return s;
}

void PythonScriptDialog::setScript(const QString& path)
{
    m_script->setText(path);
}

void PythonScriptDialog::setArguments(const QString& line)
{
    m_args->setText(line);
}

QString PythonScriptDialog::joinArguments(const QStringList& args)
{
    QStringList quoted;
    for (QString a : args) {
        if (!a.isEmpty() && !a.contains(QLatin1Char(' ')) && !a.contains(QLatin1Char('"')) &&
            !a.contains(QLatin1Char('\t'))) {
            quoted << a;
            continue;
        }
        a.replace(QLatin1String("\""), QLatin1String(R"(""")")); // splitCommand: """ is one literal quote
        quoted << QLatin1Char('"') + a + QLatin1Char('"');
    }
    return quoted.join(QLatin1Char(' '));
}

void PythonScriptDialog::setWorkingDirectory(const QString& dir)
{
    m_cwd->setText(dir);
}

void PythonScriptDialog::setInterpreter(const QString& program)
{
    m_interpreter->setCurrentText(program);
}

void PythonScriptDialog::setStartMethod(const QString& method)
{
    const int i = m_method->findData(method);
    if (i >= 0)
        m_method->setCurrentIndex(i);
}

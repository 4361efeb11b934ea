#include "dialogs/launcher_dialog.h"

#include "controllers/session_controller.h"
#include "models/objects_model.h"

#include <proclab/session.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHash>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <csignal>

namespace {

QString shellQuote(const QString& s)
{
    QString q = s;
    q.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + q + QLatin1Char('\'');
}

bool parseDouble(const QLineEdit* e, double* out)
{
    bool ok = false;
    *out = QLocale::c().toDouble(e->text().trimmed(), &ok);
    return ok;
}

bool parseInt(const QLineEdit* e, int* out)
{
    bool ok = false;
    *out = QLocale::c().toInt(e->text().trimmed(), &ok);
    return ok;
}

QLineEdit* numberEdit(const QString& value, QWidget* parent)
{
    auto* e = new QLineEdit(value, parent);
    e->setMaximumWidth(120);
    return e;
}

} // namespace

LauncherDialog::LauncherDialog(SessionController* controller, QWidget* parent)
    : LaunchDialog(controller, parent)
{
    setObjectName(QStringLiteral("launcherDialog"));
    setWindowTitle(tr("New Process"));

    m_taskRadio = new QRadioButton(tr("Built-in &task"), this);
    m_commandRadio = new QRadioButton(tr("External &command"), this);
    m_taskRadio->setChecked(true);
    auto* kindRow = new QHBoxLayout;
    kindRow->addWidget(m_taskRadio);
    kindRow->addWidget(m_commandRadio);
    kindRow->addStretch(1);

    m_pages = new QStackedWidget(this);
    m_pages->addWidget(buildTaskPage());
    m_pages->addWidget(buildCommandPage());
    connect(m_commandRadio, &QRadioButton::toggled, this, [this](bool on) {
        m_pages->setCurrentIndex(on ? 1 : 0);
        updateTaskFields();
    });

    // Every kind of process.
    auto* common = new QGroupBox(tr("Process"), this);
    auto* form = new QFormLayout(common);
    m_name = new QLineEdit(common);
    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_name->setPlaceholderText(tr("default: the program's name; a built-in task is Process-N, as in Python"));
    form->addRow(tr("&Name:"), m_name);
    m_daemon = new QCheckBox(tr("Daemon (terminated when its parent ends; may not have children)"), common);
    form->addRow(QString(), m_daemon);
    m_copies = numberEdit(QStringLiteral("1"), common);
    m_copies->setObjectName(QStringLiteral("copiesEdit"));
    m_copies->setToolTip(tr("1 to %1 copies, named name-1 … name-N; they start one after another without "
                            "holding up the window (progress in the status bar).")
                             .arg(LaunchSpec::kMaxCopies));
    form->addRow(tr("C&ount (copies):"), m_copies);
    m_startNow = new QCheckBox(tr("Start now (otherwise it waits in state \"created\" until Start)"), common);
    m_startNow->setChecked(true);
    form->addRow(QString(), m_startNow);
    m_restart = new QComboBox(common);
    m_restart->addItem(tr("Never restart"), static_cast<int>(LaunchSpec::Restart::Never));
    m_restart->addItem(tr("Restart on failure"), static_cast<int>(LaunchSpec::Restart::OnFailure));
    m_retries = numberEdit(QStringLiteral("3"), common);
    m_backoff = numberEdit(QStringLiteral("1"), common);
    auto* restartRow = new QHBoxLayout;
    restartRow->addWidget(m_restart);
    restartRow->addWidget(new QLabel(tr("max retries"), common));
    restartRow->addWidget(m_retries);
    restartRow->addWidget(new QLabel(tr("back-off (s, doubles)"), common));
    restartRow->addWidget(m_backoff);
    restartRow->addStretch(1);
    form->addRow(tr("Restart:"), restartRow);
    const auto updateRestart = [this] {
        const bool on = m_restart->currentIndex() == 1;
        m_retries->setEnabled(on);
        m_backoff->setEnabled(on);
    };
    connect(m_restart, &QComboBox::currentIndexChanged, this, updateRestart);
    updateRestart();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Launch"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &LauncherDialog::tryLaunch);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(kindRow);
    layout->addWidget(m_pages, 1);
    layout->addWidget(common);
    layout->addWidget(errorLabel());
    layout->addWidget(m_buttons);

    updateTaskFields();
    updateShell();
    resize(720, 640);
}

QWidget* LauncherDialog::buildTaskPage()
{
    auto* page = new QWidget(this);
    m_palette = new QListWidget(page);
    m_palette->setObjectName(QStringLiteral("taskPalette"));
    m_palette->setMaximumWidth(230);
    using T = LaunchSpec::Task;
    for (T t : {T::Sleep, T::BusyCpu, T::PrintLines, T::Produce, T::Consume, T::HoldLock, T::Fail, T::Crash,
                T::SpawnChildren, T::EchoServer}) {
        auto* item = new QListWidgetItem(LaunchSpec::taskName(t), m_palette);
        item->setData(Qt::UserRole, static_cast<int>(t));
    }
    m_palette->setCurrentRow(0);
    connect(m_palette, &QListWidget::currentRowChanged, this, &LauncherDialog::updateTaskFields);

    m_taskHelp = new QLabel(page);
    m_taskHelp->setWordWrap(true);

    auto* fields = new QWidget(page);
    m_taskForm = new QFormLayout(fields);
    m_seconds = numberEdit(QStringLiteral("10"), fields);
    m_seconds->setObjectName(QStringLiteral("secondsEdit"));
    m_count = numberEdit(QStringLiteral("10"), fields);
    m_count->setObjectName(QStringLiteral("countEdit"));
    m_interval = numberEdit(QStringLiteral("0.5"), fields);
    m_object = new QComboBox(fields);
    m_object->setMinimumWidth(260);
    m_message = new QLineEdit(QStringLiteral("ValueError: bad input"), fields);
    m_signal = new QComboBox(fields);
    for (int sig : {SIGSEGV, SIGABRT, SIGFPE, SIGBUS, SIGILL, SIGKILL, SIGTERM})
        m_signal->addItem(QStringLiteral("%1 (%2)").arg(SessionController::signalName(sig)).arg(sig), sig);
    m_port = numberEdit(QStringLiteral("0"), fields);
    m_method = new QComboBox(fields);
    m_method->addItem(QStringLiteral("forkserver"), static_cast<int>(proclab::StartMethod::ForkServer));
    m_method->addItem(QStringLiteral("spawn"), static_cast<int>(proclab::StartMethod::Spawn));
    m_method->setToolTip(tr("fork is not offered: forking the threaded GUI is unsafe."));
    m_taskForm->addRow(tr("Seconds:"), m_seconds);
    m_taskForm->addRow(tr("Count:"), m_count);
    m_taskForm->addRow(tr("Interval (s):"), m_interval);
    m_taskForm->addRow(tr("Object:"), m_object);
    m_taskForm->addRow(tr("Message:"), m_message);
    m_taskForm->addRow(tr("Signal:"), m_signal);
    m_taskForm->addRow(tr("Port (0: any):"), m_port);
    m_taskForm->addRow(tr("Start method:"), m_method);

    auto* right = new QVBoxLayout;
    right->addWidget(m_taskHelp);
    right->addWidget(fields);
    right->addStretch(1);
    auto* layout = new QHBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_palette);
    layout->addLayout(right, 1);
    return page;
}

QWidget* LauncherDialog::buildCommandPage()
{
    auto* page = new QWidget(this);
    auto* pageLayout = new QVBoxLayout(page);
    pageLayout->setContentsMargins(0, 0, 0, 0);
    m_commandForm = new QFormLayout;
    pageLayout->addLayout(m_commandForm);
    pageLayout->addStretch(1); // hidden rows leave space below the form, not between its rows
    m_shell = new QCheckBox(tr("Run through the shell (/bin/sh -c)"), page);
    m_shell->setObjectName(QStringLiteral("shellCheck"));
    m_argv = new QPlainTextEdit(page);
    m_argv->setObjectName(QStringLiteral("argvEdit"));
    m_argv->setPlaceholderText(tr("One argument per line: the program first, e.g.\nsleep\n30"));
    m_argv->setTabChangesFocus(true);
    m_shellLine = new QLineEdit(page);
    m_shellLine->setObjectName(QStringLiteral("shellLineEdit"));
    m_shellPreview = new QLabel(page);
    m_shellPreview->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_shellPreview->setFont(QFont(QStringLiteral("monospace")));
    m_shellPreview->setWordWrap(true);
    m_shellPreview->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    m_cwd = new QLineEdit(page);
    m_cwd->setPlaceholderText(tr("default: ProcLab's working directory"));
    auto* browse = new QPushButton(tr("Browse…"), page);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString d = QFileDialog::getExistingDirectory(this, tr("Working Directory"), m_cwd->text());
        if (!d.isEmpty())
            m_cwd->setText(d);
    });
    auto* cwdRow = new QHBoxLayout;
    cwdRow->addWidget(m_cwd, 1);
    cwdRow->addWidget(browse);
    m_env = new QPlainTextEdit(page);
    m_env->setPlaceholderText(tr("NAME=value, one per line (added to the environment)"));
    m_env->setMaximumHeight(80);
    m_env->setTabChangesFocus(true);
    m_commandForm->addRow(QString(), m_shell);
    m_commandForm->addRow(tr("Arguments:"), m_argv);
    m_commandForm->addRow(tr("Command line:"), m_shellLine);
    m_commandForm->addRow(tr("Runs:"), m_shellPreview);
    m_commandForm->addRow(tr("Working directory:"), cwdRow);
    m_commandForm->addRow(tr("Environment:"), m_env);
    m_watchPython =
        new QCheckBox(tr("Watch Python multiprocessing (its processes, queues, locks and pools show live)"), page);
    m_watchPython->setObjectName(QStringLiteral("watchPythonCheck"));
    m_watchPython->setChecked(true);
    m_commandForm->addRow(QString(), m_watchPython);
    connect(m_shell, &QCheckBox::toggled, this, &LauncherDialog::updateShell);
    connect(m_argv, &QPlainTextEdit::textChanged, this, &LauncherDialog::updateShell);
    connect(m_shellLine, &QLineEdit::textChanged, this, &LauncherDialog::updateShell);
    return page;
}

void LauncherDialog::updateShell()
{
    const bool shell = m_shell->isChecked();
    m_commandForm->setRowVisible(m_argv, !shell);
    m_commandForm->setRowVisible(m_shellLine, shell);
    m_commandForm->setRowVisible(m_shellPreview, shell);
    m_shellPreview->setText(shellPreview());
    LaunchSpec probe;
    probe.type = shell ? LaunchSpec::Type::Shell : LaunchSpec::Type::Command;
    probe.shellLine = m_shellLine->text();
    probe.argv = QStringList{m_argv->toPlainText().section(QLatin1Char('\n'), 0, 0).trimmed()};
    m_commandForm->setRowVisible(m_watchPython, probe.watchesPython());
}

QString LauncherDialog::shellPreview() const
{
    return QStringLiteral("/bin/sh -c ") + shellQuote(m_shellLine->text());
}

void LauncherDialog::updateTaskFields()
{
    using T = LaunchSpec::Task;
    const auto t = static_cast<T>(m_palette->currentItem() ? m_palette->currentItem()->data(Qt::UserRole).toInt() : 0);
    const bool seconds =
        t == T::Sleep || t == T::BusyCpu || t == T::HoldLock || t == T::SpawnChildren || t == T::EchoServer;
    const bool count = t == T::PrintLines || t == T::Produce || t == T::Consume || t == T::SpawnChildren;
    const bool interval = t == T::PrintLines || t == T::Produce || t == T::Consume;
    const bool object = t == T::Produce || t == T::Consume || t == T::HoldLock;
    m_taskForm->setRowVisible(m_seconds, seconds);
    m_taskForm->setRowVisible(m_count, count);
    m_taskForm->setRowVisible(m_interval, interval);
    m_taskForm->setRowVisible(m_object, object);
    m_taskForm->setRowVisible(m_message, t == T::Fail);
    m_taskForm->setRowVisible(m_signal, t == T::Crash);
    m_taskForm->setRowVisible(m_port, t == T::EchoServer);
    if (object) {
        // "Lock #2", as the Channels panel names it; the shared name is the item's data.
        const QString keep = m_object->currentData().toString();
        QHash<QString, QString> shown;
        if (auto session = proclab::Session::current())
            for (const auto& o : session->snapshot(false).objects)
                shown.insert(QString::fromStdString(o.name),
                             QStringLiteral("%1 #%2").arg(ObjectsModel::kindName(o.kind)).arg(o.id));
        m_object->clear();
        for (const QString& name : t == T::HoldLock ? controller()->lockNames() : controller()->queueNames()) {
            m_object->addItem(shown.value(name, name), name);
            m_object->setItemData(m_object->count() - 1, name, Qt::ToolTipRole);
        }
        if (const int i = m_object->findData(keep); i >= 0)
            m_object->setCurrentIndex(i);
    }
    QString help;
    switch (t) {
    case T::Sleep:
        help = tr("Sleeps for the given seconds, then exits with 0.");
        break;
    case T::BusyCpu:
        help = tr("Spins on one CPU for the given seconds: watch CPU % rise.");
        break;
    case T::PrintLines:
        help = tr("Prints numbered lines to stdout (interval 0: as fast as possible).");
        break;
    case T::Produce:
        help = tr("Puts items on a queue; it blocks while the queue is full.");
        break;
    case T::Consume:
        help =
            tr("Gets items from a queue; it blocks while the queue is empty (count 0: until idle for the interval).");
        break;
    case T::HoldLock:
        help = tr("Acquires a lock and holds it: start two to see one blocked on the other.");
        break;
    case T::Fail:
        help = tr("Raises an exception: exit code 1 and the message on stderr.");
        break;
    case T::Crash:
        help = tr("Kills itself with a signal: the exit code is minus the signal number.");
        break;
    case T::SpawnChildren:
        help = tr("Starts child processes that sleep, then joins them: a small tree.");
        break;
    case T::EchoServer:
        help = tr("Echoes what clients send on 127.0.0.1 (port 0: any free port, printed); seconds 0: until stopped.");
        break;
    }
    m_taskHelp->setText(help);
    if (t == T::PrintLines && m_count->text() == QStringLiteral("10"))
        m_count->setText(QStringLiteral("20"));
}

LaunchSpec LauncherDialog::spec(QString* error) const
{
    LaunchSpec s;
    QString err;
    const auto bad = [&err](const QString& field, const QString& text) {
        if (err.isEmpty())
            err = tr("%1: \"%2\" is not a valid number.").arg(field, text);
    };
    if (!parseInt(m_copies, &s.copies))
        bad(tr("Count"), m_copies->text());
    s.name = m_name->text().trimmed();
    s.daemon = m_daemon->isChecked();
    s.startNow = m_startNow->isChecked();
    s.restart = static_cast<LaunchSpec::Restart>(m_restart->currentData().toInt());
    if (s.restart == LaunchSpec::Restart::OnFailure) {
        double backoff = 0;
        if (!parseInt(m_retries, &s.maxRetries))
            bad(tr("Max retries"), m_retries->text());
        if (!parseDouble(m_backoff, &backoff))
            bad(tr("Back-off"), m_backoff->text());
        s.backoffMs = static_cast<int>(backoff * 1000);
    }
    if (m_commandRadio->isChecked()) {
        s.type = m_shell->isChecked() ? LaunchSpec::Type::Shell : LaunchSpec::Type::Command;
        s.shellLine = m_shellLine->text();
        for (const QString& line : m_argv->toPlainText().split(QLatin1Char('\n')))
            if (!line.isEmpty() || !s.argv.isEmpty())
                s.argv << line;
        while (!s.argv.isEmpty() && s.argv.last().isEmpty())
            s.argv.removeLast();
        s.workingDirectory = m_cwd->text().trimmed();
        s.watchPython = m_watchPython->isChecked();
        for (const QString& line : m_env->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            const qsizetype eq = line.indexOf(QLatin1Char('='));
            if (eq <= 0) {
                if (err.isEmpty())
                    err = tr("Environment: \"%1\" is not NAME=value.").arg(line);
                continue;
            }
            s.environment.append({line.left(eq).trimmed(), line.mid(eq + 1)});
        }
    } else {
        s.type = LaunchSpec::Type::Task;
        s.task = static_cast<LaunchSpec::Task>(m_palette->currentItem()->data(Qt::UserRole).toInt());
        s.method = static_cast<proclab::StartMethod>(m_method->currentData().toInt());
        const auto visible = [this](QWidget* w) { return m_taskForm->isRowVisible(w); };
        if (visible(m_seconds) && !parseDouble(m_seconds, &s.seconds))
            bad(tr("Seconds"), m_seconds->text());
        if (visible(m_count) && !parseInt(m_count, &s.count))
            bad(tr("Count"), m_count->text());
        if (visible(m_interval) && !parseDouble(m_interval, &s.interval))
            bad(tr("Interval"), m_interval->text());
        if (visible(m_port) && !parseInt(m_port, &s.port))
            bad(tr("Port"), m_port->text());
        s.objectName = m_object->currentData().toString();
        s.message = m_message->text();
        s.signal = m_signal->currentData().toInt();
    }
    if (err.isEmpty())
        err = s.validate();
    if (error)
        *error = err;
    return s;
}

void LauncherDialog::setCommandMode(bool command)
{
    (command ? m_commandRadio : m_taskRadio)->setChecked(true);
}

void LauncherDialog::setShellMode(bool shell)
{
    m_shell->setChecked(shell);
}

void LauncherDialog::setWatchPython(bool watch)
{
    m_watchPython->setChecked(watch);
}

bool LauncherDialog::watchPythonShown() const
{
    return m_commandForm->isRowVisible(m_watchPython);
}

void LauncherDialog::setCommandText(const QString& argvOnePerLine)
{
    m_argv->setPlainText(argvOnePerLine);
}

void LauncherDialog::setShellLine(const QString& line)
{
    m_shellLine->setText(line);
}

void LauncherDialog::setWorkingDirectory(const QString& dir)
{
    m_cwd->setText(dir);
}

void LauncherDialog::setEnvironmentText(const QString& lines)
{
    m_env->setPlainText(lines);
}

void LauncherDialog::selectTask(LaunchSpec::Task task)
{
    for (int i = 0; i < m_palette->count(); ++i)
        if (m_palette->item(i)->data(Qt::UserRole).toInt() == static_cast<int>(task))
            m_palette->setCurrentRow(i);
}

void LauncherDialog::setSecondsText(const QString& text)
{
    m_seconds->setText(text);
}

void LauncherDialog::setCountText(const QString& text)
{
    m_count->setText(text);
}

void LauncherDialog::setCopiesText(const QString& text)
{
    m_copies->setText(text);
}

void LauncherDialog::setProcessName(const QString& name)
{
    m_name->setText(name);
}

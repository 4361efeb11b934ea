#include "dialogs/mpi_run_dialog.h"

#include "controllers/session_controller.h"

#include <proclab/session.h>

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QVBoxLayout>

#include <algorithm>
#include <unistd.h>

namespace {

constexpr int kMaxRanks = 4096;

QHBoxLayout* withBrowse(QLineEdit* edit, QPushButton* browse)
{
    auto* row = new QHBoxLayout;
    row->addWidget(edit, 1);
    row->addWidget(browse);
    return row;
}

/// `program` as mpirun will start it: a name without '/' from PATH, else an absolute path.
QString resolveProgram(const QString& program)
{
    if (!program.contains(QLatin1Char('/'))) {
        const QString found = QStandardPaths::findExecutable(program);
        return found.isEmpty() ? program : found;
    }
    return QFileInfo(program).absoluteFilePath();
}

/// One argument as a shell would need it written (for the preview only).
QString shellQuoted(const QString& arg)
{
    static const QString plain =
        QStringLiteral("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=+,@%");
    if (!arg.isEmpty() && std::all_of(arg.begin(), arg.end(), [](QChar c) { return plain.contains(c); }))
        return arg;
    QString quoted = arg;
    quoted.replace(QLatin1String("'"), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

} // namespace

MpiRunDialog::MpiRunDialog(SessionController* controller, QWidget* parent)
    : LaunchDialog(controller, parent)
    , m_program(new QLineEdit(this))
    , m_args(new QLineEdit(this))
    , m_ranks(new QSpinBox(this))
    , m_hostfile(new QLineEdit(this))
    , m_oversubscribe(new QCheckBox(tr("More ranks than cores (--oversubscribe)"), this))
    , m_preview(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("mpiRunDialog"));
    setWindowTitle(tr("Run with MPI"));
    auto* intro = new QLabel(tr("Starts the program on several MPI ranks with mpirun (Open MPI). The ranks on "
                                "this computer join this session: the worker ranks of a ProcLab MPI pool appear "
                                "as pool workers named host:rank."),
                             this);
    intro->setWordWrap(true);
    m_program->setObjectName(QStringLiteral("programEdit"));
    m_program->setPlaceholderText(tr("an MPI program"));
    auto* browseProgram = new QPushButton(tr("Browse…"), this);
    connect(browseProgram, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("MPI Program"), m_program->text());
        if (!f.isEmpty())
            m_program->setText(f);
    });
    m_args->setObjectName(QStringLiteral("argsEdit"));
    m_args->setPlaceholderText(tr("as in a shell, e.g. --size 1000 \"two words\""));
    m_ranks->setObjectName(QStringLiteral("ranksSpin"));
    m_ranks->setRange(0, kMaxRanks);
    m_ranks->setValue(2);
    m_ranks->setToolTip(tr("mpirun -np: rank 0 runs main(), the other ranks serve its MPI pool."));
    m_hostfile->setObjectName(QStringLiteral("hostfileEdit"));
    m_hostfile->setPlaceholderText(tr("optional: the machines and their slots, e.g. node01 slots=16"));
    auto* browseHostfile = new QPushButton(tr("Browse…"), this);
    connect(browseHostfile, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("Hostfile"), m_hostfile->text());
        if (!f.isEmpty())
            m_hostfile->setText(f);
    });
    m_oversubscribe->setObjectName(QStringLiteral("oversubscribeCheck"));
    m_oversubscribe->setToolTip(tr("Without it, mpirun refuses to start more ranks than the machines have cores."));
    m_preview->setObjectName(QStringLiteral("commandPreview"));
    m_preview->setWordWrap(true);
    m_preview->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* form = new QFormLayout;
    form->addRow(tr("Program:"), withBrowse(m_program, browseProgram));
    form->addRow(tr("Arguments:"), m_args);
    form->addRow(tr("Ranks:"), m_ranks);
    form->addRow(tr("Hostfile:"), withBrowse(m_hostfile, browseHostfile));
    form->addRow(QString(), m_oversubscribe);
    form->addRow(tr("Command:"), m_preview);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Run"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    if (::geteuid() == 0) {
        auto* root = new QLabel(tr("Running as root: mpirun is allowed to run as root "
                                   "(OMPI_ALLOW_RUN_AS_ROOT=1, OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1)."),
                                this);
        root->setWordWrap(true);
        layout->addWidget(root);
    }
    layout->addWidget(errorLabel());
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &MpiRunDialog::tryLaunch);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QLineEdit* edit : {m_program, m_args, m_hostfile})
        connect(edit, &QLineEdit::textChanged, this, &MpiRunDialog::updatePreview);
    connect(m_ranks, &QSpinBox::valueChanged, this, &MpiRunDialog::updatePreview);
    connect(m_oversubscribe, &QCheckBox::toggled, this, &MpiRunDialog::updatePreview);
    updatePreview();
    resize(600, sizeHint().height());
}

QString MpiRunDialog::mpirunPath()
{
    return QStandardPaths::findExecutable(QStringLiteral("mpirun"));
}

LaunchSpec MpiRunDialog::spec(QString* error) const
{
    LaunchSpec s;
    s.type = LaunchSpec::Type::Command;
    s.watchPython = false; // mpirun is no Python interpreter; a Python rank attaches through the session
    const QString program = m_program->text().trimmed();
    const QString hostfile = m_hostfile->text().trimmed();
    const QString mpirun = mpirunPath();
    const QString resolved = resolveProgram(program);
    QString err;
    if (program.isEmpty()) {
        err = tr("Choose a program to run.");
    } else {
        LaunchSpec alone; // the program's own checks: missing, a directory, not executable
        alone.type = LaunchSpec::Type::Command;
        alone.argv << program;
        err = alone.validate();
    }
    if (err.isEmpty() && m_ranks->value() < 1)
        err = tr("The number of ranks must be at least 1.");
    if (err.isEmpty() && !hostfile.isEmpty()) {
        const QFileInfo info(hostfile);
        if (!info.exists())
            err = tr("Hostfile %1 does not exist.").arg(hostfile);
        else if (!info.isFile() || !info.isReadable())
            err = tr("Hostfile %1 cannot be read.").arg(hostfile);
    }
    if (err.isEmpty() && mpirun.isEmpty())
        err = tr("mpirun was not found in PATH: install Open MPI (Debian: openmpi-bin).");
    s.argv << (mpirun.isEmpty() ? QStringLiteral("mpirun") : mpirun) << QStringLiteral("-np")
           << QString::number(m_ranks->value());
    if (!hostfile.isEmpty())
        s.argv << QStringLiteral("--hostfile") << QFileInfo(hostfile).absoluteFilePath();
    if (m_oversubscribe->isChecked())
        s.argv << QStringLiteral("--oversubscribe");
    s.argv << QStringLiteral("-x") << QLatin1String(proclab::Session::kEnvVar) << resolved
           << QProcess::splitCommand(m_args->text());
    if (!program.isEmpty())
        s.workingDirectory = QFileInfo(resolved).absolutePath();
    if (::geteuid() == 0)
        s.environment = {{QStringLiteral("OMPI_ALLOW_RUN_AS_ROOT"), QStringLiteral("1")},
                         {QStringLiteral("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"), QStringLiteral("1")}};
    s.name = QStringLiteral("mpirun ") + QFileInfo(resolved).fileName();
    if (err.isEmpty())
        err = s.validate();
    if (error)
        *error = err;
    return s;
}

QString MpiRunDialog::commandPreview() const
{
    QString error;
    const LaunchSpec s = spec(&error);
    QStringList words;
    for (const QString& a : s.argv)
        words << shellQuoted(a);
    return words.join(QLatin1Char(' '));
}

void MpiRunDialog::updatePreview()
{
    m_preview->setText(commandPreview());
}

void MpiRunDialog::setProgram(const QString& path)
{
    m_program->setText(path);
}

void MpiRunDialog::setArguments(const QString& line)
{
    m_args->setText(line);
}

void MpiRunDialog::setRanks(int ranks)
{
    m_ranks->setValue(ranks);
}

void MpiRunDialog::setHostfile(const QString& path)
{
    m_hostfile->setText(path);
}

void MpiRunDialog::setOversubscribe(bool on)
{
    m_oversubscribe->setChecked(on);
}

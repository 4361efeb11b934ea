#include "dialogs/process_details_dialog.h"

#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTabWidget>
#include <QTime>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <cerrno>
#include <cstring>
#include <utility>

namespace {

const char* const kFields[] = {"cmdline", "exe", "cwd", "state", "user", "threads", "memory", "cgroup"};

QString qs(const std::string& s)
{
    return QString::fromLocal8Bit(s.data(), static_cast<qsizetype>(s.size()));
}

QTreeWidget* makeTree(QWidget* parent, const char* objectName, int columns)
{
    auto* t = new QTreeWidget(parent);
    t->setObjectName(QLatin1String(objectName));
    t->setRootIsDecorated(false);
    t->setUniformRowHeights(true);
    t->setAlternatingRowColors(true);
    t->setColumnCount(columns);
    t->header()->setStretchLastSection(true);
    return t;
}

// One row spanning the tree saying why the part is missing.
void showProblem(QTreeWidget* tree, const QString& why)
{
    auto* item = new QTreeWidgetItem(tree, {why});
    item->setFirstColumnSpanned(true);
    item->setForeground(0, tree->palette().color(QPalette::PlaceholderText));
}

} // namespace

ProcessDetailsDialog::ProcessDetailsDialog(pid_t pid, QString name, quint64 startTicks, QWidget* parent)
    : QDialog(parent)
    , m_pid(pid)
    , m_name(std::move(name))
    , m_startTicks(startTicks)
{
    setObjectName(QStringLiteral("processDetailsDialog"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("detailsStatus"));
    m_status->setWordWrap(true);
    m_tabs = new QTabWidget(this);

    auto* general = new QWidget(m_tabs);
    m_form = new QFormLayout(general);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    for (const char* key : kFields)
        addField(QLatin1String(key));
    m_tabs->addTab(general, QString());
    m_environment = makeTree(m_tabs, "environmentTree", 2);
    m_tabs->addTab(m_environment, QString());
    m_files = makeTree(m_tabs, "filesTree", 3);
    m_files->setColumnWidth(0, 50);
    m_files->setColumnWidth(1, 90);
    m_tabs->addTab(m_files, QString());
    m_limits = makeTree(m_tabs, "limitsTree", 4);
    m_limits->setColumnWidth(0, 200);
    m_tabs->addTab(m_limits, QString());

    auto* buttons = new QDialogButtonBox(this);
    m_refresh = buttons->addButton(QString(), QDialogButtonBox::ActionRole);
    m_close = buttons->addButton(QDialogButtonBox::Close);
    connect(m_refresh, &QPushButton::clicked, this, &ProcessDetailsDialog::refresh);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(buttons);
    resize(720, 520);

    connect(&m_watcher, &QFutureWatcher<proclab::ProcessDetails>::finished, this, [this] {
        m_refresh->setEnabled(true);
        display(m_watcher.result());
    });
    retranslateUi();
    refresh();
}

QLabel* ProcessDetailsDialog::addField(const QString& key)
{
    auto* value = new QLabel(this);
    value->setObjectName(key + QStringLiteral("Value"));
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setWordWrap(true);
    value->setTextFormat(Qt::PlainText);
    m_form->addRow(new QLabel(this), value);
    m_fields.append({key, value});
    return value;
}

QString ProcessDetailsDialog::fieldText(const QString& field) const
{
    for (const auto& [key, label] : m_fields)
        if (key == field)
            return label->text();
    return {};
}

QString ProcessDetailsDialog::partError(int err)
{
    if (err == EACCES || err == EPERM)
        return tr("not readable (permission denied)");
    if (err == ENOENT || err == ESRCH)
        return tr("not available (the process has ended)");
    return tr("not readable (%1)").arg(QString::fromLocal8Bit(std::strerror(err)));
}

void ProcessDetailsDialog::refresh()
{
    if (m_watcher.isRunning())
        return;
    m_refresh->setEnabled(false);
    m_status->setText(tr("Reading /proc/%1…").arg(m_pid));
    m_watcher.setFuture(QtConcurrent::run(&proclab::read_process_details, m_pid));
}

void ProcessDetailsDialog::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void ProcessDetailsDialog::retranslateUi()
{
    setWindowTitle(tr("Process %1 — %2").arg(m_pid).arg(m_name));
    const QString names[] = {tr("Command line:"), tr("Executable:"),   tr("Working directory:"),
                             tr("State:"),        tr("User:"),         tr("Threads:"),
                             tr("Memory:"),       tr("Control group:")};
    for (int i = 0; i < m_fields.size(); ++i)
        if (auto* label = qobject_cast<QLabel*>(m_form->labelForField(m_fields[i].second)))
            label->setText(names[i]);
    m_tabs->setTabText(0, tr("General"));
    m_tabs->setTabText(1, tr("Environment"));
    m_tabs->setTabText(2, tr("Open Files"));
    m_tabs->setTabText(3, tr("Limits"));
    m_environment->setHeaderLabels({tr("Variable"), tr("Value")});
    m_files->setHeaderLabels({tr("FD"), tr("Kind"), tr("Target")});
    m_limits->setHeaderLabels({tr("Limit"), tr("Soft"), tr("Hard"), tr("Units")});
    m_refresh->setText(tr("&Refresh"));
    if (m_loaded)
        display(m_details);
}

void ProcessDetailsDialog::display(const proclab::ProcessDetails& d)
{
    m_details = d;
    const bool same = d.exists && (!m_startTicks || d.start_ticks == m_startTicks);
    if (!same) {
        m_details = proclab::ProcessDetails();
        m_details.pid = m_pid;
    }
    m_status->setText(same ? tr("PID %1, read from /proc/%1 at %2.")
                                 .arg(m_pid)
                                 .arg(QLocale().toString(QTime::currentTime(), QLocale::ShortFormat))
                           : tr("PID %1 has ended (or now names another process): nothing to show.").arg(m_pid));
    const auto set = [this](const char* key, const QString& text) {
        for (const auto& [k, label] : m_fields)
            if (k == QLatin1String(key))
                label->setText(text);
    };
    const proclab::ProcessDetails& x = m_details;
    const auto orError = [](int err, const QString& text) { return err ? partError(err) : text; };
    QStringList argv;
    for (const auto& a : x.argv)
        argv << qs(a);
    const QString none = same ? QString() : tr("—");
    set("cmdline", !same            ? none
                   : x.argv_error   ? partError(x.argv_error)
                   : argv.isEmpty() ? tr("(none: a kernel thread)")
                                    : argv.join(QLatin1Char(' ')));
    set("exe", same ? orError(x.exe_error, qs(x.exe)) : none);
    set("cwd", same ? orError(x.cwd_error, qs(x.cwd)) : none);
    set("state", same ? orError(x.status_error, qs(x.status_value("State"))) : none);
    set("user",
        same ? orError(x.status_error, tr("uid %1").arg(qs(x.status_value("Uid")).section(QLatin1Char('\t'), 1, 1)))
             : none);
    set("threads", same ? orError(x.status_error, qs(x.status_value("Threads"))) : none);
    set("memory", same ? orError(x.status_error, tr("resident %1, virtual %2, swapped %3")
                                                     .arg(qs(x.status_value("VmRSS")), qs(x.status_value("VmSize")),
                                                          qs(x.status_value("VmSwap"))))
                       : none);
    set("cgroup", same ? orError(x.cgroup_error, qs(x.cgroup)) : none);
    fillTrees(x);
    m_loaded = true;
    emit loaded();
}

void ProcessDetailsDialog::fillTrees(const proclab::ProcessDetails& d)
{
    m_environment->clear();
    m_files->clear();
    m_limits->clear();
    if (!d.exists) {
        for (QTreeWidget* t : {m_environment, m_files, m_limits})
            showProblem(t, partError(ESRCH));
        return;
    }
    if (d.environment_error)
        showProblem(m_environment, partError(d.environment_error));
    for (const auto& e : d.environment) {
        const QString line = qs(e);
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        new QTreeWidgetItem(m_environment, {line.left(eq), eq < 0 ? QString() : line.mid(eq + 1)});
    }
    if (d.descriptors_error)
        showProblem(m_files, partError(d.descriptors_error));
    for (const auto& o : d.descriptors) {
        QString kind;
        switch (o.kind) {
        case proclab::OpenDescriptor::Kind::File:
            kind = tr("file");
            break;
        case proclab::OpenDescriptor::Kind::Directory:
            kind = tr("directory");
            break;
        case proclab::OpenDescriptor::Kind::Device:
            kind = tr("device");
            break;
        case proclab::OpenDescriptor::Kind::Pipe:
            kind = tr("pipe");
            break;
        case proclab::OpenDescriptor::Kind::Socket:
            kind = tr("socket");
            break;
        case proclab::OpenDescriptor::Kind::Anonymous:
            kind = tr("anonymous");
            break;
        case proclab::OpenDescriptor::Kind::Other:
            kind = tr("other");
            break;
        }
        new QTreeWidgetItem(m_files, {QString::number(o.fd), kind, qs(o.target)});
    }
    if (d.limits_error)
        showProblem(m_limits, partError(d.limits_error));
    for (const auto& l : d.limits)
        new QTreeWidgetItem(
            m_limits, {limitText(qs(l.name)), limitText(qs(l.soft)), limitText(qs(l.hard)), limitText(qs(l.units))});
}

QString ProcessDetailsDialog::limitText(const QString& kernelText)
{
    // The words of fs/proc/base.c's lnames[], as the kernel spells them.
    static const char* const kWords[] = {
        QT_TR_NOOP("Max cpu time"),
        QT_TR_NOOP("Max file size"),
        QT_TR_NOOP("Max data size"),
        QT_TR_NOOP("Max stack size"),
        QT_TR_NOOP("Max core file size"),
        QT_TR_NOOP("Max resident set"),
        QT_TR_NOOP("Max processes"),
        QT_TR_NOOP("Max open files"),
        QT_TR_NOOP("Max locked memory"),
        QT_TR_NOOP("Max address space"),
        QT_TR_NOOP("Max file locks"),
        QT_TR_NOOP("Max pending signals"),
        QT_TR_NOOP("Max msgqueue size"),
        QT_TR_NOOP("Max nice priority"),
        QT_TR_NOOP("Max realtime priority"),
        QT_TR_NOOP("Max realtime timeout"),
        QT_TR_NOOP("unlimited"),
        QT_TR_NOOP("seconds"),
        QT_TR_NOOP("bytes"),
        QT_TR_NOOP("processes"),
        QT_TR_NOOP("files"),
        QT_TR_NOOP("locks"),
        QT_TR_NOOP("signals"),
        QT_TR_NOOP("us"),
    };
    for (const char* word : kWords)
        if (kernelText == QLatin1String(word))
            return tr(word);
    return kernelText;
}

#include "panels/process_commands.h"

#include "controllers/session_controller.h"
#include "dialogs/process_details_dialog.h"
#include "models/process_filter_proxy.h"
#include "models/process_state.h"
#include "models/process_table_model.h"
#include "models/remote_keys.h"
#include "shell/settings.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QInputDialog>
#include <QMessageBox>
#include <QPushButton>

#include <csignal>
#include <unordered_map>

namespace {

QPair<int, qint64> identity(const proclab::ProcessRecord& r)
{
    return {r.pid, r.start_ns};
}

bool ended(const proclab::ProcessRecord& r)
{
    return !isLive(displayStateOf(r));
}

} // namespace

ProcessCommands::ProcessCommands(ProcessesPanel* panel, SessionController* controller, Settings* settings)
    : QObject(panel)
    , m_panel(panel)
    , m_controller(controller)
    , m_settings(settings)
{
    for (auto& a : m_actions) {
        a = new QAction(this);
        panel->addAction(a);
        a->setShortcutContext(Qt::WindowShortcut);
    }
    action(Command::SendSignal)->setObjectName(QStringLiteral("sendSignalAction"));
    action(Command::SendSignal)->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    action(Command::Renice)->setObjectName(QStringLiteral("reniceAction"));
    action(Command::Renice)->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    action(Command::CopyPid)->setObjectName(QStringLiteral("copyPidAction"));
    action(Command::CopyPid)->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    action(Command::Details)->setObjectName(QStringLiteral("detailsAction"));
    action(Command::Details)->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    action(Command::ShowEnded)->setObjectName(QStringLiteral("showEndedAction"));
    action(Command::ShowEnded)->setCheckable(true);
    action(Command::ShowEnded)->setChecked(!m_settings || m_settings->showEndedProcesses());
    action(Command::ClearEnded)->setObjectName(QStringLiteral("clearEndedAction"));
    action(Command::ConfirmActions)->setObjectName(QStringLiteral("confirmActionsAction"));
    action(Command::ConfirmActions)->setCheckable(true);
    action(Command::ConfirmActions)->setChecked(!m_settings || m_settings->confirmProcessActions());
    m_panel->proxy()->setShowEnded(action(Command::ShowEnded)->isChecked());

    connect(action(Command::SendSignal), &QAction::triggered, this, &ProcessCommands::chooseSignal);
    connect(action(Command::Renice), &QAction::triggered, this, &ProcessCommands::chooseNice);
    connect(action(Command::CopyPid), &QAction::triggered, this, [this] { copyPids(m_panel->selectedPids()); });
    connect(action(Command::Details), &QAction::triggered, this, [this] {
        if (const QList<int> pids = m_panel->selectedPids(); !pids.isEmpty())
            showDetails(pids.first());
    });
    connect(action(Command::ShowEnded), &QAction::toggled, this, [this](bool show) {
        m_panel->proxy()->setShowEnded(show);
        if (m_settings)
            m_settings->setShowEndedProcesses(show);
    });
    connect(action(Command::ClearEnded), &QAction::triggered, this, &ProcessCommands::clearEnded);
    connect(action(Command::ConfirmActions), &QAction::toggled, this, [this](bool confirm) {
        if (m_settings)
            m_settings->setConfirmProcessActions(confirm);
    });
    retranslateUi();
}

void ProcessCommands::retranslateUi()
{
    action(Command::SendSignal)->setText(tr("Send Si&gnal…"));
    action(Command::SendSignal)->setToolTip(tr("Send any signal, chosen by name, to the selected processes."));
    action(Command::Renice)->setText(tr("Ren&ice…"));
    action(Command::Renice)
        ->setToolTip(tr("Change the nice value (priority) of the selected processes; a lower value needs privileges."));
    action(Command::CopyPid)->setText(tr("Cop&y PID"));
    action(Command::CopyPid)->setToolTip(tr("Copy the selected PIDs to the clipboard."));
    action(Command::Details)->setText(tr("Det&ails…"));
    action(Command::Details)
        ->setToolTip(tr("Command line, working directory, environment, open files, limits and memory of the process."));
    action(Command::ShowEnded)->setText(tr("Show &Ended Processes"));
    action(Command::ShowEnded)->setToolTip(tr("Show processes that have exited or were killed."));
    action(Command::ClearEnded)->setText(tr("C&lear Ended"));
    action(Command::ClearEnded)->setToolTip(tr("Remove the processes that have ended from the table."));
    action(Command::ConfirmActions)->setText(tr("Con&firm Dangerous Actions"));
    action(Command::ConfirmActions)
        ->setToolTip(tr("Ask before Kill, Kill Tree and any action on more than %1 processes.").arg(kConfirmAbove));
}

bool ProcessCommands::needsConfirmation(ProcessesPanel::Action a, int count)
{
    using A = ProcessesPanel::Action;
    if (a == A::New)
        return false;
    return a == A::Kill || a == A::KillTree || count > kConfirmAbove;
}

bool ProcessCommands::confirmAction(ProcessesPanel::Action a, const QList<int>& pids)
{
    if (!needsConfirmation(a, static_cast<int>(pids.size())))
        return true;
    using A = ProcessesPanel::Action;
    QString consequence;
    if (a == A::Kill)
        consequence = tr("SIGKILL ends a process at once: it cannot clean up or save anything.");
    else if (a == A::KillTree)
        consequence = tr("Every descendant of each process is killed too, with SIGKILL.");
    QString what = m_panel->action(a)->text();
    what.remove(QLatin1Char('&'));
    what.remove(QStringLiteral("…"));
    return confirm(what, consequence, pids);
}

bool ProcessCommands::confirm(const QString& what, const QString& consequence, const QList<int>& pids)
{
    if (m_settings ? !m_settings->confirmProcessActions() : !action(Command::ConfirmActions)->isChecked())
        return true;
    QStringList shown;
    for (int pid : pids.mid(0, 8))
        shown << QString::number(pid);
    if (pids.size() > 8)
        shown << QStringLiteral("…");
    QMessageBox box(QMessageBox::Warning, what,
                    tr("%1: %n process(es) (PID %2)?", nullptr, static_cast<int>(pids.size()))
                        .arg(what, shown.join(QStringLiteral(", "))),
                    QMessageBox::Cancel, m_panel);
    box.setObjectName(QStringLiteral("confirmDialog"));
    box.setInformativeText(consequence);
    QPushButton* go = box.addButton(what, QMessageBox::AcceptRole);
    go->setObjectName(QStringLiteral("confirmButton"));
    box.setDefaultButton(QMessageBox::Cancel);
    auto* dontAsk = new QCheckBox(tr("Don't ask again"), &box);
    dontAsk->setObjectName(QStringLiteral("dontAskAgain"));
    dontAsk->setToolTip(tr("Process ▸ Confirm Dangerous Actions asks again."));
    box.setCheckBox(dontAsk);
    box.exec();
    if (box.clickedButton() != go)
        return false;
    if (dontAsk->isChecked())
        action(Command::ConfirmActions)->setChecked(false); // saved through its toggled()
    return true;
}

QList<int> ProcessCommands::signalNumbers()
{
    QList<int> out;
    for (int sig = 1; sig < 32; ++sig)
        out << sig;
    for (int sig = SIGRTMIN; sig <= SIGRTMAX; ++sig)
        out << sig;
    return out;
}

QString ProcessCommands::signalLabel(int sig)
{
    QString name = SessionController::signalName(sig);
    if (sig >= SIGRTMIN && sig <= SIGRTMAX)
        name = sig == SIGRTMIN ? QStringLiteral("SIGRTMIN") : QStringLiteral("SIGRTMIN+%1").arg(sig - SIGRTMIN);
    return QStringLiteral("%1 (%2)").arg(name).arg(sig);
}

void ProcessCommands::chooseSignal()
{
    const QList<int> pids = m_panel->selectedPids();
    if (pids.isEmpty())
        return;
    QStringList items;
    for (int sig : signalNumbers())
        items << signalLabel(sig);
    bool ok = false;
    const QString chosen = QInputDialog::getItem(
        m_panel, tr("Send Signal"), tr("Signal to send to %n process(es):", nullptr, static_cast<int>(pids.size())),
        items, static_cast<int>(signalNumbers().indexOf(SIGTERM)), false, &ok);
    if (!ok)
        return;
    const int sig = signalNumbers().value(static_cast<int>(items.indexOf(chosen)), 0);
    if (sig <= 0)
        return;
    if ((sig == SIGKILL || pids.size() > kConfirmAbove) &&
        !confirm(tr("Send %1").arg(signalLabel(sig)),
                 sig == SIGKILL ? tr("SIGKILL ends a process at once: it cannot clean up or save anything.")
                                : QString(),
                 pids))
        return;
    report(sendSignal(pids, sig), false);
}

QStringList ProcessCommands::forEachPid(const QList<int>& pids, QString (SessionController::*act)(int, int), int arg)
{
    QStringList errors;
    for (int pid : pids)
        if (const QString err = m_controller ? (m_controller->*act)(pid, arg) : QString(); !err.isEmpty())
            errors << tr("PID %1: %2").arg(pid).arg(err);
    return errors;
}

QStringList ProcessCommands::sendSignal(const QList<int>& pids, int sig)
{
    return forEachPid(pids, &SessionController::sendSignal, sig);
}

void ProcessCommands::chooseNice()
{
    const QList<int> pids = m_panel->selectedPids();
    if (pids.isEmpty())
        return;
    const int current = SessionController::niceOf(pids.first()).value_or(0);
    bool ok = false;
    const int nice = QInputDialog::getInt(
        m_panel, tr("Renice"),
        tr("Nice value for %n process(es), from −20 (highest priority) to 19 (lowest); now %1:", nullptr,
           static_cast<int>(pids.size()))
            .arg(current),
        current, -20, 19, 1, &ok);
    if (!ok)
        return;
    if (pids.size() > kConfirmAbove && !confirm(tr("Renice to %1").arg(nice), QString(), pids))
        return;
    report(renice(pids, nice), true);
}

QStringList ProcessCommands::renice(const QList<int>& pids, int nice)
{
    return forEachPid(pids, &SessionController::renice, nice);
}

void ProcessCommands::report(const QStringList& errors, bool dialog)
{
    if (errors.isEmpty())
        return;
    emit m_panel->message(errors.join(QStringLiteral("; ")));
    if (dialog)
        QMessageBox::warning(m_panel, tr("Renice"), errors.join(QLatin1Char('\n')));
}

void ProcessCommands::copyPids(const QList<int>& pids)
{
    QStringList text;
    for (int pid : pids)
        if (pid > 0)
            text << QString::number(pid);
    if (!text.isEmpty())
        QApplication::clipboard()->setText(text.join(QLatin1Char('\n')));
}

ProcessDetailsDialog* ProcessCommands::showDetails(int pid)
{
    if (pid <= 0)
        return nullptr;
    const proclab::ProcessRecord* r = m_panel->model()->record(pid);
    const quint64 start = r && r->system ? r->system->start_ticks : 0;
    auto* dialog =
        new ProcessDetailsDialog(pid, r ? QString::fromStdString(r->name) : QString(), start, m_panel->window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    m_lastDetails = dialog;
    return dialog;
}

void ProcessCommands::clearEnded()
{
    // Every ended row in the model, from its records (hidden ones too).
    const ProcessTableModel* model = m_panel->model();
    std::vector<QModelIndex> stack{QModelIndex()};
    QList<int> pids;
    while (!stack.empty()) {
        const QModelIndex parent = stack.back();
        stack.pop_back();
        for (int row = 0, n = model->rowCount(parent); row < n; ++row) {
            const QModelIndex i = model->index(row, 0, parent);
            if (const proclab::ProcessRecord* r = model->record(model->pidAt(i)); r && ended(*r)) {
                m_cleared.insert(identity(*r));
                pids << r->pid;
            }
            stack.push_back(i);
        }
    }
    // What the controller keeps of them goes too (their entries, their output): a window that
    // runs for hours must not grow with every process it ever launched.
    if (m_controller)
        m_controller->forgetEnded(pids);
    m_panel->refresh();
}

void ProcessCommands::dropCleared(proclab::Snapshot& snap)
{
    // A PID may have several records (the newest is the one shown): all of its ended ones go.
    // Keyed as the table's rows: a relayed process apart from this host's of the same PID.
    std::unordered_map<pid_t, const proclab::ProcessRecord*> newest;
    for (const auto& r : snap.processes)
        newest[RemoteKeys::keyOf(r)] = &r;
    QSet<QPair<int, qint64>> seen;
    QSet<int> pids;
    for (const auto& [pid, r] : newest)
        if (ended(*r) && m_cleared.contains(identity(*r))) {
            seen.insert(identity(*r));
            pids.insert(pid);
        }
    std::erase_if(snap.processes,
                  [&](const proclab::ProcessRecord& r) { return ended(r) && pids.contains(RemoteKeys::keyOf(r)); });
    m_cleared = std::move(seen); // those no longer in any snapshot are forgotten
}

void ProcessCommands::updateActions(const QList<int>& pids)
{
    bool signal = false, renice = false, started = false;
    for (int pid : pids) {
        if (!m_controller)
            break;
        const proclab::ProcessRecord* r = m_panel->model()->record(pid);
        signal = signal || m_controller->whyNot(SessionController::Action::Terminate, pid, r).isEmpty();
        renice = renice || m_controller->whyNot(SessionController::Action::Renice, pid, r).isEmpty();
        started = started || (pid > 0 && !(r && r->remote()));
    }
    action(Command::SendSignal)->setEnabled(signal);
    action(Command::Renice)->setEnabled(renice);
    action(Command::CopyPid)->setEnabled(started);
    const proclab::ProcessRecord* one = pids.size() == 1 ? m_panel->model()->record(pids.first()) : nullptr;
    action(Command::Details)->setEnabled(pids.size() == 1 && pids.first() > 0 && !(one && one->remote()));
}

#pragma once
// The process table's htop-style commands beside ProcessesPanel's actions: Send Signal… (any
// signal by name), Renice…, Copy PID, Details…, Show Ended Processes, Clear Ended, and the
// confirmation asked before Kill, Kill Tree and any action on more than a few processes (with
// "Don't ask again", kept in the settings; Process ▸ Confirm Dangerous Actions turns it back on).
// Signals and priorities go through SessionController (pidfds checked against start times).

#include "panels/processes_panel.h"

#include <proclab/session.h>

#include <QObject>
#include <QPair>
#include <QPointer>
#include <QSet>

class ProcessDetailsDialog;
class QAction;
class SessionController;
class Settings;

class ProcessCommands : public QObject {
    Q_OBJECT

public:
    enum class Command { SendSignal, Renice, CopyPid, Details, ShowEnded, ClearEnded, ConfirmActions, Count };
    /// More selected processes than this: any action asks first.
    static constexpr int kConfirmAbove = 3;

    /// `settings` may be null (nothing remembered).
    ProcessCommands(ProcessesPanel* panel, SessionController* controller, Settings* settings);

    QAction* action(Command c) const { return m_actions[static_cast<int>(c)]; }

    /// Whether an action on `count` processes asks first (Kill, Kill Tree, or more than a few).
    static bool needsConfirmation(ProcessesPanel::Action a, int count);
    /// Asks (unless "Don't ask again" was chosen) whether `what` may be done to `pids`; true: go on.
    bool confirm(const QString& what, const QString& consequence, const QList<int>& pids);
    /// The confirmation of a panel action, when it needs one.
    bool confirmAction(ProcessesPanel::Action a, const QList<int>& pids);

    /// Sends `sig` to each of `pids` it applies to; the errors, one per PID (empty: all sent).
    QStringList sendSignal(const QList<int>& pids, int sig);
    QStringList renice(const QList<int>& pids, int nice);
    /// The PIDs (started ones) as text on the clipboard, one per line.
    void copyPids(const QList<int>& pids);
    /// Opens the details of `pid` (non-modal; deleted when closed). Null for a process not started.
    ProcessDetailsDialog* showDetails(int pid);

    /// Forgets the ended rows now in the table: they no longer show (a PID reused later does).
    void clearEnded();
    bool hasCleared() const { return !m_cleared.isEmpty(); }
    /// Takes the cleared processes out of `snap`.
    void dropCleared(proclab::Snapshot& snap);

    void updateActions(const QList<int>& pids);
    void retranslateUi();

    /// Signals offered by Send Signal…: 1–31 and the real-time ones, in order.
    static QList<int> signalNumbers();
    /// "SIGUSR1 (10)".
    static QString signalLabel(int sig);

private:
    /// (m_controller->*act)(pid, arg) for each of `pids`: the errors, "PID n: why".
    QStringList forEachPid(const QList<int>& pids, QString (SessionController::*act)(int, int), int arg);
    void chooseSignal();
    void chooseNice();
    void report(const QStringList& errors, bool dialog);

    ProcessesPanel* m_panel;
    SessionController* m_controller;
    Settings* m_settings;
    QAction* m_actions[static_cast<int>(Command::Count)] = {};
    QSet<QPair<int, qint64>> m_cleared; // (pid, start) of ended rows the user cleared
    QPointer<ProcessDetailsDialog> m_lastDetails;
};

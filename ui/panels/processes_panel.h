#pragma once
// The processes of the session: a tree (or flat list) with a filter box, a scope ("only this
// subtree / this pool"), columns chosen by the user, a state legend, and the actions on the
// selected processes (toolbar, context menu, shortcuts). Whether an action applies is the
// controller's decision (SessionController::whyNot): the panel enables it or shows the reason.
// Actions act on PIDs taken from the selection when triggered, never on row positions. htop's
// commands (signals, renice, details, clearing ended rows, confirmations) are ProcessCommands';
// htop's meters (CPUs, memory, load) are above the table.

#include "controllers/session_feed.h"
#include "controllers/system_feed.h"

#include <QSet>
#include <QWidget>

#include <functional>
#include <sys/types.h>

class HeaderMeters;
class ProcessCommands;
class ProcessFilterProxy;
class ProcessTableModel;
class QAction;
class QLabel;
class QLineEdit;
class QToolButton;
class QTreeView;
class SessionController;
class Settings;

class ProcessesPanel : public QWidget {
    Q_OBJECT

public:
    enum class Action { New, Start, Join, JoinTimeout, Daemonize, Terminate, Kill, Stop, Continue, KillTree, Count };

    /// `settings` (may be null) keeps whether ended processes show and whether to confirm.
    ProcessesPanel(SessionController* controller, Settings* settings = nullptr, QWidget* parent = nullptr);

    ProcessTableModel* model() const { return m_model; }
    ProcessFilterProxy* proxy() const { return m_proxy; }
    QTreeView* view() const { return m_view; }
    QAction* action(Action a) const { return m_actions[static_cast<int>(a)]; }
    QList<QAction*> actions() const;
    ProcessCommands* commands() const { return m_commands; }
    HeaderMeters* meters() const { return m_meters; }

    /// PIDs (negative keys for processes not started yet) of the selected rows.
    QList<int> selectedPids() const;
    void selectPid(int pid);
    /// Selects exactly these PIDs.
    void selectOnly(const QList<int>& pids);

    void setTreeMode(bool tree);
    bool treeMode() const;
    QByteArray headerState() const;
    void restoreHeaderState(const QByteArray& state);

    /// Where observed processes come from (descendants, or the machine's processes in the wider
    /// scopes); null: only the session's own.
    void setSystemFeed(SystemFeed* feed);
    /// Session, My processes or All processes: the selection stays, and each kind of scope keeps
    /// its own columns (the wider ones show ps's columns by default).
    void setScope(ProcessScope scope);
    ProcessScope scope() const { return m_scope; }
    /// The header states of the session scope and of the wider scopes (settings).
    QByteArray scopeHeaderState(bool wide) const;
    void restoreScopeHeaderState(bool wide, const QByteArray& state);

    /// Recent CPU % of a PID, drawn as a sparkline behind the CPU column's value.
    void setCpuHistory(std::function<QList<double>(pid_t)> lookup);

    /// Why `a` does not apply to `pid` (empty: it applies), as the controller says.
    QString whyNot(Action a, int pid) const;

public slots:
    void onFrame(const FeedFrame& frame);
    void showOnlySubtree();
    void showOnlyPool();
    void clearScope();
    void updateActions();
    /// Rebuilds the table from the last frame (after Clear Ended).
    void refresh();

signals:
    void newProcessRequested();
    void message(const QString& text);
    void countsChanged(const QString& summary);

protected:
    void changeEvent(QEvent* event) override;

private:
    void createActions();
    void buildLegend(QWidget* legend);
    void retranslateUi();
    void trigger(Action a);
    void showContextMenu(const QPoint& pos);
    void updateCounts();
    void updateScopeLabel();
    void refreshModel();
    void followStart(int key, int pid);
    static bool isWide(ProcessScope s) { return s != ProcessScope::Session; }

    SessionController* m_controller;
    ProcessCommands* m_commands = nullptr;
    HeaderMeters* m_meters = nullptr;
    ProcessTableModel* m_model;
    ProcessFilterProxy* m_proxy;
    QTreeView* m_view;
    QLineEdit* m_filter;
    QToolButton* m_treeButton;
    QToolButton* m_columnsButton;
    QLabel* m_scopeLabel;
    QToolButton* m_clearScope;
    QWidget* m_legend;
    QList<QLabel*> m_legendLabels;
    QAction* m_actions[static_cast<int>(Action::Count)] = {};
    QAction* m_subtreeAction = nullptr;
    QAction* m_poolAction = nullptr;
    SystemFeed* m_system = nullptr;
    ProcessScope m_scope = ProcessScope::Session;
    QByteArray m_otherHeader; // the header state of the other kind of scope (session / wide)
    std::shared_ptr<const proclab::Snapshot> m_lastSnapshot = std::make_shared<const proclab::Snapshot>();
    int m_scopePid = 0;
    bool m_scopeIsPool = false;
};

#include "panels/processes_panel.h"

#include "plots/sparkline_delegate.h"

#include "controllers/session_controller.h"
#include "models/process_filter_proxy.h"
#include "models/process_state.h"
#include "models/process_table_model.h"
#include "panels/header_meters.h"
#include "panels/process_commands.h"

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include <functional>
#include <iterator>

ProcessesPanel::ProcessesPanel(SessionController* controller, Settings* settings, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_model(new ProcessTableModel(this))
    , m_proxy(new ProcessFilterProxy(this))
{
    setObjectName(QStringLiteral("processesPanel"));
    m_proxy->setSourceModel(m_model);
    if (m_controller)
        connect(m_controller, &SessionController::started, this, &ProcessesPanel::followStart);

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("processFilter"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &ProcessFilterProxy::setFilterText);

    m_treeButton = new QToolButton(this);
    m_treeButton->setCheckable(true);
    m_treeButton->setChecked(true);
    m_treeButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    connect(m_treeButton, &QToolButton::toggled, this, &ProcessesPanel::setTreeMode);

    m_columnsButton = new QToolButton(this);
    m_columnsButton->setPopupMode(QToolButton::InstantPopup);
    auto* columnsMenu = new QMenu(m_columnsButton);
    m_columnsButton->setMenu(columnsMenu);

    m_scopeLabel = new QLabel(this);
    m_scopeLabel->setVisible(false);
    m_clearScope = new QToolButton(this);
    m_clearScope->setVisible(false);
    connect(m_clearScope, &QToolButton::clicked, this, &ProcessesPanel::clearScope);

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_scopeLabel);
    bar->addWidget(m_clearScope);
    bar->addWidget(m_treeButton);
    bar->addWidget(m_columnsButton);

    m_view = new QTreeView(this);
    m_view->setObjectName(QStringLiteral("processView"));
    m_view->setModel(m_proxy);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setUniformRowHeights(true);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(ProcessTableModel::PidColumn, Qt::AscendingOrder);
    m_view->setAlternatingRowColors(true);
    m_view->setAllColumnsShowFocus(true);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setExpandsOnDoubleClick(false); // a double click opens the details
    m_view->header()->setStretchLastSection(true);
    m_view->header()->setSectionsMovable(true);
    m_view->setColumnWidth(ProcessTableModel::PidColumn, 150); // room for a few tree levels
    m_view->setColumnWidth(ProcessTableModel::PpidColumn, 64);
    m_view->setColumnWidth(ProcessTableModel::NameColumn, 150);
    m_view->setColumnWidth(ProcessTableModel::KindColumn, 86);
    m_view->setColumnWidth(ProcessTableModel::StateColumn, 100);
    m_view->setColumnWidth(ProcessTableModel::DaemonColumn, 60);
    m_view->setColumnWidth(ProcessTableModel::ExitCodeColumn, 100);
    m_view->setColumnWidth(ProcessTableModel::CpuColumn, 56);
    m_view->setColumnWidth(ProcessTableModel::RssColumn, 72);
    m_view->setColumnWidth(ProcessTableModel::StartedColumn, 80);
    m_view->setColumnWidth(ProcessTableModel::RunTimeColumn, 68);
    m_view->header()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view->header(), &QHeaderView::customContextMenuRequested, this,
            [this, columnsMenu](const QPoint& pos) { columnsMenu->exec(m_view->header()->mapToGlobal(pos)); });
    connect(m_view, &QTreeView::customContextMenuRequested, this, &ProcessesPanel::showContextMenu);
    connect(m_view, &QTreeView::doubleClicked, this,
            [this](const QModelIndex& i) { m_commands->showDetails(i.data(ProcessTableModel::PidRole).toInt()); });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ProcessesPanel::updateActions);
    // Parents stay expanded as children appear.
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex& parent) {
        if (parent.isValid())
            m_view->expand(parent);
    });
    connect(m_proxy, &QAbstractItemModel::modelReset, m_view, &QTreeView::expandAll);

    for (int c = 0; c < ProcessTableModel::ColumnCount; ++c) {
        auto* a = columnsMenu->addAction(QString());
        a->setCheckable(true);
        a->setChecked(true);
        a->setData(c);
        if (c == ProcessTableModel::PidColumn)
            a->setEnabled(false); // the key column stays
        connect(a, &QAction::toggled, this, [this, c](bool on) { m_view->setColumnHidden(c, !on); });
    }
    connect(columnsMenu, &QMenu::aboutToShow, this, [this, columnsMenu] {
        for (QAction* a : columnsMenu->actions()) {
            const int c = a->data().toInt();
            a->setText(ProcessTableModel::columnName(c));
            const QSignalBlocker block(a);
            a->setChecked(!m_view->isColumnHidden(c));
        }
    });

    for (int c = 0; c < ProcessTableModel::ColumnCount; ++c)
        m_view->setColumnHidden(c, ProcessTableModel::isSystemColumn(c)); // ps's columns: wider scopes
    m_view->setColumnWidth(ProcessTableModel::UserColumn, 80);
    m_view->setColumnWidth(ProcessTableModel::NiceColumn, 44);
    m_view->setColumnWidth(ProcessTableModel::ThreadsColumn, 60);
    m_view->setColumnWidth(ProcessTableModel::VirtColumn, 86);
    m_view->setColumnWidth(ProcessTableModel::MemColumn, 70);

    m_legend = new QWidget(this);
    m_legend->setObjectName(QStringLiteral("stateLegend"));
    buildLegend(m_legend);

    m_meters = new HeaderMeters(this);
    m_meters->setVisible(false); // with a system feed

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_meters);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_legend);

    createActions();
    m_commands = new ProcessCommands(this, m_controller, settings);
    retranslateUi();
    updateActions();
}

void ProcessesPanel::buildLegend(QWidget* legend)
{
    auto* l = new QHBoxLayout(legend);
    l->setContentsMargins(2, 0, 2, 0);
    l->setSpacing(12);
    for (DisplayState s : allDisplayStates()) {
        auto* item = new QLabel(legend);
        item->setProperty("state", static_cast<int>(s));
        m_legendLabels << item;
        l->addWidget(item);
    }
    l->addStretch(1);
}

void ProcessesPanel::createActions()
{
    struct Def {
        Action a;
        QKeySequence key;
        const char* icon;
    };
    const Def defs[] = {
        {Action::New, QKeySequence::New, "new"},
        {Action::Start, QKeySequence(Qt::CTRL | Qt::Key_R), "start"},
        {Action::Join, QKeySequence(Qt::CTRL | Qt::Key_J), "join"},
        {Action::JoinTimeout, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_J), "join"},
        {Action::Daemonize, QKeySequence(Qt::CTRL | Qt::Key_D), "daemon"},
        {Action::Terminate, QKeySequence(Qt::Key_Delete), "terminate"},
        {Action::Kill, QKeySequence(Qt::SHIFT | Qt::Key_Delete), "kill"},
        {Action::Stop, QKeySequence(Qt::CTRL | Qt::Key_Z), "stop"},
        {Action::Continue, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), "continue"},
        {Action::KillTree, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Delete), "kill-tree"},
    };
    for (const Def& d : defs) {
        auto* act = new QAction(this);
        act->setIcon(QIcon(QStringLiteral(":/icons/actions/%1.png").arg(QLatin1String(d.icon))));
        act->setShortcut(d.key);
        act->setShortcutContext(Qt::WindowShortcut);
        const Action a = d.a;
        connect(act, &QAction::triggered, this, [this, a] { trigger(a); });
        m_actions[static_cast<int>(d.a)] = act;
        addAction(act);
    }
    action(Action::Daemonize)->setCheckable(true);
    m_subtreeAction = new QAction(this);
    connect(m_subtreeAction, &QAction::triggered, this, &ProcessesPanel::showOnlySubtree);
    m_poolAction = new QAction(this);
    connect(m_poolAction, &QAction::triggered, this, &ProcessesPanel::showOnlyPool);
}

QList<QAction*> ProcessesPanel::actions() const
{
    QList<QAction*> out;
    for (QAction* a : m_actions)
        out << a;
    return out;
}

void ProcessesPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void ProcessesPanel::retranslateUi()
{
    updateCounts(); // the status bar's counts name the states in the new language
    m_filter->setPlaceholderText(tr("Filter by name, PID, state…"));
    m_treeButton->setText(tr("Tree"));
    m_treeButton->setToolTip(
        tr("Show parents and their children as a tree, or every process in a flat list. The tree groups a "
           "process under the process that asked for it: the fork server's children under this window, the "
           "restarts of a launch under its first run. The PPID column shows the real parent, as ps does."));
    m_columnsButton->setText(tr("Columns"));
    m_columnsButton->setToolTip(tr("Choose the columns to show."));
    m_clearScope->setText(tr("Show all"));
    action(Action::New)->setText(tr("&New Process…"));
    action(Action::Start)->setText(tr("&Start"));
    action(Action::Join)->setText(tr("&Join"));
    action(Action::JoinTimeout)->setText(tr("Join with Time&out…"));
    action(Action::Daemonize)->setText(tr("&Daemon"));
    action(Action::Terminate)->setText(tr("&Terminate"));
    action(Action::Kill)->setText(tr("&Kill"));
    action(Action::Stop)->setText(tr("Sto&p"));
    action(Action::Continue)->setText(tr("&Continue"));
    action(Action::KillTree)->setText(tr("Kill T&ree"));
    m_subtreeAction->setText(tr("Show Only This Su&btree"));
    m_poolAction->setText(tr("S&how Only This Pool"));
    m_commands->retranslateUi();
    for (QLabel* item : m_legendLabels) {
        const auto s = static_cast<DisplayState>(item->property("state").toInt());
        item->setText(QStringLiteral("<span style=\"color:%1\">\u25cf</span> %2")
                          .arg(displayStateColor(s).name(), displayStateName(s).toHtmlEscaped()));
        item->setToolTip(displayStateExplanation(s));
    }
    if (m_scopePid)
        updateScopeLabel();
    updateActions();
}

void ProcessesPanel::setTreeMode(bool tree)
{
    if (m_treeButton->isChecked() != tree)
        m_treeButton->setChecked(tree);
    const QList<int> selected = selectedPids();
    m_model->setTreeMode(tree);
    m_view->setRootIsDecorated(tree);
    m_view->expandAll();
    for (int pid : selected)
        selectPid(pid);
}

bool ProcessesPanel::treeMode() const
{
    return m_model->treeMode();
}

QByteArray ProcessesPanel::headerState() const
{
    return m_view->header()->saveState();
}

void ProcessesPanel::restoreHeaderState(const QByteArray& state)
{
    if (!state.isEmpty())
        m_view->header()->restoreState(state);
}

QList<int> ProcessesPanel::selectedPids() const
{
    QList<int> out;
    for (const QModelIndex& i : m_view->selectionModel()->selectedRows())
        out << i.data(ProcessTableModel::PidRole).toInt();
    return out;
}

void ProcessesPanel::selectPid(int pid)
{
    const QModelIndex src = m_model->indexForPid(pid);
    const QModelIndex idx = m_proxy->mapFromSource(src);
    if (!idx.isValid())
        return;
    m_view->selectionModel()->select(idx, QItemSelectionModel::Select | QItemSelectionModel::Rows);
    m_view->selectionModel()->setCurrentIndex(idx, QItemSelectionModel::NoUpdate); // keeps the other selected rows
}

void ProcessesPanel::selectOnly(const QList<int>& pids)
{
    m_view->clearSelection();
    for (int pid : pids)
        selectPid(pid);
}

void ProcessesPanel::onFrame(const FeedFrame& frame)
{
    m_lastSnapshot = frame.sharedSnapshot();
    refreshModel();
}

void ProcessesPanel::refresh()
{
    refreshModel();
}

void ProcessesPanel::refreshModel()
{
    const auto pending = m_controller ? m_controller->pendingRecords() : std::vector<proclab::ProcessRecord>{};
    if (m_controller)
        m_model->setAttempts(m_controller->attempts());
    if (pending.empty() && !m_system && !m_commands->hasCleared()) {
        m_model->updateFromSnapshot(*m_lastSnapshot);
    } else {
        proclab::Snapshot snap = *m_lastSnapshot;
        snap.processes.insert(snap.processes.end(), pending.begin(), pending.end());
        if (m_system) {
            m_system->merge(snap);
            if (m_controller) {
                QHash<int, quint64> starts;
                for (const auto& r : snap.processes)
                    if (r.observed && r.system)
                        starts.insert(r.pid, r.system->start_ticks);
                m_controller->setObservedStartTimes(std::move(starts));
            }
        }
        m_commands->dropCleared(snap);
        m_model->updateFromSnapshot(snap);
    }
    if (m_controller)
        m_model->setJoining(m_controller->joiningKeys());
    updateActions();
    updateCounts();
}

void ProcessesPanel::setCpuHistory(std::function<QList<double>(pid_t)> lookup)
{
    auto* sparkline = new SparklineDelegate(std::move(lookup), this);
    sparkline->setPidRole(ProcessTableModel::PidRole);
    sparkline->setMaximum(100);
    m_view->setItemDelegateForColumn(ProcessTableModel::CpuColumn, sparkline);
}

void ProcessesPanel::followStart(int key, int pid)
{
    // The created row (negative key) becomes the process's row: a selection of it stays.
    if (m_model->rekey(key, pid))
        updateActions();
}

void ProcessesPanel::updateCounts()
{
    int counts[static_cast<int>(DisplayState::Count)] = {};
    const std::function<void(const QModelIndex&)> walk = [&](const QModelIndex& parent) {
        const int n = m_model->rowCount(parent);
        for (int r = 0; r < n; ++r) {
            const QModelIndex i = m_model->index(r, 0, parent);
            ++counts[i.data(ProcessTableModel::DisplayStateRole).toInt()];
            walk(i);
        }
    };
    walk({});
    QStringList parts;
    for (DisplayState s : allDisplayStates())
        if (counts[static_cast<int>(s)])
            parts << QStringLiteral("%1 %2").arg(counts[static_cast<int>(s)]).arg(displayStateName(s));
    emit countsChanged(parts.isEmpty() ? tr("no processes") : parts.join(QStringLiteral(" · ")));
}

QString ProcessesPanel::whyNot(Action a, int pid) const
{
    using C = SessionController::Action;
    static constexpr C kFor[] = {C::Start,     C::Start, C::Join, C::Join,     C::Daemonize,
                                 C::Terminate, C::Kill,  C::Stop, C::Continue, C::KillTree};
    static_assert(std::size(kFor) == static_cast<std::size_t>(Action::Count));
    if (a == Action::New || !m_controller)
        return {};
    return m_controller->whyNot(kFor[static_cast<int>(a)], pid, m_model->record(pid));
}

void ProcessesPanel::updateActions()
{
    const QList<int> pids = selectedPids();
    const auto describe = [](Action a) -> QString {
        switch (a) {
        case Action::New:
            return tr("Launch a command or a built-in task.");
        case Action::Start:
            return tr("Start the selected processes (Process.start()).");
        case Action::Join:
            return tr("Wait until the selected processes end (Process.join()); the window stays responsive.");
        case Action::JoinTimeout:
            return tr("Join with a timeout, as join(timeout).");
        case Action::Daemonize:
            return tr("Make the process a daemon: it is terminated when its parent ends.");
        case Action::Terminate:
            return tr("Send SIGTERM (Process.terminate()).");
        case Action::Kill:
            return tr("Send SIGKILL (Process.kill()).");
        case Action::Stop:
            return tr("Pause the process with SIGSTOP.");
        case Action::Continue:
            return tr("Resume a stopped process with SIGCONT.");
        case Action::KillTree:
            return tr("Kill the process and all its descendants.");
        default:
            return {};
        }
    };
    for (int i = 0; i < static_cast<int>(Action::Count); ++i) {
        const auto a = static_cast<Action>(i);
        QAction* act = m_actions[i];
        if (a == Action::New) {
            act->setToolTip(describe(a));
            continue;
        }
        if (pids.isEmpty()) {
            act->setEnabled(false);
            act->setToolTip(describe(a) + QLatin1Char('\n') + tr("Select one or more processes first."));
            continue;
        }
        QString reason;
        bool any = false;
        for (int pid : pids) {
            const QString why = whyNot(a, pid);
            if (why.isEmpty())
                any = true;
            else if (reason.isEmpty())
                reason = why;
        }
        act->setEnabled(any);
        act->setToolTip(any ? describe(a) : describe(a) + QLatin1Char('\n') + reason);
    }
    // The daemon toggle shows the first selected process's flag.
    if (!pids.isEmpty()) {
        const proclab::ProcessRecord* r = m_model->record(pids.first());
        const QSignalBlocker block(action(Action::Daemonize));
        action(Action::Daemonize)->setChecked(r && r->daemon);
    }
    const bool one = pids.size() == 1;
    m_subtreeAction->setEnabled(one);
    bool pool = false;
    if (one) {
        const proclab::ProcessRecord* r = m_model->record(pids.first());
        pool = r && (r->kind == proclab::ProcessKind::PoolWorker || m_model->subtreeOf(r->pid).size() > 1);
    }
    m_poolAction->setEnabled(pool);
    m_commands->updateActions(pids);
}

void ProcessesPanel::trigger(Action a)
{
    if (a == Action::New) {
        emit newProcessRequested();
        return;
    }
    const QList<int> pids = selectedPids(); // PIDs now, whatever rows they are in
    QList<int> applicable;                  // the confirmation counts the processes the action applies to
    for (int pid : pids)
        if (whyNot(a, pid).isEmpty())
            applicable << pid;
    if (!applicable.isEmpty() && !m_commands->confirmAction(a, applicable))
        return;
    int timeoutMs = -1;
    if (a == Action::JoinTimeout) {
        bool ok = false;
        const double s =
            QInputDialog::getDouble(this, tr("Join with Timeout"), tr("Timeout in seconds:"), 5, 0, 86400, 1, &ok);
        if (!ok)
            return;
        timeoutMs = static_cast<int>(s * 1000);
    }
    QStringList errors;
    for (int pid : pids) {
        if (!whyNot(a, pid).isEmpty())
            continue;
        QString err;
        switch (a) {
        case Action::Start:
            err = m_controller->start(pid);
            break;
        case Action::Join:
        case Action::JoinTimeout:
            err = m_controller->join(pid, timeoutMs);
            break;
        case Action::Daemonize:
            err = m_controller->setDaemon(pid, action(Action::Daemonize)->isChecked());
            break;
        case Action::Terminate:
            err = m_controller->terminate(pid);
            break;
        case Action::Kill:
            err = m_controller->kill(pid);
            break;
        case Action::Stop:
            err = m_controller->stop(pid);
            break;
        case Action::Continue:
            err = m_controller->resume(pid);
            break;
        case Action::KillTree:
            err = m_controller->killTree(pid);
            break;
        default:
            break;
        }
        if (!err.isEmpty())
            errors << tr("PID %1: %2").arg(pid).arg(err);
    }
    if (!errors.isEmpty())
        emit message(errors.join(QStringLiteral("; ")));
    updateActions();
}

void ProcessesPanel::showContextMenu(const QPoint& pos)
{
    QMenu menu(this);
    menu.addAction(action(Action::New));
    menu.addSeparator();
    for (Action a : {Action::Start, Action::Join, Action::JoinTimeout, Action::Daemonize})
        menu.addAction(action(a));
    menu.addSeparator();
    for (Action a : {Action::Terminate, Action::Kill, Action::Stop, Action::Continue, Action::KillTree})
        menu.addAction(action(a));
    using C = ProcessCommands::Command;
    menu.addAction(m_commands->action(C::SendSignal));
    menu.addAction(m_commands->action(C::Renice));
    menu.addSeparator();
    menu.addAction(m_commands->action(C::Details));
    menu.addAction(m_commands->action(C::CopyPid));
    menu.addSeparator();
    menu.addAction(m_subtreeAction);
    menu.addAction(m_poolAction);
    menu.addSeparator();
    menu.addAction(m_commands->action(C::ShowEnded));
    menu.addAction(m_commands->action(C::ClearEnded));
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

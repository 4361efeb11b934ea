// ProcessesPanel's scopes: the system feed whose observed processes join the table (and the
// meters above it), the switch between This session, My processes and All processes (selection
// kept, columns per kind), and the narrower scopes of one subtree or one pool.
#include "panels/processes_panel.h"

#include "models/process_filter_proxy.h"
#include "models/process_table_model.h"
#include "panels/header_meters.h"

#include <QHeaderView>
#include <QLabel>
#include <QToolButton>
#include <QTreeView>

void ProcessesPanel::setSystemFeed(SystemFeed* feed)
{
    m_system = feed;
    m_meters->setVisible(feed != nullptr);
    if (!feed)
        return;
    // A new scope's first table is shown at once; later ones join the next frame.
    connect(feed, &SystemFeed::tableReady, this, [this](bool first) {
        if (const auto table = m_system->table())
            m_meters->setStats(table->machine);
        if (!first)
            return;
        const QList<int> selected = selectedPids();
        refreshModel();
        selectOnly(selected);
    });
}

void ProcessesPanel::setScope(ProcessScope scope)
{
    if (scope == m_scope)
        return;
    const QList<int> selected = selectedPids();
    if (isWide(scope) != isWide(m_scope)) {
        const QByteArray mine = m_view->header()->saveState();
        if (!m_otherHeader.isEmpty()) {
            m_view->header()->restoreState(m_otherHeader);
        } else {
            for (int c = 0; c < ProcessTableModel::ColumnCount; ++c) {
                const bool sessionOnly = c == ProcessTableModel::KindColumn || c == ProcessTableModel::DaemonColumn ||
                                         c == ProcessTableModel::ExitCodeColumn;
                m_view->setColumnHidden(c, isWide(scope) ? sessionOnly : ProcessTableModel::isSystemColumn(c));
            }
            if (isWide(scope)) { // the tree is drawn in the Name column there (below)
                m_view->setColumnWidth(ProcessTableModel::PidColumn, 70);
                m_view->setColumnWidth(ProcessTableModel::NameColumn, 260);
            }
        }
        m_otherHeader = mine;
    }
    // The machine's trees are deep: there the tree is drawn in the Name column, as htop draws it in
    // the command's, so that PIDs stay readable.
    m_view->setTreePosition(isWide(scope) ? ProcessTableModel::NameColumn : 0);
    if (isWide(scope))
        m_view->setIndentation(12);
    else
        m_view->resetIndentation();
    m_scope = scope;
    if (m_system)
        m_system->setScope(scope);
    refreshModel();
    selectOnly(selected);
}

QByteArray ProcessesPanel::scopeHeaderState(bool wide) const
{
    return isWide(m_scope) == wide ? m_view->header()->saveState() : m_otherHeader;
}

void ProcessesPanel::restoreScopeHeaderState(bool wide, const QByteArray& state)
{
    if (state.isEmpty())
        return;
    if (isWide(m_scope) == wide)
        m_view->header()->restoreState(state);
    else
        m_otherHeader = state;
}

void ProcessesPanel::showOnlySubtree()
{
    const QList<int> pids = selectedPids();
    if (pids.size() != 1)
        return;
    m_scopePid = pids.first();
    m_scopeIsPool = false;
    m_proxy->setScope(m_model->subtreeOf(m_scopePid));
    updateScopeLabel();
    m_scopeLabel->setVisible(true);
    m_clearScope->setVisible(true);
    m_view->expandAll();
}

void ProcessesPanel::showOnlyPool()
{
    const QList<int> pids = selectedPids();
    if (pids.size() != 1)
        return;
    const proclab::ProcessRecord* r = m_model->record(pids.first());
    if (!r)
        return;
    // A pool: the process that owns the workers, and its worker children.
    const pid_t owner = r->kind == proclab::ProcessKind::PoolWorker ? r->ppid : r->pid;
    QSet<int> scope{owner};
    for (int pid : m_model->subtreeOf(owner)) {
        const proclab::ProcessRecord* c = m_model->record(pid);
        if (c && c->ppid == owner && c->kind == proclab::ProcessKind::PoolWorker)
            scope.insert(pid);
    }
    m_scopePid = owner;
    m_scopeIsPool = true;
    m_proxy->setScope(scope);
    updateScopeLabel();
    m_scopeLabel->setVisible(true);
    m_clearScope->setVisible(true);
    m_view->expandAll();
}

void ProcessesPanel::updateScopeLabel()
{
    m_scopeLabel->setText(m_scopeIsPool ? tr("Pool of PID %1").arg(m_scopePid)
                                        : tr("Subtree of PID %1").arg(m_scopePid));
}

void ProcessesPanel::clearScope()
{
    m_scopePid = 0;
    m_proxy->setScope({});
    m_scopeLabel->setVisible(false);
    m_clearScope->setVisible(false);
}

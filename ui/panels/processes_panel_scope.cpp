// ProcessesPanel's scopes: the system feed whose observed processes join the table, and the
// switch between This session, My processes and All processes (selection kept, columns per kind).
#include "panels/processes_panel.h"

#include "models/process_table_model.h"

#include <QHeaderView>
#include <QTreeView>

void ProcessesPanel::setSystemFeed(SystemFeed* feed)
{
    m_system = feed;
    if (!feed)
        return;
    // A new scope's first table is shown at once; later ones join the next frame.
    connect(feed, &SystemFeed::tableReady, this, [this](bool first) {
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

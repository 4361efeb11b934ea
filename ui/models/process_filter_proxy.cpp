#include "models/process_filter_proxy.h"

#include "models/process_table_model.h"

#include <algorithm>

ProcessFilterProxy::ProcessFilterProxy(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setRecursiveFilteringEnabled(true);
    setSortRole(ProcessTableModel::SortRole);
    setDynamicSortFilter(true);
}

void ProcessFilterProxy::setFilterText(const QString& text)
{
    if (text == m_text)
        return;
    m_text = text.trimmed();
    invalidateFilter();
}

void ProcessFilterProxy::setScope(const QSet<int>& pids)
{
    if (pids == m_scope)
        return;
    m_scope = pids;
    invalidateFilter();
}

void ProcessFilterProxy::setShowEnded(bool show)
{
    if (show == m_showEnded)
        return;
    m_showEnded = show;
    invalidateFilter();
}

bool ProcessFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (m_text.isEmpty() && m_scope.isEmpty() && m_showEnded)
        return true;
    const QModelIndex idx = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_showEnded && !idx.data(ProcessTableModel::LiveRole).toBool())
        return false;
    const int pid = idx.data(ProcessTableModel::PidRole).toInt();
    if (!m_scope.isEmpty() && !m_scope.contains(pid))
        return false;
    if (m_text.isEmpty())
        return true;
    if (QString::number(pid).startsWith(m_text))
        return true;
    constexpr int kColumns[] = {ProcessTableModel::NameColumn, ProcessTableModel::StateColumn,
                                ProcessTableModel::KindColumn, ProcessTableModel::BlockedOnColumn,
                                ProcessTableModel::UserColumn, ProcessTableModel::CommandLineColumn};
    return std::ranges::any_of(kColumns, [&](int column) {
        return sourceModel()
            ->index(sourceRow, column, sourceParent)
            .data()
            .toString()
            .contains(m_text, Qt::CaseInsensitive);
    });
}

bool ProcessFilterProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    const QPartialOrdering c =
        QVariant::compare(left.data(ProcessTableModel::SortRole), right.data(ProcessTableModel::SortRole));
    if (c == QPartialOrdering::Less)
        return true;
    if (c == QPartialOrdering::Greater)
        return false;
    // Ties by PID: a stable order, so equal rows do not swap places every tick.
    return left.data(ProcessTableModel::PidRole).toInt() < right.data(ProcessTableModel::PidRole).toInt();
}

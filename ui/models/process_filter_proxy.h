#pragma once
// Sorting and filtering of the process model: a text filter (name, PID, state, kind), a scope
// (only a subtree, or only a pool's processes) and whether ended processes show. Recursive: a
// parent stays visible when one of its children matches (an ended parent of a live child too).

#include <QSet>
#include <QSortFilterProxyModel>

class ProcessFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT

public:
    explicit ProcessFilterProxy(QObject* parent = nullptr);

    void setFilterText(const QString& text);
    QString filterText() const { return m_text; }
    /// Only these PIDs (empty: all).
    void setScope(const QSet<int>& pids);
    const QSet<int>& scope() const { return m_scope; }
    /// Whether processes that have ended (exited, killed, zombies) show (default true).
    void setShowEnded(bool show);
    bool showEnded() const { return m_showEnded; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    QString m_text;
    QSet<int> m_scope;
    bool m_showEnded = true;
};

#pragma once
// The channels and synchronization objects of a session (queues, pipes, locks, events,
// semaphores, barriers, pools, ...) with their live figures, one row per object id. Rates are
// derived between consecutive snapshots.

#include <proclab/session.h>

#include <QAbstractTableModel>

#include <unordered_map>
#include <vector>

class ObjectsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    /// "Queue", "Lock", ... in the interface's language.
    static QString kindName(proclab::ObjectKind kind);
    enum Column {
        IdColumn,
        KindColumn,
        NameColumn,
        CreatorColumn,
        FillColumn, ///< depth / capacity, value, owner state, pool tasks
        PutRateColumn,
        GetRateColumn,
        TotalsColumn, ///< puts / gets, or tasks done / failed
        OwnerColumn,
        WaitersColumn,
        ColumnCount
    };
    enum Role { ObjectIdRole = Qt::UserRole + 1, KindRole, AliveRole, SortRole };

    explicit ObjectsModel(QObject* parent = nullptr);

    /// Shows destroyed objects too (default: only live ones).
    void setShowDestroyed(bool show);
    bool showDestroyed() const { return m_showDestroyed; }

    void updateFromSnapshot(const proclab::Snapshot& snap);
    const proclab::ObjectRecord* object(int row) const;
    int rowForId(proclab::ObjectId id) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        proclab::ObjectRecord rec;
        double putRate = 0; // per second
        double getRate = 0;
    };
    QVariant displayData(const Row& row, int column) const;

    std::vector<Row> m_rows;
    std::unordered_map<proclab::ObjectId, int> m_rowOf;
    std::int64_t m_lastTaken = 0;
    bool m_haveLast = false;
    bool m_showDestroyed = false;
    proclab::Snapshot m_last;
};

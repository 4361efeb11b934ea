#pragma once
// The processes held at a synchronization point in scheduler mode, one row each: name, PID, the
// operation it is about to do, the object, and whether it can move now (else why not). Rows keep
// their place while the same processes are held; one settled state is one update.

#include <proclab/scheduler.h>

#include <QAbstractTableModel>

class HeldProcessModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Process, Pid, Operation, Object, CanMove, ColumnCount };
    enum Role { PidRole = Qt::UserRole + 1, CanMoveRole };

    explicit HeldProcessModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setState(const proclab::SchedulerState& state);
    const proclab::HeldProcess* held(int row) const;
    /// The row of held process `pid` (-1: not held).
    int rowOf(pid_t pid) const;

private:
    std::vector<proclab::HeldProcess> m_held;
};

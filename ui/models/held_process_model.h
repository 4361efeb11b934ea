#pragma once
// The processes held at a synchronization point in scheduler mode, one row each: name, PID, the
// operation it is about to do, the object, the line of code it is at, and whether it can move now
// (else why not). Rows keep their place while the same processes are held; one settled state is
// one update.

#include <proclab/scheduler.h>

#include <QAbstractTableModel>

#include <functional>
#include <utility>

class HeldProcessModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Process, Pid, Operation, Object, Line, CanMove, ColumnCount };
    /// The Python and C++ lines a held process is at (0: unknown), e.g. from the lesson that runs.
    using LineResolver = std::function<std::pair<int, int>(const proclab::HeldProcess&)>;
    enum Role { PidRole = Qt::UserRole + 1, CanMoveRole };

    explicit HeldProcessModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setState(const proclab::SchedulerState& state);
    /// Where held processes are in the code, from the next state on. Without one, a process's own
    /// line (a Python program's) is shown.
    void setLineResolver(LineResolver resolver);
    /// "py 5 · C++ 12", "line 5" (a program's own), "" when unknown.
    static QString lineText(int pyLine, int cppLine);
    const proclab::HeldProcess* held(int row) const;
    /// The row of held process `pid` (-1: not held).
    int rowOf(pid_t pid) const;

private:
    std::vector<proclab::HeldProcess> m_held;
    std::vector<std::pair<int, int>> m_lines; // as m_held
    LineResolver m_resolver;
};

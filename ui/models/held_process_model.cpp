#include "models/held_process_model.h"

#include <QBrush>
#include <QColor>
#include <QFont>

HeldProcessModel::HeldProcessModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

int HeldProcessModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_held.size());
}

int HeldProcessModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const proclab::HeldProcess* HeldProcessModel::held(int row) const
{
    return row >= 0 && row < int(m_held.size()) ? &m_held[std::size_t(row)] : nullptr;
}

int HeldProcessModel::rowOf(pid_t pid) const
{
    for (std::size_t i = 0; i < m_held.size(); ++i)
        if (m_held[i].pid == pid)
            return int(i);
    return -1;
}

QVariant HeldProcessModel::data(const QModelIndex& index, int role) const
{
    const proclab::HeldProcess* h = index.isValid() ? held(index.row()) : nullptr;
    if (!h)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Process:
            return QString::fromStdString(h->name);
        case Pid:
            return int(h->pid);
        case Operation:
            return QString::fromLatin1(proclab::to_string(h->op).data(), qsizetype(proclab::to_string(h->op).size()));
        case Object:
            return QString::fromStdString(h->object_name);
        case Line:
            return lineText(m_lines[std::size_t(index.row())].first, m_lines[std::size_t(index.row())].second);
        case CanMove:
            return h->can_move ? tr("can move") : tr("blocked: %1").arg(QString::fromStdString(h->why));
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return h->can_move
                   ? tr("Double-click to let %1 do this operation").arg(QString::fromStdString(h->name))
                   : tr("%1 would block now: %2").arg(QString::fromStdString(h->name), QString::fromStdString(h->why));
    case Qt::ForegroundRole:
        return h->can_move ? QVariant() : QVariant(QBrush(QColor(0x90, 0x90, 0x90)));
    case Qt::FontRole:
        if (h->can_move && index.column() == Process) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case PidRole:
        return int(h->pid);
    case CanMoveRole:
        return h->can_move;
    default:
        return {};
    }
}

QVariant HeldProcessModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Process:
        return tr("Process");
    case Pid:
        return tr("PID");
    case Operation:
        return tr("About to");
    case Object:
        return tr("Object");
    case Line:
        return tr("Line");
    case CanMove:
        return tr("Can it move?");
    default:
        return {};
    }
}

QString HeldProcessModel::lineText(int pyLine, int cppLine)
{
    if (pyLine > 0 && cppLine > 0)
        return tr("py %1 · C++ %2").arg(pyLine).arg(cppLine);
    if (pyLine > 0)
        return tr("line %1").arg(pyLine);
    if (cppLine > 0)
        return tr("C++ line %1").arg(cppLine);
    return {};
}

void HeldProcessModel::setLineResolver(LineResolver resolver)
{
    m_resolver = std::move(resolver);
}

void HeldProcessModel::setState(const proclab::SchedulerState& state)
{
    bool samePids = state.held.size() == m_held.size();
    for (std::size_t i = 0; samePids && i < m_held.size(); ++i)
        samePids = m_held[i].pid == state.held[i].pid;
    std::vector<std::pair<int, int>> lines;
    for (const proclab::HeldProcess& h : state.held)
        lines.push_back(m_resolver ? m_resolver(h) : std::pair{h.line, 0});
    if (!samePids) {
        beginResetModel();
        m_held = state.held;
        m_lines = std::move(lines);
        endResetModel();
        return;
    }
    m_held = state.held;
    m_lines = std::move(lines);
    if (!m_held.empty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

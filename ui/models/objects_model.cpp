#include "models/objects_model.h"

#include <QColor>
#include <QLocale>

#include <algorithm>

namespace {

QString sv(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

bool isChannel(proclab::ObjectKind k)
{
    return k == proclab::ObjectKind::Queue || k == proclab::ObjectKind::Pipe;
}

bool isLock(proclab::ObjectKind k)
{
    return k == proclab::ObjectKind::Lock || k == proclab::ObjectKind::RLock;
}

} // namespace

ObjectsModel::ObjectsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void ObjectsModel::setShowDestroyed(bool show)
{
    if (show == m_showDestroyed)
        return;
    m_showDestroyed = show;
    beginResetModel();
    m_rows.clear();
    m_rowOf.clear();
    m_haveLast = false;
    endResetModel();
    updateFromSnapshot(m_last);
}

void ObjectsModel::updateFromSnapshot(const proclab::Snapshot& snap)
{
    const double dt = m_haveLast && snap.taken_ns > m_lastTaken ? double(snap.taken_ns - m_lastTaken) / 1e9 : 0;
    m_lastTaken = snap.taken_ns;
    m_haveLast = true;

    std::unordered_map<proclab::ObjectId, const proclab::ObjectRecord*> wanted;
    for (const auto& o : snap.objects)
        if (o.alive || m_showDestroyed)
            wanted[o.id] = &o;

    // Removed: from the back so rows stay valid while removing.
    for (int row = static_cast<int>(m_rows.size()); row-- > 0;) {
        if (wanted.contains(m_rows[static_cast<std::size_t>(row)].rec.id))
            continue;
        beginRemoveRows({}, row, row);
        m_rows.erase(m_rows.begin() + row);
        endRemoveRows();
    }
    m_rowOf.clear();
    for (int i = 0; i < static_cast<int>(m_rows.size()); ++i)
        m_rowOf[m_rows[static_cast<std::size_t>(i)].rec.id] = i;

    // Updated, then new ones appended in the snapshot's order.
    int first = INT_MAX, last = -1;
    std::vector<Row> added;
    for (const auto& o : snap.objects) {
        if (!wanted.contains(o.id))
            continue;
        auto it = m_rowOf.find(o.id);
        if (it == m_rowOf.end()) {
            added.push_back({o, 0, 0});
            continue;
        }
        Row& r = m_rows[static_cast<std::size_t>(it->second)];
        if (dt > 0) {
            r.putRate = double(o.puts - std::min(o.puts, r.rec.puts)) / dt;
            r.getRate = double(o.gets - std::min(o.gets, r.rec.gets)) / dt;
        }
        r.rec = o;
        first = std::min(first, it->second);
        last = std::max(last, it->second);
    }
    if (last >= 0)
        emit dataChanged(index(first, 0), index(last, ColumnCount - 1));
    if (!added.empty()) {
        const int row = static_cast<int>(m_rows.size());
        beginInsertRows({}, row, row + static_cast<int>(added.size()) - 1);
        for (auto& r : added) {
            m_rowOf[r.rec.id] = static_cast<int>(m_rows.size());
            m_rows.push_back(std::move(r));
        }
        endInsertRows();
    }
    // Only what a re-filter needs: the session's process records (up to 1,024) stay out.
    m_last.session = snap.session;
    m_last.taken_ns = snap.taken_ns;
    m_last.objects = snap.objects;
}

const proclab::ObjectRecord* ObjectsModel::object(int row) const
{
    if (row < 0 || row >= static_cast<int>(m_rows.size()))
        return nullptr;
    return &m_rows[static_cast<std::size_t>(row)].rec;
}

int ObjectsModel::rowForId(proclab::ObjectId id) const
{
    auto it = m_rowOf.find(id);
    return it == m_rowOf.end() ? -1 : it->second;
}

int ObjectsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ObjectsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ObjectsModel::displayData(const Row& row, int column) const
{
    const auto& o = row.rec;
    using K = proclab::ObjectKind;
    switch (column) {
    case IdColumn:
        return o.id;
    case KindColumn: {
        // The kind in the interface's language; Python's class name when it says more.
        const QString kind = kindName(o.kind);
        const QString label = QString::fromStdString(o.label);
        return label.isEmpty() || label == sv(proclab::to_string(o.kind)) ? kind
                                                                          : QStringLiteral("%1 (%2)").arg(kind, label);
    }
    case NameColumn:
        return QString::fromStdString(o.name);
    case CreatorColumn:
        return o.creator;
    case FillColumn:
        if (o.kind == K::Queue)
            return o.capacity ? QStringLiteral("%1 / %2").arg(o.depth).arg(o.capacity)
                              : tr("%1 / unbounded").arg(o.depth);
        if (o.kind == K::Pipe)
            return tr("%n in flight", nullptr, static_cast<int>(o.depth));
        if (isLock(o.kind))
            return o.owner ? tr("held") : tr("free");
        if (o.kind == K::Event)
            return o.value ? tr("set") : tr("clear");
        if (o.kind == K::Semaphore || o.kind == K::BoundedSemaphore)
            return tr("value %1").arg(o.value);
        if (o.kind == K::Barrier)
            return tr("%n parties", nullptr, static_cast<int>(o.value));
        if (o.kind == K::Pool)
            return tr("%1 workers · %2 queued · %3 running").arg(o.workers).arg(o.tasks_queued).arg(o.tasks_running);
        return {};
    case PutRateColumn:
        return isChannel(o.kind) ? QString::number(row.putRate, 'f', 0) : QString();
    case GetRateColumn:
        return isChannel(o.kind) ? QString::number(row.getRate, 'f', 0) : QString();
    case TotalsColumn:
        if (isChannel(o.kind))
            return tr("%1 put · %2 got").arg(o.puts).arg(o.gets);
        if (o.kind == K::Pool)
            return tr("%1 done · %2 failed · %3 lost").arg(o.tasks_done).arg(o.tasks_failed).arg(o.tasks_lost);
        return {};
    case OwnerColumn:
        return o.owner ? QVariant(o.owner) : QVariant();
    case WaitersColumn:
        return o.waiters;
    default:
        return {};
    }
}

QVariant ObjectsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= static_cast<int>(m_rows.size()))
        return {};
    const Row& row = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return displayData(row, index.column());
    case Qt::ToolTipRole:
        if (index.column() == FillColumn && row.rec.kind == proclab::ObjectKind::Queue)
            return tr("Messages waiting in the queue / its maxsize.");
        if (index.column() == WaitersColumn)
            return tr("Processes or threads sleeping on this object.");
        if (index.column() == NameColumn)
            return tr("The shared object's name: any process of the session can open it by this name.");
        return {};
    case Qt::ForegroundRole:
        if (!row.rec.alive)
            return QColor(Qt::gray);
        return {};
    case ObjectIdRole:
        return row.rec.id;
    case KindRole:
        return static_cast<int>(row.rec.kind);
    case AliveRole:
        return row.rec.alive;
    case SortRole:
        switch (index.column()) {
        case FillColumn:
            return static_cast<qulonglong>(row.rec.depth);
        case PutRateColumn:
            return row.putRate;
        case GetRateColumn:
            return row.getRate;
        case TotalsColumn:
            return static_cast<qulonglong>(row.rec.puts);
        default:
            return displayData(row, index.column());
        }
    default:
        return {};
    }
}

QString ObjectsModel::kindName(proclab::ObjectKind kind)
{
    using K = proclab::ObjectKind;
    switch (kind) {
    case K::Queue:
        return tr("Queue");
    case K::Pipe:
        return tr("Pipe");
    case K::Lock:
        return tr("Lock");
    case K::RLock:
        return tr("RLock");
    case K::Event:
        return tr("Event");
    case K::Semaphore:
        return tr("Semaphore");
    case K::BoundedSemaphore:
        return tr("BoundedSemaphore");
    case K::Condition:
        return tr("Condition");
    case K::Barrier:
        return tr("Barrier");
    case K::Value:
        return tr("Value");
    case K::Array:
        return tr("Array");
    case K::SharedMemory:
        return tr("Shared memory");
    case K::Pool:
        return tr("Pool");
    case K::Manager:
        return tr("Manager");
    case K::Process:
        return tr("Process");
    }
    return {};
}

QVariant ObjectsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn:
        return tr("ID");
    case KindColumn:
        return tr("Kind");
    case NameColumn:
        return tr("Name");
    case CreatorColumn:
        return tr("Creator");
    case FillColumn:
        return tr("Depth / capacity");
    case PutRateColumn:
        return tr("Puts/s");
    case GetRateColumn:
        return tr("Gets/s");
    case TotalsColumn:
        return tr("Totals");
    case OwnerColumn:
        return tr("Owner");
    case WaitersColumn:
        return tr("Waiters");
    default:
        return {};
    }
}

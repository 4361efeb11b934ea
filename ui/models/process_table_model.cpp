#include "models/process_table_model.h"

#include "models/process_state.h"
#include "models/remote_keys.h"

#include <proclab/clock.h>

#include <QDateTime>
#include <QIcon>
#include <QLocale>

#include <algorithm>
#include <ctime>

namespace {

QString durationText(std::int64_t ns)
{
    const std::int64_t s = std::max<std::int64_t>(ns, 0) / 1000000000;
    if (s < 60)
        return QStringLiteral("%1.%2 s").arg(s).arg((std::max<std::int64_t>(ns, 0) / 100000000) % 10);
    if (s < 3600)
        return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2:%3")
        .arg(s / 3600)
        .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}

// A CLOCK_MONOTONIC time (the registry's) on the wall clock.
QDateTime wallTime(std::int64_t monoNs)
{
    return QDateTime::currentDateTime().addMSecs(-(proclab::now_ns() - monoNs) / 1'000'000);
}

const QString kNoValue = QStringLiteral("\u2014"); // an em dash: no PID yet

QString sv(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

// Compares the fields a row shows (cheap; run time is re-derived from the clock anyway).
bool sameShown(const proclab::ProcessRecord& a, const proclab::ProcessRecord& b)
{
    return a.state == b.state && a.exitcode == b.exitcode && a.joined == b.joined && a.daemon == b.daemon &&
           a.name == b.name && a.cpu_percent == b.cpu_percent && a.rss_bytes == b.rss_bytes &&
           a.blocked_on == b.blocked_on && a.blocked_op == b.blocked_op && a.blocked_pid == b.blocked_pid &&
           a.end_ns == b.end_ns && a.task_pool == b.task_pool && a.kind == b.kind && a.os_ppid == b.os_ppid &&
           a.start_ns == b.start_ns;
}

} // namespace

ProcessTableModel::ProcessTableModel(QObject* parent)
    : QAbstractItemModel(parent)
{
}

ProcessTableModel::~ProcessTableModel() = default;

void ProcessTableModel::setTreeMode(bool tree)
{
    if (tree == m_tree)
        return;
    m_tree = tree;
    rebuild(m_lastSnapshot);
}

QString ProcessTableModel::columnName(int column)
{
    switch (column) {
    case PidColumn:
        return tr("PID");
    case PpidColumn:
        return tr("PPID");
    case NameColumn:
        return tr("Name");
    case KindColumn:
        return tr("Kind");
    case StateColumn:
        return tr("State");
    case DaemonColumn:
        return tr("Daemon");
    case ExitCodeColumn:
        return tr("Exit code");
    case CpuColumn:
        return tr("CPU %");
    case RssColumn:
        return tr("RSS");
    case StartedColumn:
        return tr("Started");
    case RunTimeColumn:
        return tr("Run time");
    case BlockedOnColumn:
        return tr("Blocked on");
    case UserColumn:
        return tr("User");
    case NiceColumn:
        return tr("Nice");
    case ThreadsColumn:
        return tr("Threads");
    case VirtColumn:
        return tr("Virtual memory");
    case MemColumn:
        return tr("Memory %");
    case CommandLineColumn:
        return tr("Command line");
    default:
        return {};
    }
}

pid_t ProcessTableModel::targetParent(const proclab::ProcessRecord& rec,
                                      const std::unordered_map<pid_t, const proclab::ProcessRecord*>& byPid) const
{
    if (!m_tree)
        return 0;
    // A restart is shown under its launch's first run.
    if (auto a = m_attempts.constFind(rec.pid);
        a != m_attempts.cend() && a->run > 1 && a->first != rec.pid && byPid.contains(a->first))
        return a->first;
    if (rec.ppid == rec.pid || !byPid.contains(rec.ppid))
        return 0;
    return rec.ppid;
}

void ProcessTableModel::rebuild(const proclab::Snapshot& snap)
{
    beginResetModel();
    std::unordered_map<pid_t, pid_t> osParents; // an ended process keeps the parent it had
    for (const auto& [pid, node] : m_nodes)
        if (node->rec.os_ppid)
            osParents[pid] = node->rec.os_ppid;
    m_nodes.clear();
    m_roots.clear();
    std::unordered_map<pid_t, const proclab::ProcessRecord*> byPid;
    for (const auto& r : snap.processes)
        byPid[r.pid] = &r; // a reused PID: the newest record wins
    for (const auto& r : snap.processes) {
        if (byPid[r.pid] != &r)
            continue;
        auto n = std::make_unique<Node>();
        n->rec = r;
        if (auto it = osParents.find(r.pid); !r.os_ppid && it != osParents.end())
            n->rec.os_ppid = it->second;
        m_nodes[r.pid] = std::move(n);
    }
    // Children follow their parents' order of appearance (oldest first).
    for (const auto& r : snap.processes) {
        if (byPid[r.pid] != &r)
            continue;
        Node* node = m_nodes[r.pid].get();
        const pid_t pp = targetParent(r, byPid);
        Node* parent = pp ? m_nodes[pp].get() : nullptr;
        // A cycle (pid reuse) would make the tree unreachable: such a node stays a root.
        for (Node* a = parent; a; a = a->parent)
            if (a == node) {
                parent = nullptr;
                break;
            }
        node->parent = parent;
        auto& siblings = childrenOf(parent);
        node->row = static_cast<int>(siblings.size());
        siblings.push_back(node);
    }
    endResetModel();
}

QModelIndex ProcessTableModel::indexOf(Node* node, int column) const
{
    if (!node)
        return {};
    return createIndex(node->row, column, node);
}

void ProcessTableModel::removeSubtree(Node* node)
{
    auto& siblings = childrenOf(node->parent);
    const int row = node->row;
    beginRemoveRows(indexOf(node->parent), row, row);
    siblings.erase(siblings.begin() + row);
    for (int i = row; i < static_cast<int>(siblings.size()); ++i)
        siblings[static_cast<std::size_t>(i)]->row = i;
    std::vector<Node*> stack{node};
    while (!stack.empty()) {
        Node* n = stack.back();
        stack.pop_back();
        for (Node* c : n->children)
            stack.push_back(c);
        m_nodes.erase(n->rec.pid);
    }
    endRemoveRows();
}

void ProcessTableModel::insertNode(std::unique_ptr<Node> node, Node* parent)
{
    auto& siblings = childrenOf(parent);
    const int row = static_cast<int>(siblings.size());
    beginInsertRows(indexOf(parent), row, row);
    node->parent = parent;
    node->row = row;
    siblings.push_back(node.get());
    const pid_t pid = node->rec.pid;
    m_nodes[pid] = std::move(node);
    endInsertRows();
}

pid_t ProcessTableModel::shownPid(const proclab::ProcessRecord& r)
{
    return r.remote() ? RemoteKeys::pidOf(r.pid) : r.pid;
}

void ProcessTableModel::updateFromSnapshot(const proclab::Snapshot& snap)
{
    if (std::none_of(snap.processes.begin(), snap.processes.end(),
                     [](const proclab::ProcessRecord& r) { return r.remote(); })) {
        takeSnapshot(snap);
        return;
    }
    // Relayed processes: a key of their own (their PID may be a local process's too).
    proclab::Snapshot keyed = snap;
    for (proclab::ProcessRecord& r : keyed.processes)
        r.pid = RemoteKeys::key(r.host, r.pid);
    takeSnapshot(keyed);
}

void ProcessTableModel::takeSnapshot(const proclab::Snapshot& snap)
{
    m_now = snap.taken_ns ? snap.taken_ns : proclab::now_ns();
    m_objects.clear();
    for (const auto& o : snap.objects)
        m_objects[o.id] = o;

    if (m_nodes.empty()) { // first frame: one reset instead of a thousand inserts
        m_lastSnapshot = snap;
        if (!snap.processes.empty())
            rebuild(snap);
        return;
    }

    std::unordered_map<pid_t, const proclab::ProcessRecord*> byPid;
    byPid.reserve(snap.processes.size());
    for (const auto& r : snap.processes)
        byPid[r.pid] = &r;

    // Most rows new or gone (a scope switch): one reset instead of thousands of inserts.
    std::size_t fresh = 0;
    for (const auto& [pid, rec] : byPid)
        fresh += m_nodes.contains(pid) ? 0 : 1;
    const std::size_t gone = m_nodes.size() + fresh - byPid.size();
    if (fresh + gone > std::max<std::size_t>(200, m_nodes.size() / 2)) {
        m_lastSnapshot = snap;
        rebuild(snap);
        return;
    }

    // 1. Gone, or under another parent now: remove (the subtree's survivors come back in step 2).
    std::vector<pid_t> stale;
    for (const auto& [pid, node] : m_nodes) {
        auto it = byPid.find(pid);
        if (it == byPid.end()) {
            stale.push_back(pid);
            continue;
        }
        const pid_t want = targetParent(*it->second, byPid);
        const pid_t have = node->parent ? node->parent->rec.pid : 0;
        if (want != have)
            stale.push_back(pid);
    }
    for (pid_t pid : stale) {
        auto it = m_nodes.find(pid);
        if (it != m_nodes.end()) // may be gone with an ancestor's subtree
            removeSubtree(it->second.get());
    }

    // 2. New: parents before children, in the snapshot's order (oldest first).
    std::vector<const proclab::ProcessRecord*> pending;
    for (const auto& r : snap.processes)
        if (byPid[r.pid] == &r && !m_nodes.contains(r.pid))
            pending.push_back(&r);
    while (!pending.empty()) {
        std::vector<const proclab::ProcessRecord*> later;
        for (const auto* r : pending) {
            const pid_t pp = targetParent(*r, byPid);
            Node* parent = nullptr;
            if (pp) {
                auto it = m_nodes.find(pp);
                if (it == m_nodes.end()) {
                    later.push_back(r);
                    continue;
                }
                parent = it->second.get();
            }
            auto n = std::make_unique<Node>();
            n->rec = *r;
            insertNode(std::move(n), parent);
        }
        if (later.size() == pending.size()) { // unreachable parents (a cycle): roots
            for (const auto* r : later) {
                auto n = std::make_unique<Node>();
                n->rec = *r;
                insertNode(std::move(n), nullptr);
            }
            later.clear();
        }
        pending.swap(later);
    }

    // 3. Changed rows: one dataChanged per parent covering its changed rows. Live rows change
    //    every tick (run time); ended ones only when their record does.
    std::unordered_map<Node*, std::pair<int, int>> spans; // parent → [first, last] row
    for (const auto& r : snap.processes) {
        if (byPid[r.pid] != &r)
            continue;
        Node* n = m_nodes[r.pid].get();
        const bool live = r.end_ns == 0 && r.state != proclab::RunState::Created;
        proclab::ProcessRecord next = r;
        if (!next.os_ppid) // not sampled once ended: the parent it had
            next.os_ppid = n->rec.os_ppid;
        if (!live && sameShown(n->rec, next))
            continue;
        n->rec = std::move(next);
        auto [it, fresh] = spans.try_emplace(n->parent, n->row, n->row);
        if (!fresh) {
            it->second.first = std::min(it->second.first, n->row);
            it->second.second = std::max(it->second.second, n->row);
        }
    }
    for (const auto& [parent, span] : spans) {
        const QModelIndex p = indexOf(parent);
        emit dataChanged(index(span.first, 0, p), index(span.second, ColumnCount - 1, p));
    }
    m_lastSnapshot = snap;
}

bool ProcessTableModel::rekey(pid_t oldKey, pid_t pid)
{
    auto it = m_nodes.find(oldKey);
    if (it == m_nodes.end() || m_nodes.contains(pid))
        return false;
    std::unique_ptr<Node> node = std::move(it->second);
    m_nodes.erase(it);
    node->rec.pid = pid;
    for (auto& r : m_lastSnapshot.processes)
        if (r.pid == oldKey)
            r.pid = pid;
    Node* raw = node.get();
    m_nodes[pid] = std::move(node);
    emit dataChanged(indexOf(raw, 0), indexOf(raw, ColumnCount - 1));
    return true;
}

void ProcessTableModel::setAttempts(const QHash<int, Attempt>& attempts)
{
    if (attempts == m_attempts)
        return;
    QSet<int> changed;
    for (auto it = attempts.cbegin(); it != attempts.cend(); ++it)
        if (m_attempts.value(it.key()) != it.value())
            changed.insert(it.key());
    for (auto it = m_attempts.cbegin(); it != m_attempts.cend(); ++it)
        if (!attempts.contains(it.key()))
            changed.insert(it.key());
    m_attempts = attempts;
    for (int pid : changed) {
        const QModelIndex i = indexForPid(pid, NameColumn);
        if (i.isValid())
            emit dataChanged(i, i);
    }
    // The grouping takes effect with the next snapshot (rows under their launch's first run).
}

void ProcessTableModel::setJoining(const QSet<int>& pids)
{
    if (pids == m_joining)
        return;
    const QSet<int> changed = (pids - m_joining) + (m_joining - pids);
    m_joining = pids;
    for (int pid : changed) {
        const QModelIndex i = indexForPid(pid, BlockedOnColumn);
        if (i.isValid())
            emit dataChanged(i, i);
    }
}

QModelIndex ProcessTableModel::indexForPid(pid_t pid, int column) const
{
    auto it = m_nodes.find(pid);
    return it == m_nodes.end() ? QModelIndex() : indexOf(it->second.get(), column);
}

pid_t ProcessTableModel::pidAt(const QModelIndex& index) const
{
    if (!index.isValid() || index.model() != this)
        return 0;
    return static_cast<Node*>(index.internalPointer())->rec.pid;
}

const proclab::ProcessRecord* ProcessTableModel::record(pid_t pid) const
{
    auto it = m_nodes.find(pid);
    return it == m_nodes.end() ? nullptr : &it->second->rec;
}

QSet<int> ProcessTableModel::subtreeOf(pid_t pid) const
{
    QSet<int> out{pid};
    bool grew = true;
    while (grew) { // by ppid, so it works in flat mode too
        grew = false;
        for (const auto& r : m_lastSnapshot.processes)
            if (!out.contains(r.pid) && out.contains(r.ppid) && r.ppid != r.pid) {
                out.insert(r.pid);
                grew = true;
            }
    }
    return out;
}

QModelIndex ProcessTableModel::index(int row, int column, const QModelIndex& parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    Node* p = parent.isValid() ? static_cast<Node*>(parent.internalPointer()) : nullptr;
    if (parent.isValid() && parent.column() != 0)
        return {};
    const auto& siblings = p ? p->children : m_roots;
    if (row >= static_cast<int>(siblings.size()))
        return {};
    return createIndex(row, column, siblings[static_cast<std::size_t>(row)]);
}

QModelIndex ProcessTableModel::parent(const QModelIndex& child) const
{
    if (!child.isValid())
        return {};
    Node* n = static_cast<Node*>(child.internalPointer());
    return indexOf(n->parent);
}

int ProcessTableModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return static_cast<int>(m_roots.size());
    if (parent.column() != 0)
        return 0;
    return static_cast<int>(static_cast<Node*>(parent.internalPointer())->children.size());
}

int ProcessTableModel::columnCount(const QModelIndex& parent) const
{
    Q_UNUSED(parent);
    return ColumnCount;
}

QString ProcessTableModel::blockedOnText(const proclab::ProcessRecord& r) const
{
    if (m_joining.contains(r.pid) && r.end_ns == 0)
        return tr("being joined by the GUI…");
    if (r.state != proclab::RunState::Blocked || r.end_ns != 0)
        return {};
    if (r.observed || (r.blocked_op == proclab::WaitOp::None && r.system)) // what the kernel says
        return r.system ? kernelWaitText(r.system->wait) : QString();
    QString op = sv(proclab::to_string(r.blocked_op));
    if (r.blocked_op == proclab::WaitOp::Join)
        return tr("join PID %1").arg(r.blocked_pid);
    auto it = m_objects.find(r.blocked_on);
    if (it == m_objects.end())
        return op;
    const auto& o = it->second;
    QString what = o.label.empty() ? sv(proclab::to_string(o.kind)) : QString::fromStdString(o.label);
    QString text = QStringLiteral("%1 %2 #%3").arg(op, what).arg(o.id);
    if (o.owner && (o.kind == proclab::ObjectKind::Lock || o.kind == proclab::ObjectKind::RLock))
        text += QLatin1Char(' ') + tr("(held by %1)").arg(o.owner);
    return text;
}

QVariant ProcessTableModel::displayData(const proclab::ProcessRecord& r, int column) const
{
    switch (column) {
    case PidColumn:
        return r.pid > 0 ? QVariant(shownPid(r)) : QVariant(kNoValue);
    case PpidColumn:
        return r.pid > 0 ? QVariant(shownPpid(r)) : QVariant(kNoValue);
    case NameColumn:
        return nameText(r);
    case KindColumn:
        return r.observed ? tr("observed") : kindName(r.kind);
    case StateColumn:
        return displayStateName(displayStateOf(r));
    case DaemonColumn:
        return r.daemon ? tr("daemon") : QString();
    case ExitCodeColumn:
        if (r.observed && r.end_ns && !r.exitcode)
            return tr("ended (exit code not observable: reaped by its parent PID %1)").arg(r.ppid);
        return exitCodeText(r.exitcode);
    case CpuColumn:
        return r.end_ns || r.state == proclab::RunState::Created ? QString() : QString::number(r.cpu_percent, 'f', 1);
    case RssColumn:
        return r.rss_bytes ? QLocale::system().formattedDataSize(static_cast<qint64>(r.rss_bytes), 1,
                                                                 QLocale::DataSizeTraditionalFormat)
                           : QString();
    case StartedColumn: {
        if (r.state == proclab::RunState::Created || r.start_ns <= 0)
            return QString(); // created, not started: no start time
        const QDateTime at = wallTime(r.start_ns);
        return at.date() == QDate::currentDate() ? at.toString(QStringLiteral("hh:mm:ss"))
                                                 : at.toString(QStringLiteral("yyyy-MM-dd hh:mm"));
    }
    case RunTimeColumn:
        if (r.state == proclab::RunState::Created || r.start_ns <= 0)
            return QString();
        return durationText((r.end_ns ? r.end_ns : m_now) - r.start_ns);
    case BlockedOnColumn:
        return blockedOnText(r);
    case UserColumn:
        return r.system ? QString::fromStdString(r.system->user) : QString();
    case NiceColumn:
        return r.system ? QVariant(r.system->nice) : QVariant();
    case ThreadsColumn:
        return r.system ? QVariant(r.system->threads) : QVariant();
    case VirtColumn:
        return r.system && r.system->vsize_bytes
                   ? QLocale::system().formattedDataSize(static_cast<qint64>(r.system->vsize_bytes), 1,
                                                         QLocale::DataSizeTraditionalFormat)
                   : QString();
    case MemColumn:
        return r.system ? QString::number(r.system->mem_percent, 'f', 1) : QString();
    case CommandLineColumn:
        return r.system ? QString::fromStdString(r.system->cmdline) : QString();
    default:
        return {};
    }
}

QVariant ProcessTableModel::sortData(const proclab::ProcessRecord& r, int column) const
{
    switch (column) {
    case PidColumn:
        return shownPid(r);
    case PpidColumn:
        return shownPpid(r);
    case NameColumn:
        return QString::fromStdString(r.name);
    case StateColumn:
        return static_cast<int>(displayStateOf(r));
    case DaemonColumn:
        return r.daemon;
    case ExitCodeColumn:
        return r.exitcode ? QVariant(*r.exitcode) : QVariant(INT_MIN);
    case CpuColumn:
        return r.cpu_percent;
    case RssColumn:
        return static_cast<qulonglong>(r.rss_bytes);
    case StartedColumn:
        return static_cast<qlonglong>(r.start_ns);
    case RunTimeColumn:
        return static_cast<qlonglong>((r.end_ns ? r.end_ns : m_now) - r.start_ns);
    case VirtColumn:
        return static_cast<qulonglong>(r.system ? r.system->vsize_bytes : 0);
    case MemColumn:
        return r.system ? r.system->mem_percent : 0.0;
    default:
        return displayData(r, column);
    }
}

QVariant ProcessTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    const auto& r = static_cast<Node*>(index.internalPointer())->rec;
    const DisplayState st = displayStateOf(r);
    switch (role) {
    case Qt::DisplayRole:
        return displayData(r, index.column());
    case Qt::DecorationRole:
        if (index.column() == StateColumn)
            return displayStateIcon(st);
        if (index.column() == NameColumn && r.daemon) { // the daemon badge
            static const QIcon badge(QStringLiteral(":/icons/actions/daemon.png"));
            return badge;
        }
        if (index.column() == NameColumn && r.observed)
            return observedIcon();
        return {};
    case Qt::ForegroundRole:
        if (index.column() == StateColumn || (index.column() == ExitCodeColumn && r.exitcode && *r.exitcode != 0))
            return displayStateColor(st);
        return {};
    case Qt::ToolTipRole:
        return toolTip(r, index.column());
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case PidColumn:
        case PpidColumn:
        case CpuColumn:
        case RssColumn:
        case ExitCodeColumn:
        case StartedColumn:
        case RunTimeColumn:
        case NiceColumn:
        case ThreadsColumn:
        case VirtColumn:
        case MemColumn:
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
        }
    case PidRole:
        return r.pid;
    case PpidRole:
        return r.ppid;
    case DisplayStateRole:
        return static_cast<int>(st);
    case SortRole:
        return sortData(r, index.column());
    case PoolRole:
        return static_cast<uint>(r.task_pool);
    case LiveRole:
        return isLive(st);
    case DaemonRole:
        return r.daemon;
    case KindRole:
        return static_cast<int>(r.kind);
    case ObservedRole:
        return r.observed;
    case UidRole:
        return r.system ? static_cast<int>(r.system->uid) : -1;
    default:
        return {};
    }
}

pid_t ProcessTableModel::shownPpid(const proclab::ProcessRecord& r)
{
    if (r.system && r.system->ppid)
        return r.system->ppid;
    return r.os_ppid ? r.os_ppid : r.ppid;
}

QString ProcessTableModel::nameText(const proclab::ProcessRecord& r) const
{
    QString name = QString::fromStdString(r.name);
    auto a = m_attempts.constFind(r.pid);
    if (a == m_attempts.cend())
        return name;
    if (a->gaveUp)
        return tr("%1 · gave up after %n retries", nullptr, a->runs - 1).arg(name);
    return tr("%1 · attempt %2/%3").arg(name).arg(a->run).arg(a->runs);
}

QVariant ProcessTableModel::toolTip(const proclab::ProcessRecord& r, int column) const
{
    const DisplayState st = displayStateOf(r);
    switch (column) {
    case PidColumn:
        if (r.pid <= 0)
            return tr("Not started yet: a process gets its PID when it starts.");
        if (r.remote())
            return tr("PID %1 on %2 (MPI rank %3), relayed by its pool's process: watched from here, not acted on.")
                .arg(shownPid(r))
                .arg(QString::fromStdString(r.host))
                .arg(r.rank);
        break;
    case PpidColumn:
        if (r.pid > 0 && shownPpid(r) != r.ppid)
            return tr("Its parent is PID %1 (as ps shows it); the tree shows it under PID %2, the process "
                      "that asked for it (a fork server forks processes on another's behalf).")
                .arg(shownPpid(r))
                .arg(r.ppid);
        break;
    case NameColumn:
        if (auto a = m_attempts.constFind(r.pid); a != m_attempts.cend())
            return a->gaveUp ? tr("Restart on failure: this run failed and no restart is left; the runs of this "
                                  "launch are grouped under its first run.")
                             : tr("Restart on failure: run %1 of at most %2; the runs of this launch are grouped "
                                  "under its first run.")
                                   .arg(a->run)
                                   .arg(a->runs);
        break;
    case StartedColumn:
        if (r.state != proclab::RunState::Created && r.start_ns > 0)
            return tr("Started %1 (%2 ago)")
                .arg(QLocale().toString(wallTime(r.start_ns), QLocale::LongFormat),
                     durationText(proclab::now_ns() - r.start_ns));
        break;
    case StateColumn:
        return displayStateExplanation(st);
    case ExitCodeColumn:
        if (r.exitcode)
            return *r.exitcode < 0 ? tr("Killed by signal %1.").arg(-*r.exitcode)
                                   : tr("Exited with code %1.").arg(*r.exitcode);
        break;
    case DaemonColumn:
        if (r.daemon)
            return tr("A daemon process is terminated when its parent ends and may not have children.");
        break;
    case CpuColumn:
        return tr("CPU time over the last sample: 100 % is one core busy (as in htop and top).");
    case BlockedOnColumn:
        if (r.system && r.system->wait != proclab::KernelWait::None)
            return r.system->wchan.empty() || r.system->wchan == "0"
                       ? tr("Read from its system call (/proc/%1/syscall).").arg(r.pid)
                       : tr("Kernel function (wchan): %1").arg(QString::fromStdString(r.system->wchan));
        break;
    case CommandLineColumn:
        if (r.system)
            return QString::fromStdString(r.system->cmdline);
        break;
    default:
        break;
    }
    if (r.observed && (column == NameColumn || column == KindColumn))
        return tr("Observed: ProcLab did not start this process; it is seen in /proc (PID %1, parent %2).")
            .arg(r.pid)
            .arg(shownPpid(r));
    return {};
}

QVariant ProcessTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole)
        return columnName(section);
    if (role == Qt::ToolTipRole && section == PpidColumn)
        return tr("The parent the kernel shows (as ps). The tree groups a fork server's children under the "
                  "process that asked for them, and the restarts of a launch under its first run.");
    if (role == Qt::ToolTipRole && section == CpuColumn)
        return tr("100 % is one core busy (as htop); at most 100 % × the number of CPUs.");
    return {};
}

QString ProcessTableModel::kindName(proclab::ProcessKind kind)
{
    switch (kind) {
    case proclab::ProcessKind::Main:
        return tr("main");
    case proclab::ProcessKind::Process:
        return tr("process");
    case proclab::ProcessKind::PoolWorker:
        return tr("pool worker");
    case proclab::ProcessKind::Command:
        return tr("command");
    case proclab::ProcessKind::ForkServer:
        return tr("forkserver");
    case proclab::ProcessKind::Manager:
        return tr("manager");
    case proclab::ProcessKind::Helper:
        return tr("helper");
    }
    return {};
}

#pragma once
// The processes of a session as a tree (parent → children) or a flat list, keyed by PID: a row
// belongs to one process for its whole life, so selections and actions follow the process, never
// a position. Fed one snapshot per tick (updateFromSnapshot); changes are batched: rows inserted
// and removed properly, one dataChanged per parent and tick (a change of most rows, as a scope
// switch, is one reset). Processes seen only in /proc (observed) carry ps's view of them.

#include <proclab/session.h>

#include <QAbstractItemModel>
#include <QSet>

#include <memory>
#include <unordered_map>
#include <vector>

class ProcessTableModel : public QAbstractItemModel {
    Q_OBJECT

public:
    enum Column {
        PidColumn,
        PpidColumn,
        NameColumn,
        KindColumn,
        StateColumn,
        DaemonColumn,
        ExitCodeColumn,
        CpuColumn,
        RssColumn,
        StartedColumn,
        RunTimeColumn,
        BlockedOnColumn,
        // What ps says (the wider scopes): user, nice, threads, virtual memory, memory %, command line.
        UserColumn,
        NiceColumn,
        ThreadsColumn,
        VirtColumn,
        MemColumn,
        CommandLineColumn,
        ColumnCount
    };
    enum Role {
        PidRole = Qt::UserRole + 1, ///< pid_t as int
        PpidRole,
        DisplayStateRole, ///< DisplayState as int
        SortRole,         ///< numeric value for numeric columns
        PoolRole,         ///< the pool object a worker belongs to (0: none)
        LiveRole,         ///< bool: still alive
        DaemonRole,
        KindRole,     ///< proclab::ProcessKind as int
        ObservedRole, ///< bool: seen in /proc only, not started through ProcLab
        UidRole,      ///< effective uid (-1 when unknown)
    };

    explicit ProcessTableModel(QObject* parent = nullptr);
    ~ProcessTableModel() override;

    /// Tree (default) or flat.
    void setTreeMode(bool tree);
    bool treeMode() const { return m_tree; }

    /// Takes the processes of `snap` (rows added, removed, moved under a new parent, updated).
    void updateFromSnapshot(const proclab::Snapshot& snap);

    /// Marks processes the GUI is joining ("joining…" shown in Blocked on).
    void setJoining(const QSet<int>& pids);

    QModelIndex indexForPid(pid_t pid, int column = 0) const;
    pid_t pidAt(const QModelIndex& index) const;
    const proclab::ProcessRecord* record(pid_t pid) const;
    int processCount() const { return static_cast<int>(m_nodes.size()); }
    /// Every pid of the subtree rooted at `pid` (itself included), from the last snapshot's ppids.
    QSet<int> subtreeOf(pid_t pid) const;

    static QString columnName(int column);
    /// "process", "pool worker", ... in the interface's language.
    static QString kindName(proclab::ProcessKind kind);
    /// The columns only the wider scopes show by default.
    static bool isSystemColumn(int column) { return column >= UserColumn && column < ColumnCount; }

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Node {
        proclab::ProcessRecord rec;
        Node* parent = nullptr;
        std::vector<Node*> children;
        int row = 0;
    };

    std::vector<Node*>& childrenOf(Node* parent) { return parent ? parent->children : m_roots; }
    QModelIndex indexOf(Node* node, int column = 0) const;
    pid_t targetParent(const proclab::ProcessRecord& rec,
                       const std::unordered_map<pid_t, const proclab::ProcessRecord*>& byPid) const;
    void removeSubtree(Node* node);
    void insertNode(std::unique_ptr<Node> node, Node* parent);
    void rebuild(const proclab::Snapshot& snap);
    QString blockedOnText(const proclab::ProcessRecord& r) const;
    QVariant displayData(const proclab::ProcessRecord& r, int column) const;
    QVariant sortData(const proclab::ProcessRecord& r, int column) const;

    bool m_tree = true;
    std::unordered_map<pid_t, std::unique_ptr<Node>> m_nodes;
    std::vector<Node*> m_roots;
    std::unordered_map<proclab::ObjectId, proclab::ObjectRecord> m_objects;
    std::int64_t m_now = 0;
    QSet<int> m_joining;
    proclab::Snapshot m_lastSnapshot;
};

#pragma once
// The processes of a session as a tree (parent → children) or a flat list, keyed by PID: a row
// belongs to one process for its whole life, so selections and actions follow the process, never
// a position. Fed one snapshot per tick (updateFromSnapshot); changes are batched: rows inserted
// and removed properly, one dataChanged per parent and tick (a change of most rows, as a scope
// switch, is one reset). Processes seen only in /proc (observed) carry ps's view of them.
// A process created but not started has a negative key and shows no PID ("—"); rekey() gives its
// row the PID once it starts, so the row (and a selection of it) stays. PPID is the kernel's
// parent (ps's), while the tree groups a process under the process that asked for it (the
// window, for the fork server's children) and the restarts of one launch under its first run.
// A process relayed from another host (an MPI rank: ProcessRecord::remote()) is keyed apart, above
// every PID of this host (RemoteKeys), and shows its own PID and host; nothing acts on it.

#include <proclab/session.h>

#include <QAbstractItemModel>
#include <QHash>
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

    /// One run of a launch restarted on failure: run `run` of at most `runs`; `first` is the key
    /// of the launch's first run; `gaveUp`: it failed and no restart is left.
    struct Attempt {
        pid_t first = 0;
        int run = 1;
        int runs = 1;
        bool gaveUp = false;
        bool operator==(const Attempt&) const = default;
    };

    explicit ProcessTableModel(QObject* parent = nullptr);
    ~ProcessTableModel() override;

    /// Tree (default) or flat.
    void setTreeMode(bool tree);
    bool treeMode() const { return m_tree; }

    /// Takes the processes of `snap` (rows added, removed, moved under a new parent, updated).
    void updateFromSnapshot(const proclab::Snapshot& snap);

    /// The row of the created process `oldKey` is the process `pid` from now on (it started):
    /// false when there is no such row or `pid` has one already.
    bool rekey(pid_t oldKey, pid_t pid);
    /// The runs of launches restarted on failure, by key ("attempt 2/4", grouped in the tree).
    void setAttempts(const QHash<int, Attempt>& attempts);

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
    void takeSnapshot(const proclab::Snapshot& snap);
    /// The PID a row shows: its own, or a relayed process's on its host.
    static pid_t shownPid(const proclab::ProcessRecord& r);
    QString blockedOnText(const proclab::ProcessRecord& r) const;
    QVariant displayData(const proclab::ProcessRecord& r, int column) const;
    QVariant sortData(const proclab::ProcessRecord& r, int column) const;
    QString nameText(const proclab::ProcessRecord& r) const;
    QVariant toolTip(const proclab::ProcessRecord& r, int column) const;
    static pid_t shownPpid(const proclab::ProcessRecord& r);

    bool m_tree = true;
    std::unordered_map<pid_t, std::unique_ptr<Node>> m_nodes;
    std::vector<Node*> m_roots;
    std::unordered_map<proclab::ObjectId, proclab::ObjectRecord> m_objects;
    std::int64_t m_now = 0;
    QSet<int> m_joining;
    QHash<int, Attempt> m_attempts;
    proclab::Snapshot m_lastSnapshot;
};

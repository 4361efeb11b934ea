#pragma once
// The session registry: the monitoring data path of ProcLab.
//
// A session is one shared-memory object ("/proclab-<uid>-session-<name>") holding a process
// table, an object table and an event ring. Every process that uses the core and carries
// PROCLAB_SESSION=<name> in its environment (children inherit it) records there its state (slot:
// pid, name, state, daemon, exit code, current task, what it is blocked on), the objects it
// creates (queues, pipes, locks, events, semaphores, barriers, pools) and timestamped events.
// Readers (the GUI, proclab-cli) take consistent snapshots and read the events since a cursor.
//
// Crash safety: every record has one writer and a sequence word (a seqlock); a reader never
// copies a record while it is being written, and a writer killed mid-update leaves a record the
// reader skips until the dead process's reaper finalizes it. Cost: without a session every hook
// is one predictable branch; with one, high-rate operations (put/get, acquire/release) are
// recorded in full up to ~50,000 events per second and thread, and sampled above that (each
// sampled event carries its weight).

#include <proclab/system_processes.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace proclab {

/// Helper: a tool's own process beside the program, outside its run (Python's resource tracker).
enum class ProcessKind : std::uint8_t { Main, Process, PoolWorker, Command, ForkServer, Manager, Helper };
enum class RunState : std::uint8_t { Created, Running, Blocked, Stopped, Exited, Killed, Zombie };
enum class ObjectKind : std::uint8_t {
    Queue,
    Pipe,
    Lock,
    RLock,
    Event,
    Semaphore,
    BoundedSemaphore,
    Condition,
    Barrier,
    Value,
    Array,
    SharedMemory,
    Pool,
    Manager,
    Process
};
/// What a blocked process is doing.
enum class WaitOp : std::uint8_t { None, Get, Put, Acquire, Wait, Join, Recv, Send, TaskDone };

/// A synchronization point where a process stops in scheduler mode (proclab/scheduler.h): the
/// operation it is about to do.
enum class SchedOp : std::uint8_t {
    None,
    Start,   // a new process, before its target runs
    Join,    // object: none; target: the child
    Put,     // Queue
    Get,     // Queue
    Send,    // Pipe
    Recv,    // Pipe
    Acquire, // Lock, RLock, Semaphore, Condition's lock
    Release,
    Wait,   // Event, Condition, Barrier
    Set,    // Event
    Notify, // Condition
    Read,   // a Value read without holding its lock
    Write,  // a Value write without holding its lock
    Abort   // Barrier: breaks it (its waiters get BrokenBarrierError)
};

enum class EventKind : std::uint16_t {
    ProcessStart,
    ProcessExit,
    JoinBegin,
    JoinEnd,
    Signal, // arg: child pid / exit code / signal
    TaskBegin,
    TaskEnd, // arg: task id; arg2: 0 ok, 1 error, 2 lost
    Put,
    Get, // arg: message sequence; arg2: weight
    Acquire,
    Release, // arg: waited ns; arg2: weight
    WaitBegin,
    WaitEnd, // arg: WaitOp; arg2 (end): 1 timed out
    ObjectCreate,
    ObjectDestroy,
    Mark // arg: user value (lessons, tests)
};

std::string_view to_string(ProcessKind k) noexcept;
std::string_view to_string(RunState s) noexcept;
std::string_view to_string(ObjectKind k) noexcept;
std::string_view to_string(WaitOp op) noexcept;
std::string_view to_string(EventKind k) noexcept;
std::string_view to_string(SchedOp op) noexcept;

using ObjectId = std::uint32_t; // 0: none
inline constexpr ObjectId kNoObject = 0;

struct ProcessRecord {
    pid_t pid = 0;
    pid_t ppid = 0;    // the process that asked for it (the GUI, not the fork server that forked it)
    pid_t os_ppid = 0; // the parent the kernel shows (ps's PPID), sampled while alive (0: not known)
    std::string name;
    ProcessKind kind = ProcessKind::Process;
    RunState state = RunState::Created;
    bool daemon = false;
    bool joined = false;         // a parent has collected its exit code
    std::optional<int> exitcode; // Python's: N, or -signal
    std::int64_t start_ns = 0;   // CLOCK_MONOTONIC
    std::int64_t end_ns = 0;     // 0 while alive
    // Current task (pool workers): the pool object, the task id and its function.
    ObjectId task_pool = kNoObject;
    std::uint64_t task_id = 0;
    std::string task_function;
    // What it waits on (state Blocked): the object (or, for Join, the child pid in blocked_pid).
    ObjectId blocked_on = kNoObject;
    WaitOp blocked_op = WaitOp::None;
    pid_t blocked_pid = 0;
    std::int64_t blocked_since_ns = 0;
    // From /proc, filled by Session::sample() (0 when not sampled or gone).
    double cpu_percent = 0;
    std::uint64_t rss_bytes = 0;
    // Not recorded by the core (a launched command's child, any process of the machine): seen in
    // /proc only. Session::snapshot() never sets these; a reader that samples the machine does.
    bool observed = false;
    std::optional<SystemProcess> system; // what ps says of the process, when sampled
    // A process of another host, relayed into the session by the process that talks to it (an MPI
    // worker rank on another node, written by the pool's process, its ppid): its host name.
    // Empty: a process of this host. A relayed pid is a pid of that host (it may equal one of
    // this host's): it is never sampled, signalled or probed here; its state, task and end are
    // what the relay reported.
    std::string host;
    int rank = -1; // a relayed MPI rank: its rank in its job (-1: not known)

    bool remote() const noexcept { return !host.empty(); }
};

struct ObjectRecord {
    ObjectId id = kNoObject;
    ObjectKind kind = ObjectKind::Queue;
    std::string name;  // the shared object's name (opens it by name), or the pool's name
    std::string label; // "Queue", "JoinableQueue", "Pool", ...
    pid_t creator = 0;
    bool alive = true; // false once its last user closed it
    std::int64_t created_ns = 0;
    std::int64_t destroyed_ns = 0;
    // Queues and pipes.
    std::uint64_t capacity = 0; // queue maxsize (0: unbounded by count) or ring bytes
    std::uint64_t depth = 0;    // messages waiting (queue) / in flight (pipe)
    std::uint64_t puts = 0;     // messages ever put / sent
    std::uint64_t gets = 0;     // messages ever got / received
    std::uint64_t bytes = 0;    // bytes ever put / sent
    // Locks and other synchronization objects.
    pid_t owner = 0;           // lock holder (0: free)
    std::uint32_t waiters = 0; // processes/threads sleeping on it
    std::int64_t value = 0;    // semaphore value, event flag (0/1), barrier parties
    // Pools.
    std::uint32_t workers = 0;
    std::uint64_t tasks_queued = 0, tasks_running = 0, tasks_done = 0, tasks_failed = 0, tasks_lost = 0;
};

struct Snapshot {
    std::string session;
    std::int64_t taken_ns = 0;            // CLOCK_MONOTONIC
    std::vector<ProcessRecord> processes; // every process the session has seen, oldest first
    std::vector<ObjectRecord> objects;
    std::uint64_t events_written = 0; // event sequence numbers handed out so far
    std::uint32_t torn_skipped = 0;   // records being written while copied (shown as before)

    /// The newest record of `pid` on this host (relayed processes of other hosts are not matched).
    const ProcessRecord* process(pid_t pid) const noexcept;
    /// The newest record of `pid` on `host` (empty: this host).
    const ProcessRecord* process(pid_t pid, std::string_view host) const noexcept;
    const ObjectRecord* object(ObjectId id) const noexcept;
};

struct SessionEvent {
    std::uint64_t seq = 0;
    std::int64_t t_ns = 0; // CLOCK_MONOTONIC
    pid_t pid = 0;
    ObjectId object = kNoObject;
    EventKind kind = EventKind::Mark;
    std::int64_t arg = 0;
    std::uint64_t arg2 = 0;
    // An event of a relayed process (ProcessRecord::host): its host, as its record says when the
    // event is read. Empty: `pid` is a process of this host.
    std::string host;
};

struct EventBatch {
    std::vector<SessionEvent> events; // in sequence order
    std::uint64_t next = 0;           // pass as `since` next time
    std::uint64_t lost = 0;           // overwritten before they were read, or torn by a killed writer
};

/// "Who waits on what": process → object it waits on → the object's owner (locks) or the
/// joined child. A cycle of such edges is a deadlock.
struct WaitForGraph {
    struct Edge {
        pid_t waiter = 0;
        WaitOp op = WaitOp::None;
        ObjectId object = kNoObject; // kNoObject for a join (then holder is the child)
        pid_t holder = 0;            // 0 when nobody holds it (an empty queue, an unset event)
    };
    std::vector<Edge> edges;
    std::vector<std::vector<pid_t>> cycles; // each a deadlock: p0 waits on p1 ... waits on p0
    /// One line for each cycle, e.g. "deadlock: 123 waits on Lock 'a' held by 124, which waits on ...".
    std::vector<std::string> explain(const Snapshot& snap) const;
};

struct SessionInfo {
    std::string name;
    pid_t creator = 0;
    bool creator_alive = false;
    std::int64_t created_realtime_s = 0; // seconds since the epoch
    std::uint32_t processes = 0;
    /// False for a dead session: no process holds it and its creator is gone (see debris.h).
    bool alive = true;
    /// A dead session's leftover objects (its own segment not included).
    std::vector<std::string> leftovers;
};

class Session {
public:
    static constexpr std::size_t kMaxProcesses = 1024;
    static constexpr std::size_t kMaxObjects = 1024;
    static constexpr std::size_t kEventRing = 65536;
    static constexpr const char* kEnvVar = "PROCLAB_SESSION";

    /// Creates session `name` ([A-Za-z0-9_-], 1–64 chars; ValueError otherwise), makes it this
    /// process's session (PROCLAB_SESSION is set, so children attach) and registers this process.
    /// A leftover session of that name whose creator died is replaced; a live one → Error.
    static Session create(const std::string& name);
    /// Opens session `name` to read it (NotFound when it does not exist); does not attach.
    static Session open(const std::string& name);
    /// Attaches this process to the session named by PROCLAB_SESSION (nullopt when unset).
    /// Done automatically at the first use of the core; returns the attached session.
    static std::optional<Session> attach_from_env();
    /// This process's session, if attached.
    static std::optional<Session> current();
    /// Stops recording this process in its session and unsets PROCLAB_SESSION (children started
    /// afterwards are not watched). Session objects held by readers stay valid.
    static void detach();
    /// The sessions of this user, dead ones included (alive == false, with their leftovers);
    /// sweep_debris() removes those.
    static std::vector<SessionInfo> list();

    Session(Session&&) noexcept = default;
    Session& operator=(Session&&) noexcept = default;
    ~Session();

    const std::string& name() const noexcept;
    /// A consistent copy of the tables. With `sample_proc`, CPU % (since this Session's previous
    /// sample) and RSS are read from /proc, and stopped / zombie states are taken from there; an
    /// ended process gone from /proc counts as collected (`joined`) whoever its parent was.
    Snapshot snapshot(bool sample_proc = true);
    /// Events with sequence >= `since`, at most `max` of them.
    EventBatch events(std::uint64_t since, std::size_t max = kEventRing);
    /// Builds the wait-for graph of a snapshot and finds its cycles.
    static WaitForGraph wait_for_graph(const Snapshot& snap);
    /// Records a Mark event (arg = value) from this process, for lessons and tests.
    void mark(std::int64_t value, ObjectId object = kNoObject);

    /// Chrome trace event JSON (opens in Perfetto / chrome://tracing).
    static std::string chrome_trace(const Snapshot& snap, const std::vector<SessionEvent>& events);
    /// The process table as CSV (header line first).
    static std::string processes_csv(const Snapshot& snap);

    struct Impl;

private:
    explicit Session(std::shared_ptr<Impl> impl);
    std::shared_ptr<Impl> m_impl;
};

/// "−15 (SIGTERM)", "0", "1": an exit code as a learner reads it.
std::string describe_exitcode(int code);

} // namespace proclab

#pragma once
// Scheduler mode: the learner decides which process moves next.
//
// While a Scheduler is alive, every process of its session (but the controller itself and the
// fork server) stops at each synchronization point — its start, join, Queue put/get, Pipe
// send/recv, acquire/release of a Lock, RLock or Semaphore, Event/Condition/Barrier wait,
// Event set, Condition notify, Barrier abort, and read/write of a Value not under its lock — and waits there
// until the controller lets it do that one operation. Between two points a process runs freely;
// as soon as every process is held, really blocked or ended, the run is "settled" and the
// controller picks again. A schedule (the names of the processes chosen, in order) therefore
// replays a run exactly.
//
//   proclab::Session s = proclab::Session::create("race");
//   proclab::Scheduler sched(s);
//   ... start the program's processes ...
//   for (auto st = sched.settle(); !st.finished && !st.deadlock; st = sched.settle())
//       sched.step(st.movable().front()->pid);
//
// A process held by a controller that died is released within half a second. With no Scheduler,
// each point costs one load and one predictable branch.

#include <proclab/session.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace proclab {

/// A process stopped at a synchronization point.
struct HeldProcess {
    pid_t pid = 0;
    std::string name;
    SchedOp op = SchedOp::None;
    ObjectId object = kNoObject;
    std::string object_name; // the object's label and name ("Lock 'a'"), or "process 'p1' (123)"
    pid_t target = 0;        // Join: the child
    int line = 0;            // the source line it is at, when its program says (0: unknown): a
                             // Python program watched through the bridge gives its script's line
    bool can_move = false;   // false: the operation would block now (see why)
    std::string why;         // "Lock 'a' is held by p2 (124)", "Queue 'q' is empty", ...
    /// "p1 (123): acquire Lock 'a'"
    std::string describe() const;
};

/// One move the learner (or a schedule) chose.
struct ScheduleStep {
    std::uint64_t index = 0; // 1-based
    pid_t pid = 0;
    std::string process;
    SchedOp op = SchedOp::None;
    std::string object_name;
    /// "3. p1: acquire Lock 'a'"
    std::string text() const;
};

/// Where the run stands when it has settled.
struct SchedulerState {
    std::vector<HeldProcess> held; // stopped at a point, in registry order
    std::vector<pid_t> blocked;    // inside an operation that sleeps (chosen before it had to)
    std::vector<pid_t> running;    // neither held nor blocked (settle() timed out on them)
    bool finished = false;         // no process of the run is alive any more
    bool deadlock = false;         // alive processes, none can move, none running
    /// In a deadlock, one line per cycle of the wait-for graph (held processes count as waiting).
    std::vector<std::string> explanation;
    std::vector<std::vector<pid_t>> cycles;
    /// The held processes that can move.
    std::vector<const HeldProcess*> movable() const;
    const HeldProcess* held_process(pid_t pid) const noexcept;
};

class Scheduler {
public:
    /// Turns scheduler mode on in `session`: its processes stop at their next point. Error when
    /// another live Scheduler controls the session already.
    explicit Scheduler(const Session& session);
    Scheduler(Scheduler&&) noexcept;
    Scheduler& operator=(Scheduler&&) noexcept;
    /// Turns the mode off and lets every held process go.
    ~Scheduler();

    /// Waits until every live process of the session is held, blocked or ended, at most
    /// `timeout`; those still running then are listed in `running`.
    SchedulerState settle(std::chrono::milliseconds timeout = std::chrono::seconds(5));
    /// Lets held process `pid` do its operation, and records the step. ValueError when `pid` is
    /// not held, or is held at an operation that would block now (the message says why).
    void step(pid_t pid);
    /// The same by process name (schedules name processes: pids change from run to run).
    void step(std::string_view name);
    /// Mode off: every process runs freely from now on (the Scheduler stays, idle).
    void run_freely();
    bool active() const noexcept;

    /// Every step taken, in order.
    const std::vector<ScheduleStep>& transcript() const noexcept;
    /// The schedule taken: one process name per line (load it with parse_schedule()).
    std::string schedule_text() const;
    /// The names of a schedule file's lines (blank lines and '#' comments skipped).
    static std::vector<std::string> parse_schedule(std::string_view text);

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

/// How a run is driven from a settled state to the next step.
class SchedulePolicy {
public:
    virtual ~SchedulePolicy() = default;
    /// The process to move (one of state.movable()), or nullopt to stop choosing (the policy is
    /// out of choices: the caller decides, e.g. runs freely).
    virtual std::optional<pid_t> choose(const SchedulerState& state) = 0;
};

/// Replays a schedule by name; after its last entry it keeps the process that moved last while
/// it can move, else the first movable one. ValueError from choose() when the named process is
/// not movable at that step (the schedule does not fit this program).
class ReplayPolicy : public SchedulePolicy {
public:
    explicit ReplayPolicy(std::vector<std::string> names);
    std::optional<pid_t> choose(const SchedulerState& state) override;

private:
    std::vector<std::string> m_names;
    std::size_t m_next = 0;
    pid_t m_last = 0;
};

/// Picks uniformly among the movable processes, seeded (same seed, same program: same run).
class RandomPolicy : public SchedulePolicy {
public:
    explicit RandomPolicy(std::uint64_t seed);
    std::optional<pid_t> choose(const SchedulerState& state) override;

private:
    std::uint64_t m_state; // splitmix64
};

struct DriveResult {
    bool finished = false;
    bool deadlock = false;
    std::uint64_t steps = 0;
    SchedulerState last; // the final settled state
};

/// Settles and steps with `policy` until the run finishes, deadlocks, the policy stops choosing
/// or `max_steps` are taken; then, unless it deadlocked, runs freely.
DriveResult drive(Scheduler& scheduler, SchedulePolicy& policy, std::uint64_t max_steps = 100000,
                  std::chrono::milliseconds settle_timeout = std::chrono::seconds(5));

} // namespace proclab

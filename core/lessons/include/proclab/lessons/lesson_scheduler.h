#pragma once
// A lesson in scheduler mode (proclab/scheduler.h): every process of the run, the lesson main
// program included, stops at each synchronization point and a policy (a saved schedule, a seeded
// random choice, the learner through a caller's policy) picks who moves next. A lesson may state
// a goal ("goal" in its file: a deadlock, a printed value below a bound, one output line before
// another); explore() searches schedules for one that reaches it.
//
//   proclab::Lesson l = proclab::Lesson::find("34_lost_update");
//   proclab::ExploreResult r = proclab::explore(l, {.max_preemptions = 1});
//   if (r.found) std::cout << r.found->schedule;   // replay: proclab-cli run 34 --schedule FILE
//
// Threads: as LessonRunner (the run forks): call from a single-threaded caller.

#include <proclab/lessons/lesson_runner.h>
#include <proclab/scheduler.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace proclab {

/// Where a held process is in a lesson's code (0: not known).
struct CodePlace {
    int py_line = 0;
    int cpp_line = 0;
    bool known() const noexcept { return py_line > 0 || cpp_line > 0; }
};

/// The lines held process `h` of a run of `lesson` is at. The lesson main program (`main_pid`) is
/// at its step `main_step` (1-based); a process of the lesson (found by its name) at the lesson's
/// point for its task, the operation and the task argument the object is (`objects`: the lesson
/// ids of the run's objects, LessonRunner::objects()). A Python program says its own line
/// (h.line): that is the Python line.
CodePlace code_place(const Lesson& lesson, const HeldProcess& h, const std::map<ObjectId, std::string>& objects,
                     pid_t main_pid, int main_step);

struct ScheduledLessonRun {
    LessonTranscript transcript;          ///< the lesson's own lines (steps, output, errors)
    std::vector<ScheduleStep> steps;      ///< every move, in order
    std::vector<CodePlace> places;        ///< where in the code each move was (as steps)
    std::string schedule;                 ///< the moves as a schedule file (one process name per line)
    bool finished = false;                ///< every process of the run ended
    bool deadlock = false;                ///< no process could move any more (the run was then stopped)
    std::vector<std::string> explanation; ///< the deadlock in words (the wait-for graph's cycles)
    /// In a deadlock: each held process and where it is stuck in the code.
    std::vector<std::pair<HeldProcess, CodePlace>> stuck;
    bool goal_reached = false; ///< the lesson's goal (false when it has none)
    /// The last "ID.value = N" the lesson printed for value `id`, if any.
    std::optional<long long> printed_value(const std::string& id) const;
};

/// Runs `lesson` in scheduler mode, each choice made by `policy`, at most `max_steps` moves (then
/// the rest runs freely). LessonUnavailable as LessonRunner::start(); the policy's ValueError
/// (a schedule that does not fit) after the run was stopped.
ScheduledLessonRun run_scheduled(const Lesson& lesson, SchedulePolicy& policy, LessonRunOptions options = {},
                                 std::uint64_t max_steps = 100000);

/// Whether a run reached `lesson`'s goal (false when the lesson states none).
bool goal_reached(const Lesson& lesson, const ScheduledLessonRun& run);
/// The same from what a run printed (`output`: its output lines, in order) and whether it ended in
/// a deadlock (a run watched elsewhere, e.g. in the window).
bool goal_reached(const Lesson& lesson, const std::vector<std::string>& output, bool deadlock);

struct ExploreOptions {
    /// Schedules that switch away from a process that could still move at most this often (the
    /// bound of preemption-bounded search: most races and deadlocks need one or two).
    int max_preemptions = 2;
    /// Runs at most (each run is a real run of the lesson).
    int max_runs = 500;
    LessonRunOptions run_options = {};
};

struct ExploreResult {
    std::optional<ScheduledLessonRun> found; ///< the first run that reached the goal
    int runs = 0;                            ///< runs made
    /// True when every schedule within the preemption bound was run: then "not found" means no
    /// schedule within the bound reaches the goal.
    bool exhausted = false;
    /// Runs that could not follow the choices of the run they branch from (a process not yet at
    /// its point when the machine is very busy), each tried three times: their branches are not
    /// searched, and `exhausted` stays false.
    int diverged = 0;
};

/// Searches schedules of `lesson` for one that reaches its goal: the run without preemption first,
/// then, breadth first, the runs that choose another process at a step where the two wait at
/// operations that do not commute (the same object, two reads excepted; a join of the other; a
/// start): orders of operations that commute end the same. ValueError when the lesson has no goal.
ExploreResult explore(const Lesson& lesson, const ExploreOptions& options = {});

} // namespace proclab

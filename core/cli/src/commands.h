#pragma once
// Private to proclab::cli: what the commands share.

#include <proclab/lessons/lesson.h>

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace proclab::cli {

/// Bad command-line use: proclab-cli prints the message and the usage text and exits with 2.
struct UsageError {
    std::string message;
};

/// proclab-cli clean [--dry-run]: removes (or lists) the debris of ended programs (proclab/debris.h).
int cmd_clean(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

/// Under `sessions`: a line per leftover object that no dead session lists; returns the count.
std::size_t print_debris_summary(std::ostream& out);

/// proclab-cli python [--trace FILE.json] [--python PATH] [--start-method M] SCRIPT [ARGS...]
int cmd_python(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

/// proclab-cli run LESSON --python [--step]: the lesson's Python code under the bridge, its transcript on
/// `out`; step mode: the main process waits at each step's line for a line on stdin (its end: run on).
int run_lesson_python(const Lesson& lesson, double speed, std::ostream& out, bool step_mode);

/// run LESSON --schedule FILE|random [--seed N] [--save-schedule FILE]: the lesson in scheduler mode.
struct ScheduleOptions {
    std::string schedule; ///< a schedule file, or "random"
    std::uint64_t seed = 1;
    std::string save; ///< where to write the schedule taken ("": nowhere)
    double speed = 1.0;
    std::string lang = "en";
};
int run_lesson_scheduled(const Lesson& lesson, const ScheduleOptions& options, std::ostream& out);

/// explore LESSON [--preemptions N] [--max-runs N] [--save-schedule FILE]: a schedule that reaches the
/// lesson's goal; exit code 1 when none was found.
struct ExploreCommand {
    int preemptions = 2;
    int max_runs = 500;
    std::string save;
    std::string lang = "en";
};
int run_explore(const Lesson& lesson, const ExploreCommand& options, std::ostream& out);

} // namespace proclab::cli

#pragma once
// Private to proclab::cli: what the commands share.

#include <proclab/lessons/lesson.h>

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

} // namespace proclab::cli

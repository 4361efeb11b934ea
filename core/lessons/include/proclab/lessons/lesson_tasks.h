#pragma once
// The workers that lesson steps start by name ("task": "sleep_seconds"), registered with
// PROCLAB_TASK so that they run under every start method and in pools.
//
// proclab::lessons is linked whole (CMake's WHOLE_ARCHIVE), so a program that links it has these
// tasks registered without calling anything.

#include <string>
#include <string_view>
#include <vector>

namespace proclab::lessons {

/// The kinds of a lesson task's parameters, as checked when a lesson is loaded.
enum class ArgKind {
    Int,
    Number,
    String,
    Queue,
    Lock,
    Value,
    PipeEnd,
    Now,
    ManagerQueue,
    ManagerLock,
    Condition,
    Barrier
};

struct TaskInfo {
    std::string name;
    std::vector<ArgKind> params;
    bool pool = false;      ///< usable with pool steps (returns an int; map/imap: takes one int)
    bool fork_only = false; ///< takes a pipe end: Fork start method only
    std::string summary;    ///< one line for teachers (README, `proclab-cli lessons --tasks`)
};

const std::vector<TaskInfo>& task_infos();
/// nullptr when there is no lesson task of that name.
const TaskInfo* find_task_info(std::string_view name);
std::string_view to_string(ArgKind kind) noexcept;

/// The speed factor of the lesson being run in this process (sleeps and timeouts are divided by it).
void set_speed(double factor);
double speed() noexcept;
/// Sleeps `seconds / speed()`.
void sleep_scaled(double seconds);
/// Writes one line of lesson output (to the runner's channel, else stdout), with this process's
/// pid and the time.
void say(const std::string& text);

} // namespace proclab::lessons

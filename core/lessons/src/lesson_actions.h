#pragma once
// Private: the lesson actions in one table. An entry holds all there is to one action: its name,
// its fields (checked by the parser), its checks across fields, its one-line description
// (LessonStep::describe) and what the lesson main program does for it (the runner). The entries
// are written by family, next to their execute functions: actions_processes.cpp,
// actions_channels.cpp, actions_sync.cpp and actions_pool.cpp.
#include "lesson_exec.h"
#include "lesson_schema.h"

#include <string>
#include <string_view>
#include <vector>

namespace proclab::lessons::detail {

/// How a step names a lesson task and its arguments.
enum class TaskUse {
    None,       ///< no task
    Process,    ///< "task" + "args": the target of a process
    PoolArgs,   ///< "task" + "args" run in a pool, any arguments (apply)
    PoolIntArg, ///< "task" + "args" run in a pool, one int (apply_async)
    PoolItems,  ///< "task" + "items", one argument list per call (starmap)
    PoolInts,   ///< "task" + "xs", one int per call (map, map_async, imap)
};

/// What an action's own check may ask of the parser. `field` is a key of the step, "" the step.
class StepChecker {
public:
    virtual ~StepChecker() = default;
    /// The step's 1-based index in the lesson.
    virtual int index() const = 0;
    /// Throws the LessonError "step N: message" at the step's `field`.
    [[noreturn]] virtual void fail(const std::string& field, const std::string& message) = 0;
    /// Fails at `field` unless an earlier step declared `name` as a `kind`.
    virtual void check_ref(const std::string& name, const char* kind, const std::string& field) = 0;
};

/// "process p1 (timeout 2 s)": the action's name and the fields every action shows the same way.
std::string describe_fields(const LessonStep& s);

struct ActionEntry {
    std::string_view name;
    std::vector<FieldSpec> fields;
    TaskUse task = TaskUse::None;
    /// The step's line for transcripts, starting with the action's name.
    std::string (*describe)(const LessonStep&) = describe_fields;
    /// Checks across fields, once each field passed alone; nullptr when there are none.
    void (*check)(const LessonStep&, StepChecker&) = nullptr;
    /// Runs the step in the lesson main program; nullptr: the step ends the main program.
    void (*execute)(Objects&, const LessonStep&) = nullptr;
};

/// Every action, by family.
const std::vector<ActionEntry>& actions();
/// nullptr when there is no action of that name.
const ActionEntry* find_action(std::string_view name);

/// The families of the table (each in its own file).
std::vector<ActionEntry> process_actions();
std::vector<ActionEntry> channel_actions();
std::vector<ActionEntry> sync_actions();
std::vector<ActionEntry> pool_actions();
/// Ends MPI in the lesson main when one of its pools ran on MPI ranks (its spawned ranks exit
/// normally rather than being killed when the lesson main ends with _exit).
void end_mpi();

/// "(1, 'A')": task arguments as a learner reads them.
std::string args_text(const std::vector<LessonValue>& args);
/// A string as it is ("q1"), any other value as to_string() writes it.
std::string raw_text(const LessonValue& v);

/// Short names for the field tables.
constexpr FieldType S = FieldType::String, I = FieldType::Int, N = FieldType::Number, B = FieldType::Bool,
                    L = FieldType::IntList, X = FieldType::Scalar;

} // namespace proclab::lessons::detail

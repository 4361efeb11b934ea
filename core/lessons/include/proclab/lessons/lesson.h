#pragma once
// Lessons: a Python multiprocessing example, its C++ twin and a script of steps that ProcLab runs
// for real (see lesson_runner.h). A lesson is a JSON file (format: README "Lessons"):
//
//   { "number": 2, "order": 4, "topic": "process",
//     "title":       {"en": "...", "zh_CN": "..."},
//     "explanation": {"en": "...", "zh_CN": "..."},
//     "python": ["import time", "..."],          // a string or an array of lines
//     "cpp_file": "cpp/02_start_join.cpp",        // or "cpp": [...] inline
//     "steps": [ {"action": "process", "id": "p1", "task": "sleep_seconds", "args": [4],
//                 "py": 9, "cpp": 14}, ... ] }
//
// Loading validates everything before anything runs: JSON syntax, required fields, both
// languages, every step's action, fields and their types, task names and argument types, object
// ids (declared by an earlier step, of the right kind) and the "py"/"cpp" line numbers. A problem
// is a LessonError whose what() is "FILE:LINE:COLUMN: message".

#include <proclab/errors.h>
#include <proclab/session.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace proclab {

/// A lesson file that cannot be used: where (1-based line and column) and what is wrong.
class LessonError : public Error {
public:
    LessonError(std::string file, int line, int column, std::string message);
    const std::string& file() const noexcept { return m_file; }
    int line() const noexcept { return m_line; }
    int column() const noexcept { return m_column; }
    const std::string& message() const noexcept { return m_message; }

private:
    std::string m_file;
    int m_line;
    int m_column;
    std::string m_message;
};

/// A step argument or field value: JSON null, bool, integer, number, string or list of integers.
using LessonValue = std::variant<std::monostate, bool, long long, double, std::string, std::vector<long long>>;

/// "3", "0.5", "\"A\"", "[1, 2]": a value as a learner reads it.
std::string to_string(const LessonValue& v);

struct LessonStep {
    std::string action;                          ///< "process", "start", "join", ...
    std::map<std::string, LessonValue> fields;   ///< every key but action/args/py/cpp
    std::vector<LessonValue> args;               ///< "args" (task arguments)
    std::vector<std::vector<LessonValue>> items; ///< "items" (starmap: one argument list per call)
    int py_line = 0;                             ///< 1-based line of the Python code
    int cpp_line = 0;                            ///< 1-based line of the C++ code
    int source_line = 0, source_column = 0;      ///< where the step's object starts in the file

    bool has(const std::string& key) const { return fields.contains(key); }
    std::string str(const std::string& key, const std::string& fallback = {}) const;
    long long integer(const std::string& key, long long fallback = 0) const;
    double number(const std::string& key, double fallback = 0) const; ///< integer or number
    bool flag(const std::string& key, bool fallback = false) const;
    /// "start p1", "join p1 (timeout 2 s)", "process p1 = sleep_seconds(4)": one line for transcripts.
    std::string describe() const;
};

struct LessonText {
    std::string title;
    std::string explanation;
};

/// What a lesson in scheduler mode asks the learner to make happen ("goal" in the file):
///   {"kind": "deadlock", "en": "...", "zh_CN": "..."}
///   {"kind": "value_below", "value": "v", "below": 200, ...}  the last "v.value = N" printed, N < 200
///   {"kind": "before", "first": "TEXT", "then": "TEXT", ...}   an output line with the first text
///                                                             comes before one with the second
struct LessonGoal {
    enum class Kind { Deadlock, ValueBelow, Before };
    Kind kind = Kind::Deadlock;
    std::string value;
    long long below = 0;
    std::string first, then;
    std::map<std::string, std::string> text; ///< the goal in words, by language ("en", "zh_CN")
    /// The goal in `lang`, else English.
    const std::string& text_for(std::string_view lang) const;
};

/// Where a lesson task does an operation that scheduler mode stops at ("points" in the file), so
/// that a held process can be shown at its line of the lesson's code:
///   {"task": "lock_two", "op": "acquire", "arg": 1, "py": 5, "cpp": 14}
/// `op` is a SchedOp's name (to_string); `arg` the index of the task argument the operation is on
/// (absent: an operation on no argument, e.g. "start" at the task's definition).
struct LessonPoint {
    std::string task;
    SchedOp op = SchedOp::None;
    int arg = -1;
    int py_line = 0;
    int cpp_line = 0;
};

struct Lesson {
    std::string id; ///< the file name without ".json", e.g. "02_start_join"
    int number = 0; ///< a stable id: `proclab-cli run 2` is always the same lesson
    /// The place on the beginner's path ("order" in the file; 0: none, after the others by number).
    /// Lessons are listed in this order; the numbers stay as they were when lessons were added.
    int order = 0;
    std::string topic;
    std::map<std::string, LessonText> text; ///< by language: "en" and "zh_CN" (both required)
    std::string python_code;
    std::string cpp_code;
    std::string cpp_file;         ///< the C++ program's path when the code came from a file
    std::string requires_feature; ///< "" or a feature the lesson needs ("manager" is available)
    std::vector<LessonStep> steps;
    std::optional<LessonGoal> goal;  ///< scheduler mode's goal (lesson_scheduler.h), if it states one
    std::vector<LessonPoint> points; ///< where its tasks stop in scheduler mode
    std::string path;                ///< the file it was loaded from

    /// The text in `lang` ("en", "zh_CN"; "zh" means zh_CN), else English.
    const LessonText& text_for(std::string_view lang) const;
    /// The point of `task` doing `op` on its argument `arg` (-1: on none), nullptr when the lesson
    /// does not say.
    const LessonPoint* point(std::string_view task, SchedOp op, int arg) const;
    /// Empty when every feature the lesson needs exists, else what is missing.
    std::string unavailable_reason() const;

    /// Reads and validates a lesson file. LessonError (with file:line:column) when it is not valid;
    /// Error when it cannot be read.
    static Lesson load(const std::string& path);
    /// Validates the lesson text; `path` names it in errors and is the base of "cpp_file".
    static Lesson parse(std::string_view json, const std::string& path);
    /// The valid lessons of a directory (*.json, sorted by file name). Invalid files are skipped and
    /// their errors appended to `errors` when given.
    static std::vector<Lesson> load_dir(const std::string& dir, std::vector<LessonError>* errors = nullptr);
    /// Where lessons are looked up, in order: $PROCLAB_LESSONS_PATH (':'-separated), the source
    /// tree's resources/lessons (developer builds), <prefix>/share/proclab/lessons next to the
    /// program, and the user folder $XDG_DATA_HOME/proclab/lessons (~/.local/share/...).
    static std::vector<std::string> search_dirs();
    /// The user folder for lessons of one's own.
    static std::string user_dir();
    /// Every lesson of search_dirs(); a later directory's lesson with the same id replaces an
    /// earlier one (a teacher can override a built-in lesson). In the beginner's order: by "order",
    /// then those without one by number, then id.
    static std::vector<Lesson> load_all(std::vector<LessonError>* errors = nullptr);
    /// A path to a file, or an id ("02_start_join"), a number ("2") or a slug part ("start_join")
    /// of a lesson in search_dirs(). Error when nothing matches.
    static Lesson find(const std::string& name_or_path);
};

} // namespace proclab

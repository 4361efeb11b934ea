#pragma once
// LessonRunner: runs a lesson's step script in a real "lesson main" process, forked from the caller
// and recorded in the current session (one is created for the run when there is none), so that
// daemon, join and orphan behaviour is real. Every step is announced as a session Mark event
// (value = step index, 1-based) and as a line of the transcript; the output of the main program
// and of its workers is collected with the time it was written.
//
//   proclab::LessonRunner run(proclab::Lesson::find("02_start_join"), {.speed = 4});
//   run.start();
//   proclab::LessonTranscript t = run.wait();
//   std::cout << t.text();
//
// Threads: start() forks; call it from a single-threaded caller (the GUI should run lessons from a
// helper program such as `proclab-cli run`).

#include <proclab/lessons/lesson.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace proclab {

struct LessonRunOptions {
    double speed = 1.0;     ///< sleeps, task durations and timeouts are divided by it (> 0)
    bool step_mode = false; ///< the main program waits for step() before each step
    std::string lang = "en";
};

struct TranscriptLine {
    /// Object: the registry id of an object a step made ("a = 17"): only on_line() sees these
    /// lines (ids differ from run to run; transcripts compare equal across runs without them).
    enum class Kind { Step, Output, Error, Exit, Info, Object };
    Kind kind = Kind::Output;
    std::int64_t t_ns = 0; ///< CLOCK_MONOTONIC when it was written
    double seconds = 0;    ///< since the lesson started (unscaled wall time)
    pid_t pid = 0;
    std::string who; ///< "main", a process name, "stderr"
    int step = -1;   ///< Step lines: 1-based index
    int py_line = 0, cpp_line = 0;
    std::string text;
    /// "  1.503 s  [main 1234]  step 3 (py 7 / cpp 12): start p1", "... [main 1234]  object a = 17"
    std::string format() const;
};

struct LessonTranscript {
    std::vector<TranscriptLine> lines; ///< in time order
    std::optional<int> main_exitcode;  ///< the lesson main program's exit code
    double seconds = 0;                ///< wall time of the run
    std::string text() const;          ///< every line formatted, one per line
    /// Lines whose text contains `needle` (any kind).
    std::vector<const TranscriptLine*> find(const std::string& needle) const;
};

/// The lesson cannot run in this build (it "requires" a feature that does not exist yet).
class LessonUnavailable : public Error {
public:
    using Error::Error;
};

class LessonRunner {
public:
    LessonRunner(Lesson lesson, LessonRunOptions options = {});
    LessonRunner(const LessonRunner&) = delete;
    LessonRunner& operator=(const LessonRunner&) = delete;
    /// Kills the lesson's process tree if it still runs.
    ~LessonRunner();

    /// Starts the lesson main program. LessonUnavailable when the lesson needs a missing feature
    /// (nothing is started); ProcessError when started twice.
    void start();
    /// Step mode: lets the main program run its next step.
    void step();
    /// Stops (SIGSTOP, parents first) / continues (SIGCONT) the whole tree of the lesson.
    void pause();
    void resume();
    /// Kills the whole tree now.
    void stop();
    bool running();
    pid_t main_pid() const;
    /// The lesson id of each object the steps made so far, by registry id (to name the object a
    /// held process is at in scheduler mode).
    std::map<ObjectId, std::string> objects() const;
    /// Waits (at most `timeout`) until every record the lesson's processes wrote so far was read
    /// and handled (objects(), on_line()): a process held in scheduler mode wrote its step and its
    /// objects' records before it stopped. False when the timeout ran out.
    bool sync(std::chrono::milliseconds timeout) const;
    /// Called on the reader thread for each line as it arrives (set before start()).
    void on_line(std::function<void(const TranscriptLine&)> callback);
    /// Waits until the main program ended and its output was read; the lines in time order.
    /// With a timeout, TimeoutError when it has not ended (the tree is then killed).
    LessonTranscript wait(std::optional<std::chrono::milliseconds> timeout = std::nullopt);

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

} // namespace proclab

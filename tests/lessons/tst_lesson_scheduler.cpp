// Lessons in scheduler mode (lesson_scheduler.h), each claim of their text checked against real
// runs: a stored schedule reaches the goal and replays to the same moves, explore finds a schedule
// that reaches it, the fixed lesson reaches it in no schedule within the bound, and run freely the
// Python code and the C++ program end as the text says. Every run has a session of its own (this
// test process is attached to none), so objects are numbered alike in every run.

#include "sync_test_support.h"
#include "test_main.h"
#include "test_support.h"

#include <proclab/lessons/lesson.h>
#include <proclab/lessons/lesson_scheduler.h>

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

using proclab::Lesson;
using proclab::LessonTranscript;
using proclab::TranscriptLine;

namespace {

const std::string kDir = PROCLAB_LESSONS_DIR;

std::string lesson_path(int number)
{
    for (const auto& e : std::filesystem::directory_iterator(kDir)) {
        const std::string stem = e.path().stem().string();
        if (e.path().extension() == ".json" && std::stoi(stem.substr(0, 2)) == number)
            return e.path().string();
    }
    return {};
}

std::string explanation(int number, const char* lang)
{
    return Lesson::load(lesson_path(number)).text.at(lang).explanation;
}

bool contains(const std::string& haystack, const std::string& needle)
{
    return haystack.find(needle) != std::string::npos;
}

/// The first line with `needle` that is not a step's own line.
const TranscriptLine* output(const LessonTranscript& t, const std::string& needle)
{
    for (const auto* l : t.find(needle))
        if (l->kind != TranscriptLine::Kind::Step)
            return l;
    return nullptr;
}

struct Timed {
    std::string out;
    int rc = -1;
};

/// Runs a program at lesson speed `speed`: its output (stderr merged) and exit code.
Timed run_timed(const std::vector<std::string>& argv, double speed)
{
    proclab::CommandOptions options;
    options.std_out = proclab::Stdio::pipe();
    options.std_err = proclab::Stdio::to_stdout();
    options.env["PROCLAB_LESSON_SPEED"] = std::to_string(speed);
    proclab::Process p = proclab::Process::command(argv, options);
    p.start();
    Timed t;
    t.out = p.read_all();
    p.join();
    t.rc = *p.exitcode();
    return t;
}

std::string python3_path()
{
    return QStandardPaths::findExecutable(QStringLiteral("python3")).toStdString();
}

Timed run_python(const QTemporaryDir& dir, const std::string& code)
{
    const std::string script = dir.filePath(QStringLiteral("code.py")).toStdString();
    std::ofstream f(script);
    f << code;
    f.close();
    return run_timed({python3_path(), script}, 1);
}

} // namespace

class TestLessonScheduler : public LeakCheckedTest {
    Q_OBJECT

private slots:
    // 34/35 in scheduler mode: the stored schedule (p1 reads, p2 runs to its end, p1 writes) ends at
    // 100 and replays to the same moves; explore finds a losing schedule with one switch; under the
    // Value's lock no schedule with up to one switch ends below 200. Run freely, Python and C++
    // end at most at 200 without the lock and at 200 with it.
    void claimSchedulerLostUpdate()
    {
        QVERIFY(contains(explanation(34, "en"), "the counter ends at 100") &&
                contains(explanation(34, "en"), "with a single switch") &&
                contains(explanation(34, "en"), "Run freely, the result is at most 200"));
        QVERIFY(contains(explanation(34, "zh_CN"), "计数器最后是 100") &&
                contains(explanation(34, "zh_CN"), "一次切换"));
        QVERIFY(contains(explanation(35, "en"), "Every run ends at 200") &&
                contains(explanation(35, "en"), "up to one switch and none ends below 200"));
        QVERIFY(contains(explanation(35, "zh_CN"), "每次运行都以 200 结束"));
        const Lesson lost = Lesson::load(lesson_path(34));
        const Lesson fixed = Lesson::load(lesson_path(35));
        QVERIFY(contains(lost.cpp_code, "v.store(v.load() + 1)") && contains(lost.python_code, "v.value += 1"));
        QVERIFY(contains(fixed.cpp_code, "v.get_lock()") && contains(fixed.python_code, "with v.get_lock():"));

        std::ifstream in(std::string(PROCLAB_LESSONS_DIR) + "/schedules/34_lost_update.schedule");
        std::stringstream stored;
        stored << in.rdbuf();
        proclab::ReplayPolicy replay(proclab::Scheduler::parse_schedule(stored.str()));
        const proclab::ScheduledLessonRun run = proclab::run_scheduled(lost, replay);
        const std::string text = run.transcript.text();
        QVERIFY2(run.finished && run.printed_value("v") == 100 && run.goal_reached, text.c_str());
        proclab::ReplayPolicy again(proclab::Scheduler::parse_schedule(run.schedule));
        const proclab::ScheduledLessonRun second = proclab::run_scheduled(lost, again);
        QCOMPARE(second.schedule, run.schedule);
        QVERIFY(second.printed_value("v") == 100);
        QCOMPARE(second.steps.size(), run.steps.size());
        for (std::size_t i = 0; i < run.steps.size(); ++i)
            QCOMPARE(second.steps[i].text(), run.steps[i].text());

        const proclab::ExploreResult found = proclab::explore(lost, {.max_preemptions = 1, .max_runs = 100});
        QVERIFY2(found.found && found.found->printed_value("v") < 200, qPrintable(QString::number(found.runs)));
        const proclab::ExploreResult none = proclab::explore(fixed, {.max_preemptions = 1, .max_runs = 3000});
        QVERIFY2(none.exhausted && !none.found, qPrintable(QString::number(none.runs)));
        qInfo("explore: lesson 34 found after %d run(s); lesson 35 exhausted in %d runs", found.runs, none.runs);

        for (int number : {34, 35}) {
            const Lesson l = Lesson::load(lesson_path(number));
            const Timed cpp = run_timed({std::string(PROCLAB_LESSON_PROGRAMS_DIR) + "/" + l.id}, 8);
            const long v = std::atol(cpp.out.c_str() + cpp.out.find("v.value = ") + 10);
            QVERIFY2(cpp.rc == 0 && (number == 34 ? v > 0 && v <= 200 : v == 200), cpp.out.c_str());
            if (python3_path().empty())
                continue;
            QTemporaryDir dir;
            const Timed py = run_python(dir, l.python_code);
            const long pv = std::atol(py.out.c_str() + py.out.find("v.value = ") + 10);
            QVERIFY2(py.rc == 0 && (number == 34 ? pv > 0 && pv <= 200 : pv == 200), py.out.c_str());
        }
    }

    // 36/37 in scheduler mode: the stored schedule (p1 takes a, p2 takes b) deadlocks, the
    // scheduler names the cycle and neither prints; explore finds it; with one global order no
    // schedule with up to two switches deadlocks.
    void claimSchedulerDeadlock()
    {
        QVERIFY(contains(explanation(36, "en"),
                         "p1 waits for Lock #2 (b), held by p2, and p2 waits for Lock #1 (a), held by p1") &&
                contains(explanation(36, "en"), "neither prints 'holds both locks'"));
        QVERIFY(contains(explanation(36, "zh_CN"), "谁也不会打印 'holds both locks'"));
        QVERIFY(contains(explanation(37, "en"), "up to two switches and none deadlocks"));
        const Lesson opposite = Lesson::load(lesson_path(36));
        const Lesson ordered = Lesson::load(lesson_path(37));
        std::ifstream in(std::string(PROCLAB_LESSONS_DIR) + "/schedules/36_deadlock_two_locks.schedule");
        std::stringstream stored;
        stored << in.rdbuf();
        proclab::ReplayPolicy replay(proclab::Scheduler::parse_schedule(stored.str()));
        const proclab::ScheduledLessonRun run = proclab::run_scheduled(opposite, replay);
        const std::string text = run.transcript.text();
        QVERIFY2(run.deadlock && run.goal_reached && !run.finished, text.c_str());
        QVERIFY2(run.explanation.size() == 1, text.c_str());
        // The locks in creation order: a is Lock #1, b is Lock #2.
        const std::string& why = run.explanation[0];
        QVERIFY2(contains(why, "p1 waits for Lock #2, held by p2") && contains(why, "p2 waits for Lock #1, held by p1"),
                 why.c_str());
        QVERIFY2(!output(run.transcript, "holds both locks"), text.c_str());

        const proclab::ExploreResult found = proclab::explore(opposite, {.max_preemptions = 1, .max_runs = 100});
        QVERIFY2(found.found && found.found->deadlock, qPrintable(QString::number(found.runs)));
        const proclab::ExploreResult none = proclab::explore(ordered, {.max_preemptions = 2, .max_runs = 2000});
        QVERIFY2(none.exhausted && !none.found, qPrintable(QString::number(none.runs)));
        qInfo("explore: lesson 36 found after %d run(s); lesson 37 exhausted in %d runs", found.runs, none.runs);
    }

    // Every move of a scheduled run is shown at its line of the lesson's code: the Python line and
    // the C++ line hold the operation the process was about to do (the points of the lesson file,
    // the main program's step), and the same task at its first or second lock is at different lines.
    void movesAreAtTheirLines_data()
    {
        QTest::addColumn<int>("number");
        QTest::addColumn<QString>("schedule"); // a stored schedule, or "" for random moves
        QTest::newRow("34 lost update") << 34 << QStringLiteral("34_lost_update.schedule");
        QTest::newRow("35 under the lock") << 35 << QString();
        QTest::newRow("36 two locks") << 36 << QStringLiteral("36_deadlock_two_locks.schedule");
        QTest::newRow("37 one order") << 37 << QString();
    }
    void movesAreAtTheirLines()
    {
        QFETCH(int, number);
        QFETCH(QString, schedule);
        const Lesson lesson = Lesson::load(lesson_path(number));
        QVERIFY(!lesson.points.empty());
        std::unique_ptr<proclab::SchedulePolicy> policy;
        if (schedule.isEmpty()) {
            policy = std::make_unique<proclab::RandomPolicy>(7);
        } else {
            std::ifstream in(std::string(PROCLAB_LESSONS_DIR) + "/schedules/" + schedule.toStdString());
            std::stringstream stored;
            stored << in.rdbuf();
            policy = std::make_unique<proclab::ReplayPolicy>(proclab::Scheduler::parse_schedule(stored.str()));
        }
        const proclab::ScheduledLessonRun run = proclab::run_scheduled(lesson, *policy);
        QCOMPARE(run.places.size(), run.steps.size());
        QVERIFY(!run.steps.empty());
        const auto lines = [](const std::string& code) {
            std::vector<std::string> out;
            std::istringstream in(code);
            for (std::string l; std::getline(in, l);)
                out.push_back(l);
            return out;
        };
        const std::vector<std::string> py = lines(lesson.python_code), cpp = lines(lesson.cpp_code);
        // What the line of each operation shows, in Python and in C++.
        const std::map<proclab::SchedOp, std::pair<std::string, std::string>> shows = {
            {proclab::SchedOp::Start, {"def ", "void "}}, // a process's target (the main program: below)
            {proclab::SchedOp::Join, {".join(", ".join("}},
            {proclab::SchedOp::Acquire, {"with ", "lock_guard"}},
            {proclab::SchedOp::Release, {"with ", "lock_guard"}},
            {proclab::SchedOp::Read, {"v.value += 1", "v.load()"}},
            {proclab::SchedOp::Write, {"v.value += 1", "v.store("}},
        };
        for (std::size_t i = 0; i < run.steps.size(); ++i) {
            const proclab::ScheduleStep& step = run.steps[i];
            const proclab::CodePlace& at = run.places[i];
            const std::string what = step.text();
            QVERIFY2(at.py_line >= 1 && std::size_t(at.py_line) <= py.size(), what.c_str());
            QVERIFY2(at.cpp_line >= 1 && std::size_t(at.cpp_line) <= cpp.size(), what.c_str());
            const auto expected = shows.find(step.op);
            QVERIFY2(expected != shows.end(), what.c_str());
            const std::string& py_line = py[std::size_t(at.py_line - 1)];
            const std::string& cpp_line = cpp[std::size_t(at.cpp_line - 1)];
            if (step.process == "lesson-main" && step.op == proclab::SchedOp::Start) {
                QVERIFY2(contains(py_line, "if __name__ == \"__main__\":") && contains(cpp_line, "int main()"),
                         (what + " at " + py_line + " / " + cpp_line).c_str());
                continue;
            }
            if (step.process == "lesson-main" && step.op != proclab::SchedOp::Join) { // at one of its steps
                QVERIFY2(std::any_of(lesson.steps.begin(), lesson.steps.end(),
                                     [&](const proclab::LessonStep& s) {
                                         return s.py_line == at.py_line && s.cpp_line == at.cpp_line;
                                     }),
                         (what + " at " + py_line + " / " + cpp_line).c_str());
                continue;
            }
            QVERIFY2(contains(py_line, expected->second.first), (what + " at py: " + py_line).c_str());
            QVERIFY2(contains(cpp_line, expected->second.second), (what + " at C++: " + cpp_line).c_str());
        }
        if (number != 36)
            return;
        // The deadlock: p1 and p2 took their first lock (line 4 / 11) and are stuck at their second.
        QVERIFY(run.deadlock);
        int at_second = 0;
        for (const auto& [h, at] : run.stuck) {
            if (h.name != "p1" && h.name != "p2")
                continue;
            QVERIFY2(at.py_line >= 1 && contains(py[std::size_t(at.py_line - 1)], "with second:"),
                     h.describe().c_str());
            QVERIFY2(at.cpp_line >= 1 && contains(cpp[std::size_t(at.cpp_line - 1)], "g2(second)"),
                     h.describe().c_str());
            ++at_second;
        }
        QCOMPARE(at_second, 2);
    }
};

PROCLAB_TEST_MAIN(TestLessonScheduler)
#include "tst_lesson_scheduler.moc"

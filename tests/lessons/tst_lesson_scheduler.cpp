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
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

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

/// The lesson's C++ program run freely at lesson speed 8.
Timed run_program(const Lesson& l)
{
    return run_timed({std::string(PROCLAB_LESSON_PROGRAMS_DIR) + "/" + l.id}, 8);
}

/// `code` with `from` replaced by `to` (which must be there): a variant of a lesson's Python code.
std::string replaced(std::string code, const std::string& from, const std::string& to)
{
    const auto at = code.find(from);
    if (at == std::string::npos)
        return {};
    return code.replace(at, from.size(), to);
}

/// Runs `lesson` in scheduler mode along the schedule stored in schedules/FILE.
proclab::ScheduledLessonRun run_stored(const Lesson& lesson, const std::string& file)
{
    std::ifstream in(std::string(PROCLAB_LESSONS_DIR) + "/schedules/" + file);
    std::stringstream stored;
    stored << in.rdbuf();
    proclab::ReplayPolicy replay(proclab::Scheduler::parse_schedule(stored.str()));
    return proclab::run_scheduled(lesson, replay);
}

/// Runs `lesson` in scheduler mode: the moves named, then the replay policy's default.
proclab::ScheduledLessonRun run_moves(const Lesson& lesson, std::vector<std::string> moves, double speed = 1)
{
    proclab::ReplayPolicy replay(std::move(moves));
    return proclab::run_scheduled(lesson, replay, {.speed = speed});
}

/// The moves of a run as text ("3. producer: put Queue #1"), in order.
std::vector<std::string> step_texts(const proclab::ScheduledLessonRun& run)
{
    std::vector<std::string> out;
    for (const auto& s : run.steps)
        out.push_back(s.text());
    return out;
}

/// The index of the first move whose text ends with `what` ("p1: wait Barrier #1"), or -1.
long move_index(const proclab::ScheduledLessonRun& run, const std::string& what)
{
    for (std::size_t i = 0; i < run.steps.size(); ++i) {
        const std::string t = run.steps[i].text();
        if (t.size() >= what.size() && t.compare(t.size() - what.size(), what.size(), what) == 0)
            return long(i);
    }
    return -1;
}

bool any_line_with(const std::vector<std::string>& lines, const std::string& a, const std::string& b = {})
{
    for (const auto& l : lines)
        if (contains(l, a) && contains(l, b))
            return true;
    return false;
}

/// The replay of `run`'s own schedule: the same moves, one by one.
void check_replays(const Lesson& lesson, const proclab::ScheduledLessonRun& run)
{
    proclab::ReplayPolicy again(proclab::Scheduler::parse_schedule(run.schedule));
    const proclab::ScheduledLessonRun second = proclab::run_scheduled(lesson, again);
    QCOMPARE(second.schedule, run.schedule);
    QCOMPARE(second.deadlock, run.deadlock);
    QCOMPARE(step_texts(second), step_texts(run));
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

    // 38/39: join before get on a bounded Queue. The stored schedule (main to its join, the
    // producer starts and puts twice) deadlocks: the producer cannot put (full), the main process
    // cannot join; get before join deadlocks in no schedule with up to two switches. Run freely,
    // the join times out (still running) and only then the gets. Python's feeder-thread case: one
    // item of 100,000 bytes keeps an unbounded Queue's child alive until it is got, 60,000 do not;
    // ProcLab's C++ Queue lets the child end with 100,000 bytes in an unbounded queue.
    void claimSchedulerQueueJoin()
    {
        const std::string en = explanation(38, "en"), zh = explanation(38, "zh_CN");
        QVERIFY(contains(en, "the producer cannot put (Queue #1 is full), the main process cannot join (the producer "
                             "has not ended), and the scheduler says deadlock") &&
                contains(en, "prints still running: True; only then do the gets make room, and the producer puts 3 and "
                             "ends (producer done)") &&
                contains(en, "one item of 100,000 bytes") && contains(en, "(60,000 bytes still fit)") &&
                contains(en, "A join with a timeout counts as a plain join") &&
                contains(en, "put() copies the item into shared memory before it returns"));
        QVERIFY(contains(zh, "生产者无法 put（Queue #1 已满），主进程无法 join（生产者还没有结束）") &&
                contains(zh, "100,000 字节") && contains(zh, "（60,000 字节还放得下）"));
        QVERIFY(contains(explanation(39, "en"), "up to two switches and none deadlocks") &&
                contains(explanation(39, "en"), "still running: False") &&
                contains(explanation(39, "zh_CN"), "最多两次切换的每一种调度，没有一种死锁"));
        const Lesson bug = Lesson::load(lesson_path(38));
        const Lesson fix = Lesson::load(lesson_path(39));
        QVERIFY(contains(bug.python_code, "Queue(maxsize=2)") && contains(bug.cpp_code, "proclab::Queue<int> q(2)"));
        QVERIFY(bug.python_code.find("p.join(timeout=2)") < bug.python_code.find("q.get()") &&
                fix.python_code.find("q.get()") < fix.python_code.find("p.join(timeout=2)"));

        const proclab::ScheduledLessonRun run = run_stored(bug, "38_queue_join_deadlock.schedule");
        const std::string text = run.transcript.text();
        QVERIFY2(run.deadlock && run.goal_reached && !run.finished, text.c_str());
        QCOMPARE(step_texts(run), (std::vector<std::string>{"1. lesson-main: start", "2. producer: start",
                                                            "3. producer: put Queue #1", "4. producer: put Queue #1"}));
        QVERIFY2(any_line_with(run.explanation, "producer cannot put Queue #1: Queue #1 is full") &&
                     any_line_with(run.explanation, "lesson-main cannot join producer: producer (", ") has not ended"),
                 text.c_str());
        QVERIFY2(!output(run.transcript, "main got"), text.c_str());
        check_replays(bug, run);

        const proclab::ExploreResult found = proclab::explore(bug, {.max_preemptions = 1, .max_runs = 100});
        QVERIFY2(found.found && found.found->deadlock, qPrintable(QString::number(found.runs)));
        const proclab::ExploreResult none = proclab::explore(fix, {.max_preemptions = 2, .max_runs = 2000});
        QVERIFY2(none.exhausted && !none.found, qPrintable(QString::number(none.runs)));
        qInfo("explore: lesson 38 found after %d run(s); lesson 39 exhausted in %d runs", found.runs, none.runs);

        // Run freely: the C++ programs.
        const Timed cpp_bug = run_program(bug), cpp_fix = run_program(fix);
        QVERIFY2(cpp_bug.rc == 0 && contains(cpp_bug.out, "still running: 1") &&
                     cpp_bug.out.find("still running: 1") < cpp_bug.out.find("main got 1") &&
                     contains(cpp_bug.out, "main got 3") && contains(cpp_bug.out, "producer done"),
                 cpp_bug.out.c_str());
        QVERIFY2(cpp_fix.rc == 0 && contains(cpp_fix.out, "main got 3") && contains(cpp_fix.out, "producer done") &&
                     contains(cpp_fix.out, "still running: 0"),
                 cpp_fix.out.c_str());
        // ProcLab's C++ Queue: no feeder thread; without maxsize a child that put 100,000 bytes ends.
        {
            proclab::Queue<std::string> unbounded;
            proclab::Process child([unbounded]() mutable { unbounded.put(std::string(100000, 'x')); });
            child.set_start_method(proclab::StartMethod::Fork);
            child.start();
            QVERIFY(child.join(std::chrono::seconds(20)));
            QCOMPARE(child.exitcode(), std::optional<int>(0));
            QCOMPARE(unbounded.get().size(), std::size_t(100000));
        }
        if (python3_path().empty())
            QSKIP("python3 is not installed: the Python side is not checked");
        QTemporaryDir dir;
        const Timed py_bug = run_python(dir, bug.python_code), py_fix = run_python(dir, fix.python_code);
        QVERIFY2(py_bug.rc == 0 && py_bug.out.find("still running: True") < py_bug.out.find("main got 1") &&
                     contains(py_bug.out, "main got 3") && contains(py_bug.out, "producer done"),
                 py_bug.out.c_str());
        QVERIFY2(py_fix.rc == 0 && contains(py_fix.out, "main got 3") && contains(py_fix.out, "producer done") &&
                     contains(py_fix.out, "still running: False"),
                 py_fix.out.c_str());
        // Python's feeder thread: without maxsize, 100,000 bytes keep the child alive until got.
        const Timed feeder = run_python(dir, R"(import fcntl, os
from multiprocessing import Process, Queue

def put_one(q, size):
    q.put("x" * size)

if __name__ == "__main__":
    r, w = os.pipe()
    print("a pipe holds", fcntl.fcntl(w, 1032))  # F_GETPIPE_SZ
    for size in (60_000, 100_000):
        q = Queue()
        p = Process(target=put_one, args=(q, size), daemon=True)
        p.start()
        p.join(timeout=2)
        alive = p.is_alive()
        got = len(q.get())
        p.join()
        print(size, "alive after join:", alive, "got", got, "exitcode", p.exitcode)
)");
        QVERIFY2(feeder.rc == 0 && contains(feeder.out, "60000 alive after join: False got 60000 exitcode 0") &&
                     contains(feeder.out, "100000 alive after join: True got 100000 exitcode 0") &&
                     contains(feeder.out, "a pipe holds 65536"),
                 feeder.out.c_str());
    }

    // 40/41: a lost wake-up. The stored schedule (the notifier runs to its end before the waiter
    // waits) leaves the waiter asleep in wait and the main process at its join: a deadlock, found by
    // explore without a preemption. With wait_for, no schedule with up to two switches gets the
    // waiter stuck: notifier first, the waiter does not wait at all; waiter first, it is woken.
    // Python, with the notifier made to go first: the waiter stays stuck, and with wait_for it does not.
    void claimSchedulerLostWakeup()
    {
        const std::string en = explanation(40, "en");
        QVERIFY(contains(en,
                         "let the notifier start and run to its end (acquire, write ready, notify, release), and "
                         "only then let the waiter start, acquire and wait: the scheduler says deadlock, the waiter "
                         "sleeps in wait on Condition #1 and the main process cannot join it") &&
                contains(en, "40 finds such a schedule without a single switch") &&
                contains(en, "(still running: True False)"));
        QVERIFY(contains(explanation(40, "zh_CN"), "一次切换都不用就能找到这样的调度"));
        const std::string fixed_en = explanation(41, "en");
        QVERIFY(contains(fixed_en, "the waiter sees ready = 1 and does not wait") &&
                contains(fixed_en, "up to two switches and none gets the waiter stuck") &&
                contains(fixed_en, "the waiter prints waiter goes on, ready = 1 and both end (still running: False "
                                   "False)"));
        const Lesson bug = Lesson::load(lesson_path(40));
        const Lesson fix = Lesson::load(lesson_path(41));
        QVERIFY(contains(bug.python_code, "cond.wait()") && contains(bug.cpp_code, "cond.wait();"));
        QVERIFY(contains(fix.python_code, "cond.wait_for(lambda: ready.value == 1)") &&
                contains(fix.cpp_code, "cond.wait_for([&] { return ready.load() == 1; })") &&
                contains(fixed_en, "cond.wait_for([&] { return ready.load() == 1; })"));

        const proclab::ScheduledLessonRun run = run_stored(bug, "40_condition_lost_wakeup.schedule");
        const std::string text = run.transcript.text();
        QVERIFY2(run.deadlock && run.goal_reached && !run.finished, text.c_str());
        QCOMPARE(step_texts(run),
                 (std::vector<std::string>{"1. lesson-main: start", "2. notifier: start",
                                           "3. notifier: acquire Condition #1", "4. notifier: write Value #1",
                                           "5. notifier: notify Condition #1", "6. notifier: release Condition #1",
                                           "7. waiter: start", "8. waiter: acquire Condition #1",
                                           "9. waiter: wait Condition #1"}));
        QVERIFY2(any_line_with(run.explanation, "waiter sleeps in wait on Condition #1") &&
                     any_line_with(run.explanation, "lesson-main cannot join waiter: waiter (", ") has not ended"),
                 text.c_str());
        QVERIFY2(output(run.transcript, "notifier set ready = 1 and notified") &&
                     output(run.transcript, "waiter waits for the notify") && !output(run.transcript, "waiter goes on"),
                 text.c_str());
        check_replays(bug, run);

        const proclab::ExploreResult found = proclab::explore(bug, {.max_preemptions = 0, .max_runs = 100});
        QVERIFY2(found.found && found.found->deadlock, qPrintable(QString::number(found.runs)));
        const proclab::ExploreResult none = proclab::explore(fix, {.max_preemptions = 2, .max_runs = 3000});
        QVERIFY2(none.exhausted && !none.found, qPrintable(QString::number(none.runs)));
        qInfo("explore: lesson 40 found after %d run(s); lesson 41 exhausted in %d runs", found.runs, none.runs);

        // wait_for, the notifier first: the waiter reads ready = 1 and never waits.
        const auto first = run_moves(fix, {"lesson-main", "notifier", "notifier", "notifier", "notifier", "notifier"});
        QVERIFY2(first.finished && output(first.transcript, "waiter goes on, ready = 1") &&
                     move_index(first, "notifier: release Condition #1") < move_index(first, "waiter: start") &&
                     move_index(first, "waiter: wait Condition #1") < 0 &&
                     move_index(first, "waiter: read Value #1") > 0,
                 first.transcript.text().c_str());
        // wait_for, the waiter first: it reads 0, waits, and the notify wakes it.
        const auto second = run_moves(fix, {"lesson-main", "waiter", "waiter", "waiter", "waiter"});
        QVERIFY2(second.finished && output(second.transcript, "waiter goes on, ready = 1") &&
                     move_index(second, "waiter: wait Condition #1") >= 0 &&
                     move_index(second, "waiter: wait Condition #1") < move_index(second, "notifier: start"),
                 second.transcript.text().c_str());

        // Run freely: either order may come; the output says which.
        for (const Lesson* l : {&bug, &fix}) {
            const Timed cpp = run_program(*l);
            const bool woke = contains(cpp.out, "waiter goes on, ready = 1");
            QVERIFY2(cpp.rc == 0 && contains(cpp.out, "notifier set ready = 1 and notified") &&
                         contains(cpp.out, woke ? "still running: 0 0" : "still running: 1 0") && (l == &bug || woke),
                     cpp.out.c_str());
        }
        if (python3_path().empty())
            QSKIP("python3 is not installed: the Python side is not checked");
        QTemporaryDir dir;
        for (const Lesson* l : {&bug, &fix}) {
            const Timed py = run_python(dir, l->python_code);
            const bool woke = contains(py.out, "waiter goes on, ready = 1");
            QVERIFY2(py.rc == 0 &&
                         contains(py.out, woke ? "still running: False False" : "still running: True False") &&
                         (l == &bug || woke),
                     py.out.c_str());
            // The notifier made to go first: it ends before the waiter starts.
            const std::string notifier_first = replaced(l->python_code, "    w.start()\n    n.start()\n",
                                                        "    n.start()\n    n.join()\n    w.start()\n");
            QVERIFY(!notifier_first.empty());
            const Timed forced = run_python(dir, notifier_first);
            if (l == &bug)
                QVERIFY2(forced.rc == 0 && contains(forced.out, "still running: True False") &&
                             !contains(forced.out, "waiter goes on"),
                         forced.out.c_str());
            else
                QVERIFY2(forced.rc == 0 && contains(forced.out, "waiter goes on, ready = 1") &&
                             contains(forced.out, "still running: False False"),
                         forced.out.c_str());
        }
    }

    // 42/43: a Barrier(3) that only two processes reach. The stored schedule (each starts and
    // waits) deadlocks with both asleep in wait and the main process at its join. With abort(), a
    // point of its own: waiters first, the abort wakes them with BrokenBarrierError; abort first,
    // their wait() raises at once; no schedule with up to two switches deadlocks.
    void claimSchedulerBarrier()
    {
        const std::string en = explanation(42, "en");
        QVERIFY(contains(en,
                         "p1 and p2 sleep in wait on Barrier #1, and the main process cannot join p1, which has not "
                         "ended") &&
                contains(en, "prints still running: True True; neither prints a line of its own"));
        QVERIFY(contains(explanation(42, "zh_CN"), "p1 和 p2 在 Barrier #1 的 wait 中睡眠"));
        const std::string fixed_en = explanation(43, "en");
        QVERIFY(contains(fixed_en,
                         "let p1 and p2 wait first and the abort wakes them; let the main process abort first "
                         "and their wait() raises at once") &&
                contains(fixed_en, "up to two switches and none deadlocks") &&
                contains(fixed_en, "the program prints still running: False False"));
        const Lesson bug = Lesson::load(lesson_path(42));
        const Lesson fix = Lesson::load(lesson_path(43));
        QVERIFY(contains(fix.python_code, "barrier.abort()") && contains(fix.cpp_code, "barrier.abort();") &&
                contains(fix.python_code, "from threading import BrokenBarrierError") &&
                contains(fix.cpp_code, "proclab::BrokenBarrierError"));

        const proclab::ScheduledLessonRun run = run_stored(bug, "42_barrier_missing_party.schedule");
        const std::string text = run.transcript.text();
        QVERIFY2(run.deadlock && run.goal_reached && !run.finished, text.c_str());
        QCOMPARE(step_texts(run),
                 (std::vector<std::string>{"1. lesson-main: start", "2. p1: start", "3. p1: wait Barrier #1",
                                           "4. p2: start", "5. p2: wait Barrier #1"}));
        QVERIFY2(any_line_with(run.explanation, "p1 sleeps in wait on Barrier #1") &&
                     any_line_with(run.explanation, "p2 sleeps in wait on Barrier #1") &&
                     any_line_with(run.explanation, "lesson-main cannot join p1: p1 (", ") has not ended"),
                 text.c_str());
        QVERIFY2(!output(run.transcript, "passed the barrier") && !output(run.transcript, "BrokenBarrierError"),
                 text.c_str());
        QVERIFY2(!any_line_with(run.explanation, "deadlock: "),
                 text.c_str()); // no cycle: nobody holds what they wait for
        check_replays(bug, run);
        const proclab::ExploreResult found = proclab::explore(bug, {.max_preemptions = 1, .max_runs = 100});
        QVERIFY2(found.found && found.found->deadlock, qPrintable(QString::number(found.runs)));

        // The fix, at lesson speed 8 (its main process sleeps 1 lesson second before the abort).
        const auto waiters_first = run_moves(fix, {"lesson-main", "p1", "p1", "p2", "p2", "lesson-main"}, 8);
        const auto abort_first = run_moves(fix, {"lesson-main", "lesson-main", "p1", "p1", "p2", "p2"}, 8);
        for (const auto* r : {&waiters_first, &abort_first})
            QVERIFY2(r->finished && output(r->transcript, "p1 got BrokenBarrierError") &&
                         output(r->transcript, "p2 got BrokenBarrierError") &&
                         output(r->transcript, "p1.is_alive() = False") &&
                         output(r->transcript, "p2.is_alive() = False"),
                     r->transcript.text().c_str());
        QVERIFY(move_index(waiters_first, "p2: wait Barrier #1") <
                move_index(waiters_first, "lesson-main: abort Barrier #1"));
        QVERIFY(move_index(abort_first, "lesson-main: abort Barrier #1") >= 0 &&
                move_index(abort_first, "lesson-main: abort Barrier #1") <
                    move_index(abort_first, "p1: wait Barrier #1"));
        proclab::ExploreOptions options{.max_preemptions = 2, .max_runs = 2000};
        options.run_options.speed = 8;
        const proclab::ExploreResult none = proclab::explore(fix, options);
        QVERIFY2(none.exhausted && !none.found, qPrintable(QString::number(none.runs)));
        qInfo("explore: lesson 42 found after %d run(s); lesson 43 exhausted in %d runs", found.runs, none.runs);

        // Run freely.
        const Timed cpp_bug = run_program(bug), cpp_fix = run_program(fix);
        QVERIFY2(cpp_bug.rc == 0 && contains(cpp_bug.out, "still running: 1 1") &&
                     !contains(cpp_bug.out, "passed the barrier") && !contains(cpp_bug.out, "BrokenBarrierError"),
                 cpp_bug.out.c_str());
        QVERIFY2(cpp_fix.rc == 0 && contains(cpp_fix.out, "p1 got BrokenBarrierError") &&
                     contains(cpp_fix.out, "p2 got BrokenBarrierError") && contains(cpp_fix.out, "still running: 0 0"),
                 cpp_fix.out.c_str());
        if (python3_path().empty())
            QSKIP("python3 is not installed: the Python side is not checked");
        QTemporaryDir dir;
        const Timed py_bug = run_python(dir, bug.python_code), py_fix = run_python(dir, fix.python_code);
        QVERIFY2(py_bug.rc == 0 && contains(py_bug.out, "still running: True True") &&
                     !contains(py_bug.out, "passed the barrier") && !contains(py_bug.out, "BrokenBarrierError"),
                 py_bug.out.c_str());
        QVERIFY2(py_fix.rc == 0 && contains(py_fix.out, "p1 got BrokenBarrierError") &&
                     contains(py_fix.out, "p2 got BrokenBarrierError") &&
                     contains(py_fix.out, "still running: False False"),
                 py_fix.out.c_str());
        // Python: a wait() after the abort raises at once (the abort made before both starts).
        const std::string abort_before = replaced(replaced(fix.python_code, "    time.sleep(1)", "    pass"),
                                                  "    p1.start()\n", "    barrier.abort()\n    p1.start()\n");
        QVERIFY(!abort_before.empty());
        const Timed early = run_python(dir, abort_before);
        QVERIFY2(early.rc == 0 && contains(early.out, "p1 got BrokenBarrierError") &&
                     contains(early.out, "p2 got BrokenBarrierError") &&
                     contains(early.out, "still running: False False"),
                 early.out.c_str());
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
        QTest::newRow("38 join before get") << 38 << QStringLiteral("38_queue_join_deadlock.schedule");
        QTest::newRow("39 get before join") << 39 << QString();
        QTest::newRow("40 lost wake-up") << 40 << QStringLiteral("40_condition_lost_wakeup.schedule");
        QTest::newRow("41 wait_for") << 41 << QString();
        QTest::newRow("42 barrier short of a party") << 42 << QStringLiteral("42_barrier_missing_party.schedule");
        QTest::newRow("43 abort") << 43 << QString();
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
            {proclab::SchedOp::Join, {".join(", ".join("}},       {proclab::SchedOp::Acquire, {"with ", "lock_guard"}},
            {proclab::SchedOp::Release, {"with ", "lock_guard"}}, {proclab::SchedOp::Read, {".value", ".load()"}},
            {proclab::SchedOp::Write, {".value", ".store("}},     {proclab::SchedOp::Put, {".put(", ".put("}},
            {proclab::SchedOp::Wait, {".wait", ".wait"}},         {proclab::SchedOp::Notify, {".notify(", ".notify("}},
            {proclab::SchedOp::Get, {".get(", ".get("}},          {proclab::SchedOp::Abort, {".abort(", ".abort("}},
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
        if (number == 38) { // the producer is stuck at its put, the main process at its join
            QVERIFY(run.deadlock);
            QCOMPARE(run.stuck.size(), std::size_t(2));
            for (const auto& [h, at] : run.stuck) {
                const std::string py_line = py[std::size_t(at.py_line - 1)],
                                  cpp_line = cpp[std::size_t(at.cpp_line - 1)];
                const char* shows = h.name == "producer" ? "q.put(i)" : "p.join(";
                QVERIFY2(contains(py_line, shows) && contains(cpp_line, shows), h.describe().c_str());
            }
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

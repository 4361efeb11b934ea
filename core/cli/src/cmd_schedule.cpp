// proclab-cli run LESSON --schedule FILE|random and proclab-cli explore LESSON: lessons in scheduler
// mode (proclab/lessons/lesson_scheduler.h).
#include "commands.h"

#include <proclab/errors.h>
#include <proclab/lessons/lesson_scheduler.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

namespace proclab::cli {

namespace {

std::string read_file(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error("cannot read the schedule '" + path + "': " + std::strerror(errno));
    std::ostringstream os;
    os << in.rdbuf();
    return os.str();
}

void write_file(const std::string& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out || !(out << text) || !out.flush())
        throw Error("cannot write the schedule '" + path + "': " + std::strerror(errno));
}

std::string header_of(const Lesson& lesson, const std::string& how)
{
    return "# proclab-cli schedule of lesson " + std::to_string(lesson.number) + " (" + lesson.id + "), " + how +
           "\n# one process name per line: who moved at each step\n";
}

void print_run(const Lesson& lesson, const ScheduledLessonRun& run, const std::string& lang, std::ostream& out)
{
    out << run.transcript.text();
    // "(py 4 / cpp 11)": where in the lesson's code, when the lesson says.
    const auto place = [](const CodePlace& at) {
        return at.known() ? "  (py " + std::to_string(at.py_line) + " / cpp " + std::to_string(at.cpp_line) + ")"
                          : std::string();
    };
    out << "-- moves (" << run.steps.size() << "):\n";
    for (std::size_t i = 0; i < run.steps.size(); ++i)
        out << "  " << run.steps[i].text() << (i < run.places.size() ? place(run.places[i]) : std::string()) << "\n";
    if (run.deadlock) {
        out << "-- deadlock: no process can move\n";
        for (const auto& line : run.explanation)
            out << "  " << line << "\n";
        for (const auto& [h, at] : run.stuck)
            out << "  stuck: " << h.describe() << place(at) << "\n";
    }
    if (lesson.goal)
        out << "-- goal: " << lesson.goal->text_for(lang) << " " << (run.goal_reached ? "REACHED" : "not reached")
            << "\n";
}

} // namespace

int run_lesson_scheduled(const Lesson& lesson, const ScheduleOptions& o, std::ostream& out)
{
    std::unique_ptr<SchedulePolicy> policy;
    std::string how;
    if (o.schedule == "random") {
        policy = std::make_unique<RandomPolicy>(o.seed);
        how = "random, seed " + std::to_string(o.seed);
    } else {
        const auto names = Scheduler::parse_schedule(read_file(o.schedule));
        policy = std::make_unique<ReplayPolicy>(names);
        how = "replayed from " + o.schedule;
    }
    out << "-- scheduler mode: " << how << "\n" << std::flush;
    const ScheduledLessonRun run = run_scheduled(lesson, *policy, {.speed = o.speed, .lang = o.lang});
    print_run(lesson, run, o.lang, out);
    if (!o.save.empty()) {
        write_file(o.save, header_of(lesson, how) + run.schedule);
        out << "-- schedule saved to " << o.save << "\n";
    }
    return 0;
}

int run_explore(const Lesson& lesson, const ExploreCommand& o, std::ostream& out)
{
    if (!lesson.goal)
        throw UsageError{"lesson " + lesson.id + " states no goal to explore for"};
    out << "-- goal: " << lesson.goal->text_for(o.lang) << "\n"
        << "-- exploring schedules with up to " << o.preemptions << " switch(es), at most " << o.max_runs << " runs\n"
        << std::flush;
    ExploreOptions options;
    options.max_preemptions = o.preemptions;
    options.max_runs = o.max_runs;
    options.run_options.lang = o.lang;
    const ExploreResult r = explore(lesson, options);
    if (!r.found) {
        if (r.exhausted)
            out << "-- no schedule with up to " << o.preemptions << " switch(es) reaches the goal (all " << r.runs
                << " tried)\n";
        else if (r.diverged > 0)
            out << "-- not found in " << r.runs << " runs; " << r.diverged
                << " branch(es) could not be replayed (the machine was too busy for a process to reach its "
                   "point): run again on a quieter machine\n";
        else
            out << "-- not found in " << r.runs << " runs (the search stopped at --max-runs; more may exist)\n";
        return 1;
    }
    out << "-- found after " << r.runs << " run(s):\n";
    print_run(lesson, *r.found, o.lang, out);
    if (!o.save.empty()) {
        write_file(o.save, header_of(lesson, "found by explore") + r.found->schedule);
        out << "-- schedule saved to " << o.save << "\n";
    }
    return 0;
}

} // namespace proclab::cli

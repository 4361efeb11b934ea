// A lesson in scheduler mode, its goal, and the search for a schedule that reaches it
// (lesson_scheduler.h).
#include <proclab/lessons/lesson_scheduler.h>

#include <proclab/process.h>
#include <proclab/session.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <deque>
#include <exception>
#include <sstream>
#include <string_view>
#include <sys/mman.h>
#include <thread>
#include <unistd.h>

namespace proclab {

namespace {

/// The last "ID.value = N" of `output`.
std::optional<long long> last_value(const std::vector<std::string>& output, const std::string& id)
{
    const std::string prefix = id + ".value = ";
    std::optional<long long> out;
    for (const std::string& text : output)
        if (text.rfind(prefix, 0) == 0)
            out = std::atoll(text.c_str() + prefix.size());
    return out;
}

std::vector<std::string> output_of(const LessonTranscript& t)
{
    std::vector<std::string> out;
    for (const auto& l : t.lines)
        if (l.kind == TranscriptLine::Kind::Output)
            out.push_back(l.text);
    return out;
}

} // namespace

std::optional<long long> ScheduledLessonRun::printed_value(const std::string& id) const
{
    return last_value(output_of(transcript), id);
}

bool goal_reached(const Lesson& lesson, const ScheduledLessonRun& run)
{
    return goal_reached(lesson, output_of(run.transcript), run.deadlock);
}

bool goal_reached(const Lesson& lesson, const std::vector<std::string>& output, bool deadlock)
{
    if (!lesson.goal)
        return false;
    const LessonGoal& g = *lesson.goal;
    switch (g.kind) {
    case LessonGoal::Kind::Deadlock:
        return deadlock;
    case LessonGoal::Kind::ValueBelow: {
        const auto v = last_value(output, g.value);
        return v && *v < g.below;
    }
    case LessonGoal::Kind::Before: {
        std::optional<std::size_t> first, then;
        for (std::size_t i = 0; i < output.size(); ++i) {
            if (!first && output[i].find(g.first) != std::string::npos)
                first = i;
            if (!then && output[i].find(g.then) != std::string::npos)
                then = i;
        }
        return first && then && *first < *then;
    }
    }
    return false;
}

namespace {

/// The 1-based line of `code` that starts (after indentation) with `start`, 0 when none does.
int line_starting(const std::string& code, std::string_view start)
{
    std::istringstream in(code);
    int n = 0;
    for (std::string line; std::getline(in, line);) {
        ++n;
        const auto first = line.find_first_not_of(" \t");
        if (first != std::string::npos && std::string_view(line).substr(first).starts_with(start))
            return n;
    }
    return 0;
}

} // namespace

CodePlace code_place(const Lesson& lesson, const HeldProcess& h, const std::map<ObjectId, std::string>& objects,
                     pid_t main_pid, int main_step)
{
    CodePlace out;
    if (h.pid == main_pid && main_pid > 0) {
        if (h.op == SchedOp::Start) // the main program itself starts: its first line
            out = {line_starting(lesson.python_code, "if __name__ =="), line_starting(lesson.cpp_code, "int main(")};
        else if (main_step >= 1 && std::size_t(main_step) <= lesson.steps.size())
            out = {lesson.steps[std::size_t(main_step - 1)].py_line, lesson.steps[std::size_t(main_step - 1)].cpp_line};
    } else {
        for (const LessonStep& s : lesson.steps) {
            if (s.action != "process" || (s.has("name") ? s.str("name") : s.str("id")) != h.name)
                continue;
            int arg = -1;
            if (const auto o = objects.find(h.object); o != objects.end())
                for (std::size_t i = 0; i < s.args.size(); ++i)
                    if (const auto* id = std::get_if<std::string>(&s.args[i]); id && *id == o->second)
                        arg = int(i);
            const LessonPoint* p = lesson.point(s.str("task"), h.op, arg);
            if (!p && arg >= 0)
                p = lesson.point(s.str("task"), h.op, -1);
            if (p)
                out = {p->py_line, p->cpp_line};
            break;
        }
    }
    if (h.line > 0) // a Python program says where it is
        out = {h.line, 0};
    return out;
}

namespace {

/// Records where in the code each chosen process was, around the policy that chooses.
class PlaceRecorder : public SchedulePolicy {
public:
    PlaceRecorder(SchedulePolicy& inner, const Lesson& lesson, const LessonRunner& runner, const std::atomic<int>& step,
                  std::vector<CodePlace>& places)
        : m_inner(inner)
        , m_lesson(lesson)
        , m_runner(runner)
        , m_step(step)
        , m_places(places)
    {
    }
    std::optional<pid_t> choose(const SchedulerState& state) override
    {
        const std::optional<pid_t> pid = m_inner.choose(state);
        m_runner.sync(std::chrono::seconds(1)); // the records of its objects and steps are read
        if (const HeldProcess* h = pid ? state.held_process(*pid) : nullptr)
            m_places.push_back(code_place(m_lesson, *h, m_runner.objects(), m_runner.main_pid(), m_step.load()));
        return pid;
    }

private:
    SchedulePolicy& m_inner;
    const Lesson& m_lesson;
    const LessonRunner& m_runner;
    const std::atomic<int>& m_step;
    std::vector<CodePlace>& m_places;
};

} // namespace

namespace {

// A run stopped in a deadlock was killed: what its processes made and nobody else holds goes now
// (a run that ends by itself closes its objects). Objects made by this process stay.
void remove_objects_of_killed_run(Session& session)
{
    const pid_t self = ::getpid();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    for (;;) { // the killed processes are reaped by their parents: wait until the session says so
        // The run's own processes orphaned by the killed main program were adopted by this process
        // (a child subreaper): active_children() reaps them, else they stay zombies until it exits.
        (void)active_children();
        const Snapshot snap = session.snapshot(false);
        bool alive = false;
        for (const auto& p : snap.processes)
            alive = alive || (p.pid != self && p.end_ns == 0 && (::kill(p.pid, 0) == 0 || errno != ESRCH) &&
                              p.kind != ProcessKind::ForkServer && p.kind != ProcessKind::Manager &&
                              p.kind != ProcessKind::Helper);
        if (!alive || std::chrono::steady_clock::now() > deadline)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    for (const auto& o : session.snapshot(false).objects) {
        if (!o.alive || o.creator == self || o.creator <= 0 || ::kill(o.creator, 0) == 0 || errno != ESRCH)
            continue;
        if (o.kind == ObjectKind::Pool || o.kind == ObjectKind::Manager || o.kind == ObjectKind::Pipe ||
            o.name.rfind("proclab-", 0) != 0)
            continue; // not a shared-memory object of its own
        ::shm_unlink(("/" + o.name).c_str());
    }
}

} // namespace

ScheduledLessonRun run_scheduled(const Lesson& lesson, SchedulePolicy& policy, LessonRunOptions options,
                                 std::uint64_t max_steps)
{
    options.step_mode = false;
    // The run's own session unless the caller is in one (the window's: its processes show there).
    std::optional<Session> own;
    if (!Session::current()) {
        static std::atomic<unsigned> runs{0};
        own = Session::create("sched-" + std::to_string(::getpid()) + "-" + std::to_string(runs++));
    }
    ScheduledLessonRun out;
    std::exception_ptr policy_error;
    {
        Scheduler sched(*Session::current());
        LessonRunner runner(lesson, options);
        std::atomic<int> main_step{0};
        runner.on_line([&main_step](const TranscriptLine& l) {
            if (l.kind == TranscriptLine::Kind::Step && l.who == "main")
                main_step = l.step;
        });
        runner.start();
        DriveResult r;
        try {
            PlaceRecorder recorder(policy, lesson, runner, main_step, out.places);
            r = drive(sched, recorder, max_steps);
        } catch (...) {
            policy_error = std::current_exception();
        }
        if (r.deadlock || policy_error) {
            out.deadlock = r.deadlock;
            out.explanation = r.last.explanation;
            if (r.deadlock) {
                runner.sync(std::chrono::seconds(1));
                for (const HeldProcess& h : r.last.held)
                    out.stuck.emplace_back(h, code_place(lesson, h, runner.objects(), runner.main_pid(), main_step));
            }
            runner.stop();
        }
        sched.run_freely();
        out.transcript = runner.wait(std::chrono::seconds(60));
        if (r.deadlock || policy_error)
            if (std::optional<Session> session = Session::current())
                remove_objects_of_killed_run(*session);
        out.finished = !r.deadlock && !policy_error && out.transcript.main_exitcode.has_value();
        out.steps = sched.transcript();
        out.schedule = sched.schedule_text();
    }
    if (own)
        Session::detach();
    if (policy_error)
        std::rethrow_exception(policy_error);
    out.goal_reached = goal_reached(lesson, out);
    return out;
}

namespace {

// Replays a prefix of choices, then never preempts: it keeps the process that moved last while
// that one can move, else takes the first that can. Records what could move at every step.
// A replayed prefix that the run did not follow.
struct Diverged : ValueError {
    using ValueError::ValueError;
};

class ExplorePolicy : public SchedulePolicy {
public:
    struct Move {
        std::string name;
        pid_t pid = 0;
        SchedOp op = SchedOp::None;
        ObjectId object = kNoObject;
        pid_t target = 0;
    };
    struct Choice {
        std::vector<Move> movable;
        std::string chosen;
        bool last_could_move = false; // choosing another here is a preemption
        const Move* chosen_move() const
        {
            for (const auto& m : movable)
                if (m.name == chosen)
                    return &m;
            return nullptr;
        }
    };

    explicit ExplorePolicy(std::vector<std::string> prefix)
        : m_prefix(std::move(prefix))
    {
    }

    std::optional<pid_t> choose(const SchedulerState& state) override
    {
        const auto movable = state.movable();
        if (movable.empty())
            return std::nullopt;
        Choice c;
        const HeldProcess* pick = nullptr;
        for (const HeldProcess* h : movable) {
            c.movable.push_back({h->name, h->pid, h->op, h->object, h->target});
            if (h->name == m_last)
                c.last_could_move = true;
        }
        if (m_choices.size() < m_prefix.size()) {
            for (const HeldProcess* h : movable)
                if (h->name == m_prefix[m_choices.size()])
                    pick = h;
            if (!pick)
                throw Diverged("the run went another way than before at step " + std::to_string(m_choices.size() + 1) +
                               ": '" + m_prefix[m_choices.size()] + "' cannot move");
        } else {
            for (const HeldProcess* h : movable)
                if (h->name == m_last)
                    pick = h;
            if (!pick)
                pick = movable.front();
        }
        c.chosen = pick->name;
        m_last = pick->name;
        m_choices.push_back(std::move(c));
        return pick->pid;
    }

    const std::vector<Choice>& choices() const noexcept { return m_choices; }

private:
    std::vector<std::string> m_prefix;
    std::vector<Choice> m_choices;
    std::string m_last;
};

// Whether doing `a` before `b` can end differently from `b` before `a`: both touch one object
// (two reads excepted), one joins the other's process, or one is a start (what a new process does
// next is not known yet). Other orders are the same run.
bool dependent(const ExplorePolicy::Move& a, const ExplorePolicy::Move& b)
{
    if (a.op == SchedOp::Start || b.op == SchedOp::Start)
        return true;
    if (a.object != kNoObject && a.object == b.object)
        return !(a.op == SchedOp::Read && b.op == SchedOp::Read);
    return (a.op == SchedOp::Join && a.target == b.pid) || (b.op == SchedOp::Join && b.target == a.pid);
}

} // namespace

ExploreResult explore(const Lesson& lesson, const ExploreOptions& options)
{
    if (!lesson.goal)
        throw ValueError("lesson " + lesson.id + " states no goal to explore for");
    if (options.max_preemptions < 0 || options.max_runs < 1)
        throw ValueError("explore: max_preemptions must be >= 0 and max_runs >= 1");
    struct Node {
        std::vector<std::string> prefix;
        int preemptions = 0;
    };
    ExploreResult result;
    std::deque<Node> pending{Node{}};
    while (!pending.empty()) {
        if (result.runs >= options.max_runs)
            return result; // cut short: not exhausted
        const Node node = std::move(pending.front());
        pending.pop_front();
        std::optional<ExplorePolicy> followed;
        std::optional<ScheduledLessonRun> ran;
        for (int attempt = 0; attempt < 3 && !ran && result.runs < options.max_runs; ++attempt) {
            followed.emplace(node.prefix);
            ++result.runs;
            try {
                ran = run_scheduled(lesson, *followed, options.run_options);
            } catch (const Diverged&) {
            }
        }
        if (!ran) {
            ++result.diverged;
            continue;
        }
        const ExplorePolicy& policy = *followed;
        ScheduledLessonRun& run = *ran;
        if (run.goal_reached) {
            result.found = std::move(run);
            return result;
        }
        // Every other choice after the prefix, as long as the switches stay within the bound.
        const auto& choices = policy.choices();
        std::vector<std::string> taken;
        int preemptions = 0; // of the run so far (its prefix's included)
        for (std::size_t i = 0; i < choices.size(); ++i) {
            const auto& c = choices[i];
            if (i >= node.prefix.size()) {
                const ExplorePolicy::Move* chosen = c.chosen_move();
                for (const auto& move : c.movable) {
                    const std::string& alt = move.name;
                    if (alt == c.chosen || (chosen && !dependent(*chosen, move)))
                        continue;
                    const int p = preemptions + (c.last_could_move ? 1 : 0);
                    if (p > options.max_preemptions)
                        continue;
                    Node child{taken, p};
                    child.prefix.push_back(alt);
                    pending.push_back(std::move(child));
                }
            }
            if (i > 0 && c.last_could_move && c.chosen != choices[i - 1].chosen)
                ++preemptions;
            taken.push_back(c.chosen);
        }
    }
    result.exhausted = result.diverged == 0;
    return result;
}

} // namespace proclab

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
#include <sys/mman.h>
#include <thread>
#include <unistd.h>

namespace proclab {

std::optional<long long> ScheduledLessonRun::printed_value(const std::string& id) const
{
    const std::string prefix = id + ".value = ";
    std::optional<long long> out;
    for (const auto& l : transcript.lines)
        if (l.kind == TranscriptLine::Kind::Output && l.text.rfind(prefix, 0) == 0)
            out = std::atoll(l.text.c_str() + prefix.size());
    return out;
}

bool goal_reached(const Lesson& lesson, const ScheduledLessonRun& run)
{
    if (!lesson.goal)
        return false;
    const LessonGoal& g = *lesson.goal;
    switch (g.kind) {
    case LessonGoal::Kind::Deadlock:
        return run.deadlock;
    case LessonGoal::Kind::ValueBelow: {
        const auto v = run.printed_value(g.value);
        return v && *v < g.below;
    }
    case LessonGoal::Kind::Before: {
        std::optional<std::size_t> first, then;
        const auto& lines = run.transcript.lines;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (lines[i].kind != TranscriptLine::Kind::Output)
                continue;
            if (!first && lines[i].text.find(g.first) != std::string::npos)
                first = i;
            if (!then && lines[i].text.find(g.then) != std::string::npos)
                then = i;
        }
        return first && then && *first < *then;
    }
    }
    return false;
}

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
                              p.kind != ProcessKind::ForkServer && p.kind != ProcessKind::Manager);
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
        runner.start();
        DriveResult r;
        try {
            r = drive(sched, policy, max_steps);
        } catch (...) {
            policy_error = std::current_exception();
        }
        if (r.deadlock || policy_error) {
            out.deadlock = r.deadlock;
            out.explanation = r.last.explanation;
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

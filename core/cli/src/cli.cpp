// proclab-cli: its commands (sessions, clean, top, trace, lessons, run, explore), one table entry each (see
// proclab/cli.h).
#include <proclab/cli/cli.h>

#include "commands.h"
#include "signal_stop.h"

#include <proclab/debris.h>
#include <proclab/errors.h>
#include <proclab/lessons/lesson.h>
#include <proclab/lessons/lesson_runner.h>
#include <proclab/process.h>
#include <proclab/session.h>
#include <proclab/system_processes.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <dirent.h>
#include <fstream>
#include <iomanip>
#include <mutex>
#include <ostream>
#include <poll.h>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace proclab {

namespace {

/// What the usage text says after the commands' lines.
constexpr const char* kUsageNotes =
    "\n"
    "run --live prints each transcript line as it happens (same format). run --step: step mode,\n"
    "each line read on stdin lets the lesson's main program run one step; end of stdin runs\n"
    "the rest (implies --live). run --python runs the lesson's Python code itself (python3, watched\n"
    "through the Python bridge) instead of its C++ twin, with the same kind of transcript; with\n"
    "--step its main process waits at each step's line.\n"
    "sessions also lists dead sessions (no process left, creator gone) with their leftover objects;\n"
    "clean removes every shared object of this user whose creator is dead and that no live process\n"
    "or live session uses, and prints what it removed (--dry-run: only prints).\n"
    "SESSION defaults to $PROCLAB_SESSION, else the only live session. top --all shows every process\n"
    "of the machine, top --user this user's (as top does, with what each one waits on).\n"
    "python runs python3 SCRIPT ARGS (or PATH, with --python) watched live in the session named by\n"
    "$PROCLAB_SESSION (created when it does not exist; a new one when none is named): its processes,\n"
    "queues, pipes, locks and pools show in `top` and in the window. stdin/stdout/stderr are the\n"
    "script's; the exit code is the script's (128+N when signal N ended it). --trace also writes a\n"
    "Chrome/Perfetto trace of the run; --start-method sets multiprocessing's default (fork, spawn,\n"
    "forkserver).\n"
    "run --schedule runs the lesson in scheduler mode: every process stops at each synchronization\n"
    "point and the schedule FILE (one process name per line) says who moves next; 'random' chooses\n"
    "at random (--seed N: the same seed, the same run). --save-schedule writes the moves taken.\n"
    "explore searches schedules with up to N switches away from a process that could go on (default\n"
    "2, breadth first, at most --max-runs runs) for one that reaches the lesson's goal, prints it,\n"
    "and says when none exists within the bound (exit code 1).\n"
    "LESSON is a lesson file, or a lesson's id (02_start_join), number (2) or slug (start_join).\n";

using cli::UsageError;

/// Adds `arg` to `positional`; UsageError when it is an option that command `cmd` does not know.
void add_positional(const std::string& cmd, const std::string& arg, std::vector<std::string>& positional)
{
    if (!arg.empty() && arg[0] == '-')
        throw UsageError{cmd + ": unknown option '" + arg + "'"};
    positional.push_back(arg);
}

/// The number after the option args[i], which `i` then names; UsageError when it is missing
/// ("OPTION needs `missing`") or not in [lo, hi] ("OPTION: 'ARG' is not `what`").
double number_after(const std::vector<std::string>& args, std::size_t& i, const std::string& missing,
                    const std::string& what, double lo, double hi)
{
    const std::string& option = args[i];
    if (i + 1 >= args.size())
        throw UsageError{option + " needs " + missing};
    char* end = nullptr;
    const double x = std::strtod(args[++i].c_str(), &end);
    if (!end || *end || !(x >= lo && x <= hi))
        throw UsageError{option + ": '" + args[i] + "' is not " + what};
    return x;
}

std::atomic<bool> g_interrupted{false};

std::string human_bytes(std::uint64_t b)
{
    char buf[32];
    if (b >= (std::uint64_t(1) << 30))
        std::snprintf(buf, sizeof buf, "%.1fG", double(b) / double(1 << 30));
    else if (b >= (1 << 20))
        std::snprintf(buf, sizeof buf, "%.1fM", double(b) / double(1 << 20));
    else if (b >= 1024)
        std::snprintf(buf, sizeof buf, "%.0fK", double(b) / 1024.0);
    else
        std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(b));
    return buf;
}

std::string fit(std::string s, std::size_t width)
{
    if (s.size() > width)
        s = s.substr(0, width - 1) + "~";
    return s;
}

std::string blocked_text(const Snapshot& snap, const ProcessRecord& p)
{
    if (p.state != RunState::Blocked)
        return p.task_function.empty() && p.task_id == 0
                   ? std::string()
                   : "task " + std::to_string(p.task_id) + (p.task_function.empty() ? "" : " " + p.task_function);
    std::string s(to_string(p.blocked_op));
    if (p.blocked_op == WaitOp::Join)
        return s + " " + std::to_string(p.blocked_pid);
    if (const ObjectRecord* o = snap.object(p.blocked_on))
        s += " " + o->label + "#" + std::to_string(o->id);
    const double secs = (double(snap.taken_ns) - double(p.blocked_since_ns)) / 1e9; // any values (a replay)
    char buf[32];
    std::snprintf(buf, sizeof buf, " %.1fs", secs);
    return s + buf;
}

} // namespace

void print_snapshot(const Snapshot& snap, std::ostream& out)
{
    std::size_t counts[7] = {};
    for (const auto& p : snap.processes)
        ++counts[static_cast<int>(p.state)];
    out << "session " << snap.session << " - " << snap.processes.size() << " processes: " << counts[1] << " running, "
        << counts[2] << " blocked, " << counts[3] << " stopped, " << counts[4] + counts[5] << " ended, " << counts[6]
        << " zombie\n\n";
    // Relayed processes of other hosts (MPI ranks on other nodes): a HOST column (empty: this host).
    const bool hosts = std::ranges::any_of(snap.processes, [](const ProcessRecord& p) { return p.remote(); });
    const auto host_column = [&](const std::string& text) -> std::ostream& {
        if (hosts)
            out << std::setw(17) << fit(text, 16);
        return out;
    };
    out << std::left << std::setw(8) << "PID";
    host_column("HOST") << std::setw(8) << "PPID" << std::setw(22) << "NAME" << std::setw(12) << "KIND" << std::setw(9)
                        << "STATE" << std::setw(28) << "BLOCKED-ON / TASK" << std::setw(16) << "EXIT" << std::right
                        << std::setw(7) << "CPU%" << std::setw(8) << "RSS"
                        << "\n";
    for (const auto& p : snap.processes) {
        char cpu[16];
        std::snprintf(cpu, sizeof cpu, "%.1f", p.cpu_percent);
        const bool live = !p.exitcode && p.state != RunState::Exited && !p.remote(); // a relayed one is not sampled
        out << std::left << std::setw(8) << p.pid;
        host_column(p.host) << std::setw(8) << p.ppid << std::setw(22) << fit(p.name, 21) << std::setw(12)
                            << fit(std::string(to_string(p.kind)), 11) << std::setw(9) << to_string(p.state)
                            << std::setw(28) << fit(blocked_text(snap, p), 27) << std::setw(16)
                            << (p.exitcode ? describe_exitcode(*p.exitcode) : std::string()) << std::right
                            << std::setw(7) << (live ? cpu : "") << std::setw(8)
                            << (live ? human_bytes(p.rss_bytes) : std::string()) << "\n";
    }
    bool header = false;
    for (const auto& o : snap.objects) {
        if (!o.alive)
            continue;
        if (!header) {
            out << "\n"
                << std::left << std::setw(6) << "ID" << std::setw(18) << "OBJECT" << std::setw(14) << "DEPTH/CAP"
                << std::setw(12) << "PUTS" << std::setw(12) << "GETS" << std::setw(8) << "OWNER" << std::setw(8)
                << "WAITERS"
                << "DETAIL\n";
            header = true;
        }
        std::string depth, detail;
        switch (o.kind) {
        case ObjectKind::Queue:
        case ObjectKind::Pipe:
            depth = std::to_string(o.depth) + "/" + (o.capacity ? std::to_string(o.capacity) : std::string("inf"));
            break;
        case ObjectKind::Semaphore:
        case ObjectKind::BoundedSemaphore:
            detail = "value " + std::to_string(o.value);
            break;
        case ObjectKind::Event:
            detail = o.value ? "set" : "clear";
            break;
        case ObjectKind::Barrier:
            detail = std::to_string(o.waiters) + " of " + std::to_string(o.capacity) + " waiting" +
                     (o.value < 0 ? ", broken" : "");
            break;
        case ObjectKind::Pool:
            detail = std::to_string(o.workers) + " workers; tasks " + std::to_string(o.tasks_queued) + " queued, " +
                     std::to_string(o.tasks_running) + " running, " + std::to_string(o.tasks_done) + " done, " +
                     std::to_string(o.tasks_failed) + " failed, " + std::to_string(o.tasks_lost) + " lost";
            break;
        default:
            break;
        }
        const bool counts_io = o.kind == ObjectKind::Queue || o.kind == ObjectKind::Pipe;
        out << std::left << std::setw(6) << o.id << std::setw(18) << fit(o.label, 17) << std::setw(14) << depth
            << std::setw(12) << (counts_io ? std::to_string(o.puts) : std::string()) << std::setw(12)
            << (counts_io ? std::to_string(o.gets) : std::string()) << std::setw(8)
            << (o.owner ? std::to_string(o.owner) : std::string()) << std::setw(8)
            << (o.waiters ? std::to_string(o.waiters) : std::string()) << detail << "\n";
    }
    const WaitForGraph g = Session::wait_for_graph(snap);
    for (const auto& line : g.explain(snap))
        out << "\n" << line << "\n";
}

namespace {

std::string pick_session(const std::vector<std::string>& positional)
{
    if (!positional.empty())
        return positional.front();
    if (const char* env = std::getenv(Session::kEnvVar); env && *env)
        return env;
    std::vector<SessionInfo> live;
    for (auto& s : Session::list())
        if (s.creator_alive)
            live.push_back(s);
    if (live.size() == 1)
        return live.front().name;
    if (live.empty())
        throw Error("no live session (start the GUI, or a program with Session::create; see `proclab-cli sessions`)");
    std::string names;
    for (const auto& s : live)
        names += " " + s.name;
    throw UsageError{"several live sessions; name one of:" + names};
}

int cmd_sessions(const std::vector<std::string>& args, std::ostream& out, std::ostream&)
{
    if (!args.empty())
        throw UsageError{"sessions takes no arguments"};
    const auto all = Session::list();
    out << std::left << std::setw(24) << "SESSION" << std::setw(10) << "CREATOR" << std::setw(8) << "ALIVE"
        << std::setw(11) << "PROCESSES"
        << "CREATED\n";
    for (const auto& s : all) {
        char when[32] = "";
        const std::time_t t = static_cast<std::time_t>(s.created_realtime_s);
        std::tm tm{};
        if (localtime_r(&t, &tm))
            std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
        const char* alive = !s.alive ? "dead" : s.creator_alive ? "yes" : "no";
        out << std::setw(24) << s.name << std::setw(10) << s.creator << std::setw(8) << alive << std::setw(11)
            << s.processes << when << "\n";
        for (const auto& name : s.leftovers)
            out << "  leftover " << name << "\n";
    }
    if (all.empty())
        out << "(no sessions)\n";
    std::size_t dead = 0;
    for (const auto& s : all)
        dead += s.alive ? 0 : 1;
    const std::size_t debris = cli::print_debris_summary(out);
    if (dead || debris)
        out << "dead sessions and leftovers of ended programs: `proclab-cli clean` removes them\n";
    return 0;
}

/// The machine's processes (every one, or this user's) as top shows them, a line each, by PID.
void print_system(const std::vector<SystemProcess>& rows, bool all, std::ostream& out)
{
    std::size_t running = 0, sleeping = 0, stopped = 0, zombie = 0;
    for (const auto& p : rows) {
        running += p.state == 'R';
        sleeping += p.state == 'S' || p.state == 'D' || p.state == 'I';
        stopped += p.state == 'T' || p.state == 't';
        zombie += p.state == 'Z';
    }
    out << (all ? "all processes" : "processes of this user") << " - " << rows.size() << ": " << running << " running, "
        << sleeping << " sleeping, " << stopped << " stopped, " << zombie << " zombie\n\n";
    out << std::left << std::setw(8) << "PID" << std::setw(8) << "PPID" << std::setw(10) << "USER" << std::right
        << std::setw(4) << "NI" << std::setw(5) << "THR" << std::setw(9) << "VIRT" << std::setw(8) << "RSS"
        << "  S" << std::setw(7) << "CPU%" << std::setw(6) << "MEM%"
        << "  " << std::left << std::setw(22) << "BLOCKED ON"
        << "COMMAND\n";
    for (const auto& p : rows) {
        char cpu[16], mem[16];
        std::snprintf(cpu, sizeof cpu, "%.1f", p.cpu_percent);
        std::snprintf(mem, sizeof mem, "%.1f", p.mem_percent);
        const std::string wait = p.wait == KernelWait::None ? std::string() : std::string(to_string(p.wait));
        out << std::left << std::setw(8) << p.pid << std::setw(8) << p.ppid << std::setw(10) << fit(p.user, 9)
            << std::right << std::setw(4) << p.nice << std::setw(5) << p.threads << std::setw(9)
            << human_bytes(p.vsize_bytes) << std::setw(8) << human_bytes(p.rss_bytes) << "  " << p.state << std::setw(7)
            << cpu << std::setw(6) << mem << "  " << std::left << std::setw(22) << fit(wait, 21) << fit(p.cmdline, 200)
            << "\n";
    }
}

int cmd_top(const std::vector<std::string>& args, std::ostream& out, std::ostream&)
{
    bool once = false;
    bool system_all = false, system_user = false;
    double interval = 1.0;
    std::vector<std::string> positional;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--once") {
            once = true;
        } else if (args[i] == "--interval") {
            interval = number_after(args, i, "a number of seconds", "a number of seconds from 0.1 to 60", 0.1, 60);
        } else if (args[i] == "--all") {
            system_all = true;
        } else if (args[i] == "--user") {
            system_user = true;
        } else {
            add_positional("top", args[i], positional);
        }
    }
    if (positional.size() > 1)
        throw UsageError{"top takes at most one SESSION"};
    if (system_all && system_user)
        throw UsageError{"top: --all and --user exclude each other"};
    if ((system_all || system_user) && !positional.empty())
        throw UsageError{"top --all / --user shows the machine's processes: no SESSION"};
    if (system_all || system_user) {
        SystemSampler sampler;
        SystemFilter filter;
        filter.scope = system_all ? SystemFilter::Scope::All : SystemFilter::Scope::User;
        filter.uid = ::geteuid();
        sampler.sample(filter); // CPU % is measured between two samples
        g_interrupted = false;
        auto old = std::signal(SIGINT, [](int) { g_interrupted = true; });
        do {
            std::this_thread::sleep_for(std::chrono::milliseconds(once ? 250 : static_cast<long>(interval * 1000)));
            std::ostringstream frame;
            if (!once)
                frame << "\x1b[H\x1b[2J";
            print_system(sampler.sample(filter), system_all, frame);
            if (!once)
                frame << "\n(Ctrl-C to quit)\n";
            out << frame.str() << std::flush;
        } while (!once && !g_interrupted);
        std::signal(SIGINT, old);
        return 0;
    }
    Session session = Session::open(pick_session(positional));
    session.snapshot(); // CPU % is measured between two samples
    if (once) {
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
        print_snapshot(session.snapshot(), out);
        return 0;
    }
    g_interrupted = false;
    auto old = std::signal(SIGINT, [](int) { g_interrupted = true; });
    while (!g_interrupted) {
        std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<long>(interval * 1000)));
        std::ostringstream frame;
        frame << "\x1b[H\x1b[2J";
        print_snapshot(session.snapshot(), frame);
        frame << "\n(Ctrl-C to quit)\n";
        out << frame.str() << std::flush;
    }
    std::signal(SIGINT, old);
    return 0;
}

int cmd_trace(const std::vector<std::string>& args, std::ostream& out, std::ostream&)
{
    std::string file, csv;
    std::vector<std::string> positional;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "-o" || args[i] == "--csv") {
            if (i + 1 >= args.size())
                throw UsageError{args[i] + " needs a file name"};
            (args[i] == "-o" ? file : csv) = args[i + 1];
            ++i;
        } else {
            add_positional("trace", args[i], positional);
        }
    }
    if (positional.size() != 1)
        throw UsageError{"trace needs exactly one SESSION"};
    if (file.empty())
        throw UsageError{"trace needs -o FILE.json"};
    Session session = Session::open(positional.front());
    const Snapshot snap = session.snapshot();
    EventBatch batch = session.events(0);
    std::ofstream f(file, std::ios::binary | std::ios::trunc);
    if (!f)
        throw Error("cannot write '" + file + "'");
    f << Session::chrome_trace(snap, batch.events);
    if (!f.flush())
        throw Error("cannot write '" + file + "'");
    if (!csv.empty()) {
        std::ofstream c(csv, std::ios::binary | std::ios::trunc);
        if (!(c << Session::processes_csv(snap)) || !c.flush())
            throw Error("cannot write '" + csv + "'");
    }
    out << "wrote " << file << ": " << snap.processes.size() << " processes, " << batch.events.size() << " events"
        << (batch.lost ? " (" + std::to_string(batch.lost) + " lost to ring overflow)" : std::string()) << "\n";
    return 0;
}

int cmd_lessons(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    if (!args.empty())
        throw UsageError{"lessons takes no arguments"};
    std::vector<LessonError> errors;
    const auto all = Lesson::load_all(&errors);
    for (const auto& l : all) {
        const std::string why = l.unavailable_reason();
        out << std::left << std::setw(4) << l.number << std::setw(30) << l.id << l.text_for("en").title
            << (why.empty() ? "" : "  (needs " + l.requires_feature + ")") << "\n";
    }
    for (const auto& e : errors)
        err << "proclab-cli: skipped " << e.what() << "\n";
    if (all.empty())
        out << "(no lessons found in:";
    if (all.empty()) {
        for (const auto& d : Lesson::search_dirs())
            out << " " << d;
        out << ")\n";
    }
    return 0;
}

// True when this process has no children left but trackers (orphans of the killed tree are
// reaped on the way, this process being their subreaper).
bool tree_gone()
{
    static_cast<void>(active_children());
    DIR* d = ::opendir("/proc/self/task");
    if (!d)
        return true;
    bool gone = true;
    while (dirent* e = ::readdir(d)) {
        if (e->d_name[0] == '.')
            continue;
        std::ifstream children(std::string("/proc/self/task/") + e->d_name + "/children");
        for (pid_t pid; children >> pid;) {
            std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
            std::string name;
            if (!(comm >> name) || name != "proclab-tracker")
                gone = false;
        }
    }
    ::closedir(d);
    return gone;
}

int cmd_run(const std::vector<std::string>& args, std::ostream& out, std::ostream&)
{
    // A lesson run inside a session (the window runs lessons this way) shows in that session.
    Session::attach_from_env();
    double speed = 1.0;
    std::string lang = "en";
    bool live = false, step_mode = false, python = false;
    cli::ScheduleOptions sched;
    std::vector<std::string> positional;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--schedule") {
            if (i + 1 >= args.size())
                throw UsageError{"--schedule needs a schedule file or 'random'"};
            sched.schedule = args[++i];
        } else if (args[i] == "--seed") {
            sched.seed = static_cast<std::uint64_t>(
                number_after(args, i, "a number", "a whole number from 0 to 2^53", 0, 9007199254740992.0));
        } else if (args[i] == "--save-schedule") {
            if (i + 1 >= args.size())
                throw UsageError{"--save-schedule needs a file"};
            sched.save = args[++i];
        } else if (args[i] == "--live") {
            live = true;
        } else if (args[i] == "--step") {
            step_mode = live = true;
        } else if (args[i] == "--python") {
            python = true;
        } else if (args[i] == "--speed") {
            speed = number_after(args, i, "a factor, e.g. 4", "a factor from 0.01 to 1000", 0.01, 1000);
        } else if (args[i] == "--lang") {
            if (i + 1 >= args.size() || (args[i + 1] != "en" && args[i + 1] != "zh_CN"))
                throw UsageError{"--lang takes en or zh_CN"};
            lang = args[++i];
        } else {
            add_positional("run", args[i], positional);
        }
    }
    if (positional.size() != 1)
        throw UsageError{"run needs exactly one LESSON"};
    Lesson lesson = Lesson::find(positional.front()); // LessonError: file:line:column, nothing runs
    const LessonText& text = lesson.text_for(lang);
    out << "Lesson " << lesson.number << ": " << text.title << "\n\n" << text.explanation << "\n\n";
    if (const std::string why = lesson.unavailable_reason(); !why.empty()) {
        out << "(not run: " << why << ")\n";
        return 1;
    }
    if (!sched.schedule.empty() && (python || step_mode || live))
        throw UsageError{"--schedule runs the lesson's steps in scheduler mode: not with --python, --step or --live"};
    if (sched.schedule.empty() && (!sched.save.empty() || args.end() != std::find(args.begin(), args.end(), "--seed")))
        throw UsageError{"--seed and --save-schedule go with --schedule"};
    if (python)
        return cli::run_lesson_python(lesson, speed, out, step_mode);
    if (!sched.schedule.empty()) {
        sched.speed = speed;
        sched.lang = lang;
        return cli::run_lesson_scheduled(lesson, sched, out);
    }
    char sp[32];
    std::snprintf(sp, sizeof sp, "%g", speed);
    out << "-- running at speed " << sp << " (times below are wall-clock seconds)\n" << std::flush;
    const std::size_t steps = lesson.steps.size();
    int stopped_by = 0;
    {
        LessonRunner runner(std::move(lesson), {.speed = speed, .step_mode = step_mode, .lang = lang});
        std::mutex out_mutex;
        if (live)
            runner.on_line([&](const TranscriptLine& l) {
                std::lock_guard g(out_mutex);
                out << l.format() << "\n" << std::flush;
            });
        runner.start(); // forks: before any thread of ours
        // SIGINT, SIGTERM, SIGHUP: the lesson's tree is stopped and this command ends as usual.
        cli::SignalStop signal_stop([&runner] { runner.stop(); });
        // Step mode: one step per line on stdin; at end of stdin the rest runs.
        std::atomic<bool> done{false};
        std::thread stepper;
        if (step_mode)
            stepper = std::thread([&] {
                std::string pending;
                while (!done.load()) {
                    pollfd p{0, POLLIN, 0};
                    const int r = ::poll(&p, 1, 100);
                    if (r < 0 && errno == EINTR)
                        continue;
                    if (r <= 0)
                        continue;
                    char buf[256];
                    const ssize_t n = ::read(0, buf, sizeof buf);
                    if (n < 0 && (errno == EINTR || errno == EAGAIN))
                        continue;
                    if (n <= 0) { // end of stdin: run the rest
                        for (std::size_t i = 0; i < steps; ++i)
                            runner.step();
                        return;
                    }
                    for (ssize_t i = 0; i < n; ++i)
                        if (buf[i] == '\n')
                            runner.step();
                }
            });
        const LessonTranscript t = runner.wait();
        done = true;
        if (stepper.joinable())
            stepper.join();
        if (!live)
            out << t.text();
        out << std::flush;
        stopped_by = signal_stop.signal();
    }
    // Stopped: the lesson's tree was killed. Once its processes are gone (this process adopted and
    // reaps the orphans), what they made and nobody holds any more is removed here, not left to a
    // tracker.
    if (stopped_by) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (!tree_gone() && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        static_cast<void>(sweep_debris());
    }
    return stopped_by ? 128 + stopped_by : 0;
}

int cmd_explore(const std::vector<std::string>& args, std::ostream& out, std::ostream&)
{
    cli::ExploreCommand o;
    std::vector<std::string> positional;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--goal") {
            // The lesson's own goal, the only one there is: accepted as the documented spelling.
        } else if (args[i] == "--preemptions") {
            o.preemptions = int(number_after(args, i, "a number", "a number of switches from 0 to 10", 0, 10));
        } else if (args[i] == "--max-runs") {
            o.max_runs = int(number_after(args, i, "a number", "a number of runs from 1 to 100000", 1, 100000));
        } else if (args[i] == "--save-schedule") {
            if (i + 1 >= args.size())
                throw UsageError{"--save-schedule needs a file"};
            o.save = args[++i];
        } else if (args[i] == "--lang") {
            if (i + 1 >= args.size() || (args[i + 1] != "en" && args[i + 1] != "zh_CN"))
                throw UsageError{"--lang takes en or zh_CN"};
            o.lang = args[++i];
        } else {
            add_positional("explore", args[i], positional);
        }
    }
    if (positional.size() != 1)
        throw UsageError{"explore needs exactly one LESSON"};
    const Lesson lesson = Lesson::find(positional.front());
    if (const std::string why = lesson.unavailable_reason(); !why.empty()) {
        out << "(not run: " << why << ")\n";
        return 1;
    }
    return cli::run_explore(lesson, o, out);
}

/// One command of proclab-cli: its name, its arguments as the usage text shows them, and what it does.
struct Command {
    std::string_view name;
    std::string_view usage;
    int (*run)(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
};

constexpr Command kCommands[] = {
    {"sessions", "", cmd_sessions},
    {"clean", "[--dry-run]", cli::cmd_clean},
    {"top", "[SESSION | --all | --user] [--once] [--interval SECONDS]", cmd_top},
    {"trace", "SESSION -o FILE.json [--csv FILE.csv]", cmd_trace},
    {"lessons", "", cmd_lessons},
    {"run",
     "LESSON [--speed X] [--lang en|zh_CN] [--live] [--step] [--python] [--schedule FILE|random [--seed N] "
     "[--save-schedule FILE]]",
     cmd_run},
    {"explore", "LESSON [--goal] [--preemptions N] [--max-runs N] [--save-schedule FILE] [--lang en|zh_CN]",
     cmd_explore},
    {"python", "[--trace FILE.json] [--python PATH] [--start-method M] SCRIPT [ARGS...]", cli::cmd_python},
};

/// "usage: proclab-cli sessions\n       proclab-cli top ...": a line per command, then the notes.
std::string usage_text()
{
    std::string s;
    for (const Command& c : kCommands)
        s += std::string(s.empty() ? "usage: " : "       ") + "proclab-cli " + std::string(c.name) +
             (c.usage.empty() ? "" : " ") + std::string(c.usage) + "\n";
    return s + kUsageNotes;
}

} // namespace

int cli_main(int argc, const char* const* argv, std::ostream& out, std::ostream& err)
{
    std::vector<std::string> args(argv + std::min(argc, 1), argv + argc);
    try {
        if (args.empty())
            throw UsageError{"no command given"};
        const std::string cmd = args.front();
        args.erase(args.begin());
        if (cmd == "-h" || cmd == "--help" || cmd == "help") {
            out << usage_text();
            return 0;
        }
        for (const Command& c : kCommands)
            if (c.name == cmd)
                return c.run(args, out, err);
        throw UsageError{"unknown command '" + cmd + "'"};
    } catch (const UsageError& e) {
        err << "proclab-cli: " << e.message << "\n\n" << usage_text();
        return 2;
    } catch (const std::exception& e) {
        err << "proclab-cli: " << e.what() << "\n";
        return 1;
    }
}

} // namespace proclab

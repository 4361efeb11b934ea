// bench_support.h: the scaffolding shared by the benchmarks that compare ProcLab with its peers in
// one run (bench_process, bench_channels, bench_pool, bench_manager): own flags and Google
// Benchmark's initialization, default repetitions, a console reporter that keeps each figure's
// median, the ratio table against the targets, the run of a Python peer script as manual time,
// and the "no child left behind" check at exit. Header-only: each benchmark is one program.
#pragma once

#include <proclab/proclab.h>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <poll.h>
#include <span>
#include <spawn.h>
#include <sstream>
#include <string>
#include <string_view>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace pbench {

using Clock = std::chrono::steady_clock;

/// Seconds elapsed since t0.
inline double seconds_since(Clock::time_point t0)
{
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// ---------------------------------------------------------------------------------------------
// Own flags, Google Benchmark's initialization, default repetitions

struct Options {
    bool smoke = false;       // --smoke, or PROCLAB_BENCH_SMOKE=1 (not 0) in the environment
    double scale = 1.0;       // --scale=F, where the benchmark takes it
    bool repetitions = false; // --benchmark_repetitions given: leave repetitions to Google Benchmark
    bool min_time = false;    // --benchmark_min_time given: leave it to Google Benchmark
};
inline Options g_options;

/// What a benchmark adds to the common flags.
struct Setup {
    bool scale = false;      // takes --scale=F (a positive number)
    bool interleave = false; // repetitions interleaved in random order, unless --smoke or given
    /// The benchmark's own other flags: true when `arg` is one (then taken away).
    std::function<bool(std::string_view arg)> flag;
};

/// Reads the own flags into g_options (removing them) and initializes Google Benchmark with the
/// rest; 0, or the exit status (2) for a bad command line.
inline int initialize(int argc, char** argv, const Setup& setup = {})
{
    if (const char* env = std::getenv("PROCLAB_BENCH_SMOKE"); env && *env && std::strcmp(env, "0") != 0)
        g_options.smoke = true;
    static std::vector<char*> args; // as main's argv: lives until the end of the program
    bool interleave_given = false;
    for (int i = 0; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (i > 0 && arg == "--smoke") {
            g_options.smoke = true;
        } else if (i > 0 && setup.scale && arg.starts_with("--scale=")) {
            g_options.scale = std::atof(argv[i] + std::strlen("--scale="));
            if (!(g_options.scale > 0)) {
                std::fprintf(stderr, "--scale must be a positive number\n");
                return 2;
            }
        } else if (!(i > 0 && setup.flag && setup.flag(arg))) {
            g_options.repetitions = g_options.repetitions || arg.starts_with("--benchmark_repetitions");
            g_options.min_time = g_options.min_time || arg.starts_with("--benchmark_min_time");
            interleave_given = interleave_given || arg.starts_with("--benchmark_enable_random_interleaving");
            args.push_back(argv[i]);
        }
    }
    static char interleave[] = "--benchmark_enable_random_interleaving=true";
    if (setup.interleave && !g_options.smoke && !interleave_given)
        args.push_back(interleave);
    int bench_argc = static_cast<int>(args.size());
    args.push_back(nullptr);
    benchmark::Initialize(&bench_argc, args.data());
    return benchmark::ReportUnrecognizedArguments(bench_argc, args.data()) ? 2 : 0;
}

/// How many operations a batch runs: `full` times --scale, or full / smoke_div (at least smoke_min)
/// in smoke mode.
inline std::size_t count(std::size_t full, std::size_t smoke_min, std::size_t smoke_div)
{
    if (g_options.smoke)
        return std::max<std::size_t>(smoke_min, full / smoke_div);
    return std::max<std::size_t>(1, std::size_t(double(full) * g_options.scale));
}

/// `n` repetitions of b (the tables show their median), unless in smoke mode or
/// --benchmark_repetitions was given.
inline benchmark::internal::Benchmark* repeat(benchmark::internal::Benchmark* b, int n)
{
    if (!g_options.smoke && !g_options.repetitions)
        b->Repetitions(n)->DisplayAggregatesOnly(true);
    return b;
}

/// Registers a benchmark that times itself (manual time) in one iteration a run, repeated `n` times.
template <class F>
benchmark::internal::Benchmark* add_manual(const char* name, F fn, benchmark::TimeUnit unit, int n = 3)
{
    auto* b = benchmark::RegisterBenchmark(name, std::move(fn));
    b->UseManualTime()->Unit(unit)->Iterations(1);
    return repeat(b, n);
}

// ---------------------------------------------------------------------------------------------
// Failures, children

inline bool g_failed = false;

/// Marks the run failed (exit status 1) and skips the benchmark with `message`.
inline void fail(benchmark::State& state, const std::string& message)
{
    g_failed = true;
    state.SkipWithError(message.c_str());
}

/// waitpid that retries on EINTR; true when the child exited with status 0 (else why, if given).
inline bool wait_exit0(pid_t pid, std::string* why = nullptr)
{
    int status = 0;
    for (;;) {
        const pid_t r = ::waitpid(pid, &status, 0);
        if (r == pid)
            break;
        if (r < 0 && errno == EINTR)
            continue;
        if (why)
            *why = std::string("waitpid: ") + std::strerror(errno);
        return false;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return true;
    if (why) {
        std::ostringstream s;
        if (WIFEXITED(status))
            s << "child exited with " << WEXITSTATUS(status);
        else if (WIFSIGNALED(status))
            s << "child killed by signal " << WTERMSIG(status);
        else
            s << "child status " << status;
        *why = s.str();
    }
    return false;
}

struct Child {
    pid_t pid;
    char state; // as in /proc/PID/stat: 'Z' for a zombie
    std::string comm;
};

/// The children of this process (running or zombie), from /proc.
inline std::vector<Child> children_of_self()
{
    std::vector<Child> out;
    const pid_t self = ::getpid();
    DIR* proc = ::opendir("/proc");
    if (!proc)
        return out;
    while (const dirent* e = ::readdir(proc)) {
        char* end = nullptr;
        const long pid = std::strtol(e->d_name, &end, 10);
        if (*end != '\0' || pid <= 0)
            continue;
        std::ifstream f("/proc/" + std::string(e->d_name) + "/stat");
        std::string stat;
        if (!std::getline(f, stat))
            continue;
        const size_t open = stat.find('(');
        const size_t close = stat.rfind(')');
        if (open == std::string::npos || close == std::string::npos || close + 4 >= stat.size())
            continue;
        std::istringstream rest(stat.substr(close + 2));
        char state = '?';
        long ppid = 0;
        rest >> state >> ppid;
        if (ppid == self)
            out.push_back({static_cast<pid_t>(pid), state, stat.substr(open + 1, close - open - 1)});
    }
    ::closedir(proc);
    return out;
}

/// The "no child left behind" check at exit: polls, up to 2 s, until no child of this process is
/// left (with allow_running, until none is a zombie), reaping through proclab::active_children()
/// (ProcLab's subreaper adopts the Python peers' orphans and reaps them lazily, as Python does);
/// prints those left; true when clean.
inline bool no_children_left(bool allow_running = false)
{
    using namespace std::chrono_literals;
    const auto settled = [allow_running](const std::vector<Child>& children) {
        for (const Child& c : children)
            if (!allow_running || c.state == 'Z')
                return false;
        return true;
    };
    const auto deadline = Clock::now() + 2s;
    proclab::active_children();
    std::vector<Child> left = children_of_self();
    while (!settled(left) && Clock::now() < deadline) {
        std::this_thread::sleep_for(50ms);
        proclab::active_children();
        left = children_of_self();
    }
    for (const Child& c : left) {
        if (!allow_running)
            std::printf("child left at the end: pid %d (%s) state %c%s\n", c.pid, c.comm.c_str(), c.state,
                        c.state == 'Z' ? "  <- ZOMBIE" : "");
        else if (c.state == 'Z')
            std::printf("ZOMBIE child left at the end: pid %d (%s)\n", c.pid, c.comm.c_str());
        else // a server ProcLab keeps until exit, or an adopted orphan still exiting
            std::printf("note: child still running before exit (reaped by ProcLab at exit): pid %d (%s)\n", c.pid,
                        c.comm.c_str());
    }
    return settled(left);
}

/// The exit status: 0, or 1 after a FAILED line when children were left (`left_behind` says
/// which) or a benchmark failed.
inline int exit_status(bool clean, const char* left_behind)
{
    if (!clean)
        std::printf("FAILED: %s left behind\n", left_behind);
    if (g_failed)
        std::printf("FAILED: a benchmark reported an error (see above)\n");
    std::fflush(stdout);
    return clean && !g_failed ? 0 : 1;
}

// ---------------------------------------------------------------------------------------------
// Python peers

/// The path of an executable `program` found in $PATH.
inline std::optional<std::string> find_in_path(const std::string& program)
{
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path ? path : "/usr/local/bin:/usr/bin:/bin");
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        const std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + program;
        if (::access(candidate.c_str(), X_OK) == 0)
            return candidate;
    }
    return std::nullopt;
}

/// Runs `python script args...` (args[0] names the mode); its stdout, or nullopt and *why. A peer
/// still running after `limit` is killed (with its process group) and reported: a benchmark never
/// hangs on a peer.
inline std::optional<std::string> run_script(const std::string& python, const char* script,
                                             const std::vector<std::string>& args, std::string* why,
                                             std::chrono::seconds limit = std::chrono::seconds(600))
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        *why = std::string("pipe2: ") + std::strerror(errno);
        return std::nullopt;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP); // its own group, killed whole on a hang
    posix_spawnattr_setpgroup(&attr, 0);
    std::vector<char*> argv{const_cast<char*>(python.c_str()), const_cast<char*>(script)};
    for (const std::string& a : args)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int rc = ::posix_spawn(&pid, python.c_str(), &actions, &attr, argv.data(), environ);
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    if (rc != 0) {
        ::close(fds[0]);
        *why = std::string("posix_spawn python3: ") + std::strerror(rc);
        return std::nullopt;
    }
    std::string out;
    char buf[4096];
    const auto deadline = std::chrono::steady_clock::now() + limit;
    bool timed_out = false;
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        pollfd p{fds[0], POLLIN, 0};
        const int ready = left.count() > 0 ? ::poll(&p, 1, static_cast<int>(left.count())) : 0;
        if (ready == 0) {
            timed_out = true;
            ::kill(-pid, SIGKILL);
            break;
        }
        if (ready < 0 && errno == EINTR)
            continue;
        const ssize_t got = ::read(fds[0], buf, sizeof buf);
        if (got > 0)
            out.append(buf, static_cast<size_t>(got));
        else if (got == 0 || errno != EINTR)
            break;
    }
    ::close(fds[0]);
    if (timed_out) {
        wait_exit0(pid);
        *why =
            "python peer (" + args.front() + "): still running after " + std::to_string(limit.count()) + " s: killed";
        return std::nullopt;
    }
    if (!wait_exit0(pid, why)) {
        *why = "python peer (" + args.front() + "): " + *why;
        return std::nullopt;
    }
    return out;
}

/// The number after "key": in a JSON object, if any.
inline std::optional<double> json_number(const std::string& json, const std::string& key)
{
    const std::string quoted = "\"" + key + "\":";
    const size_t at = json.find(quoted);
    if (at == std::string::npos)
        return std::nullopt;
    const char* begin = json.c_str() + at + quoted.size();
    char* end = nullptr;
    const double value = std::strtod(begin, &end); // skips the blank after the colon
    if (end == begin)
        return std::nullopt;
    return value;
}

/// A Python peer's benchmark body: each iteration runs `python3 script args...` and hands the
/// number it printed under `key` to each(value), which sets the manual time. A missing python3 or
/// a failing script skips the benchmark without failing the run: it is not ProcLab's failure.
template <class Each>
void python_peer(benchmark::State& state, const char* script, const std::vector<std::string>& args,
                 const std::string& key, Each each)
{
    const std::string& mode = args.front();
    const std::optional<std::string> python = find_in_path("python3");
    if (!python) {
        std::printf("python3 not found in PATH: Python peer '%s' skipped\n", mode.c_str());
        state.SkipWithError("python3 not found in PATH: peer skipped");
        return;
    }
    for (auto _ : state) {
        std::string why;
        const std::optional<std::string> out = run_script(*python, script, args, &why);
        const std::optional<double> value = out ? json_number(*out, key) : std::nullopt;
        if (!value) {
            const std::string message = out ? "python peer printed no " + key + ": " + *out : why;
            std::printf("Python peer '%s' skipped: %s\n", mode.c_str(), message.c_str());
            state.SkipWithError(message.c_str());
            break;
        }
        each(*value);
    }
}

// ---------------------------------------------------------------------------------------------
// Reporting

/// The console table, plus the real time per operation (ns) of every benchmark, by name: the
/// median of its repetitions when repeated (robust against a burst of load on the machine).
class Reporter : public benchmark::ConsoleReporter {
public:
    /// medians_only: a repeated benchmark shows its median alone (mean, stddev, cv go to
    /// --benchmark_out); otherwise every aggregate is shown.
    explicit Reporter(bool medians_only)
        : ConsoleReporter(::isatty(STDOUT_FILENO) ? OO_Defaults : OO_Tabular)
        , m_medians_only(medians_only)
    {
    }

    void ReportRuns(const std::vector<Run>& reports) override
    {
        for (const Run& run : reports) {
            if (run.error_occurred)
                continue;
            const bool median = run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
            if (run.run_type == Run::RT_Aggregate && !median)
                continue;
            const std::string& name = run.run_name.function_name;
            if (!median && m_from_median.count(name))
                continue;
            m_ns[name] = run.GetAdjustedRealTime() * 1e9 / benchmark::GetTimeUnitMultiplier(run.time_unit);
            if (median)
                m_from_median[name] = true;
        }
        if (!m_medians_only) {
            ConsoleReporter::ReportRuns(reports);
            return;
        }
        std::vector<Run> shown;
        for (const Run& run : reports)
            if (run.run_type != Run::RT_Aggregate || run.aggregate_name == "median")
                shown.push_back(run);
        if (!shown.empty())
            ConsoleReporter::ReportRuns(shown);
    }

    /// The real time per operation of benchmark `name` (ns), unless it failed or did not run.
    std::optional<double> ns(const std::string& name) const
    {
        const auto it = m_ns.find(name);
        return it == m_ns.end() ? std::nullopt : std::optional<double>(it->second);
    }

private:
    bool m_medians_only;
    std::map<std::string, double> m_ns;
    std::map<std::string, bool> m_from_median;
};

/// Runs the registered benchmarks into a Reporter, then tables(reporter) (the ratio tables),
/// prints how long the run took and shuts Google Benchmark down.
template <class Tables>
void run(bool medians_only, Tables tables)
{
    Reporter reporter(medians_only);
    const auto t0 = Clock::now();
    benchmark::RunSpecifiedBenchmarks(&reporter);
    const double seconds = seconds_since(t0);
    tables(reporter);
    std::printf("benchmarks ran in %.1f s%s\n", seconds, g_options.smoke ? " (smoke mode)" : "");
    benchmark::Shutdown();
}

/// One row of a ratio table: two benchmarks (the table's two figure columns) and a target.
struct Ratio {
    enum Kind {
        AtMost,     // ratio = first / second (what first costs against second), target a maximum
        AtLeast,    // ratio = first / second, target a minimum
        Info,       // ratio = first / second, informational
        Faster,     // ratio = second / first (first is ratio× faster), target a minimum
        InfoFaster, // ratio = second / first, informational
    };
    const char* label;
    const char* first;
    const char* second;
    Kind kind;
    double target;
};

/// The layout of a ratio table.
struct RatioTable {
    std::string title; // after an empty line
    int label_width;   // the comparison column
    const char* first_heading;
    const char* second_heading;
    std::string (*figure)(double ns); // a benchmark's figure as shown, from its ns per operation
    int figure_width = 12;
    int ratio_decimals = 2;
    const char* at_most = "<= %gx"; // the target column (printf, of the target)
    const char* at_least = ">= %gx";
    bool direction_note = false; // "  (faster)" or "  (cost)" after each result
};

/// Prints a ratio table: each row's two figures, their ratio and its target, PASS or MISS
/// (informational: a MISS does not fail the run), SKIPPED when a figure is missing.
inline void print_ratios(const Reporter& reporter, const RatioTable& table, std::span<const Ratio> rows)
{
    const int lw = table.label_width, fw = table.figure_width;
    std::printf("\n%s\n", table.title.c_str());
    std::printf("%-*s %*s %*s %9s %8s  %s\n", lw, "comparison", fw, table.first_heading, fw, table.second_heading,
                "ratio", "target", "result");
    for (const Ratio& r : rows) {
        const std::optional<double> first = reporter.ns(r.first);
        const std::optional<double> second = reporter.ns(r.second);
        char target[32] = "-";
        if (r.kind == Ratio::AtMost)
            std::snprintf(target, sizeof target, table.at_most, r.target);
        else if (r.kind == Ratio::AtLeast || r.kind == Ratio::Faster)
            std::snprintf(target, sizeof target, table.at_least, r.target);
        if (!first || !second || *first <= 0 || *second <= 0) {
            std::printf("%-*s %*s %*s %9s %8s  %s\n", lw, r.label, fw, first ? table.figure(*first).c_str() : "n/a", fw,
                        second ? table.figure(*second).c_str() : "n/a", "n/a", target, "SKIPPED");
            continue;
        }
        const bool faster = r.kind == Ratio::Faster || r.kind == Ratio::InfoFaster;
        const double ratio = faster ? *second / *first : *first / *second;
        const char* result = "info";
        if (r.kind == Ratio::AtMost)
            result = ratio <= r.target ? "PASS" : "MISS";
        else if (r.kind == Ratio::AtLeast || r.kind == Ratio::Faster)
            result = ratio >= r.target ? "PASS" : "MISS";
        const char* note = !table.direction_note ? "" : faster ? "  (faster)" : "  (cost)";
        std::printf("%-*s %*s %*s %8.*fx %8s  %s%s\n", lw, r.label, fw, table.figure(*first).c_str(), fw,
                    table.figure(*second).c_str(), table.ratio_decimals, ratio, target, result, note);
    }
}

} // namespace pbench

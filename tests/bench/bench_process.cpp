// bench_process: start+join of one child process, ProcLab against its peers in the same run.
//
//   ProcLab  Fork (registered task, task with an argument, lambda), ForkServer, Spawn, command(/bin/true)
//   Raw      fork+_exit+waitpid, posix_spawn(/bin/true)+waitpid, vfork+exec, fork+exec (/bin/true)
//   Python   multiprocessing.Process start+join with the fork, forkserver and spawn contexts
//            (python_process_peer.py, timed by the script itself and reported as manual time)
//
// After the table, a ratio table compares ProcLab with the peers against the project's targets
// (informational: a MISS does not fail the run).
//
// Own flags (removed before Google Benchmark sees the rest):
//   --smoke          3 iterations per benchmark, Python peers with N=3 (ctest bench_process_smoke);
//                    also PROCLAB_BENCH_SMOKE=1 in the environment
//   --python_n=N     number of timed start+join in each Python peer (default 200 fork/forkserver,
//                    30 spawn)
// Without --smoke and unless --benchmark_repetitions / --benchmark_min_time are given, each
// process benchmark runs 5 repetitions of at least 0.2 s, each Python peer 3 runs of its script,
// and the tables show their median.
// Exit status: 0, or 1 when a benchmark failed (a child did not exit 0) or a child of this
// process was left behind (running or zombie) at the end.

#include <proclab/proclab.h>

#include <benchmark/benchmark.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#ifndef PROCLAB_PYTHON_PEER
#define PROCLAB_PYTHON_PEER "python_process_peer.py"
#endif

extern char** environ;

void noop() {}
int noop_arg(int x)
{
    return x;
}
PROCLAB_TASK(noop);
PROCLAB_TASK(noop_arg);

namespace {

using namespace std::chrono_literals;

struct Config {
    bool smoke = false;
    int python_n = 0;         // 0: per-method default
    bool repetitions = false; // --benchmark_repetitions given: leave repetitions to Google Benchmark
    bool min_time = false;    // --benchmark_min_time given: leave it to Google Benchmark
};
Config g_config;
bool g_failed = false;

// ---------------------------------------------------------------------------------------------
// Helpers

/// waitpid that retries on EINTR; true when the child exited with status 0.
bool wait_exit0(pid_t pid, std::string* why = nullptr)
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

void fail(benchmark::State& state, const std::string& message)
{
    g_failed = true;
    state.SkipWithError(message.c_str());
}

char* const kTrueArgv[] = {const_cast<char*>("/bin/true"), nullptr};

// ---------------------------------------------------------------------------------------------
// Raw peers

void BM_raw_fork(benchmark::State& state)
{
    for (auto _ : state) {
        const pid_t pid = ::fork();
        if (pid == 0)
            ::_exit(0);
        std::string why;
        if (pid < 0 || !wait_exit0(pid, &why)) {
            fail(state, pid < 0 ? std::string("fork: ") + std::strerror(errno) : why);
            break;
        }
    }
}

void BM_raw_posix_spawn(benchmark::State& state)
{
    for (auto _ : state) {
        pid_t pid = 0;
        const int rc = ::posix_spawn(&pid, "/bin/true", nullptr, nullptr, kTrueArgv, environ);
        std::string why;
        if (rc != 0 || !wait_exit0(pid, &why)) {
            fail(state, rc != 0 ? std::string("posix_spawn: ") + std::strerror(rc) : why);
            break;
        }
    }
}

void BM_raw_vfork_exec(benchmark::State& state)
{
    for (auto _ : state) {
        const pid_t pid = ::vfork();
        if (pid == 0) {
            ::execve("/bin/true", kTrueArgv, environ);
            ::_exit(127);
        }
        std::string why;
        if (pid < 0 || !wait_exit0(pid, &why)) {
            fail(state, pid < 0 ? std::string("vfork: ") + std::strerror(errno) : why);
            break;
        }
    }
}

void BM_raw_fork_exec(benchmark::State& state)
{
    for (auto _ : state) {
        const pid_t pid = ::fork();
        if (pid == 0) {
            ::execve("/bin/true", kTrueArgv, environ);
            ::_exit(127);
        }
        std::string why;
        if (pid < 0 || !wait_exit0(pid, &why)) {
            fail(state, pid < 0 ? std::string("fork: ") + std::strerror(errno) : why);
            break;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// ProcLab

template <class Make>
void run_proclab(benchmark::State& state, Make make)
{
    try {
        for (auto _ : state) {
            proclab::Process p = make();
            p.start();
            p.join();
            const std::optional<int> rc = p.exitcode();
            if (rc != 0) {
                fail(state, "child exit code " + (rc ? std::to_string(*rc) : std::string("none")));
                break;
            }
        }
    } catch (const std::exception& e) {
        fail(state, std::string("exception: ") + e.what());
    }
}

proclab::Process with_method(proclab::Process p, proclab::StartMethod method)
{
    p.set_start_method(method);
    return p;
}

void BM_proclab_fork_task(benchmark::State& state)
{
    run_proclab(state, [] { return with_method(proclab::Process(noop), proclab::StartMethod::Fork); });
}

void BM_proclab_fork_task_arg(benchmark::State& state)
{
    run_proclab(state, [] { return with_method(proclab::Process(noop_arg, 7), proclab::StartMethod::Fork); });
}

void BM_proclab_fork_lambda(benchmark::State& state)
{
    run_proclab(state, [] { return with_method(proclab::Process([] {}), proclab::StartMethod::Fork); });
}

void BM_proclab_forkserver_task(benchmark::State& state)
{
    run_proclab(state, [] { return with_method(proclab::Process(noop), proclab::StartMethod::ForkServer); });
}

void BM_proclab_forkserver_task_arg(benchmark::State& state)
{
    run_proclab(state, [] { return with_method(proclab::Process(noop_arg, 7), proclab::StartMethod::ForkServer); });
}

void BM_proclab_spawn_task(benchmark::State& state)
{
    run_proclab(state, [] { return with_method(proclab::Process(noop), proclab::StartMethod::Spawn); });
}

void BM_proclab_command_true(benchmark::State& state)
{
    run_proclab(state, [] { return proclab::Process::command({"/bin/true"}); });
}

// ---------------------------------------------------------------------------------------------
// Python peers

std::optional<std::string> find_in_path(const std::string& program)
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

/// Runs the peer script; its stdout, or an error message in *why.
std::optional<std::string> run_python_peer(const std::string& python, const std::string& method, int n, int warmup,
                                           std::string* why)
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        *why = std::string("pipe2: ") + std::strerror(errno);
        return std::nullopt;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    const std::string n_arg = std::to_string(n);
    const std::string warmup_arg = std::to_string(warmup);
    std::vector<char*> argv{const_cast<char*>(python.c_str()),     const_cast<char*>(PROCLAB_PYTHON_PEER),
                            const_cast<char*>(method.c_str()),     const_cast<char*>(n_arg.c_str()),
                            const_cast<char*>(warmup_arg.c_str()), nullptr};
    pid_t pid = 0;
    const int rc = ::posix_spawn(&pid, python.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    if (rc != 0) {
        ::close(fds[0]);
        *why = std::string("posix_spawn python3: ") + std::strerror(rc);
        return std::nullopt;
    }
    std::string out;
    char buf[4096];
    for (;;) {
        const ssize_t got = ::read(fds[0], buf, sizeof buf);
        if (got > 0)
            out.append(buf, static_cast<size_t>(got));
        else if (got == 0 || errno != EINTR)
            break;
    }
    ::close(fds[0]);
    if (!wait_exit0(pid, why)) {
        *why = "python peer (" + method + "): " + *why;
        return std::nullopt;
    }
    return out;
}

std::optional<double> json_number(const std::string& json, const std::string& key)
{
    const std::string quoted = "\"" + key + "\":";
    const size_t at = json.find(quoted);
    if (at == std::string::npos)
        return std::nullopt;
    const char* begin = json.c_str() + at + quoted.size();
    char* end = nullptr;
    const double value = std::strtod(begin, &end);
    if (end == begin)
        return std::nullopt;
    return value;
}

void BM_python(benchmark::State& state, const std::string& method, int default_n)
{
    const int n = g_config.smoke ? 3 : (g_config.python_n > 0 ? g_config.python_n : default_n);
    const int warmup = g_config.smoke ? 1 : 5;
    const std::optional<std::string> python = find_in_path("python3");
    if (!python) {
        std::cout << "python3 not found in PATH: Python peer '" << method << "' skipped\n";
        state.SkipWithError("python3 not found in PATH: peer skipped");
        return;
    }
    for (auto _ : state) {
        std::string why;
        const std::optional<std::string> out = run_python_peer(*python, method, n, warmup, &why);
        const std::optional<double> mean_ns = out ? json_number(*out, "mean_ns") : std::nullopt;
        if (!mean_ns) {
            // A broken Python installation is not ProcLab's failure: report it, do not fail the run.
            const std::string message = out ? "python peer printed no mean_ns: " + *out : why;
            std::cout << "Python peer '" << method << "' skipped: " << message << '\n';
            state.SkipWithError(message.c_str());
            break;
        }
        state.SetIterationTime(*mean_ns * 1e-9);
    }
    state.counters["py_n"] = n;
}

// ---------------------------------------------------------------------------------------------
// Reporting

/// The console table, plus the per-op real time of every benchmark (ns), keyed by its name.
class CapturingReporter : public benchmark::ConsoleReporter {
public:
    using benchmark::ConsoleReporter::ConsoleReporter;

    void ReportRuns(const std::vector<Run>& reports) override
    {
        for (const Run& run : reports) {
            if (run.error_occurred)
                continue;
            // With repetitions, the median (robust against a burst of load on the machine).
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
        // The table shows each benchmark once: its median when it was repeated (mean, stddev and cv
        // go to --benchmark_out).
        std::vector<Run> shown;
        for (const Run& run : reports)
            if (run.run_type != Run::RT_Aggregate || run.aggregate_name == "median")
                shown.push_back(run);
        if (!shown.empty())
            ConsoleReporter::ReportRuns(shown);
    }

    std::optional<double> ns(const std::string& name) const
    {
        const auto it = m_ns.find(name);
        return it == m_ns.end() ? std::nullopt : std::optional<double>(it->second);
    }

private:
    std::map<std::string, double> m_ns;
    std::map<std::string, bool> m_from_median;
};

struct Ratio {
    const char* label;
    const char* numerator;
    const char* denominator;
    enum Kind { AtMost, AtLeast, Info } kind;
    double target;
};

std::string format_us(double ns)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", ns / 1000.0);
    return buf;
}

void print_ratios(const CapturingReporter& reporter)
{
    const Ratio rows[] = {
        {"ProcLab Fork task / raw fork+_exit+waitpid", "ProcLab/Fork/task", "Raw/fork_exit_waitpid", Ratio::AtMost,
         1.5},
        {"ProcLab Fork task(int) / raw fork+_exit+waitpid", "ProcLab/Fork/task_arg", "Raw/fork_exit_waitpid",
         Ratio::AtMost, 1.5},
        {"ProcLab Fork lambda / raw fork+_exit+waitpid", "ProcLab/Fork/lambda", "Raw/fork_exit_waitpid", Ratio::AtMost,
         1.5},
        {"Python fork / ProcLab Fork task", "Python/fork", "ProcLab/Fork/task", Ratio::AtLeast, 10},
        {"Python forkserver / ProcLab ForkServer task", "Python/forkserver", "ProcLab/ForkServer/task", Ratio::AtLeast,
         20},
        {"ProcLab Spawn task / raw fork+exec /bin/true", "ProcLab/Spawn/task", "Raw/fork_exec_true", Ratio::AtMost, 2},
        {"ProcLab command(/bin/true) / raw posix_spawn", "ProcLab/command_true", "Raw/posix_spawn_true", Ratio::Info,
         0},
        {"Python spawn / ProcLab Spawn task", "Python/spawn", "ProcLab/Spawn/task", Ratio::Info, 0},
        {"ProcLab ForkServer task / ProcLab Fork task", "ProcLab/ForkServer/task", "ProcLab/Fork/task", Ratio::Info, 0},
    };
    std::printf("\nRatios (per start+join, real time; targets are informational)\n");
    std::printf("%-50s %12s %12s %9s %8s  %s\n", "comparison", "num us/op", "den us/op", "ratio", "target", "result");
    for (const Ratio& r : rows) {
        const std::optional<double> num = reporter.ns(r.numerator);
        const std::optional<double> den = reporter.ns(r.denominator);
        char target[16] = "-";
        if (r.kind == Ratio::AtMost)
            std::snprintf(target, sizeof target, "<= %.1fx", r.target);
        else if (r.kind == Ratio::AtLeast)
            std::snprintf(target, sizeof target, ">= %.0fx", r.target);
        if (!num || !den || *den <= 0) {
            std::printf("%-50s %12s %12s %9s %8s  %s\n", r.label, num ? format_us(*num).c_str() : "n/a",
                        den ? format_us(*den).c_str() : "n/a", "n/a", target, "SKIPPED");
            continue;
        }
        const double ratio = *num / *den;
        const char* result = "info";
        if (r.kind == Ratio::AtMost)
            result = ratio <= r.target ? "PASS" : "MISS";
        else if (r.kind == Ratio::AtLeast)
            result = ratio >= r.target ? "PASS" : "MISS";
        std::printf("%-50s %12s %12s %8.2fx %8s  %s\n", r.label, format_us(*num).c_str(), format_us(*den).c_str(),
                    ratio, target, result);
    }
    if (g_config.smoke)
        std::printf("(smoke mode: 3 iterations each, Python N=3: the figures are not meaningful)\n");
    else if (!g_config.repetitions)
        std::printf("(each figure: median of 5 repetitions of >= 0.2 s for processes, of 3 runs of the script "
                    "for Python)\n");
    std::fflush(stdout);
}

// ---------------------------------------------------------------------------------------------
// Leftovers: children of this process still present (running or zombie) at the end.

struct Child {
    pid_t pid;
    char state;
    std::string comm;
};

std::vector<Child> children_of_self()
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

/// Children not reaped by the end of the run. ProcLab keeps a ForkServer server alive until exit
/// (it is a child of ours and is not a leftover); its reaper may also need a moment for orphans
/// adopted from the Python peers. So: wait up to 2 s for zombies to go, then report.
bool check_leftovers()
{
    // The subreaper adopts the Python peers' orphans (their forkserver and resource tracker);
    // ProcLab reaps adopted orphans lazily, as Python does, in active_children() among others.
    proclab::active_children();
    std::vector<Child> left;
    for (int i = 0; i < 40; ++i) {
        left = children_of_self();
        bool zombie = false;
        for (const Child& c : left)
            zombie = zombie || c.state == 'Z';
        if (!zombie)
            break;
        std::this_thread::sleep_for(50ms);
        proclab::active_children();
    }
    bool bad = false;
    for (const Child& c : left) {
        if (c.state == 'Z')
            std::printf("ZOMBIE child left at the end: pid %d (%s)\n", c.pid, c.comm.c_str());
        else // the ForkServer's server, or an adopted orphan still exiting: ProcLab reaps them at exit
            std::printf("note: child still running before exit (reaped by ProcLab at exit): pid %d (%s)\n", c.pid,
                        c.comm.c_str());
        bad = bad || c.state == 'Z';
    }
    return !bad;
}

void register_benchmarks()
{
    const bool smoke = g_config.smoke;
    auto process = [smoke](const char* name, void (*fn)(benchmark::State&)) {
        auto* b = benchmark::RegisterBenchmark(name, fn);
        b->UseRealTime()->Unit(benchmark::kMicrosecond);
        if (smoke) {
            b->Iterations(3);
        } else {
            // The machine may be busy (a 2-core box shared with builds): several short repetitions
            // and their median resist a burst of load better than one long run.
            if (!g_config.repetitions)
                b->Repetitions(5)->DisplayAggregatesOnly(true);
            if (!g_config.min_time)
                b->MinTime(0.2);
        }
    };
    process("Raw/fork_exit_waitpid", BM_raw_fork);
    process("Raw/posix_spawn_true", BM_raw_posix_spawn);
    process("Raw/vfork_exec_true", BM_raw_vfork_exec);
    process("Raw/fork_exec_true", BM_raw_fork_exec);
    process("ProcLab/Fork/task", BM_proclab_fork_task);
    process("ProcLab/Fork/task_arg", BM_proclab_fork_task_arg);
    process("ProcLab/Fork/lambda", BM_proclab_fork_lambda);
    process("ProcLab/ForkServer/task", BM_proclab_forkserver_task);
    process("ProcLab/ForkServer/task_arg", BM_proclab_forkserver_task_arg);
    process("ProcLab/Spawn/task", BM_proclab_spawn_task);
    process("ProcLab/command_true", BM_proclab_command_true);

    auto python = [](const char* name, const char* method, int default_n) {
        auto* b = benchmark::RegisterBenchmark(
            name, [method, default_n](benchmark::State& s) { BM_python(s, method, default_n); });
        b->UseManualTime()->Unit(benchmark::kMicrosecond)->Iterations(1);
        if (!g_config.smoke && !g_config.repetitions)
            b->Repetitions(3)->DisplayAggregatesOnly(true);
    };
    python("Python/fork", "fork", 200);
    python("Python/forkserver", "forkserver", 200);
    python("Python/spawn", "spawn", 30);
}

} // namespace

int main(int argc, char** argv)
{
    // A process started by Spawn re-executes this binary: it runs its task here and never returns.
    proclab::freeze_support();

    // Start the ForkServer's server now, while this process has a single thread; Process objects
    // then choose their start method one by one (Fork stays the default).
    proclab::set_start_method(proclab::StartMethod::ForkServer);
    proclab::set_start_method(proclab::StartMethod::Fork);

    // Our own flags, removed before Google Benchmark parses the rest.
    if (const char* env = std::getenv("PROCLAB_BENCH_SMOKE"); env && *env && std::strcmp(env, "0") != 0)
        g_config.smoke = true;
    std::vector<char*> args;
    for (int i = 0; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (i > 0 && arg == "--smoke") {
            g_config.smoke = true;
        } else if (i > 0 && arg.starts_with("--python_n=")) {
            g_config.python_n = std::atoi(argv[i] + std::strlen("--python_n="));
        } else {
            if (arg.starts_with("--benchmark_repetitions"))
                g_config.repetitions = true;
            if (arg.starts_with("--benchmark_min_time"))
                g_config.min_time = true;
            args.push_back(argv[i]);
        }
    }
    int bench_argc = static_cast<int>(args.size());
    args.push_back(nullptr);

    benchmark::Initialize(&bench_argc, args.data());
    if (benchmark::ReportUnrecognizedArguments(bench_argc, args.data()))
        return 2;

    register_benchmarks();
    CapturingReporter reporter(::isatty(STDOUT_FILENO) ? benchmark::ConsoleReporter::OO_Defaults
                                                       : benchmark::ConsoleReporter::OO_Tabular);
    const auto t0 = std::chrono::steady_clock::now();
    benchmark::RunSpecifiedBenchmarks(&reporter);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    print_ratios(reporter);
    std::printf("benchmarks ran in %.1f s%s\n", seconds, g_config.smoke ? " (smoke mode)" : "");
    benchmark::Shutdown();

    const bool clean = check_leftovers();
    if (!clean)
        std::printf("FAILED: zombie children left behind\n");
    if (g_failed)
        std::printf("FAILED: a benchmark reported an error (see above)\n");
    std::fflush(stdout);
    return clean && !g_failed ? 0 : 1;
}

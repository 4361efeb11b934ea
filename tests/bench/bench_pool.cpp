// bench_pool: Pool throughput, ProcLab against Python's multiprocessing.Pool and
// concurrent.futures.ProcessPoolExecutor in the same run, 2 workers each (fork start method).
//
//   map of N trivial tasks (x + 1) at chunksize 1 and at the default (automatic) chunksize
//   N_apply x apply_async, then get() of each
//   imap at chunksize 1 over N tasks
//
// Python peers: python_pool_peer.py, which times the operation itself (pool created and warmed up
// first); ProcLab likewise times the operation on a started pool. Each figure is reported as the
// time per task (manual time), and the ratio table compares tasks per second against the
// project's targets (informational: a MISS does not fail the run).
//
// Own flags (removed before Google Benchmark sees the rest):
//   --smoke        N = 2,000, N_apply = 500, one run each (ctest bench_pool_smoke); also
//                  PROCLAB_BENCH_SMOKE=1 in the environment
//   --n=N          tasks of the map / imap benchmarks (default 100,000)
//   --n_apply=N    apply_async calls (default 20,000)
// Without --smoke, each ProcLab figure is the median of 5 runs, each Python figure of 3 runs.
// Exit status: 0, or 1 when a benchmark failed (wrong results, an exception) or a child process
// was left behind.

#include <proclab/proclab.h>

#include <benchmark/benchmark.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <map>
#include <numeric>
#include <optional>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#ifndef PROCLAB_PYTHON_POOL_PEER
#define PROCLAB_PYTHON_POOL_PEER "python_pool_peer.py"
#endif

extern char** environ;

int inc(int x)
{
    return x + 1;
}
PROCLAB_TASK(inc);

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

struct Config {
    bool smoke = false;
    int n = 100000;
    int n_apply = 20000;
};
Config g_config;
bool g_failed = false;
constexpr int kWorkers = 2;

void fail(benchmark::State& state, const std::string& message)
{
    g_failed = true;
    state.SkipWithError(message.c_str());
}

std::vector<int> inputs(int n)
{
    std::vector<int> xs(static_cast<size_t>(n));
    std::iota(xs.begin(), xs.end(), 0);
    return xs;
}

bool check(const std::vector<int>& out, int n)
{
    if (out.size() != static_cast<size_t>(n))
        return false;
    for (int i = 0; i < n; ++i)
        if (out[static_cast<size_t>(i)] != i + 1)
            return false;
    return true;
}

/// Runs `op` (returning the results) on a started, warmed-up 2-worker pool; manual time per task.
template <class Op>
void run_proclab(benchmark::State& state, int n, Op op)
{
    try {
        proclab::Pool pool({.processes = kWorkers});
        pool.map(inc, inputs(kWorkers * 4), 1); // warm-up
        for (auto _ : state) {
            const auto t0 = Clock::now();
            const std::vector<int> out = op(pool);
            const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
            if (!check(out, n)) {
                fail(state, "wrong results");
                break;
            }
            state.SetIterationTime(seconds / n);
        }
        pool.close();
        pool.join();
    } catch (const std::exception& e) {
        fail(state, std::string("exception: ") + e.what());
    }
    state.counters["n"] = n;
}

void BM_map_c1(benchmark::State& state)
{
    const auto xs = inputs(g_config.n);
    run_proclab(state, g_config.n, [&](proclab::Pool& p) { return p.map(inc, xs, 1); });
}

void BM_map_default(benchmark::State& state)
{
    const auto xs = inputs(g_config.n);
    run_proclab(state, g_config.n, [&](proclab::Pool& p) { return p.map(inc, xs); });
}

void BM_apply_async(benchmark::State& state)
{
    const int n = g_config.n_apply;
    run_proclab(state, n, [n](proclab::Pool& p) {
        std::vector<proclab::AsyncResult<int>> rs;
        rs.reserve(static_cast<size_t>(n));
        for (int i = 0; i < n; ++i)
            rs.push_back(p.apply_async(inc, i));
        std::vector<int> out;
        out.reserve(static_cast<size_t>(n));
        for (auto& r : rs)
            out.push_back(r.get(60s));
        return out;
    });
}

void BM_imap_c1(benchmark::State& state)
{
    const auto xs = inputs(g_config.n);
    run_proclab(state, g_config.n, [&](proclab::Pool& p) {
        std::vector<int> out;
        out.reserve(xs.size());
        auto it = p.imap(inc, xs, 1);
        while (auto v = it.next(60s))
            out.push_back(*v);
        return out;
    });
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

std::optional<std::string> run_python_peer(const std::string& python, const std::string& what, int n,
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
    const std::string w_arg = std::to_string(kWorkers);
    std::vector<char*> argv{const_cast<char*>(python.c_str()), const_cast<char*>(PROCLAB_PYTHON_POOL_PEER),
                            const_cast<char*>(what.c_str()),   const_cast<char*>(n_arg.c_str()),
                            const_cast<char*>(w_arg.c_str()),  nullptr};
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
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        *why = "python peer (" + what + ") failed, status " + std::to_string(status);
        return std::nullopt;
    }
    return out;
}

std::optional<double> json_number(const std::string& json, const std::string& key)
{
    const std::string quoted = "\"" + key + "\": ";
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

void BM_python(benchmark::State& state, const std::string& what, bool apply_sized)
{
    const int n = apply_sized ? g_config.n_apply : g_config.n;
    const std::optional<std::string> python = find_in_path("python3");
    if (!python) {
        state.SkipWithError("python3 not found in PATH: peer skipped");
        return;
    }
    for (auto _ : state) {
        std::string why;
        const std::optional<std::string> out = run_python_peer(*python, what, n, &why);
        const std::optional<double> seconds = out ? json_number(*out, "seconds") : std::nullopt;
        if (!seconds) {
            // A broken Python installation is not ProcLab's failure: report it, do not fail the run.
            const std::string message = out ? "python peer printed no seconds: " + *out : why;
            std::cout << "Python peer '" << what << "' skipped: " << message << '\n';
            state.SkipWithError(message.c_str());
            break;
        }
        state.SetIterationTime(*seconds / n);
    }
    state.counters["n"] = n;
}

// ---------------------------------------------------------------------------------------------
// Reporting

class CapturingReporter : public benchmark::ConsoleReporter {
public:
    using benchmark::ConsoleReporter::ConsoleReporter;

    void ReportRuns(const std::vector<Run>& reports) override
    {
        std::vector<Run> shown;
        for (const Run& run : reports) {
            const bool median = run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
            if (run.run_type == Run::RT_Aggregate && !median)
                continue;
            shown.push_back(run);
            if (run.error_occurred)
                continue;
            const std::string& name = run.run_name.function_name;
            if (!median && m_median.count(name))
                continue;
            m_ns[name] = run.GetAdjustedRealTime() * 1e9 / benchmark::GetTimeUnitMultiplier(run.time_unit);
            if (median)
                m_median[name] = true;
        }
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
    std::map<std::string, bool> m_median;
};

void print_ratios(const CapturingReporter& reporter)
{
    struct Row {
        const char* label;
        const char* proclab;
        const char* peer;
        double target; // 0: informational
    };
    const Row rows[] = {
        {"map chunksize 1 vs Python Pool.map", "ProcLab/map_c1", "Python/pool_map_c1", 20},
        {"map default chunksize vs Python Pool.map", "ProcLab/map_default", "Python/pool_map_default", 5},
        {"apply_async+get vs Python Pool.apply_async", "ProcLab/apply_async", "Python/pool_apply_async", 20},
        {"imap chunksize 1 vs Python Pool.imap", "ProcLab/imap_c1", "Python/pool_imap_c1", 0},
        {"map chunksize 1 vs Python PPE.map", "ProcLab/map_c1", "Python/ppe_map_c1", 0},
        {"map default chunksize vs Python PPE.map(N/8)", "ProcLab/map_default", "Python/ppe_map_default", 0},
        {"apply_async+get vs Python PPE.submit", "ProcLab/apply_async", "Python/ppe_submit", 0},
    };
    auto rate = [](double ns) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.0f", 1e9 / ns);
        return std::string(buf);
    };
    std::printf("\nRatios (tasks per second, %d workers; ratio = ProcLab / peer; targets are informational)\n",
                kWorkers);
    std::printf("%-46s %14s %14s %9s %8s  %s\n", "comparison", "ProcLab t/s", "peer t/s", "ratio", "target",
                "result");
    for (const Row& r : rows) {
        const auto mine = reporter.ns(r.proclab);
        const auto peer = reporter.ns(r.peer);
        char target[16] = "-";
        if (r.target > 0)
            std::snprintf(target, sizeof target, ">= %.0fx", r.target);
        if (!mine || !peer || *mine <= 0) {
            std::printf("%-46s %14s %14s %9s %8s  %s\n", r.label, mine ? rate(*mine).c_str() : "n/a",
                        peer ? rate(*peer).c_str() : "n/a", "n/a", target, "SKIPPED");
            continue;
        }
        const double ratio = *peer / *mine;
        const char* result = r.target > 0 ? (ratio >= r.target ? "PASS" : "MISS") : "info";
        std::printf("%-46s %14s %14s %8.2fx %8s  %s\n", r.label, rate(*mine).c_str(), rate(*peer).c_str(), ratio,
                    target, result);
    }
    if (g_config.smoke)
        std::printf("(smoke mode: N=%d, one run each: the figures are not meaningful)\n", g_config.n);
    else
        std::printf("(N=%d map/imap tasks, %d apply_async; medians of 5 ProcLab runs and 3 Python runs)\n",
                    g_config.n, g_config.n_apply);
    std::fflush(stdout);
}

void register_benchmarks()
{
    const bool smoke = g_config.smoke;
    auto add = [smoke](const char* name, void (*fn)(benchmark::State&)) {
        auto* b = benchmark::RegisterBenchmark(name, fn);
        b->UseManualTime()->Unit(benchmark::kNanosecond)->Iterations(1);
        if (!smoke)
            b->Repetitions(5)->DisplayAggregatesOnly(true);
    };
    add("ProcLab/map_c1", BM_map_c1);
    add("ProcLab/map_default", BM_map_default);
    add("ProcLab/apply_async", BM_apply_async);
    add("ProcLab/imap_c1", BM_imap_c1);
    auto python = [smoke](const char* name, const char* what, bool apply_sized) {
        auto* b = benchmark::RegisterBenchmark(
            name, [what, apply_sized](benchmark::State& s) { BM_python(s, what, apply_sized); });
        b->UseManualTime()->Unit(benchmark::kNanosecond)->Iterations(1);
        if (!smoke)
            b->Repetitions(3)->DisplayAggregatesOnly(true);
    };
    python("Python/pool_map_c1", "pool_map_c1", false);
    python("Python/pool_map_default", "pool_map_default", false);
    python("Python/pool_apply_async", "pool_apply_async", true);
    python("Python/pool_imap_c1", "pool_imap_c1", false);
    python("Python/ppe_map_c1", "ppe_map_c1", false);
    python("Python/ppe_map_default", "ppe_map_default", false);
    python("Python/ppe_submit", "ppe_submit", true);
}

bool no_children_left()
{
    proclab::active_children();
    for (int i = 0; i < 100; ++i) {
        bool any = false;
        for (const auto& c : proclab::active_children())
            any = any || c.pid > 0;
        if (!any)
            return true;
        ::usleep(20000);
    }
    return false;
}

} // namespace

int main(int argc, char** argv)
{
    proclab::freeze_support();
    if (const char* env = std::getenv("PROCLAB_BENCH_SMOKE"); env && *env && std::strcmp(env, "0") != 0)
        g_config.smoke = true;
    std::vector<char*> args;
    for (int i = 0; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (i > 0 && arg == "--smoke")
            g_config.smoke = true;
        else if (i > 0 && arg.starts_with("--n="))
            g_config.n = std::atoi(argv[i] + 4);
        else if (i > 0 && arg.starts_with("--n_apply="))
            g_config.n_apply = std::atoi(argv[i] + 10);
        else
            args.push_back(argv[i]);
    }
    if (g_config.smoke) {
        g_config.n = 2000;
        g_config.n_apply = 500;
    }
    int bench_argc = static_cast<int>(args.size());
    args.push_back(nullptr);
    benchmark::Initialize(&bench_argc, args.data());
    if (benchmark::ReportUnrecognizedArguments(bench_argc, args.data()))
        return 2;

    register_benchmarks();
    CapturingReporter reporter(::isatty(STDOUT_FILENO) ? benchmark::ConsoleReporter::OO_Defaults
                                                       : benchmark::ConsoleReporter::OO_Tabular);
    const auto t0 = Clock::now();
    benchmark::RunSpecifiedBenchmarks(&reporter);
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    print_ratios(reporter);
    std::printf("benchmarks ran in %.1f s%s\n", seconds, g_config.smoke ? " (smoke mode)" : "");
    benchmark::Shutdown();

    const bool clean = no_children_left();
    if (!clean)
        std::printf("FAILED: pool workers left behind\n");
    if (g_failed)
        std::printf("FAILED: a benchmark reported an error (see above)\n");
    std::fflush(stdout);
    return clean && !g_failed ? 0 : 1;
}

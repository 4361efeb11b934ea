// bench_manager: proxy calls through ProcLab's Manager against Python's multiprocessing.Manager(),
// in the same run.
//
//   ProcLab  ping (a bare round trip), Value get() (a proxy method call), Queue put+get in one
//            process, Queue 1→1 (a forked producer puts, this process gets), Lock acquire+release
//   Python   the same through multiprocessing.Manager() (python_manager_peer.py, timed by the script
//            itself and reported as manual time)
//
// Every figure is the real time of ONE operation. After the table, a ratio table compares ProcLab
// with Python against the target (>= 10x faster for the proxy call and queue put/get).
//
// Own flags (removed before Google Benchmark sees the rest):
//   --smoke          small counts, one repetition (ctest bench_manager_smoke)
//   --scale=F        multiply every count by F (default 1)
// Exit status: 0, or 1 when a benchmark failed or a child of this process was left behind.

#include <proclab/proclab.h>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#ifndef PROCLAB_PYTHON_MANAGER_PEER
#define PROCLAB_PYTHON_MANAGER_PEER "python_manager_peer.py"
#endif

extern char** environ;

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

struct Config {
    bool smoke = false;
    double scale = 1.0;
    bool repetitions = false;
};
Config g_config;
bool g_failed = false;

std::size_t count(std::size_t full)
{
    if (g_config.smoke)
        return std::max<std::size_t>(100, full / 200);
    return std::max<std::size_t>(1, std::size_t(double(full) * g_config.scale));
}

double seconds_since(Clock::time_point t0)
{
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

void fail(benchmark::State& state, const std::string& message)
{
    g_failed = true;
    state.SkipWithError(message.c_str());
}

/// One manager for the whole run (started before any clock), as the Python peer does.
proclab::Manager& manager()
{
    static proclab::Manager m;
    return m;
}

/// Runs `body(n)` (returns seconds, or < 0 with *why) once per iteration, reported per operation.
void run_batch(benchmark::State& state, std::size_t n, const std::function<double(std::size_t, std::string*)>& body)
{
    for (auto _ : state) {
        std::string why;
        double seconds = -1;
        try {
            seconds = body(n, &why);
        } catch (const std::exception& e) {
            why = std::string("exception: ") + e.what();
        }
        if (seconds < 0) {
            fail(state, why);
            return;
        }
        state.SetIterationTime(seconds / double(n));
    }
    state.counters["n"] = double(n);
}

double ping(std::size_t n, std::string*)
{
    auto v = manager().Value<int>(0);
    v.ping();
    const auto t0 = Clock::now();
    for (std::size_t i = 0; i < n; ++i)
        v.ping();
    return seconds_since(t0);
}

double value_get(std::size_t n, std::string* why)
{
    auto v = manager().Value<int>(7);
    v.get();
    long sum = 0;
    const auto t0 = Clock::now();
    for (std::size_t i = 0; i < n; ++i)
        sum += v.get();
    const double s = seconds_since(t0);
    if (sum != long(7 * n)) {
        *why = "wrong values";
        return -1;
    }
    return s;
}

double queue_put_get(std::size_t n, std::string* why)
{
    auto q = manager().Queue<std::uint64_t>();
    q.qsize();
    std::uint64_t sum = 0;
    const auto t0 = Clock::now();
    for (std::size_t i = 0; i < n; ++i) {
        q.put(i);
        sum += q.get();
    }
    const double s = seconds_since(t0);
    if (sum != std::uint64_t(n) * (n - 1) / 2) {
        *why = "wrong values";
        return -1;
    }
    return s;
}

double queue_1to1(std::size_t n, std::string* why)
{
    auto q = manager().Queue<std::uint64_t>();
    auto go = manager().Event();
    proclab::Process producer([q, go, n] {
        go.wait();
        for (std::size_t i = 0; i < n; ++i)
            q.put(i);
    });
    producer.set_start_method(proclab::StartMethod::Fork);
    producer.start();
    q.qsize(); // this proxy's connection exists before the clock starts
    const auto t0 = Clock::now();
    go.set();
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < n; ++i)
        sum += q.get();
    const double s = seconds_since(t0);
    producer.join();
    if (producer.exitcode() != 0 || sum != std::uint64_t(n) * (n - 1) / 2) {
        *why = "producer failed or wrong values";
        return -1;
    }
    return s;
}

double lock_acquire_release(std::size_t n, std::string*)
{
    auto l = manager().Lock();
    l.acquire();
    l.release();
    const auto t0 = Clock::now();
    for (std::size_t i = 0; i < n; ++i) {
        l.acquire();
        l.release();
    }
    return seconds_since(t0);
}

// ---------------------------------------------------------------------------------------------
// Python peer

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

std::optional<std::string> run_python_peer(const std::string& python, const std::string& mode, std::size_t n,
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
    std::vector<char*> argv{const_cast<char*>(python.c_str()), const_cast<char*>(PROCLAB_PYTHON_MANAGER_PEER),
                            const_cast<char*>(mode.c_str()), const_cast<char*>(n_arg.c_str()), nullptr};
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
            out.append(buf, std::size_t(got));
        else if (got == 0 || errno != EINTR)
            break;
    }
    ::close(fds[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        *why = "python peer (" + mode + ") failed with status " + std::to_string(status);
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

void BM_python(benchmark::State& state, const std::string& mode, std::size_t full_n)
{
    const std::size_t n = count(full_n);
    const std::optional<std::string> python = find_in_path("python3");
    if (!python) {
        std::printf("python3 not found in PATH: Python peer '%s' skipped\n", mode.c_str());
        state.SkipWithError("python3 not found in PATH: peer skipped");
        return;
    }
    for (auto _ : state) {
        std::string why;
        const std::optional<std::string> out = run_python_peer(*python, mode, n, &why);
        const std::optional<double> mean_ns = out ? json_number(*out, "mean_ns") : std::nullopt;
        if (!mean_ns) {
            // A broken Python installation is not ProcLab's failure: report it, do not fail the run.
            const std::string message = out ? "python peer printed no mean_ns: " + *out : why;
            std::printf("Python peer '%s' skipped: %s\n", mode.c_str(), message.c_str());
            state.SkipWithError(message.c_str());
            break;
        }
        state.SetIterationTime(*mean_ns * 1e-9);
    }
    state.counters["n"] = double(n);
}

// ---------------------------------------------------------------------------------------------
// Reporting

class CapturingReporter : public benchmark::ConsoleReporter {
public:
    using benchmark::ConsoleReporter::ConsoleReporter;
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
        ConsoleReporter::ReportRuns(reports);
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

void print_ratios(const CapturingReporter& reporter)
{
    struct Row {
        const char* label;
        const char* ours;
        const char* python;
        double target; // 0: informational
    };
    const Row rows[] = {
        {"proxy call round trip (Value get)", "ProcLab/Manager/call", "Python/Manager/call", 10},
        {"queue put+get through the manager", "ProcLab/Manager/queue_put_get", "Python/Manager/queue_put_get", 10},
        {"queue 1->1 (forked producer)", "ProcLab/Manager/queue_1to1", "Python/Manager/queue_1to1", 10},
        {"Lock acquire+release", "ProcLab/Manager/lock", "Python/Manager/lock", 0},
        {"bare round trip (ping) vs Python call", "ProcLab/Manager/ping", "Python/Manager/call", 0},
    };
    std::printf("\nRatios against Python's multiprocessing.Manager() (real time per operation)\n");
    std::printf("%-40s %12s %12s %9s %8s  %s\n", "comparison", "ProcLab us", "Python us", "ratio", "target", "result");
    for (const Row& r : rows) {
        const auto a = reporter.ns(r.ours);
        const auto b = reporter.ns(r.python);
        char target[16] = "-";
        if (r.target > 0)
            std::snprintf(target, sizeof target, ">= %gx", r.target);
        if (!a || !b || *a <= 0 || *b <= 0) {
            std::printf("%-40s %12s %12s %9s %8s  SKIPPED\n", r.label, a ? std::to_string(*a / 1e3).c_str() : "n/a",
                        b ? std::to_string(*b / 1e3).c_str() : "n/a", "n/a", target);
            continue;
        }
        const double ratio = *b / *a;
        std::printf("%-40s %12.2f %12.2f %8.1fx %8s  %s\n", r.label, *a / 1e3, *b / 1e3, ratio, target,
                    r.target > 0 ? (ratio >= r.target ? "PASS" : "MISS") : "info");
    }
    if (g_config.smoke)
        std::printf("(smoke mode: small counts, one repetition: the figures are not meaningful)\n");
    std::fflush(stdout);
}

/// Children of this process still present at the end (running or zombie).
std::vector<pid_t> children_of_self()
{
    std::vector<pid_t> out;
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
        const size_t close = stat.rfind(')');
        if (close == std::string::npos || close + 4 >= stat.size())
            continue;
        std::istringstream rest(stat.substr(close + 2));
        char state = '?';
        long ppid = 0;
        rest >> state >> ppid;
        if (ppid == self)
            out.push_back(pid_t(pid));
    }
    ::closedir(proc);
    return out;
}

void register_benchmarks()
{
    auto batch = [](const char* name, std::size_t full_n, std::function<double(std::size_t, std::string*)> body) {
        const std::size_t n = count(full_n);
        auto* b = benchmark::RegisterBenchmark(name, [n, body](benchmark::State& s) { run_batch(s, n, body); });
        b->UseManualTime()->Unit(benchmark::kMicrosecond)->Iterations(1);
        if (!g_config.smoke && !g_config.repetitions)
            b->Repetitions(3)->DisplayAggregatesOnly(true);
    };
    auto python = [](const char* name, const char* mode, std::size_t full_n) {
        auto* b = benchmark::RegisterBenchmark(name, [mode, full_n](benchmark::State& s) { BM_python(s, mode, full_n); });
        b->UseManualTime()->Unit(benchmark::kMicrosecond)->Iterations(1);
        if (!g_config.smoke && !g_config.repetitions)
            b->Repetitions(3)->DisplayAggregatesOnly(true);
    };
    batch("ProcLab/Manager/ping", 50'000, ping);
    batch("ProcLab/Manager/call", 50'000, value_get);
    batch("ProcLab/Manager/queue_put_get", 25'000, queue_put_get);
    batch("ProcLab/Manager/queue_1to1", 50'000, queue_1to1);
    batch("ProcLab/Manager/lock", 25'000, lock_acquire_release);
    python("Python/Manager/call", "call", 10'000);
    python("Python/Manager/queue_put_get", "putget", 5'000);
    python("Python/Manager/queue_1to1", "queue1to1", 10'000);
    python("Python/Manager/lock", "lock", 5'000);
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
        if (i > 0 && arg == "--smoke") {
            g_config.smoke = true;
        } else if (i > 0 && arg.starts_with("--scale=")) {
            g_config.scale = std::atof(argv[i] + std::strlen("--scale="));
            if (!(g_config.scale > 0)) {
                std::fprintf(stderr, "--scale must be a positive number\n");
                return 2;
            }
        } else {
            if (arg.starts_with("--benchmark_repetitions"))
                g_config.repetitions = true;
            args.push_back(argv[i]);
        }
    }
    static char interleave[] = "--benchmark_enable_random_interleaving=true";
    bool interleave_given = false;
    for (const char* a : args)
        interleave_given = interleave_given || std::string_view(a).starts_with("--benchmark_enable_random_interleaving");
    if (!g_config.smoke && !interleave_given)
        args.push_back(interleave);
    int bench_argc = int(args.size());
    args.push_back(nullptr);
    benchmark::Initialize(&bench_argc, args.data());
    if (benchmark::ReportUnrecognizedArguments(bench_argc, args.data()))
        return 2;

    manager(); // started before any clock (and while this process has one thread)
    register_benchmarks();
    CapturingReporter reporter(::isatty(STDOUT_FILENO) ? benchmark::ConsoleReporter::OO_Defaults
                                                       : benchmark::ConsoleReporter::OO_Tabular);
    const auto t0 = Clock::now();
    benchmark::RunSpecifiedBenchmarks(&reporter);
    const double seconds = seconds_since(t0);
    print_ratios(reporter);
    std::printf("benchmarks ran in %.1f s%s\n", seconds, g_config.smoke ? " (smoke mode)" : "");
    benchmark::Shutdown();
    manager().shutdown();

    proclab::active_children();
    std::vector<pid_t> left;
    for (int i = 0; i < 40 && !(left = children_of_self()).empty(); ++i) {
        std::this_thread::sleep_for(50ms);
        proclab::active_children();
    }
    for (const pid_t p : left)
        std::printf("child left at the end: pid %d\n", int(p));
    if (!left.empty())
        std::printf("FAILED: children left behind\n");
    if (g_failed)
        std::printf("FAILED: a benchmark reported an error (see above)\n");
    std::fflush(stdout);
    return left.empty() && !g_failed ? 0 : 1;
}

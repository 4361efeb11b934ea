// bench_process: start+join of one child process, ProcLab against its peers in the same run.
//
//   ProcLab  Fork (registered task, task with an argument, lambda), ForkServer, Spawn, command(/bin/true)
//   Raw      fork+_exit+waitpid, posix_spawn(/bin/true)+waitpid, vfork+exec, fork+exec (/bin/true),
//            fork+exec of this program (which exits at once: the peer of Spawn, which re-executes it)
//   Python   multiprocessing.Process start+join with the fork, forkserver and spawn contexts
//            (python_process_peer.py, timed by the script itself and reported as manual time)
//
// Counters: child_minflt, the minor page faults of each child (getrusage RUSAGE_CHILDREN; for
// ForkServer, the server's cminflt: its workers are its children), and parent_minflt, this
// process's own per start+join (copy-on-write of what it writes while a child shares its pages).
//
// After the table, a ratio table compares ProcLab with the peers against the project's targets
// (informational: a MISS does not fail the run).
//
// Own flags (removed before Google Benchmark sees the rest):
//   --smoke          3 iterations per benchmark, Python peers with N=3 (ctest bench.bench_process_smoke);
//                    also PROCLAB_BENCH_SMOKE=1 in the environment
//   --python_n=N     number of timed start+join in each Python peer (default 200 fork/forkserver,
//                    30 spawn)
// Without --smoke and unless --benchmark_repetitions / --benchmark_min_time are given, each
// process benchmark runs 5 repetitions of at least 0.2 s, each Python peer 3 runs of its script,
// and the tables show their median.
// Exit status: 0, or 1 when a benchmark failed (a child did not exit 0) or a child of this
// process was left behind (running or zombie) at the end.

#include <proclab/proclab.h>

#include "bench_support.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

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

using pbench::fail;
using pbench::wait_exit0;

struct Config {
    int python_n = 0; // 0: per-method default
};
Config g_config;

char* const kTrueArgv[] = {const_cast<char*>("/bin/true"), nullptr};
constexpr const char* kExitAtOnce = "--exit-at-once"; // argv[1] of the fork+exec-self peer
std::string g_self;                                   // this program's path

long own_minflt(int who)
{
    rusage ru{};
    ::getrusage(who, &ru);
    return ru.ru_minflt;
}

// The fork server's pid (a child of ours named proclab-fsrv), or 0.
pid_t g_server = 0;

// cminflt (field 11 of /proc/PID/stat): the minor faults of PID's reaped children.
long server_children_minflt()
{
    std::ifstream f("/proc/" + std::to_string(g_server) + "/stat");
    const std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    const auto close = text.rfind(')');
    if (close == std::string::npos)
        return 0;
    std::istringstream in(text.substr(close + 2));
    std::string field;
    for (int i = 3; i <= 11 && in >> field; ++i)
        if (i == 11)
            return std::atol(field.c_str());
    return 0;
}

/// Minor faults per start+join, of the children and of this process, as counters.
class FaultCount {
public:
    explicit FaultCount(bool server)
        : m_server(server)
        , m_child(children())
        , m_self(own_minflt(RUSAGE_SELF))
    {
    }
    void report(benchmark::State& state) const
    {
        const double n = std::max<double>(1, double(state.iterations()));
        state.counters["child_minflt"] = double(children() - m_child) / n;
        state.counters["parent_minflt"] = double(own_minflt(RUSAGE_SELF) - m_self) / n;
    }

private:
    long children() const { return m_server ? server_children_minflt() : own_minflt(RUSAGE_CHILDREN); }
    bool m_server;
    long m_child;
    long m_self;
};

// ---------------------------------------------------------------------------------------------
// Raw peers

void BM_raw_fork(benchmark::State& state)
{
    const FaultCount faults(false);
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
    faults.report(state);
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

void BM_raw_fork_exec_self(benchmark::State& state)
{
    char* const argv[] = {g_self.data(), const_cast<char*>(kExitAtOnce), nullptr};
    for (auto _ : state) {
        const pid_t pid = ::fork();
        if (pid == 0) {
            ::execve(g_self.c_str(), argv, environ);
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
void run_proclab(benchmark::State& state, Make make, bool server = false)
{
    const FaultCount faults(server);
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
    faults.report(state);
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
    run_proclab(
        state, [] { return with_method(proclab::Process(noop), proclab::StartMethod::ForkServer); }, true);
}

void BM_proclab_forkserver_task_arg(benchmark::State& state)
{
    run_proclab(
        state, [] { return with_method(proclab::Process(noop_arg, 7), proclab::StartMethod::ForkServer); }, true);
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

void BM_python(benchmark::State& state, const std::string& method, int default_n)
{
    const bool smoke = pbench::g_options.smoke;
    const int n = smoke ? 3 : (g_config.python_n > 0 ? g_config.python_n : default_n);
    const int warmup = smoke ? 1 : 5;
    pbench::python_peer(state, PROCLAB_PYTHON_PEER, {method, std::to_string(n), std::to_string(warmup)}, "mean_ns",
                        [&state](double mean_ns) { state.SetIterationTime(mean_ns * 1e-9); });
    state.counters["py_n"] = n;
}

// ---------------------------------------------------------------------------------------------
// Reporting

std::string format_us(double ns)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", ns / 1000.0);
    return buf;
}

void print_ratios(const pbench::Reporter& reporter)
{
    using pbench::Ratio;
    const Ratio rows[] = {
        {"ProcLab Fork task / raw fork+_exit+waitpid", "ProcLab/Fork/task", "Raw/fork_exit_waitpid", Ratio::AtMost,
         1.3},
        {"ProcLab Fork task(int) / raw fork+_exit+waitpid", "ProcLab/Fork/task_arg", "Raw/fork_exit_waitpid",
         Ratio::AtMost, 1.3},
        {"ProcLab Fork lambda / raw fork+_exit+waitpid", "ProcLab/Fork/lambda", "Raw/fork_exit_waitpid", Ratio::AtMost,
         1.3},
        {"ProcLab ForkServer task / raw fork+_exit+waitpid", "ProcLab/ForkServer/task", "Raw/fork_exit_waitpid",
         Ratio::AtMost, 1.5},
        {"ProcLab ForkServer task(int) / raw fork+_exit+waitpid", "ProcLab/ForkServer/task_arg",
         "Raw/fork_exit_waitpid", Ratio::AtMost, 1.5},
        {"ProcLab Spawn task / raw fork+exec of this program", "ProcLab/Spawn/task", "Raw/fork_exec_self",
         Ratio::AtMost, 1.0},
        {"ProcLab command(/bin/true) / raw fork+exec /bin/true", "ProcLab/command_true", "Raw/fork_exec_true",
         Ratio::AtMost, 1.0},
        {"ProcLab Spawn task / raw fork+exec /bin/true", "ProcLab/Spawn/task", "Raw/fork_exec_true", Ratio::Info, 0},
        {"ProcLab command(/bin/true) / raw posix_spawn", "ProcLab/command_true", "Raw/posix_spawn_true", Ratio::Info,
         0},
        {"Python fork / ProcLab Fork task", "Python/fork", "ProcLab/Fork/task", Ratio::AtLeast, 10},
        {"Python forkserver / ProcLab ForkServer task", "Python/forkserver", "ProcLab/ForkServer/task", Ratio::AtLeast,
         20},
        {"Python spawn / ProcLab Spawn task", "Python/spawn", "ProcLab/Spawn/task", Ratio::Info, 0},
        {"ProcLab ForkServer task / ProcLab Fork task", "ProcLab/ForkServer/task", "ProcLab/Fork/task", Ratio::Info, 0},
    };
    pbench::print_ratios(reporter,
                         {.title = "Ratios (per start+join, real time; targets are informational)",
                          .label_width = 50,
                          .first_heading = "num us/op",
                          .second_heading = "den us/op",
                          .figure = format_us,
                          .at_most = "<= %.1fx",
                          .at_least = ">= %.0fx"},
                         rows);
    if (pbench::g_options.smoke)
        std::printf("(smoke mode: 3 iterations each, Python N=3: the figures are not meaningful)\n");
    else if (!pbench::g_options.repetitions)
        std::printf("(each figure: median of 5 repetitions of >= 0.2 s for processes, of 3 runs of the script "
                    "for Python)\n");
    std::fflush(stdout);
}

void register_benchmarks()
{
    auto process = [](const char* name, void (*fn)(benchmark::State&)) {
        auto* b = benchmark::RegisterBenchmark(name, fn);
        b->UseRealTime()->Unit(benchmark::kMicrosecond);
        if (pbench::g_options.smoke) {
            b->Iterations(3);
        } else {
            // The machine may be busy (a 2-core box shared with builds): several short repetitions
            // and their median resist a burst of load better than one long run.
            pbench::repeat(b, 5);
            if (!pbench::g_options.min_time)
                b->MinTime(0.2);
        }
    };
    process("Raw/fork_exit_waitpid", BM_raw_fork);
    process("Raw/posix_spawn_true", BM_raw_posix_spawn);
    process("Raw/vfork_exec_true", BM_raw_vfork_exec);
    process("Raw/fork_exec_true", BM_raw_fork_exec);
    process("Raw/fork_exec_self", BM_raw_fork_exec_self);
    process("ProcLab/Fork/task", BM_proclab_fork_task);
    process("ProcLab/Fork/task_arg", BM_proclab_fork_task_arg);
    process("ProcLab/Fork/lambda", BM_proclab_fork_lambda);
    process("ProcLab/ForkServer/task", BM_proclab_forkserver_task);
    process("ProcLab/ForkServer/task_arg", BM_proclab_forkserver_task_arg);
    process("ProcLab/Spawn/task", BM_proclab_spawn_task);
    process("ProcLab/command_true", BM_proclab_command_true);

    auto python = [](const char* name, const char* method, int default_n) {
        pbench::add_manual(
            name, [method, default_n](benchmark::State& s) { BM_python(s, method, default_n); },
            benchmark::kMicrosecond);
    };
    python("Python/fork", "fork", 200);
    python("Python/forkserver", "forkserver", 200);
    python("Python/spawn", "spawn", 30);
}

} // namespace

int main(int argc, char** argv)
{
    if (argc == 2 && std::strcmp(argv[1], kExitAtOnce) == 0)
        return 0; // the fork+exec-self peer's child
    // A process started by Spawn re-executes this binary: it runs its task here and never returns.
    proclab::freeze_support();

    // Start the ForkServer's server now, while this process has a single thread; Process objects
    // then choose their start method one by one (Fork stays the default).
    proclab::set_start_method(proclab::StartMethod::ForkServer);
    proclab::set_start_method(proclab::StartMethod::Fork);
    {
        char path[4096];
        const ssize_t n = ::readlink("/proc/self/exe", path, sizeof path - 1);
        g_self = n > 0 ? std::string(path, static_cast<size_t>(n)) : std::string(argv[0]);
    }
    for (int i = 0; i < 200 && g_server == 0; ++i) { // the server names itself once it runs
        for (const pbench::Child& c : pbench::children_of_self())
            if (c.comm == "proclab-fsrv")
                g_server = c.pid;
        if (g_server == 0)
            usleep(5000);
    }

    const auto python_n = [](std::string_view arg) {
        if (!arg.starts_with("--python_n="))
            return false;
        g_config.python_n = std::atoi(arg.data() + std::strlen("--python_n="));
        return true;
    };
    if (const int rc = pbench::initialize(argc, argv, {.flag = python_n}); rc != 0)
        return rc;

    register_benchmarks();
    pbench::run(true, print_ratios);

    // Children not reaped by the end of the run. ProcLab keeps a ForkServer server alive until
    // exit (a child of ours, not a leftover): only zombies count.
    return pbench::exit_status(pbench::no_children_left(true), "zombie children");
}

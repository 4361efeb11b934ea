// bench_system: the cost of reading the machine's process table, with 2,000 live processes started
// by the bench (sleep, in one process group), beside procps in the same run:
//   SystemSampler::sample() (libproc2, every process, with what each one waits on) per tick,
//   `top -b -n 1` and `ps -e` (spawned, output to /dev/null) per run,
//   the GUI thread's work per tick in the All processes scope: SystemFeed's merge, the process
//   model and proxy, and the painted ProcessesPanel (offscreen), at 1 Hz.
// At the end: the ratios sampler / top and sampler / ps, and the process's RSS.
//
//   bench_system              2,000 sleeping processes
//   bench_system --smoke      20 (ctest bench.bench_system_smoke): figures not meaningful
#include "controllers/session_feed.h"
#include "controllers/system_feed.h"
#include "models/process_table_model.h"
#include "panels/processes_panel.h"

#include <proclab/clock.h>
#include <proclab/system_processes.h>

#include <benchmark/benchmark.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QTreeView>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace {

bool g_smoke = false;
std::map<std::string, double> g_ms; // mean wall ms per iteration, by benchmark

double threadCpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e9 + double(ts.tv_nsec);
}

double rssMb()
{
    std::ifstream f("/proc/self/status");
    std::string line;
    while (std::getline(f, line))
        if (line.rfind("VmRSS:", 0) == 0)
            return std::stod(line.substr(6)) / 1024.0;
    return 0;
}

// The sleeping processes: one process group, killed and reaped at the end.
class Sleepers {
public:
    explicit Sleepers(int n)
    {
        posix_spawnattr_t attr;
        posix_spawnattr_init(&attr);
        posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
        char sleep[] = "sleep", seconds[] = "600";
        char* argv[] = {sleep, seconds, nullptr};
        for (int i = 0; i < n; ++i) {
            posix_spawnattr_setpgroup(&attr, m_group);
            pid_t pid = 0;
            if (posix_spawnp(&pid, "sleep", nullptr, &attr, argv, environ) != 0)
                break;
            if (m_group == 0)
                m_group = pid;
            m_pids.push_back(pid);
        }
        posix_spawnattr_destroy(&attr);
    }
    Sleepers(const Sleepers&) = delete;
    Sleepers& operator=(const Sleepers&) = delete;
    ~Sleepers()
    {
        if (m_group > 0)
            ::killpg(m_group, SIGKILL);
        for (pid_t pid : m_pids)
            while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {}
    }
    std::size_t size() const { return m_pids.size(); }

private:
    pid_t m_group = 0;
    std::vector<pid_t> m_pids;
};

int count()
{
    return g_smoke ? 20 : 2000;
}

// Runs argv with stdout and stderr on /dev/null and waits for it.
bool run(std::vector<const char*> argv)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, argv[0], &fa, nullptr, const_cast<char* const*>(argv.data()), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0)
        return false;
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

void keep(benchmark::State& state, const std::string& name, double totalNs, int n)
{
    g_ms[name] = totalNs / n / 1e6;
    state.counters["ms_per_tick"] = g_ms[name];
}

void BM_sampler(benchmark::State& state, bool withWait)
{
    proclab::SystemSampler sampler;
    proclab::SystemFilter filter;
    filter.with_wait = withWait;
    std::size_t rows = sampler.sample(filter).size();
    double total = 0;
    int n = 0;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        rows = sampler.sample(filter).size();
        const double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
        state.SetIterationTime(ns / 1e9);
        total += ns;
        ++n;
    }
    keep(state, withWait ? "sampler" : "sampler_no_wait", total, n);
    state.counters["rows"] = static_cast<double>(rows);
}

void BM_command(benchmark::State& state, const char* name, std::vector<const char*> argv)
{
    double total = 0;
    int n = 0;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        if (!run(argv)) {
            state.SkipWithError((std::string(argv[0]) + " failed or is missing").c_str());
            return;
        }
        const double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
        state.SetIterationTime(ns / 1e9);
        total += ns;
        ++n;
    }
    keep(state, name, total, n);
}

// Everything the GUI thread does per tick in the All processes scope (the sample itself is the
// worker thread's): the merge, the model, the proxy, the painted view.
void BM_gui(benchmark::State& state)
{
    SessionFeed feed;
    SystemFeed system;
    ProcessesPanel panel(nullptr);
    panel.setSystemFeed(&system);
    panel.resize(1260, 700);
    panel.show();
    panel.setScope(ProcessScope::All);
    panel.view()->sortByColumn(ProcessTableModel::CpuColumn, Qt::DescendingOrder);
    FeedFrame frame;
    frame.live = true;
    frame.snapshot.taken_ns = proclab::now_ns();
    auto nextTable = [&] {
        bool arrived = false;
        const auto c = QObject::connect(&system, &SystemFeed::tableReady, [&](bool) { arrived = true; });
        system.onFrame(frame);
        while (!arrived)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        QObject::disconnect(c);
    };
    nextTable();
    double total = 0, cpu = 0;
    int n = 0;
    for (auto _ : state) {
        nextTable(); // the worker's sample: not the GUI thread's cost
        frame.snapshot.taken_ns = proclab::now_ns();
        QElapsedTimer t;
        t.start();
        const double c0 = threadCpuNs();
        panel.onFrame(frame);
        panel.view()->viewport()->repaint();
        QCoreApplication::processEvents();
        cpu += threadCpuNs() - c0;
        const double ns = double(t.nsecsElapsed());
        state.SetIterationTime(ns / 1e9);
        total += ns;
        ++n;
    }
    keep(state, "gui", total, n);
    g_ms["gui_cpu"] = cpu / n / 1e6;
    state.counters["cpu_ms_per_tick"] = g_ms["gui_cpu"];
    state.counters["core_pct_at_1Hz"] = g_ms["gui_cpu"] / 1000 * 100;
    state.counters["rows"] = panel.model()->processCount();
    state.counters["rss_MB"] = rssMb();
}

} // namespace

int main(int argc, char** argv)
{
    std::vector<char*> args;
    for (int i = 0; i < argc; ++i) {
        if (i > 0 && std::strcmp(argv[i], "--smoke") == 0)
            g_smoke = true;
        else
            args.push_back(argv[i]);
    }
    qputenv("QT_QPA_PLATFORM", "offscreen");
    int qargc = 1;
    QApplication app(qargc, argv);
    int bargc = static_cast<int>(args.size());
    benchmark::Initialize(&bargc, args.data());
    Sleepers sleepers(count());
    std::printf("%zu sleeping processes started by the bench\n", sleepers.size());
    const int iterations = g_smoke ? 3 : 30;
    const int commandIterations = g_smoke ? 2 : 10;
    auto reg = [](benchmark::internal::Benchmark* b, int n) {
        b->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(n);
    };
    reg(benchmark::RegisterBenchmark("System/sampler_all", BM_sampler, true), iterations);
    reg(benchmark::RegisterBenchmark("System/sampler_all_no_wait", BM_sampler, false), iterations);
    reg(benchmark::RegisterBenchmark("System/top_b_n1", BM_command, "top",
                                     std::vector<const char*>{"top", "-b", "-n", "1"}),
        commandIterations);
    reg(benchmark::RegisterBenchmark("System/ps_e", BM_command, "ps", std::vector<const char*>{"ps", "-e"}),
        commandIterations);
    reg(benchmark::RegisterBenchmark("System/gui_thread_all_scope", BM_gui), iterations);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    const auto ratio = [](const char* a, const char* b) {
        return g_ms.count(a) && g_ms.count(b) && g_ms.at(b) > 0 ? g_ms.at(a) / g_ms.at(b) : 0.0;
    };
    std::printf("\n%zu processes: sampler %.2f ms/tick (%.2f without waits), top -b -n 1 %.2f ms, ps -e %.2f ms\n",
                sleepers.size(), g_ms["sampler"], g_ms["sampler_no_wait"], g_ms["top"], g_ms["ps"]);
    std::printf("ratios: sampler / top = %.2f (target <= 1), sampler / ps = %.2f\n", ratio("sampler", "top"),
                ratio("sampler", "ps"));
    std::printf("GUI thread: %.2f ms CPU per tick = %.1f %% of a core at 1 Hz (target < 25 %%); RSS %.0f MB "
                "(target < 250 MB)%s\n",
                g_ms["gui_cpu"], g_ms["gui_cpu"] / 10, rssMb(), g_smoke ? " — smoke mode: figures not meaningful" : "");
    return 0;
}

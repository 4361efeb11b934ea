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
//   --smoke        N = 2,000, N_apply = 500, one run each (ctest bench.bench_pool_smoke); also
//                  PROCLAB_BENCH_SMOKE=1 in the environment
//   --n=N          tasks of the map / imap benchmarks (default 100,000)
//   --n_apply=N    apply_async calls (default 20,000)
// Without --smoke, each ProcLab figure is the median of 5 runs, each Python figure of 3 runs.
// Exit status: 0, or 1 when a benchmark failed (wrong results, an exception) or a child process
// was left behind.

#include <proclab/proclab.h>

#include "bench_support.h"

#include <cstdio>
#include <numeric>
#include <string>
#include <vector>

#ifndef PROCLAB_PYTHON_POOL_PEER
#define PROCLAB_PYTHON_POOL_PEER "python_pool_peer.py"
#endif

int inc(int x)
{
    return x + 1;
}
PROCLAB_TASK(inc);

namespace {

using namespace std::chrono_literals;
using pbench::Clock;
using pbench::fail;

struct Config {
    int n = 100000;
    int n_apply = 20000;
};
Config g_config;
constexpr int kWorkers = 2;

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
            const double seconds = pbench::seconds_since(t0);
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

void BM_python(benchmark::State& state, const std::string& what, bool apply_sized)
{
    const int n = apply_sized ? g_config.n_apply : g_config.n;
    pbench::python_peer(state, PROCLAB_PYTHON_POOL_PEER, {what, std::to_string(n), std::to_string(kWorkers)}, "seconds",
                        [&state, n](double seconds) { state.SetIterationTime(seconds / n); });
    state.counters["n"] = n;
}

// ---------------------------------------------------------------------------------------------
// Reporting

std::string rate(double ns)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", 1e9 / ns);
    return buf;
}

void print_ratios(const pbench::Reporter& reporter)
{
    using pbench::Ratio;
    const Ratio rows[] = {
        {"map chunksize 1 vs Python Pool.map", "ProcLab/map_c1", "Python/pool_map_c1", Ratio::Faster, 20},
        {"map default chunksize vs Python Pool.map", "ProcLab/map_default", "Python/pool_map_default", Ratio::Faster,
         10},
        {"apply_async+get vs Python Pool.apply_async", "ProcLab/apply_async", "Python/pool_apply_async", Ratio::Faster,
         20},
        {"imap chunksize 1 vs Python Pool.imap", "ProcLab/imap_c1", "Python/pool_imap_c1", Ratio::InfoFaster, 0},
        {"map chunksize 1 vs Python PPE.map", "ProcLab/map_c1", "Python/ppe_map_c1", Ratio::InfoFaster, 0},
        {"map default chunksize vs Python PPE.map(N/8)", "ProcLab/map_default", "Python/ppe_map_default",
         Ratio::InfoFaster, 0},
        {"apply_async+get vs Python PPE.submit", "ProcLab/apply_async", "Python/ppe_submit", Ratio::InfoFaster, 0},
    };
    pbench::print_ratios(reporter,
                         {.title = "Ratios (tasks per second, " + std::to_string(kWorkers) +
                                   " workers; ratio = ProcLab / peer; targets are informational)",
                          .label_width = 46,
                          .first_heading = "ProcLab t/s",
                          .second_heading = "peer t/s",
                          .figure = rate,
                          .figure_width = 14},
                         rows);
    if (pbench::g_options.smoke)
        std::printf("(smoke mode: N=%d, one run each: the figures are not meaningful)\n", g_config.n);
    else
        std::printf("(N=%d map/imap tasks, %d apply_async; medians of 5 ProcLab runs and 3 Python runs)\n", g_config.n,
                    g_config.n_apply);
    std::fflush(stdout);
}

void register_benchmarks()
{
    // Outside smoke mode, always 5 runs (3 for Python), as the table's note says (not pbench::repeat,
    // which yields to --benchmark_repetitions).
    const bool smoke = pbench::g_options.smoke;
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

} // namespace

int main(int argc, char** argv)
{
    proclab::freeze_support();
    const auto own = [](std::string_view arg) {
        if (arg.starts_with("--n="))
            g_config.n = std::atoi(arg.data() + 4);
        else if (arg.starts_with("--n_apply="))
            g_config.n_apply = std::atoi(arg.data() + 10);
        else
            return false;
        return true;
    };
    if (const int rc = pbench::initialize(argc, argv, {.flag = own}); rc != 0)
        return rc;
    if (pbench::g_options.smoke) {
        g_config.n = 2000;
        g_config.n_apply = 500;
    }

    register_benchmarks();
    pbench::run(true, print_ratios);
    return pbench::exit_status(pbench::no_children_left(), "pool workers");
}

// bench_mpi_pool: the Pool on MPI ranks (proclab::mpi) against the local Pool and against
// mpi4py.futures.MPIPoolExecutor in the same run, 2 workers each; run alone, so that the MPI pool
// and the executor both spawn their workers (MPI_Comm_spawn).
//
//   map of N trivial tasks (x + 1) at chunksize 1 and at the default (automatic) chunksize
//   N_apply x apply_async, then get() of each (round trips)
//   a CPU-bound map (16 tasks of ~20 ms of arithmetic) on 1 and on 2 MPI workers: the speed-up
//
// Python peer: python_mpi_pool_peer.py (run with /usr/bin/python3, where Debian's python3-mpi4py
// lives), which times the operation itself on a started, warmed-up executor; ProcLab likewise times
// the operation on a started pool. Each figure is the time per task (manual time); the ratio table
// compares tasks per second against the targets (informational: a MISS does not fail the run).
//
// Own flags: --smoke (N = 2,000, N_apply = 500, 4 CPU tasks, one run each; ctest
// bench.bench_mpi_pool_smoke), --n=N (default 100,000), --n_apply=N (default 20,000).
// Without --smoke, each figure is the median of 3 runs. As root, Open MPI spawns only with
// OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1: the benchmark sets them (and
// OMPI_MCA_rmaps_base_oversubscribe=1, for more ranks than cores) unless they are set, for itself
// and the Python peer (whose executor would otherwise wait forever for the workers it failed to
// spawn). Exit status: 0, or 1 when a benchmark failed or a child was left.

#include <proclab/mpi.h>
#include <proclab/proclab.h>

#include "bench_support.h"

#include <cmath>
#include <cstdio>
#include <numeric>
#include <string>
#include <unistd.h>
#include <vector>

#ifndef PROCLAB_PYTHON_MPI_POOL_PEER
#define PROCLAB_PYTHON_MPI_POOL_PEER "python_mpi_pool_peer.py"
#endif

int inc(int x)
{
    return x + 1;
}
PROCLAB_TASK(inc);

/// About 20 ms of arithmetic on an idle core; returns x + 1 (the result depends on the work).
int cpu_bound(int x)
{
    double acc = 0;
    for (int i = 1; i < 6'000'000; ++i)
        acc += std::sqrt(double(i) + x);
    return acc > 0 ? x + 1 : x;
}
PROCLAB_TASK(cpu_bound);

namespace {

using namespace std::chrono_literals;
using pbench::Clock;
using pbench::fail;

struct Config {
    int n = 100000;
    int n_apply = 20000;
    int n_cpu = 16;
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

/// Runs `op` on a started, warmed-up pool (`mpi`: on MPI ranks); manual time per task.
template <class Op>
void run_pool(benchmark::State& state, bool mpi, int workers, int n, Op op)
{
    try {
        proclab::PoolOptions options{.processes = workers};
        if (mpi)
            options.backend = proclab::mpi::backend;
        proclab::Pool pool(options);
        pool.map(inc, inputs(workers * 4), 1); // warm-up
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

std::vector<int> apply_all(proclab::Pool& p, int n)
{
    std::vector<proclab::AsyncResult<int>> rs;
    rs.reserve(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i)
        rs.push_back(p.apply_async(inc, i));
    std::vector<int> out;
    out.reserve(static_cast<size_t>(n));
    for (auto& r : rs)
        out.push_back(r.get(120s));
    return out;
}

void register_pool_benchmarks(const char* prefix, bool mpi, bool smoke)
{
    auto add = [smoke](const std::string& name, auto fn) {
        auto* b = benchmark::RegisterBenchmark(name.c_str(), fn);
        b->UseManualTime()->Unit(benchmark::kNanosecond)->Iterations(1);
        if (!smoke)
            b->Repetitions(3)->DisplayAggregatesOnly(true);
    };
    const std::string p = prefix;
    add(p + "/map_c1", [mpi](benchmark::State& s) {
        const auto xs = inputs(g_config.n);
        run_pool(s, mpi, kWorkers, g_config.n, [&](proclab::Pool& pool) { return pool.map(inc, xs, 1); });
    });
    add(p + "/map_default", [mpi](benchmark::State& s) {
        const auto xs = inputs(g_config.n);
        run_pool(s, mpi, kWorkers, g_config.n, [&](proclab::Pool& pool) { return pool.map(inc, xs); });
    });
    add(p + "/apply_async", [mpi](benchmark::State& s) {
        run_pool(s, mpi, kWorkers, g_config.n_apply,
                 [](proclab::Pool& pool) { return apply_all(pool, g_config.n_apply); });
    });
    if (!mpi)
        return;
    for (int workers : {1, 2})
        add(p + "/cpu_bound_" + std::to_string(workers) + "w", [workers](benchmark::State& s) {
            const auto xs = inputs(g_config.n_cpu);
            run_pool(s, true, workers, g_config.n_cpu, [&](proclab::Pool& pool) { return pool.map(cpu_bound, xs, 1); });
        });
}

// ---------------------------------------------------------------------------------------------
// mpi4py peer

void BM_mpi4py(benchmark::State& state, const std::string& what, bool apply_sized)
{
    const int n = apply_sized ? g_config.n_apply : g_config.n;
    // Debian's python3-mpi4py belongs to /usr/bin/python3 (python3 in PATH may be another).
    const std::string python = ::access("/usr/bin/python3", X_OK) == 0
                                   ? std::string("/usr/bin/python3")
                                   : pbench::find_in_path("python3").value_or("python3");
    for (auto _ : state) {
        std::string why;
        const auto out = pbench::run_script(python, PROCLAB_PYTHON_MPI_POOL_PEER,
                                            {what, std::to_string(n), std::to_string(kWorkers)}, &why);
        const auto seconds = out ? pbench::json_number(*out, "seconds") : std::nullopt;
        if (!seconds) {
            const std::string message = out ? "mpi4py peer printed no seconds: " + *out : why;
            std::printf("mpi4py peer '%s' skipped: %s\n", what.c_str(), message.c_str());
            state.SkipWithError(message.c_str());
            break;
        }
        state.SetIterationTime(*seconds / n);
    }
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
        {"MPI map chunksize 1 vs mpi4py map", "MPI/map_c1", "mpi4py/map_c1", Ratio::Faster, 10},
        {"MPI map default chunksize vs mpi4py map(N/8)", "MPI/map_default", "mpi4py/map_default", Ratio::Faster, 10},
        {"MPI apply_async+get vs mpi4py submit", "MPI/apply_async", "mpi4py/submit", Ratio::Faster, 10},
        {"MPI map chunksize 1 vs local Pool", "MPI/map_c1", "Local/map_c1", Ratio::InfoFaster, 0},
        {"MPI map default chunksize vs local Pool", "MPI/map_default", "Local/map_default", Ratio::InfoFaster, 0},
        {"MPI apply_async+get vs local Pool", "MPI/apply_async", "Local/apply_async", Ratio::InfoFaster, 0},
        {"CPU-bound map: 2 MPI workers vs 1 (speed-up)", "MPI/cpu_bound_2w", "MPI/cpu_bound_1w", Ratio::Faster, 1.8},
    };
    pbench::print_ratios(reporter,
                         {.title = "Ratios (tasks per second, " + std::to_string(kWorkers) +
                                   " workers unless said; ratio = first / peer in speed; targets are informational)",
                          .label_width = 46,
                          .first_heading = "first t/s",
                          .second_heading = "peer t/s",
                          .figure = rate,
                          .figure_width = 14},
                         rows);
    if (pbench::g_options.smoke)
        std::printf("(smoke mode: N=%d, one run each: the figures are not meaningful)\n", g_config.n);
    else
        std::printf("(N=%d map tasks, %d apply_async, %d CPU-bound tasks; medians of 3 runs)\n", g_config.n,
                    g_config.n_apply, g_config.n_cpu);
    std::fflush(stdout);
}

void register_benchmarks()
{
    const bool smoke = pbench::g_options.smoke;
    register_pool_benchmarks("MPI", true, smoke);
    register_pool_benchmarks("Local", false, smoke);
    auto python = [smoke](const char* name, const char* what, bool apply_sized) {
        auto* b = benchmark::RegisterBenchmark(
            name, [what, apply_sized](benchmark::State& s) { BM_mpi4py(s, what, apply_sized); });
        b->UseManualTime()->Unit(benchmark::kNanosecond)->Iterations(1);
        if (!smoke)
            b->Repetitions(3)->DisplayAggregatesOnly(true);
    };
    python("mpi4py/map_c1", "map_c1", false);
    python("mpi4py/map_default", "map_default", false);
    python("mpi4py/submit", "submit", true);
}

} // namespace

int main(int argc, char** argv)
{
    if (::geteuid() == 0) { // before MPI starts (see the header)
        ::setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 0);
        ::setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 0);
    }
    ::setenv("OMPI_MCA_rmaps_base_oversubscribe", "1", 0);
    proclab::freeze_support(); // spawned MPI workers serve from here
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
        g_config.n_cpu = 4;
    }
    register_benchmarks();
    pbench::run(true, print_ratios);
    // MPI's own helper (the singleton's orted) runs until MPI is finalized at exit.
    return pbench::exit_status(pbench::no_children_left(true), "pool workers");
}

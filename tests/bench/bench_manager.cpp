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
//   --smoke          small counts, one repetition (ctest bench.bench_manager_smoke)
//   --scale=F        multiply every count by F (default 1)
// Exit status: 0, or 1 when a benchmark failed or a child of this process was left behind.

#include <proclab/proclab.h>

#include "bench_support.h"

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>

#ifndef PROCLAB_PYTHON_MANAGER_PEER
#define PROCLAB_PYTHON_MANAGER_PEER "python_manager_peer.py"
#endif

namespace {

using pbench::Clock;
using pbench::fail;
using pbench::seconds_since;

std::size_t count(std::size_t full)
{
    return pbench::count(full, 100, 200);
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

void BM_python(benchmark::State& state, const std::string& mode, std::size_t full_n)
{
    const std::size_t n = count(full_n);
    pbench::python_peer(state, PROCLAB_PYTHON_MANAGER_PEER, {mode, std::to_string(n)}, "mean_ns",
                        [&state](double mean_ns) { state.SetIterationTime(mean_ns * 1e-9); });
    state.counters["n"] = double(n);
}

// ---------------------------------------------------------------------------------------------
// Reporting

std::string format_us(double ns)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", ns / 1e3);
    return buf;
}

void print_ratios(const pbench::Reporter& reporter)
{
    using pbench::Ratio;
    const Ratio rows[] = {
        {"proxy call round trip (Value get)", "ProcLab/Manager/call", "Python/Manager/call", Ratio::Faster, 10},
        {"queue put+get through the manager", "ProcLab/Manager/queue_put_get", "Python/Manager/queue_put_get",
         Ratio::Faster, 10},
        {"queue 1->1 (forked producer)", "ProcLab/Manager/queue_1to1", "Python/Manager/queue_1to1", Ratio::Faster, 10},
        {"Lock acquire+release", "ProcLab/Manager/lock", "Python/Manager/lock", Ratio::InfoFaster, 0},
        {"bare round trip (ping) vs Python call", "ProcLab/Manager/ping", "Python/Manager/call", Ratio::InfoFaster, 0},
    };
    pbench::print_ratios(reporter,
                         {.title = "Ratios against Python's multiprocessing.Manager() (real time per operation)",
                          .label_width = 40,
                          .first_heading = "ProcLab us",
                          .second_heading = "Python us",
                          .figure = format_us,
                          .ratio_decimals = 1},
                         rows);
    if (pbench::g_options.smoke)
        std::printf("(smoke mode: small counts, one repetition: the figures are not meaningful)\n");
    std::fflush(stdout);
}

void register_benchmarks()
{
    auto batch = [](const char* name, std::size_t full_n, std::function<double(std::size_t, std::string*)> body) {
        const std::size_t n = count(full_n);
        pbench::add_manual(
            name, [n, body](benchmark::State& s) { run_batch(s, n, body); }, benchmark::kMicrosecond);
    };
    auto python = [](const char* name, const char* mode, std::size_t full_n) {
        pbench::add_manual(
            name, [mode, full_n](benchmark::State& s) { BM_python(s, mode, full_n); }, benchmark::kMicrosecond);
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
    if (const int rc = pbench::initialize(argc, argv, {.scale = true, .interleave = true}); rc != 0)
        return rc;

    manager(); // started before any clock (and while this process has one thread)
    register_benchmarks();
    pbench::run(false, print_ratios);
    manager().shutdown();
    return pbench::exit_status(pbench::no_children_left(), "children");
}

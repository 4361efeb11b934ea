// bench_session: what the session registry costs the operations it watches.
//
// Every benchmark runs twice in the same program: with no session attached ("none": each hook is
// one branch) and attached to a session ("session": sampled put/get and acquire/release events,
// blocked-on records on the slow paths). The ratio table prints the overhead; the target is at
// most +10 % for queue and lock operations.
//
//   queue_put_get     Queue<uint64_t>: put then get in one process (no peer: the pure cost)
//   queue_1to1        Queue<uint64_t> 8 B from a forked producer to this process (per message)
//   lock_uncontended  Lock acquire + release, one process
//   lock_contended    Lock acquire + release, this process and a forked peer hammering it
//   snapshot_1000     (reader side) Session::snapshot of a registry holding 1,000 processes
//
// Flags: --smoke (tiny counts, one repetition; ctest bench.bench_session_smoke), then Google Benchmark's.

#include <proclab/detail/monitor.h>
#include <proclab/event.h>
#include <proclab/lock.h>
#include <proclab/process.h>
#include <proclab/queue.h>
#include <proclab/session.h>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {

bool g_smoke = false;
std::string g_session_name;
std::optional<proclab::Session> g_session;

void set_attached(bool on)
{
    if (on)
        proclab::detail::monitor::attach_to(g_session_name);
    else
        proclab::Session::detach();
}

std::size_t n_messages(std::size_t full)
{
    return g_smoke ? std::max<std::size_t>(1000, full / 1000) : full;
}

void queue_put_get(benchmark::State& state, bool session)
{
    set_attached(session);
    proclab::Queue<std::uint64_t> q;
    std::uint64_t v = 0;
    for (auto _ : state) {
        q.put(v);
        v += q.get();
    }
    benchmark::DoNotOptimize(v);
    set_attached(false);
}

void queue_1to1(benchmark::State& state, bool session)
{
    set_attached(session);
    const std::size_t n = n_messages(2'000'000);
    for (auto _ : state) {
        state.PauseTiming();
        proclab::Queue<std::uint64_t> q(0, std::size_t(1) << 20);
        proclab::Event go;
        proclab::Process producer([q, go, n]() mutable {
            go.wait();
            for (std::uint64_t i = 0; i < n; ++i)
                q.put(i);
        });
        producer.start();
        state.ResumeTiming();
        go.set();
        std::uint64_t sum = 0;
        for (std::size_t i = 0; i < n; ++i)
            sum += q.get();
        state.PauseTiming();
        producer.join();
        if (sum != n * (n - 1) / 2 || producer.exitcode() != 0)
            state.SkipWithError("queue_1to1: wrong sum or producer failed");
        state.ResumeTiming();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
    state.counters["ns_per_msg"] =
        benchmark::Counter(double(state.iterations() * n), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
    set_attached(false);
}

void lock_uncontended(benchmark::State& state, bool session)
{
    set_attached(session);
    proclab::Lock l;
    for (auto _ : state) {
        l.acquire();
        l.release();
    }
    set_attached(false);
}

void lock_contended(benchmark::State& state, bool session)
{
    set_attached(session);
    const std::size_t n = n_messages(1'000'000);
    for (auto _ : state) {
        state.PauseTiming();
        proclab::Lock l;
        proclab::Event go;
        proclab::Process peer([l, go, n]() mutable {
            go.wait();
            for (std::size_t i = 0; i < n; ++i) {
                l.acquire();
                l.release();
            }
        });
        peer.start();
        state.ResumeTiming();
        go.set();
        for (std::size_t i = 0; i < n; ++i) {
            l.acquire();
            l.release();
        }
        peer.join();
    }
    state.counters["ns_per_op"] = benchmark::Counter(double(state.iterations() * n * 2),
                                                     benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
    set_attached(false);
}

void snapshot_1000(benchmark::State& state)
{
    // A registry with 1,000 process records (children that exited: slots stay) and this process.
    static bool filled = false;
    if (!filled) {
        set_attached(true);
        const int n = g_smoke ? 50 : 1000;
        for (int i = 0; i < n; ++i) {
            proclab::Process p([] {});
            p.start();
            p.join();
        }
        set_attached(false);
        filled = true;
    }
    for (auto _ : state)
        benchmark::DoNotOptimize(g_session->snapshot(false));
}

/// Collects real time per benchmark (median of repetitions) for the ratio table.
class Collector : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run>& runs) override
    {
        ConsoleReporter::ReportRuns(runs);
        for (const auto& r : runs) {
            if (r.error_occurred || (r.run_type == Run::RT_Aggregate && r.aggregate_name != "median"))
                continue;
            double ns = r.GetAdjustedRealTime();
            for (const char* c : {"ns_per_msg", "ns_per_op"})
                if (auto it = r.counters.find(c); it != r.counters.end())
                    ns = it->second.value * 1e9;
            std::string name = r.benchmark_name();
            // "queue_1to1/session/iterations:1/repeats:3/real_time_median" -> "queue_1to1/session"
            if (auto p = name.find('/'); p != std::string::npos)
                if (auto q = name.find('/', p + 1); q != std::string::npos)
                    name = name.substr(0, q);
            if (r.run_type == Run::RT_Aggregate || !m_ns.count(name))
                m_ns[name] = ns;
        }
    }
    std::map<std::string, double> m_ns;
};

} // namespace

int main(int argc, char** argv)
{
    proclab::freeze_support();
    std::vector<char*> args;
    for (int i = 0; i < argc; ++i) {
        if (i > 0 && std::strcmp(argv[i], "--smoke") == 0)
            g_smoke = true;
        else
            args.push_back(argv[i]);
    }
    g_session_name = "bench-" + std::to_string(::getpid());
    g_session.emplace(proclab::Session::create(g_session_name));
    proclab::Session::detach();

    const int reps = g_smoke ? 1 : 3;
    for (bool s : {false, true}) {
        const std::string tag = s ? "/session" : "/none";
        auto* b1 = benchmark::RegisterBenchmark(("queue_put_get" + tag).c_str(), queue_put_get, s);
        auto* b2 =
            benchmark::RegisterBenchmark(("queue_1to1" + tag).c_str(), queue_1to1, s)->UseRealTime()->Iterations(1);
        auto* b3 = benchmark::RegisterBenchmark(("lock_uncontended" + tag).c_str(), lock_uncontended, s);
        auto* b4 = benchmark::RegisterBenchmark(("lock_contended" + tag).c_str(), lock_contended, s)
                       ->UseRealTime()
                       ->Iterations(1);
        for (auto* b : {b1, b2, b3, b4}) {
            b->Repetitions(reps);
            if (g_smoke && b != b2 && b != b4)
                b->Iterations(1000);
        }
    }
    benchmark::RegisterBenchmark("snapshot_1000", snapshot_1000)
        ->Unit(benchmark::kMicrosecond)
        ->Iterations(g_smoke ? 3 : 200);

    int count = static_cast<int>(args.size());
    benchmark::Initialize(&count, args.data());
    Collector reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();

    std::printf("\n%-18s %12s %12s %10s   target\n", "operation", "none (ns)", "session (ns)", "overhead");
    bool ok = true;
    for (const char* op : {"queue_put_get", "queue_1to1", "lock_uncontended", "lock_contended"}) {
        const auto a = reporter.m_ns.find(std::string(op) + "/none");
        const auto b = reporter.m_ns.find(std::string(op) + "/session");
        if (a == reporter.m_ns.end() || b == reporter.m_ns.end())
            continue;
        const double over = (b->second / a->second - 1.0) * 100.0;
        std::printf("%-18s %12.1f %12.1f %+9.1f%%   <= +10%% %s\n", op, a->second, b->second, over,
                    over <= 10.0 ? "ok" : "MISS");
    }
    // Proof that the "session" runs were watched: what they wrote into the registry.
    const auto snap = g_session->snapshot(false);
    std::printf("the session recorded %llu events (put/get and acquire/release sampled) and %zu processes\n",
                static_cast<unsigned long long>(snap.events_written), snap.processes.size());
    if (snap.events_written == 0)
        ok = false;
    if (g_smoke)
        std::printf("(smoke mode: tiny counts, one repetition: the figures are not meaningful)\n");
    g_session.reset();
    // Every child was joined; nothing may be left.
    int status = 0;
    if (::waitpid(-1, &status, WNOHANG) > 0)
        ok = false;
    return ok ? 0 : 1;
}

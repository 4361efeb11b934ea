// bench_debris: what the leftover cleanup (proclab/debris.h) costs.
//   sweep:  sweep_debris() over /dev/shm as it is plus N live objects of this process (the sweep
//           every program runs once, at its first session or object);
//   first object of a program: a Spawn child whose task creates one Lock, start to join, with its
//           tracker (launched on a thread, once per program) and without (PROCLAB_NO_TRACKER=1).
//   first object, timed inside a Spawn child: its first Lock (the tracker starts there) against
//           its second, with and without the tracker.
// A forked child shares its parent's tracker.
#include <proclab/proclab.h>

#include <benchmark/benchmark.h>

#include <chrono>

#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

void make_lock()
{
    proclab::Lock lock;
    lock.acquire();
    lock.release();
}
PROCLAB_TASK(make_lock);

double micros_since(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
}

void time_first_locks(proclab::Queue<double> times)
{
    auto t0 = std::chrono::steady_clock::now();
    proclab::Lock first;
    times.put(micros_since(t0));
    t0 = std::chrono::steady_clock::now();
    proclab::Lock second;
    times.put(micros_since(t0));
}
PROCLAB_TASK(time_first_locks);

void BM_Sweep(benchmark::State& state)
{
    std::vector<proclab::Lock> held(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state)
        benchmark::DoNotOptimize(proclab::sweep_debris());
    state.counters["objects"] = double(held.size());
}
BENCHMARK(BM_Sweep)->Arg(0)->Arg(64)->Arg(256)->Unit(benchmark::kMicrosecond);

void BM_SpawnChildCreatingALock(benchmark::State& state)
{
    const bool tracker = state.range(0) != 0;
    ::setenv("PROCLAB_NO_TRACKER", tracker ? "0" : "1", 1);
    for (auto _ : state) {
        proclab::Process p(make_lock);
        p.set_start_method(proclab::StartMethod::Spawn);
        p.start();
        p.join();
    }
    ::unsetenv("PROCLAB_NO_TRACKER");
    state.SetLabel(tracker ? "with tracker" : "without tracker");
}
void BM_FirstObjectOfAProgram(benchmark::State& state)
{
    const bool tracker = state.range(0) != 0;
    ::setenv("PROCLAB_NO_TRACKER", tracker ? "0" : "1", 1);
    proclab::Queue<double> times;
    double first = 0, second = 0;
    for (auto _ : state) {
        state.PauseTiming();
        proclab::Process p(time_first_locks, times);
        p.set_start_method(proclab::StartMethod::Spawn);
        p.start();
        first += times.get();
        second += times.get();
        p.join();
        state.ResumeTiming();
    }
    ::unsetenv("PROCLAB_NO_TRACKER");
    state.counters["first_us"] = benchmark::Counter(first, benchmark::Counter::kAvgIterations);
    state.counters["second_us"] = benchmark::Counter(second, benchmark::Counter::kAvgIterations);
    state.SetLabel(tracker ? "with tracker" : "without tracker");
}
BENCHMARK(BM_FirstObjectOfAProgram)->Arg(0)->Arg(1)->Iterations(20)->Unit(benchmark::kMicrosecond);

BENCHMARK(BM_SpawnChildCreatingALock)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

int main(int argc, char** argv)
{
    proclab::freeze_support();
    std::vector<char*> args(argv, argv + argc);
    static char min_time[] = "--benchmark_min_time=0.01";
    bool smoke = false;
    for (auto it = args.begin(); it != args.end();)
        if (std::strcmp(*it, "--smoke") == 0) {
            smoke = true;
            it = args.erase(it);
        } else {
            ++it;
        }
    if (smoke)
        args.push_back(min_time);
    int count = int(args.size());
    benchmark::Initialize(&count, args.data());
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}

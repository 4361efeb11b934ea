// Plot benchmarks (offscreen QApplication):
//   BM_TimelineFrame/<zoom>: render time of one frame of a pool timeline holding 1,000,000 task
//       spans (4 workers × 250,000) while panning, at three zoom levels: the whole history (every
//       span sub-pixel: merged per pixel), 1 % of it, 0.01 % of it (a few spans, drawn one by one).
//       Reported as time per frame and fps.
//   BM_LongSession: one simulated hour at 10,000 events/s fed tick by tick (5 Hz: 2,000 events
//       per frame; half task begin/end of 8 pool workers, half queue put/get) into the pool
//       timeline, the queue depth plot and the process history. Reports the process's RSS at half
//       time and at the end, and the timeline store's size: both stay bounded (TimelineStore
//       folds old spans into bins; QueueDepthPlot thins old points; ProcessHistory is a ring).
// Flags: --smoke (100,000 spans, one simulated minute, few iterations: checks it works; the ctest
// bench.bench_plots_smoke), and Google Benchmark's own flags.

#include "plots/pool_timeline_plot.h"
#include "plots/process_history.h"
#include "plots/queue_depth_plot.h"

#include <benchmark/benchmark.h>
#include <qcustomplot.h>

#include <QApplication>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <string_view>

namespace {

struct Config {
    bool smoke = false;
    int spansPerWorker = 250'000;
    int simulatedSeconds = 3600;
} g_config;

double rssMiB()
{
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    statm >> pages >> resident;
    return double(resident) * double(::sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

void BM_TimelineFrame(benchmark::State& state)
{
    static PoolTimelinePlot* view = nullptr;
    static std::int64_t endNs = 0;
    if (!view) {
        view = new PoolTimelinePlot;
        view->resize(1280, 600);
        view->show();
        view->store().setLimits(std::size_t(g_config.spansPerWorker) + 1); // hold all 1,000,000 exactly
        std::mt19937 rng(7);
        std::uniform_int_distribution<int> dur(300'000, 2'000'000), gap(10'000, 400'000), fail(0, 99);
        proclab::Snapshot snap;
        snap.session = "bench";
        for (int w = 0; w < 4; ++w) {
            std::int64_t t = 1'000'000;
            for (int i = 0; i < g_config.spansPerWorker; ++i) {
                const std::int64_t b = t + gap(rng), e = b + dur(rng);
                const int f = fail(rng);
                view->store().addSpan(1000 + w, TimelineStore::Lane::Tasks,
                                      {b, e, std::uint64_t(w) * 1'000'000 + std::uint64_t(i),
                                       f == 0   ? TimelineStore::Kind::Error
                                       : f == 1 ? TimelineStore::Kind::Lost
                                                : TimelineStore::Kind::Ok,
                                       0});
                t = e;
            }
            endNs = std::max(endNs, t);
        }
        view->setFollowLive(false);
        view->setOriginNs(0);
        view->setNowNs(endNs);
        view->rebuildRows();
    }
    const double total = double(endNs) / 1e9;
    const double width = state.range(0) == 0 ? total : state.range(0) == 1 ? total / 100 : total / 10000;
    double from = 0;
    std::int64_t frames = 0;
    for (auto _ : state) {
        // Pan by 3 % of the width each frame, wrapping around.
        from += width * 0.03;
        if (from + width > total)
            from = 0;
        view->setTimeRange(from, from + width);
        view->plot()->replot(QCustomPlot::rpImmediateRefresh);
        ++frames;
    }
    state.counters["fps"] = benchmark::Counter(double(frames), benchmark::Counter::kIsRate);
    state.counters["spans"] = double(view->store().spanCount());
    state.SetLabel(state.range(0) == 0 ? "whole history" : state.range(0) == 1 ? "1% of it" : "0.01% of it");
}

void BM_LongSession(benchmark::State& state)
{
    for (auto _ : state) {
        PoolTimelinePlot timeline;
        QueueDepthPlot queues;
        ProcessHistory history;
        timeline.resize(1280, 600);
        queues.resize(1280, 600);
        const double rssBefore = rssMiB();
        double rssHalf = 0;
        FeedFrame f;
        f.snapshot.session = "bench-long";
        const pid_t caller = 100;
        proclab::ProcessRecord main;
        main.pid = caller;
        main.name = "main";
        main.kind = proclab::ProcessKind::Main;
        main.start_ns = 1;
        f.snapshot.processes.push_back(main);
        for (int w = 0; w < 8; ++w) {
            proclab::ProcessRecord p;
            p.pid = 200 + w;
            p.ppid = caller;
            p.name = "worker";
            p.kind = proclab::ProcessKind::PoolWorker;
            p.start_ns = 1;
            f.snapshot.processes.push_back(p);
        }
        proclab::ObjectRecord pool;
        pool.id = 1;
        pool.kind = proclab::ObjectKind::Pool;
        pool.label = "Pool";
        pool.creator = caller;
        pool.workers = 8;
        proclab::ObjectRecord queue;
        queue.id = 2;
        queue.kind = proclab::ObjectKind::Queue;
        queue.label = "Queue";
        queue.capacity = 100;
        f.snapshot.objects = {pool, queue};

        const int ticks = g_config.simulatedSeconds * 5;
        const std::int64_t tickNs = 200'000'000;
        std::uint64_t seq = 0, task = 0, puts = 0, gets = 0;
        f.events.reserve(2000);
        for (int k = 1; k <= ticks; ++k) {
            const std::int64_t t0 = std::int64_t(k - 1) * tickNs + 1'000'000;
            f.events.clear();
            // 500 tasks (1,000 events) spread over 8 workers, and 1,000 puts/gets.
            for (int i = 0; i < 500; ++i) {
                const pid_t w = pid_t(200 + i % 8);
                const std::int64_t b = t0 + std::int64_t(i / 8) * 3'000'000;
                ++task;
                f.events.push_back({seq++, b, w, 1, proclab::EventKind::TaskBegin, std::int64_t(task), 0});
                f.events.push_back({seq++, b + 2'500'000, w, 1, proclab::EventKind::TaskEnd, std::int64_t(task),
                                    task % 97 == 0 ? 1u : 0u});
            }
            for (int i = 0; i < 500; ++i) {
                const std::int64_t t = t0 + std::int64_t(i) * 390'000;
                f.events.push_back({seq++, t, caller, 2, proclab::EventKind::Put, std::int64_t(++puts), 1});
                f.events.push_back({seq++, t + 100'000, 201, 2, proclab::EventKind::Get, std::int64_t(++gets), 1});
            }
            f.snapshot.taken_ns = t0 + tickNs - 1'000'000;
            f.snapshot.objects[1].puts = puts;
            f.snapshot.objects[1].gets = gets;
            f.snapshot.objects[0].tasks_done = task;
            for (auto& p : f.snapshot.processes)
                p.cpu_percent = double(k % 100);
            timeline.onFrame(f);
            queues.onFrame(f);
            history.onFrame(f);
            if (k == ticks / 2)
                rssHalf = rssMiB();
        }
        const double rssEnd = rssMiB();
        state.counters["events"] = double(seq);
        state.counters["rss_start_MiB"] = rssBefore;
        state.counters["rss_half_MiB"] = rssHalf;
        state.counters["rss_end_MiB"] = rssEnd;
        state.counters["store_MiB"] = double(timeline.store().memoryBytes()) / (1024.0 * 1024.0);
        state.counters["exact_spans"] = double(timeline.store().spanCount());
        state.counters["bins"] = double(timeline.store().binCount());
        state.counters["queue_points"] = queues.pointCount(2);
        std::printf("simulated %d s at 10k events/s: %llu events; RSS %.1f MiB at start, %.1f MiB at half time, "
                    "%.1f MiB at the end; timeline store %.1f MiB (%llu exact spans, %llu bins); queue points %d\n",
                    g_config.simulatedSeconds, static_cast<unsigned long long>(seq), rssBefore, rssHalf, rssEnd,
                    double(timeline.store().memoryBytes()) / (1024.0 * 1024.0),
                    static_cast<unsigned long long>(timeline.store().spanCount()),
                    static_cast<unsigned long long>(timeline.store().binCount()), queues.pointCount(2));
    }
}

} // namespace

int main(int argc, char** argv)
{
    std::vector<char*> args;
    for (int i = 0; i < argc; ++i) {
        if (i > 0 && std::string_view(argv[i]) == "--smoke")
            g_config.smoke = true;
        else
            args.push_back(argv[i]);
    }
    if (g_config.smoke) {
        g_config.spansPerWorker = 25'000;
        g_config.simulatedSeconds = 60;
    }
    if (!std::getenv("QT_QPA_PLATFORM"))
        ::setenv("QT_QPA_PLATFORM", "offscreen", 1);
    int qargc = 1;
    QApplication app(qargc, argv);

    auto* frame = benchmark::RegisterBenchmark("BM_TimelineFrame", BM_TimelineFrame)
                      ->Arg(0)
                      ->Arg(1)
                      ->Arg(2)
                      ->Unit(benchmark::kMillisecond)
                      ->UseRealTime();
    if (g_config.smoke)
        frame->Iterations(5);
    benchmark::RegisterBenchmark("BM_LongSession", BM_LongSession)->Iterations(1)->Unit(benchmark::kSecond);

    int bench_argc = static_cast<int>(args.size());
    args.push_back(nullptr);
    benchmark::Initialize(&bench_argc, args.data());
    if (benchmark::ReportUnrecognizedArguments(bench_argc, args.data()))
        return 2;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    if (g_config.smoke)
        std::printf("(smoke mode: %d spans per worker, %d simulated seconds: the figures are not meaningful)\n",
                    g_config.spansPerWorker, g_config.simulatedSeconds);
    return 0;
}

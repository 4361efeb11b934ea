// bench_ui_models: the GUI thread's cost of the sampling tick with 1,000 live processes.
//
// A synthetic source stands in for the registry: 1,000 live processes in a tree (a main process,
// 20 parents with 49 children each, ...) whose CPU %, RSS and state change on every tick, 1 % of
// them ending and being replaced each tick, and 64 queues/locks with moving figures. It drives
// the real ProcessesPanel (ProcessTableModel + ProcessFilterProxy + QTreeView, counts, actions)
// and ChannelsPanel (ObjectsModel) through a SessionFeed, offscreen, at the ticks a 10 Hz
// refresh would give. Reported per tick: the time on the GUI thread (snapshot hand-over, model
// updates, proxy sorting, view layout and painting), that time as a share of one core at 10 Hz,
// and the process's RSS.
//
//   bench_ui_models            300 ticks per benchmark
//   bench_ui_models --smoke    20 ticks (ctest bench.bench_ui_models_smoke)
// A third benchmark floods the output panel: a process writing as fast as it can (`yes`) for 5 s
// (0.5 s in smoke mode) through the real capture (FIFOs, the reader thread, the store) into the
// OutputPanel fed at 10 Hz: the GUI thread's and the reader thread's CPU, lines read and dropped.
// Targets: under 25 % of one core at 10 Hz, under 200 MB RSS; the flood under 10 % of one core.

#include "controllers/session_controller.h"
#include "controllers/session_feed.h"
#include "models/objects_model.h"
#include "models/output_model.h"
#include "models/output_store.h"
#include "models/process_filter_proxy.h"
#include "models/process_table_model.h"
#include "panels/channels_panel.h"
#include "panels/output_panel.h"
#include "panels/processes_panel.h"

#include <benchmark/benchmark.h>

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTimer>
#include <QTreeView>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <unistd.h>

namespace {

bool g_smoke = false;

// CPU time of this thread: the share of a core the GUI thread uses, whatever else the machine runs.
double threadCpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e9 + double(ts.tv_nsec);
}
int ticks()
{
    return g_smoke ? 20 : 300;
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

/// 1,000 live processes changing at every tick; replaces the registry.
class SyntheticSource : public SnapshotSource {
public:
    explicit SyntheticSource(int live = 1000)
        : m_rng(42)
    {
        m_snap.session = "synthetic";
        add(1000, 1, "MainProcess", proclab::ProcessKind::Main);
        m_nextPid = 1001;
        while (static_cast<int>(m_snap.processes.size()) < live) {
            const pid_t parent = m_snap.processes.size() % 50 == 1 || m_snap.processes.size() < 2 ? 1000 : m_lastParent;
            const bool isParent = parent == 1000;
            add(m_nextPid, parent, isParent ? "pool-owner" : "worker",
                isParent ? proclab::ProcessKind::Process : proclab::ProcessKind::PoolWorker);
            if (isParent)
                m_lastParent = m_nextPid;
            ++m_nextPid;
        }
        for (int i = 1; i <= 64; ++i) {
            proclab::ObjectRecord o;
            o.id = static_cast<proclab::ObjectId>(i);
            o.kind = i % 2 ? proclab::ObjectKind::Queue : proclab::ObjectKind::Lock;
            o.label = i % 2 ? "Queue" : "Lock";
            o.name = "/proclab-bench-object-" + std::to_string(i);
            o.capacity = 100;
            m_snap.objects.push_back(o);
        }
    }

    FeedFrame next() override
    {
        m_now += 100'000'000; // 10 Hz
        m_snap.taken_ns = m_now;
        std::uniform_real_distribution<double> cpu(0, 100);
        std::uniform_int_distribution<int> pct(0, 99);
        for (auto& p : m_snap.processes) {
            if (p.end_ns)
                continue;
            p.cpu_percent = cpu(m_rng);
            p.rss_bytes = 4'000'000 + static_cast<std::uint64_t>(pct(m_rng)) * 100'000;
            const int r = pct(m_rng);
            p.state = r < 20 ? proclab::RunState::Blocked : proclab::RunState::Running;
            p.blocked_op = r < 20 ? proclab::WaitOp::Get : proclab::WaitOp::None;
            p.blocked_on = r < 20 ? 1 : 0;
        }
        // 1 % of the workers end; as many new ones start (the table stays at 1,000 live).
        int ended = 0;
        for (auto& p : m_snap.processes) {
            if (ended >= 10)
                break;
            if (!p.end_ns && p.kind == proclab::ProcessKind::PoolWorker && pct(m_rng) < 2) {
                p.end_ns = m_now;
                p.exitcode = 0;
                p.joined = true;
                p.state = proclab::RunState::Exited;
                ++ended;
            }
        }
        // The registry keeps ended ones until its slots run out: drop the oldest ended beyond 24.
        int endedKept = 0;
        for (auto it = m_snap.processes.rbegin(); it != m_snap.processes.rend(); ++it)
            if (it->end_ns)
                ++endedKept;
        for (auto it = m_snap.processes.begin(); it != m_snap.processes.end() && endedKept > 24;) {
            if (it->end_ns) {
                it = m_snap.processes.erase(it);
                --endedKept;
            } else {
                ++it;
            }
        }
        for (int i = 0; i < ended; ++i)
            add(m_nextPid++, m_lastParent, "worker", proclab::ProcessKind::PoolWorker);
        for (auto& o : m_snap.objects) {
            o.puts += 50;
            o.gets += 45;
            o.depth = static_cast<std::uint64_t>(pct(m_rng));
            o.owner = o.kind == proclab::ObjectKind::Lock && pct(m_rng) < 50 ? 1001 : 0;
        }
        FeedFrame f;
        f.snapshot = m_snap;
        return f;
    }
    QString name() const override { return QStringLiteral("synthetic"); }

private:
    void add(pid_t pid, pid_t ppid, const char* name, proclab::ProcessKind kind)
    {
        proclab::ProcessRecord r;
        r.pid = pid;
        r.ppid = ppid;
        r.name = name;
        r.kind = kind;
        r.state = proclab::RunState::Running;
        r.start_ns = m_now;
        m_snap.processes.push_back(std::move(r));
    }

    std::mt19937 m_rng;
    proclab::Snapshot m_snap;
    std::int64_t m_now = 1'000'000'000;
    pid_t m_nextPid = 1000;
    pid_t m_lastParent = 1000;
};

void report(benchmark::State& state, double totalNs, double cpuNs, int n)
{
    const double msPerTick = totalNs / n / 1e6;
    const double cpuMsPerTick = cpuNs / n / 1e6;
    state.counters["wall_ms_per_tick"] = msPerTick;
    state.counters["cpu_ms_per_tick"] = cpuMsPerTick;
    state.counters["core_pct_at_10Hz"] = cpuMsPerTick * 10 / 1000 * 100;
    state.counters["rss_MB"] = rssMb();
}

// Models and proxy only (no view): the data path's own cost.
void BM_models(benchmark::State& state)
{
    SyntheticSource source;
    ProcessTableModel model;
    ProcessFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.sort(ProcessTableModel::CpuColumn, Qt::DescendingOrder);
    ObjectsModel objects;
    double total = 0, cpu = 0;
    int n = 0;
    for (auto _ : state) {
        FeedFrame f = source.next(); // the source's cost is not the GUI's: outside the timing
        QElapsedTimer t;
        t.start();
        const double c0 = threadCpuNs();
        model.updateFromSnapshot(f.snapshot);
        objects.updateFromSnapshot(f.snapshot);
        cpu += threadCpuNs() - c0;
        const double ns = double(t.nsecsElapsed());
        state.SetIterationTime(ns / 1e9);
        total += ns;
        ++n;
    }
    report(state, total, cpu, n);
    state.counters["rows"] = model.processCount();
}

// The real panels on a feed, painted offscreen: everything the GUI thread does per tick.
void BM_panels(benchmark::State& state)
{
    SessionFeed feed;
    auto source = std::make_unique<SyntheticSource>();
    SyntheticSource* src = source.get();
    ProcessesPanel processes(nullptr);
    ChannelsPanel channels(nullptr);
    processes.resize(1260, 600);
    channels.resize(700, 250);
    processes.show();
    channels.show();
    processes.view()->sortByColumn(ProcessTableModel::CpuColumn, Qt::DescendingOrder);
    QObject::connect(&feed, &SessionFeed::frameReady, &processes, &ProcessesPanel::onFrame);
    QObject::connect(&feed, &SessionFeed::frameReady, &channels, &ChannelsPanel::onFrame);
    feed.setPaused(true); // the benchmark ticks by hand
    feed.setSource(std::move(source));
    QCoreApplication::processEvents();
    double total = 0, cpu = 0;
    int n = 0;
    for (auto _ : state) {
        FeedFrame f = src->next();
        QElapsedTimer t;
        t.start();
        const double c0 = threadCpuNs();
        emit feed.frameReady(f);
        processes.view()->viewport()->repaint(); // layout and paint now, not later
        channels.repaint();
        QCoreApplication::processEvents();
        cpu += threadCpuNs() - c0;
        const double ns = double(t.nsecsElapsed());
        state.SetIterationTime(ns / 1e9);
        total += ns;
        ++n;
    }
    report(state, total, cpu, n);
    state.counters["rows"] = processes.model()->processCount();
}

/// CPU time (ns) of this process's thread named `name` (/proc/self/task/<tid>/stat), or -1.
double namedThreadCpuNs(const char* name)
{
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString& tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(tasks.filePath(tid + QStringLiteral("/comm")));
        if (!comm.open(QIODevice::ReadOnly) || comm.readAll().trimmed() != name)
            continue;
        QFile stat(tasks.filePath(tid + QStringLiteral("/stat")));
        if (!stat.open(QIODevice::ReadOnly))
            return -1;
        const QByteArray text = stat.readAll();
        const QList<QByteArray> f = text.mid(text.lastIndexOf(')') + 2).split(' ');
        return (f.value(11).toDouble() + f.value(12).toDouble()) * 1e9 / double(sysconf(_SC_CLK_TCK));
    }
    return -1;
}

// A process writing to stdout as fast as it can (`yes`) for 5 s (0.5 s in smoke mode), captured
// by the real SessionController (FIFOs, OutputReader thread) into the store, the OutputPanel
// shown offscreen and fed at 10 Hz. Reported: the GUI thread's CPU as a share of one core, the
// reader thread's, the lines read and dropped by the cap.
void BM_outputFlood(benchmark::State& state)
{
    const double seconds = g_smoke ? 0.5 : 5.0;
    OutputStore store;
    SessionController controller(&store);
    OutputPanel panel(&store);
    panel.resize(900, 400);
    panel.show();
    QTimer tick;
    tick.setInterval(100);
    QObject::connect(&tick, &QTimer::timeout, &panel, &OutputPanel::takeNewLines);
    for (auto _ : state) {
        LaunchSpec spec;
        spec.type = LaunchSpec::Type::Shell;
        spec.shellLine = QStringLiteral("exec timeout %1 yes \"it's\"").arg(seconds);
        QEventLoop loop;
        QObject::connect(&controller, &SessionController::ended, &loop, &QEventLoop::quit);
        QElapsedTimer wall;
        wall.start();
        const double gui0 = threadCpuNs();
        const double reader0 = namedThreadCpuNs("proclab-output");
        const QList<int> keys = controller.launch(spec);
        if (keys.size() != 1) {
            state.SkipWithError("the flooding process did not start");
            return;
        }
        tick.start();
        QTimer::singleShot(int(seconds * 1000) + 10000, &loop, &QEventLoop::quit); // a safety net
        loop.exec();
        tick.stop();
        const double gui = threadCpuNs() - gui0;
        const double reader = namedThreadCpuNs("proclab-output") - reader0;
        const double ns = double(wall.nsecsElapsed());
        state.SetIterationTime(ns / 1e9);
        panel.takeNewLines();
        const int pid = keys.first();
        state.counters["gui_core_pct"] = gui / ns * 100;
        state.counters["reader_core_pct"] = reader / ns * 100;
        state.counters["lines_read"] = double(store.totalLines(pid));
        state.counters["lines_dropped"] = double(store.dropped(pid));
        state.counters["M_lines_per_s"] = double(store.totalLines(pid)) / (ns / 1e9) / 1e6;
        state.counters["rows_shown"] = panel.model()->rowCount();
    }
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
    benchmark::RegisterBenchmark("UiModels/models_and_proxy_1000_live", BM_models)
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond)
        ->Iterations(ticks());
    benchmark::RegisterBenchmark("UiModels/panels_painted_1000_live", BM_panels)
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond)
        ->Iterations(ticks());
    benchmark::RegisterBenchmark("UiModels/output_flood_yes", BM_outputFlood)
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond)
        ->Iterations(1);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    std::printf("targets: < 25 %% of one core at 10 Hz (core_pct_at_10Hz), < 200 MB RSS (rss_MB); output flood: "
                "GUI thread < 10 %% of one core (gui_core_pct)%s\n",
                g_smoke ? " — smoke mode: figures not meaningful" : "");
    return 0;
}

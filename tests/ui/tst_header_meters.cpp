// The meters above the process table: /proc/loadavg, /proc/stat and /proc/meminfo parsed from
// _data tables, CPU use between two readings, a real MachineSampler's readings within range, the
// HeaderMeters widget's texts and size, and the meters filled on the sampling tick when a
// ProcessesPanel has a SystemFeed.
#include "controllers/session_controller.h"
#include "controllers/session_feed.h"
#include "controllers/system_feed.h"
#include "gui_test_support.h"
#include "models/output_store.h"
#include "panels/header_meters.h"
#include "panels/processes_panel.h"

#include <proclab/machine_stats.h>

#include <QImage>

#include <unistd.h>

class TestHeaderMeters : public LeakCheckedTest {
    Q_OBJECT

private slots:
    void loadavg_data();
    void loadavg();
    void cpuTimes();
    void meminfo();
    void busyPercent_data();
    void busyPercent();
    void realSamplesInRange();
    void widgetTexts();
    void filledOnTheTick();
};

void TestHeaderMeters::loadavg_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<double>("one");
    QTest::addColumn<int>("running");
    QTest::addColumn<int>("tasks");
    QTest::newRow("typical") << "0.52 0.58 0.59 2/812 12345\n" << true << 0.52 << 2 << 812;
    QTest::newRow("busy") << "12.00 8.25 4.10 17/1033 99" << true << 12.0 << 17 << 1033;
    QTest::newRow("empty") << "" << false << 0.0 << 0 << 0;
    QTest::newRow("no tasks") << "0.1 0.2 0.3" << false << 0.0 << 0 << 0;
    QTest::newRow("garbage") << "a b c d/e" << false << 0.0 << 0 << 0;
}

void TestHeaderMeters::loadavg()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(double, one);
    QFETCH(int, running);
    QFETCH(int, tasks);
    const auto l = proclab::parse_loadavg(text.toStdString());
    QCOMPARE(l.has_value(), ok);
    if (!ok)
        return;
    QCOMPARE(l->one, one);
    QCOMPARE(l->running, running);
    QCOMPARE(l->tasks, tasks);
}

void TestHeaderMeters::cpuTimes()
{
    const std::string stat = "cpu  100 5 50 800 20 1 2 0 0 0\n"
                             "cpu0 60 5 30 400 10 1 1 0 0 0\n"
                             "cpu1 40 0 20 400 10 0 1 0 0 0\n"
                             "intr 12345 0 0\n"
                             "ctxt 999\n";
    const auto cpus = proclab::parse_cpu_times(stat);
    QCOMPARE(cpus.size(), std::size_t(3));
    QCOMPARE(cpus[0].user, std::uint64_t(100));
    QCOMPARE(cpus[0].total(), std::uint64_t(978));
    QCOMPARE(cpus[1].idle_all(), std::uint64_t(410));
    QCOMPARE(cpus[2].system, std::uint64_t(20));
    QVERIFY(proclab::parse_cpu_times("intr 1 2 3\n").empty());
}

void TestHeaderMeters::meminfo()
{
    const std::string text = "MemTotal:       16000000 kB\n"
                             "MemFree:         2000000 kB\n"
                             "MemAvailable:    8000000 kB\n"
                             "Buffers:          100000 kB\n"
                             "SwapTotal:       4000000 kB\n"
                             "SwapFree:        3000000 kB\n";
    const auto m = proclab::parse_meminfo(text);
    QCOMPARE(m.total, std::uint64_t(16000000) * 1024);
    QCOMPARE(m.available, std::uint64_t(8000000) * 1024);
    QCOMPARE(m.used(), std::uint64_t(8000000) * 1024);
    QCOMPARE(m.swap_used(), std::uint64_t(1000000) * 1024);
    // Without MemAvailable (old kernels): free + buffers + cached.
    const auto old = proclab::parse_meminfo("MemTotal: 1000 kB\nMemFree: 200 kB\nBuffers: 100 kB\nCached: 300 kB\n");
    QCOMPARE(old.available, std::uint64_t(600) * 1024);
}

void TestHeaderMeters::busyPercent_data()
{
    QTest::addColumn<quint64>("busy");
    QTest::addColumn<quint64>("idle");
    QTest::addColumn<double>("percent");
    QTest::newRow("idle") << quint64(0) << quint64(100) << 0.0;
    QTest::newRow("half") << quint64(50) << quint64(50) << 50.0;
    QTest::newRow("full") << quint64(200) << quint64(0) << 100.0;
    QTest::newRow("no time passed") << quint64(0) << quint64(0) << 0.0;
}

void TestHeaderMeters::busyPercent()
{
    QFETCH(quint64, busy);
    QFETCH(quint64, idle);
    QFETCH(double, percent);
    proclab::CpuTimes before{10, 0, 10, 100, 0, 0, 0, 0};
    proclab::CpuTimes after = before;
    after.user += busy;
    after.idle += idle;
    QCOMPARE(proclab::cpu_busy_percent(before, after), percent);
}

void TestHeaderMeters::realSamplesInRange()
{
    proclab::MachineSampler sampler;
    const auto first = sampler.sample();
    QVERIFY2(first.error.empty(), first.error.c_str());
    QVERIFY(!first.cpus_percent.empty());
    QVERIFY(first.cpus_percent.size() <= static_cast<std::size_t>(::sysconf(_SC_NPROCESSORS_CONF)));
    QVERIFY(first.memory.total > 0);
    QVERIFY(first.memory.used() <= first.memory.total);
    QVERIFY(first.memory.swap_used() <= first.memory.swap_total);
    QVERIFY(first.load.tasks > 0 && first.load.running >= 0);
    QVERIFY(first.load.one >= 0 && first.load.five >= 0 && first.load.fifteen >= 0);
    // The second reading has the use since the first: within 0–100 for each CPU.
    const auto second = sampler.sample();
    QCOMPARE(second.cpus_percent.size(), first.cpus_percent.size());
    QVERIFY(second.cpu_percent >= 0 && second.cpu_percent <= 100);
    for (double p : second.cpus_percent)
        QVERIFY(p >= 0 && p <= 100);
}

void TestHeaderMeters::widgetTexts()
{
    HeaderMeters meters;
    QVERIFY(!meters.hasStats());
    proclab::MachineStats s;
    s.load = {0.5, 1.25, 2.0, 3, 400};
    s.cpus_percent = {10, 90, 50, 0, 100, 25};
    s.memory.total = 8ull << 30;
    s.memory.available = 6ull << 30;
    s.memory.swap_total = 0;
    meters.setStats(s);
    QVERIFY(meters.hasStats());
    QCOMPARE(meters.loadText(), QStringLiteral("Load average: 0.50 1.25 2.00"));
    QCOMPARE(meters.tasksText(), QStringLiteral("Tasks: 400, 3 running"));
    QVERIFY2(meters.memoryText().contains(QStringLiteral("2.0")), qPrintable(meters.memoryText()));
    QCOMPARE(meters.swapText(), QStringLiteral("no swap"));
    QCOMPARE(HeaderMeters::cpuColumns(2), 1);
    QCOMPARE(HeaderMeters::cpuColumns(6), 2);
    QCOMPARE(HeaderMeters::cpuColumns(64), 4);
    // Compact: six CPUs in two columns take three lines, like memory, swap and load.
    QVERIFY(meters.sizeHint().height() <= 3 * (meters.fontMetrics().height() + 3) + 8);
    meters.resize(800, meters.sizeHint().height());
    const QImage img = meters.grab().toImage();
    QVERIFY(!img.isNull());
}

void TestHeaderMeters::filledOnTheTick()
{
    OutputStore output;
    SessionController controller(&output);
    SessionFeed feed;
    SystemFeed system;
    ProcessesPanel panel(&controller);
    connect(&feed, &SessionFeed::frameReady, &panel, &ProcessesPanel::onFrame);
    connect(&feed, &SessionFeed::frameReady, &system, &SystemFeed::onFrame);
    panel.setSystemFeed(&system);
    feed.setInterval(100);
    feed.setSource(std::make_unique<LiveSource>(*proclab::Session::current()));
    panel.show();
    QVERIFY(panel.meters()->isVisible());
    QTRY_VERIFY(panel.meters()->hasStats());
    QVERIFY(panel.meters()->stats().memory.total > 0);
    QVERIFY(!panel.meters()->stats().cpus_percent.empty());
    for (double p : panel.meters()->stats().cpus_percent)
        QVERIFY(p >= 0 && p <= 100);
    feed.setSource(nullptr);
}

PROCLAB_UI_TEST_MAIN(TestHeaderMeters)
#include "tst_header_meters.moc"

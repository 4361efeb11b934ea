// Screenshots of every plot with real data: runs the small sessions of plots_test_support.h and
// saves plot_<view>.png into the directory given as the first argument (default: the current one).
// Run under a virtual X server:  xvfb-run -a -s "-screen 0 1280x800x24" plots_screenshots <dir>
#include "plots/plot_export.h"
#include "plots/pool_timeline_plot.h"
#include "plots/process_detail_plot.h"
#include "plots/process_history.h"
#include "plots/process_lifetime_plot.h"
#include "plots/queue_depth_plot.h"
#include "plots/sparkline_delegate.h"
#include "plots/wait_for_graph_view.h"
#include "plots_test_support.h"

#include <QDir>
#include <QHeaderView>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

#include <cstdio>

namespace {

QString g_dir;
int g_failures = 0;

void shoot(QWidget* w, const QString& name, QSize size = QSize(1200, 640))
{
    w->resize(size);
    w->show();
    if (!QTest::qWaitForWindowExposed(w))
        std::printf("warning: %s not exposed\n", qPrintable(name));
    QTest::qWait(150);
    for (auto* plot : w->findChildren<QCustomPlot*>())
        plot->replot(QCustomPlot::rpImmediateRefresh);
    const QString path = QDir(g_dir).filePath(QStringLiteral("plot_%1.png").arg(name));
    QString error;
    if (PlotExport::savePng(w, path, &error)) {
        std::printf("wrote %s\n", qPrintable(path));
    } else {
        std::printf("FAILED %s: %s\n", qPrintable(path), qPrintable(error));
        ++g_failures;
    }
}

} // namespace

int main(int argc, char** argv)
{
    proclab::freeze_support();
    QApplication app(argc, argv);
    g_dir = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QDir::currentPath();
    QDir().mkpath(g_dir);

    {
        const auto frames = plotstest::runPool();
        {
            // Mid-run: tasks running (sky blue), the caller blocked in get.
            PoolTimelinePlot live;
            for (std::size_t i = 0; i < frames.size() / 2; ++i)
                live.onFrame(frames[i]);
            shoot(&live, QStringLiteral("pool_timeline_live"));
        }
        PoolTimelinePlot view;
        for (const auto& f : frames)
            view.onFrame(f);
        shoot(&view, QStringLiteral("pool_timeline"));
    }
    {
        const auto frames = plotstest::runProducerConsumer();
        QueueDepthPlot view;
        for (const auto& f : frames)
            view.onFrame(f);
        view.selectQueue(view.queues().value(0));
        shoot(&view, QStringLiteral("queue_depth"), QSize(1100, 520));
        view.setLayoutMode(QueueDepthPlot::Layout::SmallMultiples);
        shoot(&view, QStringLiteral("queue_depth_multiples"), QSize(1100, 520));
    }
    {
        const auto frames = plotstest::runDeadlock();
        WaitForGraphView view;
        view.onFrame(plotstest::lastWhere(
            frames, [](const FeedFrame& f) { return !proclab::Session::wait_for_graph(f.snapshot).cycles.empty(); }));
        shoot(&view, QStringLiteral("wait_for_graph"), QSize(1000, 560));
    }
    {
        const auto frames = plotstest::runFamily();
        ProcessLifetimePlot view;
        // The moment the parent has ended and `never-joined` is still not joined.
        std::size_t upto = frames.size() - 1;
        for (std::size_t i = 0; i < frames.size(); ++i) {
            const auto& s = frames[i].snapshot;
            for (const auto& p : s.processes)
                if (p.name == "never-joined" && p.end_ns && !p.joined)
                    upto = i;
        }
        for (std::size_t i = 0; i <= upto; ++i)
            view.onFrame(frames[i]);
        shoot(&view, QStringLiteral("processes"), QSize(1100, 420));
    }
    {
        // CPU/RSS: a table with sparklines and the detail plot of one process.
        const auto frames = plotstest::runBusy();
        ProcessHistory history;
        for (const auto& f : frames)
            history.onFrame(f);
        QWidget page;
        auto* layout = new QVBoxLayout(&page);
        auto* model = new QStandardItemModel(0, 3, &page);
        model->setHorizontalHeaderLabels({QStringLiteral("pid"), QStringLiteral("name"), QStringLiteral("CPU %")});
        pid_t busiest = 0;
        double most = -1;
        for (const auto& p : frames.back().snapshot.processes) {
            auto* cpu = new QStandardItem(QString::number(p.cpu_percent, 'f', 0));
            cpu->setData(qlonglong(p.pid), Qt::UserRole);
            model->appendRow(
                {new QStandardItem(QString::number(p.pid)), new QStandardItem(QString::fromStdString(p.name)), cpu});
            double sum = 0;
            for (double v : history.cpu(p.pid))
                sum += v;
            if (sum > most) {
                most = sum;
                busiest = p.pid;
            }
        }
        auto* table = new QTableView(&page);
        table->setModel(model);
        auto* delegate = new SparklineDelegate([&history](pid_t p) { return history.recentCpu(p, 60); }, table);
        delegate->setMaximum(100);
        table->setItemDelegateForColumn(2, delegate);
        table->horizontalHeader()->setStretchLastSection(true);
        auto* detail = new ProcessDetailPlot(&history, &page);
        detail->setPid(busiest);
        layout->addWidget(table);
        layout->addWidget(detail, 1);
        shoot(&page, QStringLiteral("process_history"), QSize(900, 640));
    }
    return g_failures == 0 ? 0 : 1;
}

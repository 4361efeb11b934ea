#include "plots/process_detail_plot.h"

#include "plots/process_history.h"

#include <QEvent>
#include <QVBoxLayout>
#include <qcustomplot.h>

ProcessDetailPlot::ProcessDetailPlot(ProcessHistory* history, QWidget* parent)
    : QWidget(parent)
    , m_history(history)
    , m_plot(new QCustomPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->setMinimumSize(240, 140);
    m_plot->addGraph(m_plot->xAxis, m_plot->yAxis);
    m_plot->addGraph(m_plot->xAxis, m_plot->yAxis2);
    m_plot->graph(0)->setPen(QPen(QColor(0x00, 0x72, 0xB2), 2));
    m_plot->graph(0)->setBrush(QColor(0x00, 0x72, 0xB2, 40));
    m_plot->graph(1)->setPen(QPen(QColor(0xD5, 0x5E, 0x00), 2));
    m_plot->yAxis2->setVisible(true);
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    m_plot->plotLayout()->insertRow(0);
    m_plot->plotLayout()->addElement(
        0, 0, new QCPTextElement(m_plot, QString(), QFont(font().family(), font().pointSize(), QFont::Bold)));
    if (m_history)
        connect(m_history, &ProcessHistory::updated, this, &ProcessDetailPlot::refresh);
    retranslateUi();
}

void ProcessDetailPlot::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void ProcessDetailPlot::retranslateUi()
{
    m_plot->graph(0)->setName(tr("CPU % (100 = one core busy)"));
    m_plot->graph(1)->setName(tr("memory (RSS, MiB)"));
    m_plot->yAxis->setLabel(tr("CPU %"));
    m_plot->yAxis2->setLabel(tr("MiB"));
    m_plot->xAxis->setLabel(tr("seconds ago"));
    refresh();
}

void ProcessDetailPlot::setPid(pid_t pid)
{
    m_pid = pid;
    refresh();
}

int ProcessDetailPlot::pointCount() const
{
    return m_plot->graph(0)->data()->size();
}

void ProcessDetailPlot::refresh()
{
    QVector<double> t, cpu, rss;
    if (m_history && m_pid) {
        const auto samples = m_history->samples(m_pid);
        const std::int64_t last = samples.empty() ? 0 : samples.back().t_ns;
        for (const auto& s : samples) {
            t << -double(last - s.t_ns) / 1e9;
            cpu << s.cpu;
            rss << s.rssBytes / (1024.0 * 1024.0);
        }
    }
    m_plot->graph(0)->setData(t, cpu, true);
    m_plot->graph(1)->setData(t, rss, true);
    m_plot->xAxis->setRange(t.isEmpty() ? -60 : std::min(-1.0, t.first()), 0);
    double maxCpu = 100, maxRss = 1;
    for (double v : cpu)
        maxCpu = std::max(maxCpu, v);
    for (double v : rss)
        maxRss = std::max(maxRss, v);
    m_plot->yAxis->setRange(0, maxCpu * 1.1);
    m_plot->yAxis2->setRange(0, maxRss * 1.2);
    if (auto* title = qobject_cast<QCPTextElement*>(m_plot->plotLayout()->element(0, 0)))
        title->setText(m_pid ? tr("Process %1").arg(m_pid) : tr("Select a process to see its CPU and memory"));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

#include "plots/process_lifetime_plot.h"

#include "models/remote_keys.h"

#include "plots/lane_scroll.h"
#include "plots/paint_layer.h"
#include "plots/plot_style.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollBar>
#include <QVBoxLayout>

#include <csignal>
#include <functional>
#include <map>

using proclab::EventKind;
using proclab::RunState;

ProcessLifetimePlot::ProcessLifetimePlot(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
    , m_legend(new QLabel(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_legend);
    auto* body = new QHBoxLayout;
    body->setSpacing(0);
    body->addWidget(m_plot, 1);
    auto* bar = new QScrollBar(Qt::Vertical, this);
    bar->setObjectName(QStringLiteral("laneScrollBar"));
    body->addWidget(bar);
    layout->addLayout(body, 1);
    m_legend->setTextFormat(Qt::RichText);
    m_legend->setWordWrap(true);
    plotstyle::setupRowAxes(m_plot);
    m_lanes = new LaneScroll(m_plot, bar);
    m_layer = new PaintLayer(m_plot->axisRect(), [this](QCPPainter* p) { paint(p); });
    retranslateUi();
}

ProcessLifetimePlot::~ProcessLifetimePlot() = default;

void ProcessLifetimePlot::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        rebuildRows();
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    }
    QWidget::changeEvent(event);
}

void ProcessLifetimePlot::retranslateUi()
{
    const QString sep = QStringLiteral(" &nbsp; ");
    m_legend->setText(plotstyle::legendItem(QColor(0xBF, 0xE6, 0xCF), tr("alive")) + sep +
                      plotstyle::legendItem(plotstyle::wait(), tr("blocked")) + sep +
                      plotstyle::legendItem(plotstyle::exited(), tr("ended")) + sep +
                      plotstyle::legendItem(QColor(0xF2, 0xB8, 0xB8), tr("killed by a signal")) + sep +
                      plotstyle::legendItem(plotstyle::join(), tr("parent waiting in join(pid)")) + sep +
                      tr("dashed outline: daemon (ended with its parent)") + QStringLiteral("<br>") +
                      tr("A child shown \"not joined\" has ended but its parent never called join() on it."));
    m_plot->xAxis->setLabel(tr("seconds since the session started"));
}

void ProcessLifetimePlot::clear()
{
    m_snapshot = std::make_shared<const proclab::Snapshot>();
    m_joins.clear();
    m_rows.clear();
    m_origin = 0;
    rebuildRows();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void ProcessLifetimePlot::onFrame(const FeedFrame& frame)
{
    if (frame.snapshot.taken_ns < m_snapshot->taken_ns || frame.snapshot.session != m_snapshot->session)
        clear();
    m_snapshot = frame.sharedSnapshot();
    if (!m_origin)
        m_origin = plotstyle::originOf(*m_snapshot);
    for (const auto& e : frame.events) {
        if (e.kind == EventKind::JoinBegin) {
            m_joins.push_back({e.pid, pid_t(e.arg), e.t_ns, 0});
        } else if (e.kind == EventKind::JoinEnd) {
            bool matched = false;
            for (std::size_t k = m_joins.size(); k-- > 0;)
                if (JoinSpan& j = m_joins[k]; j.parent == e.pid && j.child == pid_t(e.arg) && !j.end) {
                    j.end = e.t_ns;
                    matched = true;
                    break;
                }
            if (!matched)
                m_joins.push_back({e.pid, pid_t(e.arg), e.t_ns, e.t_ns});
        }
    }
    if (m_joins.size() > kMaxJoins)
        m_joins.erase(m_joins.begin(), m_joins.begin() + std::ptrdiff_t(m_joins.size() - kMaxJoins / 2));
    rebuildRows();
    m_plot->xAxis->setRange(0, std::max(0.05, toX(m_snapshot->taken_ns)) * 1.4); // room for the notes
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void ProcessLifetimePlot::rebuildRows()
{
    // Tree order: each process followed by its children (oldest first).
    std::map<pid_t, std::vector<pid_t>> children;
    std::vector<pid_t> roots;
    // Rows are keyed as the process table's: a relayed MPI rank (its PID is another host's) apart
    // from this host's PIDs, under the process that relays it. One lookup table per frame.
    m_records.clear();
    for (const auto& p : m_snapshot->processes)
        m_records[RemoteKeys::keyOf(p)] = &p; // the newest record of a PID (as Snapshot::process)
    for (const auto& p : m_snapshot->processes) {
        const pid_t key = RemoteKeys::keyOf(p);
        if (m_snapshot->process(p.ppid) && p.ppid != key)
            children[p.ppid].push_back(key);
        else
            roots.push_back(key);
    }
    m_rows.clear();
    std::map<pid_t, int> depth;
    std::function<void(pid_t, int)> walk = [&](pid_t pid, int d) {
        if (depth.contains(pid) || m_rows.size() > 2000)
            return;
        depth[pid] = d;
        m_rows.push_back(pid);
        for (pid_t c : children[pid])
            walk(c, d + 1);
    };
    for (pid_t r : roots)
        walk(r, 0);
    QStringList labels;
    labels.reserve(static_cast<qsizetype>(m_rows.size()));
    for (pid_t pid : m_rows) {
        const auto* p = recordOf(pid);
        if (!p) {
            labels << QString();
            continue;
        }
        QString label = QString(qsizetype{std::min(depth[pid], 6)} * 2, u' ') +
                        tr("%1 (%2)").arg(plotstyle::fromStd(p->name)).arg(p->pid);
        if (p->daemon)
            label += tr(" · daemon");
        labels << label;
    }
    m_lanes->setLanes(labels);
}

const proclab::ProcessRecord* ProcessLifetimePlot::recordOf(pid_t key) const
{
    const auto it = m_records.find(key);
    return it == m_records.end() ? nullptr : it->second;
}

QString ProcessLifetimePlot::noteFor(pid_t pid) const
{
    const auto* p = recordOf(pid);
    if (!p)
        return {};
    if (!p->exitcode && !p->end_ns) {
        if (p->state == RunState::Blocked && p->blocked_op == proclab::WaitOp::Join)
            return tr("in join(%1)").arg(p->blocked_pid);
        return {};
    }
    QString note =
        p->exitcode ? tr("exit %1").arg(plotstyle::fromStd(proclab::describe_exitcode(*p->exitcode))) : tr("ended");
    const auto* parent = m_snapshot->process(p->ppid);
    if (p->daemon && parent && parent->end_ns && p->exitcode && *p->exitcode < 0)
        note += tr(" · terminated with its parent");
    if (!p->joined && p->kind != proclab::ProcessKind::Main)
        note += tr(" · not joined");
    return note;
}

void ProcessLifetimePlot::paint(QCPPainter* painter)
{
    if (m_rows.empty())
        return;
    const double rowPx = std::abs(m_plot->yAxis->coordToPixel(1) - m_plot->yAxis->coordToPixel(0));
    const double h = std::min(rowPx * 0.62, 28.0);
    const std::size_t first = static_cast<std::size_t>(std::max(0, m_lanes->firstVisible() - 1));
    const std::size_t last = std::min(m_rows.size(), first + static_cast<std::size_t>(m_lanes->visibleCount()) + 2);
    auto px = [this](std::int64_t ns) { return m_plot->xAxis->coordToPixel(toX(ns)); };
    std::map<pid_t, double> rowY;
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        rowY[m_rows[i]] = m_plot->yAxis->coordToPixel(double(i));
    const std::int64_t now = m_snapshot->taken_ns;
    const QFontMetrics fm(font());
    painter->setFont(font());

    for (std::size_t i = first; i < last; ++i) {
        const auto* p = recordOf(m_rows[i]);
        if (!p || !p->start_ns)
            continue;
        const double y = rowY[m_rows[i]] - h / 2;
        const double a = px(p->start_ns), b = std::max(a + 2, px(p->end_ns ? p->end_ns : now));
        QColor fill = QColor(0xBF, 0xE6, 0xCF);
        if (p->state == RunState::Killed || (p->exitcode && *p->exitcode < 0))
            fill = QColor(0xF2, 0xB8, 0xB8);
        else if (p->end_ns || p->state == RunState::Exited)
            fill = plotstyle::exited();
        painter->fillRect(QRectF(a, y, b - a, h), fill);
        if (p->state == RunState::Blocked && p->blocked_since_ns) {
            const double ba = px(p->blocked_since_ns);
            painter->fillRect(QRectF(ba, y, std::max(2.0, b - ba), h * 0.35), plotstyle::wait());
        }
        painter->setPen(QPen(QColor(0x40, 0x40, 0x40), p->daemon ? 1.6 : 1, p->daemon ? Qt::DashLine : Qt::SolidLine));
        painter->setBrush(Qt::NoBrush);
        painter->drawRect(QRectF(a, y, b - a, h));
        const QString note = noteFor(m_rows[i]);
        if (!note.isEmpty()) {
            const bool warn = note.contains(tr(" · not joined")) || note.contains(tr(" · terminated with its parent"));
            painter->setPen(warn ? plotstyle::error() : QColor(0x30, 0x30, 0x30));
            painter->drawText(QPointF(b + 6, rowY[p->pid] + fm.ascent() / 2.0 - 1), note);
        }
    }
    // Joins: a blue bar on the parent's row, and a dotted line down to the child's exit.
    for (const auto& j : m_joins) {
        auto pit = rowY.find(j.parent);
        if (pit == rowY.end())
            continue;
        const double a = px(j.begin), b = std::max(a + 2, px(j.end ? j.end : now));
        const double y = pit->second + h / 2 - h * 0.4;
        painter->fillRect(QRectF(a, y, b - a, h * 0.4), plotstyle::join());
        const QString text = tr("join(%1)").arg(j.child);
        if (fm.horizontalAdvance(text) + 4 < b - a) {
            painter->setPen(Qt::white);
            painter->drawText(QRectF(a + 2, y, b - a - 4, h * 0.4), Qt::AlignVCenter | Qt::AlignLeft, text);
        }
        if (auto cit = rowY.find(j.child); cit != rowY.end() && j.end) {
            painter->setPen(QPen(plotstyle::join(), 1.2, Qt::DotLine));
            painter->drawLine(QPointF(b, pit->second), QPointF(b, cit->second));
        }
    }
    // A join in progress that began before the first frame: from the snapshot.
    for (const auto& p : m_snapshot->processes) {
        if (p.remote() || p.state != RunState::Blocked || p.blocked_op != proclab::WaitOp::Join ||
            !rowY.contains(p.pid))
            continue;
        bool shown = false;
        for (const auto& j : m_joins)
            shown = shown || (j.parent == p.pid && j.child == p.blocked_pid && !j.end);
        if (shown)
            continue;
        const double a = px(p.blocked_since_ns), b = std::max(a + 2, px(now));
        painter->fillRect(QRectF(a, rowY[p.pid] + h / 2 - h * 0.4, b - a, h * 0.4), plotstyle::join());
    }
}

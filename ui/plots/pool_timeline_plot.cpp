#include "plots/pool_timeline_plot.h"

#include "models/remote_keys.h"

#include "plots/lane_scroll.h"
#include "plots/paint_layer.h"
#include "plots/plot_style.h"

#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QScrollBar>
#include <QToolTip>
#include <QVBoxLayout>

#include <cmath>
#include <set>

using proclab::ObjectKind;
using proclab::ProcessKind;
using Kind = TimelineStore::Kind;
using Lane = TimelineStore::Lane;

namespace {

QColor colorOf(Kind k)
{
    switch (k) {
    case Kind::Ok:
        return plotstyle::ok();
    case Kind::Error:
        return plotstyle::error();
    case Kind::Lost:
        return plotstyle::lost();
    case Kind::Wait:
        return plotstyle::wait();
    case Kind::Join:
        return plotstyle::join();
    }
    return plotstyle::ok();
}

} // namespace

PoolTimelinePlot::PoolTimelinePlot(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
    , m_followBox(new QCheckBox(this))
    , m_legend(new QLabel(this))
    , m_insightsTitle(new QLabel(this))
    , m_insights(new QLabel(this))
{
    auto* top = new QHBoxLayout;
    top->addWidget(m_legend, 1);
    top->addWidget(m_followBox);

    auto* side = new QVBoxLayout;
    side->addWidget(m_insightsTitle);
    side->addWidget(m_insights);
    m_progressLayout = new QVBoxLayout;
    side->addLayout(m_progressLayout);
    side->addStretch(1);
    m_insights->setTextFormat(Qt::RichText);
    m_insights->setWordWrap(true);
    m_insights->setMinimumWidth(230);
    m_insights->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    QFont bold = m_insightsTitle->font();
    bold.setBold(true);
    m_insightsTitle->setFont(bold);

    auto* body = new QHBoxLayout;
    body->addWidget(m_plot, 1);
    auto* bar = new QScrollBar(Qt::Vertical, this);
    bar->setObjectName(QStringLiteral("laneScrollBar"));
    body->addWidget(bar);
    body->addLayout(side);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addLayout(body, 1);

    m_legend->setTextFormat(Qt::RichText);
    m_followBox->setChecked(true);
    connect(m_followBox, &QCheckBox::toggled, this, &PoolTimelinePlot::setFollowLive);

    plotstyle::setupRowAxes(m_plot);
    m_plot->yAxis->setRange(-0.5, 0.5);
    m_lanes = new LaneScroll(m_plot, bar);
    m_plot->setNoAntialiasingOnDrag(true);
    m_layer = new PaintLayer(m_plot->axisRect(), [this](QCPPainter* p) { paintSpans(p); });
    connect(m_plot->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, &PoolTimelinePlot::onRangeChanged);
    connect(m_plot, &QCustomPlot::mouseMove, this, &PoolTimelinePlot::onPlotMove);
    m_plot->setMouseTracking(true);
    retranslateUi();
}

PoolTimelinePlot::~PoolTimelinePlot() = default;

void PoolTimelinePlot::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void PoolTimelinePlot::retranslateUi()
{
    m_followBox->setText(tr("Follow live"));
    m_followBox->setToolTip(tr("Keep the newest moment in view. Dragging or zooming the plot turns it off."));
    m_legend->setText(plotstyle::legendItem(plotstyle::ok(), tr("task done")) + QStringLiteral(" &nbsp; ") +
                      plotstyle::legendItem(plotstyle::error(), tr("task raised")) + QStringLiteral(" &nbsp; ") +
                      plotstyle::legendItem(plotstyle::lost(), tr("task lost (worker died)")) +
                      QStringLiteral(" &nbsp; ") + plotstyle::legendItem(plotstyle::running(), tr("running")) +
                      QStringLiteral(" &nbsp; ") + plotstyle::legendItem(plotstyle::idle(), tr("idle")) +
                      QStringLiteral(" &nbsp; ") + plotstyle::legendItem(plotstyle::wait(), tr("caller waits (get)")) +
                      QStringLiteral(" &nbsp; ") + plotstyle::legendItem(plotstyle::join(), tr("caller waits (join)")));
    m_insightsTitle->setText(tr("Worker insights"));
    m_plot->xAxis->setLabel(tr("seconds since the session started (wheel: zoom, drag: pan)"));
    rebuildRows();
    updateInsights();
}

void PoolTimelinePlot::clear()
{
    m_store.clear();
    m_snapshot = std::make_shared<const proclab::Snapshot>();
    m_origin = 0;
    m_now = 0;
    m_followWidth = 0;
    rebuildRows();
    updateInsights();
    replot();
}

void PoolTimelinePlot::onFrame(const FeedFrame& frame)
{
    // Replay moved backwards: start over from the events it hands again.
    if (frame.snapshot.taken_ns < m_snapshot->taken_ns || frame.snapshot.session != m_snapshot->session)
        clear();
    m_snapshot = frame.sharedSnapshot();
    if (!m_origin)
        m_origin = plotstyle::originOf(*m_snapshot);
    m_now = std::max(m_now, m_snapshot->taken_ns);
    m_store.observe(*m_snapshot);
    m_store.addEvents(frame.events);
    // A full session recycles the slots of its oldest ended processes: their rows go too (until
    // then every worker keeps its row, so a finished pool's history stays on screen).
    if (frame.live && m_snapshot->processes.size() >= proclab::Session::kMaxProcesses)
        m_store.forgetProcessesNotIn(*m_snapshot);
    rebuildRows();
    updateInsights();
    if (m_follow)
        applyFollow();
    replot();
}

void PoolTimelinePlot::replot()
{
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void PoolTimelinePlot::rebuildRows()
{
    QList<Row> rows;
    std::set<std::pair<pid_t, Lane>> placed;
    // Rows are keyed as the store's tracks: a relayed MPI rank apart from this host's PIDs.
    const auto recordOf = [&](pid_t key) { return RemoteKeys::find(*m_snapshot, key); };
    auto add = [&](pid_t pid, Lane lane, proclab::ObjectId pool, const QString& label) {
        if (!placed.insert({pid, lane}).second)
            return;
        Row r;
        r.pid = pid;
        r.lane = lane;
        r.pool = pool;
        r.track = m_store.findTrack(pid, lane);
        if (const auto* p = recordOf(pid)) {
            r.startNs = p->start_ns;
            r.endNs = p->end_ns;
        }
        r.label = label;
        rows.push_back(r);
    };
    auto workerLabel = [&](pid_t key) {
        const auto* p = recordOf(key);
        const pid_t pid = RemoteKeys::pidOf(key);
        // An MPI pool's worker rank is named host:rank: the name says where it runs.
        const QString name = p ? plotstyle::fromStd(p->name) : QString();
        const QString worker =
            name.contains(QLatin1Char(':')) ? tr("worker %1 (%2)").arg(name).arg(pid) : tr("worker %1").arg(pid);
        return worker + (p && p->end_ns ? tr(" (ended)") : QString());
    };
    // Each pool: its caller's waits, then its workers (by start).
    for (const auto& o : m_snapshot->objects) {
        if (o.kind != ObjectKind::Pool)
            continue;
        const auto* creator = m_snapshot->process(o.creator);
        add(o.creator, Lane::Waits, o.id,
            tr("caller %1 (%2)").arg(creator ? plotstyle::fromStd(creator->name) : QString()).arg(o.creator));
        for (const auto& p : m_snapshot->processes)
            if (p.kind == ProcessKind::PoolWorker && p.ppid == o.creator)
                add(RemoteKeys::key(p.host, p.pid), Lane::Tasks, o.id, workerLabel(RemoteKeys::key(p.host, p.pid)));
        for (std::size_t t = 0; t < m_store.trackCount(); ++t) {
            const auto& tr_ = m_store.track(t);
            if (tr_.lane == Lane::Tasks && tr_.pool == o.id)
                add(tr_.pid, Lane::Tasks, o.id, workerLabel(tr_.pid));
        }
    }
    // Workers of pools the snapshot does not show (a replay's start, synthetic data).
    for (std::size_t t = 0; t < m_store.trackCount(); ++t) {
        const auto& tr_ = m_store.track(t);
        if (tr_.lane == Lane::Tasks)
            add(tr_.pid, Lane::Tasks, tr_.pool, workerLabel(tr_.pid));
    }
    for (const auto& p : m_snapshot->processes)
        if (p.kind == ProcessKind::PoolWorker)
            add(RemoteKeys::key(p.host, p.pid), Lane::Tasks, proclab::kNoObject,
                workerLabel(RemoteKeys::key(p.host, p.pid)));
    m_rows = rows;

    QStringList labels;
    labels.reserve(m_rows.size());
    for (const Row& row : std::as_const(m_rows))
        labels << row.label;
    m_lanes->setLanes(labels);
}

void PoolTimelinePlot::setFollowLive(bool follow)
{
    if (m_follow == follow)
        return;
    m_follow = follow;
    {
        const QSignalBlocker block(m_followBox);
        m_followBox->setChecked(follow);
    }
    if (follow) {
        applyFollow();
        replot();
    }
    emit followLiveChanged(follow);
}

std::pair<std::int64_t, std::int64_t> PoolTimelinePlot::activePoolWindow() const
{
    // The newest pool still open, else the newest one: from its creation to its end (or now).
    const proclab::ObjectRecord* best = nullptr;
    for (const auto& o : m_snapshot->objects) {
        if (o.kind != ObjectKind::Pool || !o.created_ns)
            continue;
        if (!best || (o.alive && !best->alive) || (o.alive == best->alive && o.created_ns > best->created_ns))
            best = &o;
    }
    if (!best)
        return {0, 0};
    const std::int64_t end =
        best->alive || !best->destroyed_ns ? std::max(m_now, best->created_ns) : best->destroyed_ns;
    return {best->created_ns, end};
}

void PoolTimelinePlot::applyFollow()
{
    const double now = m_now ? toX(m_now) : 1.0;
    if (m_followWidth > 0) {
        setTimeRange(now - m_followWidth * 0.97, now + m_followWidth * 0.03);
        return;
    }
    // The active pool's run, not the whole session: a 7 s run fills the plot.
    if (const auto [from, to] = activePoolWindow(); from) {
        const double a = toX(from), b = std::max(toX(to), a + 0.05);
        const double pad = (b - a) * 0.03;
        setTimeRange(a - pad, b + pad);
        return;
    }
    setTimeRange(0, std::max(now, 0.05) * 1.03);
}

void PoolTimelinePlot::setTimeRange(double from, double to)
{
    m_settingRange = true;
    m_plot->xAxis->setRange(from, to);
    m_settingRange = false;
}

void PoolTimelinePlot::onRangeChanged(const QCPRange& range)
{
    if (m_settingRange)
        return;
    m_followWidth = range.size(); // the learner zoomed or panned: keep that width when following again
    setFollowLive(false);
}

void PoolTimelinePlot::onPlotMove(QMouseEvent* event)
{
    const QString tip = toolTipAt(event->pos());
    if (tip.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPosition().toPoint(), tip, m_plot);
}

void PoolTimelinePlot::paintSpans(QCPPainter* painter)
{
    if (m_rows.isEmpty())
        return;
    const QCPRange xr = m_plot->xAxis->range();
    const QRect area = m_plot->axisRect()->rect();
    if (area.width() <= 0)
        return;
    const auto x0 = m_origin + static_cast<std::int64_t>(xr.lower * 1e9);
    const auto x1 = m_origin + static_cast<std::int64_t>(xr.upper * 1e9);
    const double nsPerPixel = double(x1 - x0) / double(area.width());
    const double rowPx = std::abs(m_plot->yAxis->coordToPixel(1) - m_plot->yAxis->coordToPixel(0));
    auto px = [this](std::int64_t ns) { return m_plot->xAxis->coordToPixel(toX(ns)); };
    const std::int64_t now = m_now ? m_now : m_store.lastNs();
    const QFont small = [&] {
        QFont f = font();
        f.setPointSizeF(std::max(6.0, f.pointSizeF() * 0.8));
        return f;
    }();
    painter->setFont(small);
    const QFontMetrics fm(small);

    const int firstRow = std::max(0, m_lanes->firstVisible() - 1);
    const int lastRow = std::min<int>(static_cast<int>(m_rows.size()), firstRow + m_lanes->visibleCount() + 2);
    for (int r = firstRow; r < lastRow; ++r) {
        const Row& row = m_rows[r];
        const double yc = m_plot->yAxis->coordToPixel(r);
        const bool tasks = row.lane == Lane::Tasks;
        const double h = rowPx * (tasks ? 0.7 : 0.45);
        const double top = yc - h / 2;
        // Lifetime: grey where a worker is alive without a task (idle is visible as grey).
        if (tasks && row.startNs) {
            const double a = px(row.startNs), b = px(row.endNs ? row.endNs : now);
            painter->fillRect(QRectF(a, top, std::max(1.0, b - a), h), plotstyle::idle());
        }
        if (row.track < 0)
            continue;
        const auto& track = m_store.track(std::size_t(row.track));
        m_store.visit(std::size_t(row.track), x0, x1, nsPerPixel, [&](const TimelineStore::Piece& piece) {
            const double a = px(piece.begin);
            const double b = std::max(a + 1.0, px(piece.end));
            QColor c = colorOf(piece.kind);
            if (piece.aggregated)
                c.setAlphaF(float(std::clamp(0.25 + 0.75 * piece.busyFraction, 0.25, 1.0)));
            painter->fillRect(QRectF(a, top, b - a, h), c);
            if (piece.count == 1 && !piece.aggregated && b - a > 4) {
                painter->setPen(QPen(Qt::white, 1));
                painter->drawLine(QPointF(a, top), QPointF(a, top + h)); // separates back-to-back tasks
                QString text;
                const auto s = track.span(std::size_t(piece.index));
                if (tasks)
                    text = QStringLiteral("#%1").arg(s.id);
                else if (s.kind == Kind::Join)
                    text = tr("join(%1)").arg(s.id);
                else
                    text = QString::fromUtf8(proclab::to_string(static_cast<proclab::WaitOp>(s.detail)).data());
                if (fm.horizontalAdvance(text) + 4 < b - a && h > fm.height()) {
                    painter->setPen(Qt::white);
                    painter->drawText(QRectF(a + 2, top, b - a - 4, h), Qt::AlignVCenter | Qt::AlignLeft, text);
                }
            }
        });
        // Still open: the running task, or the wait in progress, up to now.
        for (const auto& o : track.open()) {
            const double a = px(o.begin), b = std::max(a + 1.0, px(now));
            QColor c = tasks ? plotstyle::running() : colorOf(o.kind);
            painter->fillRect(QRectF(a, top, b - a, h), c);
            painter->setPen(QPen(c.darker(140), 1, Qt::DashLine));
            painter->drawRect(QRectF(a, top, b - a, h));
            const QString text = tasks ? tr("#%1 running").arg(o.id) : QString();
            if (!text.isEmpty() && fm.horizontalAdvance(text) + 4 < b - a && h > fm.height()) {
                painter->setPen(Qt::black);
                painter->drawText(QRectF(a + 2, top, b - a - 4, h), Qt::AlignVCenter | Qt::AlignLeft, text);
            }
        }
    }
}

QString PoolTimelinePlot::toolTipAt(const QPoint& pos) const
{
    if (!m_plot->axisRect()->rect().contains(pos))
        return {};
    const int r = int(std::lround(m_plot->yAxis->pixelToCoord(pos.y())));
    if (r < 0 || r >= m_rows.size())
        return {};
    const Row& row = m_rows[r];
    if (row.track < 0)
        return row.label;
    const auto& track = m_store.track(std::size_t(row.track));
    const auto t = m_origin + static_cast<std::int64_t>(m_plot->xAxis->pixelToCoord(pos.x()) * 1e9);
    const auto tol = static_cast<std::int64_t>(
        std::abs(m_plot->xAxis->pixelToCoord(pos.x() + 3) - m_plot->xAxis->pixelToCoord(pos.x())) * 1e9);
    for (const auto& o : track.open())
        if (t >= o.begin - tol)
            return row.lane == Lane::Tasks
                       ? tr("Task %1 running on worker %2 for %3")
                             .arg(o.id)
                             .arg(row.pid)
                             .arg(plotstyle::duration(m_now - o.begin))
                       : tr("%1 is waiting (%2 so far)").arg(row.label, plotstyle::duration(m_now - o.begin));
    std::int64_t i = track.spanAt(t);
    if (i < 0)
        i = track.spanAt(t + tol);
    if (i < 0)
        i = track.spanAt(t - tol);
    if (i < 0) {
        for (const auto& b : track.bins())
            if (t >= b.begin && t <= b.end)
                return tr("%1 tasks between %2 s and %3 s (older history, aggregated): busy %4 %, %5 raised, %6 lost")
                    .arg(b.count)
                    .arg(toX(b.begin), 0, 'f', 2)
                    .arg(toX(b.end), 0, 'f', 2)
                    .arg(b.end > b.begin ? 100.0 * double(b.busyNs) / double(b.end - b.begin) : 100.0, 0, 'f', 0)
                    .arg(b.errors)
                    .arg(b.lost);
        return row.lane == Lane::Tasks ? tr("%1: idle").arg(row.label) : QString();
    }
    const auto s = track.span(std::size_t(i));
    if (row.lane == Lane::Waits) {
        QString what;
        if (s.kind == Kind::Join) {
            what = tr("join(%1): waited for child %1 to end").arg(s.id);
        } else {
            const auto* o = m_snapshot->object(static_cast<proclab::ObjectId>(s.id));
            what = tr("%1 on %2")
                       .arg(QString::fromUtf8(proclab::to_string(static_cast<proclab::WaitOp>(s.detail)).data()),
                            o ? plotstyle::objectName(*o) : tr("object %1").arg(s.id));
        }
        return tr("%1\nWaited %2 (from %3 s)")
            .arg(what, plotstyle::duration(s.end - s.begin))
            .arg(toX(s.begin), 0, 'f', 3);
    }
    QString outcome = s.kind == Kind::Ok ? tr("ok") : tr("lost: the worker died while running it");
    if (s.kind == Kind::Error) {
        const std::string why = m_store.failure(row.pid, s.id);
        outcome = why.empty() ? tr("raised an exception") : tr("raised %1").arg(plotstyle::fromStd(why));
    }
    const QString fn =
        m_store.function(s.detail).empty() ? tr("(not seen)") : plotstyle::fromStd(m_store.function(s.detail));
    return tr("Task %1\nFunction: %2\nArguments: not recorded by the session\nDuration: %3 (from %4 s)\nWorker pid: "
              "%5\nOutcome: %6")
        .arg(s.id)
        .arg(fn, plotstyle::duration(s.end - s.begin))
        .arg(toX(s.begin), 0, 'f', 3)
        .arg(row.pid)
        .arg(outcome);
}

QList<QProgressBar*> PoolTimelinePlot::progressBars() const
{
    QList<QProgressBar*> out;
    for (const auto& p : m_progress)
        if (p)
            out << p.data();
    return out;
}

void PoolTimelinePlot::updateInsights()
{
    QString html = QStringLiteral("<b>%1</b><table>").arg(tr("Busy share per worker").toHtmlEscaped());
    bool anyWorker = false;
    int listed = 0, unlisted = 0;
    for (const Row& row : m_rows) {
        if (row.lane != Lane::Tasks || row.track < 0)
            continue;
        if (listed == kMaxListedWorkers) { // the plot shows them all; the list stays short
            ++unlisted;
            continue;
        }
        ++listed;
        const auto& t = m_store.track(std::size_t(row.track));
        std::int64_t busy = t.busyNs();
        for (const auto& o : t.open())
            busy += std::max<std::int64_t>(0, m_now - o.begin);
        const std::int64_t from = row.startNs ? row.startNs : t.firstNs();
        const std::int64_t to = row.endNs ? row.endNs : std::max(m_now, t.lastNs());
        const double share = to > from ? std::clamp(double(busy) / double(to - from), 0.0, 1.0) : 0.0;
        html += QStringLiteral("<tr><td>%1</td><td align=right>&nbsp;%2 %</td><td>&nbsp;%3</td></tr>")
                    .arg(tr("worker %1").arg(row.pid).toHtmlEscaped())
                    .arg(share * 100, 0, 'f', 0)
                    .arg(tr("%n task(s)", nullptr, int(t.count())).toHtmlEscaped());
        anyWorker = true;
    }
    if (!anyWorker)
        html += QStringLiteral("<tr><td>%1</td></tr>").arg(tr("no task yet").toHtmlEscaped());
    if (unlisted)
        html += QStringLiteral("<tr><td colspan=3>%1</td></tr>")
                    .arg(tr("… and %n more worker(s)", nullptr, unlisted).toHtmlEscaped());
    html += QStringLiteral("</table><br><b>%1</b><table>").arg(tr("Five slowest tasks").toHtmlEscaped());
    for (const auto& s : m_store.slowest()) {
        // The function is in the span's tooltip: too long for this column.
        html += QStringLiteral("<tr><td>%1&nbsp;</td><td align=right style=\"white-space:nowrap\">%2</td>"
                               "<td style=\"white-space:nowrap\">&nbsp;%3</td></tr>")
                    .arg(tr("task %1").arg(s.task).toHtmlEscaped(), plotstyle::duration(s.durationNs),
                         tr("on worker %1").arg(s.pid).toHtmlEscaped());
    }
    html += QStringLiteral("</table>");
    m_insights->setText(html);

    // One progress bar per pool: tasks finished out of tasks submitted.
    std::vector<const proclab::ObjectRecord*> pools;
    for (const auto& o : m_snapshot->objects)
        if (o.kind == ObjectKind::Pool)
            pools.push_back(&o);
    while (m_progress.size() > qsizetype(pools.size()))
        delete m_progress.takeLast().data();
    while (m_progress.size() < qsizetype(pools.size())) {
        auto* bar = new QProgressBar(this);
        bar->setTextVisible(true);
        m_progressLayout->addWidget(bar);
        m_progress.push_back(bar);
    }
    for (std::size_t i = 0; i < pools.size(); ++i) {
        const auto& o = *pools[i];
        const auto finished = o.tasks_done + o.tasks_failed + o.tasks_lost;
        const auto total = finished + o.tasks_running + o.tasks_queued;
        QProgressBar* bar = m_progress[qsizetype(i)];
        bar->setRange(0, int(std::max<std::uint64_t>(total, 1)));
        bar->setValue(int(finished));
        bar->setFormat(tr("%1: %2 of %3 tasks%4")
                           .arg(plotstyle::objectName(o))
                           .arg(finished)
                           .arg(total)
                           .arg(o.alive ? QString() : tr(" (closed)")));
        bar->setToolTip(tr("%1 done, %2 raised, %3 lost, %4 running, %5 waiting in the pool's queue")
                            .arg(o.tasks_done)
                            .arg(o.tasks_failed)
                            .arg(o.tasks_lost)
                            .arg(o.tasks_running)
                            .arg(o.tasks_queued));
    }
}

QString PoolTimelinePlot::insightsText() const
{
    QString out = m_insights->text();
    for (const auto* bar : progressBars())
        out += u'\n' + bar->text();
    return out;
}

#include "plots/queue_depth_plot.h"

#include "plots/plot_style.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>

using proclab::EventKind;
using proclab::ObjectKind;

namespace {

QColor seriesColor(int i)
{
    static const QColor colors[] = {QColor(0x00, 0x72, 0xB2), QColor(0xD5, 0x5E, 0x00), QColor(0x00, 0x9E, 0x73),
                                    QColor(0xCC, 0x79, 0xA7), QColor(0xE6, 0x9F, 0x00), QColor(0x56, 0xB4, 0xE9),
                                    QColor(0x44, 0x44, 0x44)};
    return colors[i % 7];
}

} // namespace

QueueDepthPlot::QueueDepthPlot(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
    , m_layoutBox(new QComboBox(this))
    , m_ratesBox(new QCheckBox(this))
    , m_hint(new QLabel(this))
{
    auto* top = new QHBoxLayout;
    top->addWidget(m_hint, 1);
    top->addWidget(m_layoutBox);
    top->addWidget(m_ratesBox);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_plot, 1);
    m_hint->setWordWrap(true);
    m_layoutBox->addItem(QString());
    m_layoutBox->addItem(QString());
    m_ratesBox->setChecked(true);
    connect(m_layoutBox, &QComboBox::currentIndexChanged, this,
            [this](int i) { setLayoutMode(i == 1 ? Layout::SmallMultiples : Layout::Overlaid); });
    connect(m_ratesBox, &QCheckBox::toggled, this, &QueueDepthPlot::setShowRates);
    m_plot->setMinimumSize(320, 200);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom | QCP::iSelectPlottables);
    connect(m_plot, &QCustomPlot::plottableClick, this, &QueueDepthPlot::onPlottableClick);
    connect(m_plot, &QCustomPlot::mousePress, this, &QueueDepthPlot::onMousePress);
    connect(m_plot, &QCustomPlot::legendClick, this, [this](QCPLegend*, QCPAbstractLegendItem* item, QMouseEvent* e) {
        if (auto* pli = qobject_cast<QCPPlottableLegendItem*>(item))
            onPlottableClick(pli->plottable(), 0, e); // a click on a queue's legend entry picks it too
    });
    retranslateUi();
    rebuild();
}

QueueDepthPlot::~QueueDepthPlot() = default;

void QueueDepthPlot::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        rebuild();
    }
    QWidget::changeEvent(event);
}

void QueueDepthPlot::retranslateUi()
{
    m_layoutBox->setItemText(0, tr("Overlaid"));
    m_layoutBox->setItemText(1, tr("One plot per queue"));
    m_ratesBox->setText(tr("Put/get rates"));
    m_hint->setText(tr("Messages waiting in each queue or pipe. A dashed line is the queue's maxsize: when the "
                       "depth reaches it, put() blocks. Click a queue to see who puts and who gets."));
}

QList<proclab::ObjectId> QueueDepthPlot::queues() const
{
    QList<proclab::ObjectId> out;
    for (const auto& [id, s] : m_series)
        out << id;
    return out;
}

QList<pid_t> QueueDepthPlot::producers(proclab::ObjectId id) const
{
    auto it = m_series.find(id);
    return it == m_series.end() ? QList<pid_t>{}
                                : QList<pid_t>(it->second.producers.begin(), it->second.producers.end());
}

QList<pid_t> QueueDepthPlot::consumers(proclab::ObjectId id) const
{
    auto it = m_series.find(id);
    return it == m_series.end() ? QList<pid_t>{}
                                : QList<pid_t>(it->second.consumers.begin(), it->second.consumers.end());
}

int QueueDepthPlot::pointCount(proclab::ObjectId id) const
{
    auto it = m_series.find(id);
    return it == m_series.end() ? 0 : it->second.depth->size();
}

double QueueDepthPlot::lastDepth(proclab::ObjectId id) const
{
    auto it = m_series.find(id);
    return it == m_series.end() || it->second.depth->isEmpty() ? 0 : (it->second.depth->constEnd() - 1)->value;
}

double QueueDepthPlot::maxDepth(proclab::ObjectId id) const
{
    auto it = m_series.find(id);
    double m = 0;
    if (it != m_series.end())
        for (auto p = it->second.depth->constBegin(); p != it->second.depth->constEnd(); ++p)
            m = std::max(m, p->value);
    return m;
}

QCPAxisRect* QueueDepthPlot::axisRectOf(proclab::ObjectId id) const
{
    auto it = m_series.find(id);
    return it == m_series.end() ? nullptr : it->second.rect;
}

void QueueDepthPlot::clear()
{
    m_series.clear();
    m_origin = m_now = m_lastTaken = 0;
    m_session.clear();
    m_highlighted = 0;
    rebuild();
}

void QueueDepthPlot::bound(Container& c)
{
    if (c.size() <= kMaxPoints)
        return;
    // Thin the older half by two: recent detail stays, old history keeps its shape.
    QVector<QCPGraphData> kept;
    kept.reserve(c.size());
    const int half = c.size() / 2;
    int i = 0;
    for (auto it = c.constBegin(); it != c.constEnd(); ++it, ++i)
        if (i >= half || i % 2 == 0)
            kept.push_back(*it);
    c.set(kept, true);
}

void QueueDepthPlot::onFrame(const FeedFrame& frame)
{
    const auto& snap = frame.snapshot;
    if (snap.taken_ns < m_lastTaken || snap.session != m_session) {
        clear();
        m_session = snap.session;
    }
    if (!m_origin)
        m_origin = plotstyle::originOf(snap);
    const bool newTick = snap.taken_ns != m_lastTaken;
    m_lastTaken = snap.taken_ns;
    m_now = std::max(m_now, snap.taken_ns);
    bool added = false;
    for (const auto& o : snap.objects) {
        if (o.kind != ObjectKind::Queue && o.kind != ObjectKind::Pipe)
            continue;
        // A pool's own task and result queues ("Pool tasks", "Pool results") count nothing: the
        // pool timeline shows that traffic.
        if (o.label.rfind("Pool ", 0) == 0)
            continue;
        auto [it, inserted] = m_series.try_emplace(o.id);
        Series& s = it->second;
        if (inserted) {
            s.id = o.id;
            s.pipe = o.kind == ObjectKind::Pipe;
            s.depth.reset(new Container);
            s.putRate.reset(new Container);
            s.getRate.reset(new Container);
            s.lastPut = o.puts;
            s.lastGet = o.gets;
            s.prevPuts = o.puts;
            s.prevGets = o.gets;
            s.prevT = snap.taken_ns;
            added = true;
        }
        s.name = plotstyle::objectName(o);
        s.capacity = s.pipe ? 0 : o.capacity;
    }
    // Between ticks, the depth from each put/get's message sequence (queues; pipes only count).
    // In time order: a get recorded after a later put would otherwise show one message too many.
    std::vector<const proclab::SessionEvent*> channel;
    for (const auto& e : frame.events)
        if (e.kind == EventKind::Put || e.kind == EventKind::Get)
            channel.push_back(&e);
    std::stable_sort(channel.begin(), channel.end(),
                     [](const proclab::SessionEvent* a, const proclab::SessionEvent* b) { return a->t_ns < b->t_ns; });
    for (const proclab::SessionEvent* ep : channel) {
        const auto& e = *ep;
        auto it = m_series.find(e.object);
        if (it == m_series.end())
            continue;
        Series& s = it->second;
        (e.kind == EventKind::Put ? s.producers : s.consumers).insert(e.pid);
        if (e.arg <= 0)
            continue;
        auto& last = e.kind == EventKind::Put ? s.lastPut : s.lastGet;
        last = std::max<std::uint64_t>(last, static_cast<std::uint64_t>(e.arg));
        double d = double(s.lastPut > s.lastGet ? s.lastPut - s.lastGet : 0);
        if (s.capacity)
            d = std::min(d, double(s.capacity)); // an estimate between ticks: never past maxsize
        s.depth->add(QCPGraphData(toX(e.t_ns), d));
        s.maxDepth = std::max(s.maxDepth, d);
    }
    // At the tick, the exact figures of the snapshot.
    if (newTick) {
        for (const auto& o : snap.objects) {
            auto it = m_series.find(o.id);
            if (it == m_series.end())
                continue;
            Series& s = it->second;
            s.lastPut = std::max(s.lastPut, o.puts);
            s.lastGet = std::max(s.lastGet, o.gets);
            s.depth->add(QCPGraphData(toX(snap.taken_ns), double(o.depth)));
            s.maxDepth = std::max(s.maxDepth, double(o.depth));
            const double dt = double(snap.taken_ns - s.prevT) / 1e9;
            if (dt > 0) {
                const double put = double(o.puts - std::min(o.puts, s.prevPuts)) / dt;
                const double get = double(o.gets - std::min(o.gets, s.prevGets)) / dt;
                s.putRate->add(QCPGraphData(toX(snap.taken_ns), put));
                s.getRate->add(QCPGraphData(toX(snap.taken_ns), get));
                s.maxRate = std::max({s.maxRate, put, get});
            }
            s.prevPuts = o.puts;
            s.prevGets = o.gets;
            s.prevT = snap.taken_ns;
            bound(*s.depth);
            bound(*s.putRate);
            bound(*s.getRate);
        }
    }
    if (added)
        rebuild();
    refreshCapacityLines();
    updateRanges();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void QueueDepthPlot::updateRanges()
{
    // Follow the newest time on every axis rect.
    const double now = std::max(0.05, toX(m_now)) * 1.02;
    for (auto* rect : m_plot->axisRects()) {
        rect->axis(QCPAxis::atBottom)->setRange(0, now);
        double depth = 1, rate = 1; // kept incrementally: no pass over the points per frame
        for (const auto& [id, s] : m_series)
            if (s.rect == rect) {
                depth = std::max({depth, s.maxDepth, double(s.capacity)});
                rate = std::max(rate, s.maxRate);
            }
        rect->axis(QCPAxis::atLeft)->setRange(0, depth * 1.15);
        rect->axis(QCPAxis::atRight)->setRange(0, rate * 1.15);
    }
}

void QueueDepthPlot::refreshCapacityLines()
{
    for (auto& [id, s] : m_series) {
        if (!s.capacityGraph)
            continue;
        if (s.capacity > 0)
            s.capacityGraph->setData({0.0, std::max(0.05, toX(m_now)) * 1.02}, {double(s.capacity), double(s.capacity)},
                                     true);
        else
            s.capacityGraph->data()->clear();
    }
}

void QueueDepthPlot::rebuild()
{
    m_plot->clearPlottables();
    m_plot->plotLayout()->clear();
    for (auto& [id, s] : m_series) {
        s.depthGraph = nullptr;
        s.capacityGraph = nullptr;
        s.graphs.clear();
        s.rect = nullptr;
    }
    int nextRow = 0;
    auto makeRect = [this, &nextRow](const QString& title) {
        if (!title.isEmpty()) {
            auto* text = new QCPTextElement(m_plot, title, QFont(font().family(), font().pointSize(), QFont::Bold));
            m_plot->plotLayout()->addElement(nextRow++, 0, text);
            m_plot->plotLayout()->setRowStretchFactor(nextRow - 1, 0.01);
        }
        auto* rect = new QCPAxisRect(m_plot);
        m_plot->plotLayout()->addElement(nextRow++, 0, rect);
        rect->setRangeDrag(Qt::Horizontal);
        rect->setRangeZoom(Qt::Horizontal);
        rect->axis(QCPAxis::atLeft)->setLabel(tr("messages waiting"));
        rect->axis(QCPAxis::atRight)->setVisible(m_rates);
        rect->axis(QCPAxis::atRight)->setLabel(tr("puts / gets per s"));
        rect->axis(QCPAxis::atBottom)->setLabel(tr("seconds since the session started"));
        rect->axis(QCPAxis::atLeft)->setRange(0, 1);
        QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
        ticker->setTickStep(1.0);
        ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
        rect->axis(QCPAxis::atLeft)->setTicker(ticker); // whole messages
        return rect;
    };
    if (m_series.empty()) {
        auto* rect = makeRect(tr("No queue or pipe in this session yet"));
        Q_UNUSED(rect);
        m_plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    QCPAxisRect* shared = m_layout == Layout::Overlaid ? makeRect(QString()) : nullptr;
    QCPLegend* legend = nullptr;
    if (shared) {
        // Below the plot, one line per queue: it never hides the data.
        legend = new QCPLegend;
        m_plot->plotLayout()->addElement(nextRow++, 0, legend);
        m_plot->plotLayout()->setRowStretchFactor(nextRow - 1, 0.01);
        legend->setLayer(QStringLiteral("legend"));
        legend->setFont(font());
        legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
        legend->setWrap(m_rates ? 4 : 2);
        legend->setBorderPen(Qt::NoPen);
    }
    int i = 0;
    for (auto& [id, s] : m_series) {
        QCPAxisRect* rect =
            shared ? shared : makeRect(s.name + (s.capacity ? tr(" (maxsize %1)").arg(s.capacity) : QString()));
        s.rect = rect;
        const QColor c = seriesColor(i);
        const bool hi = id == m_highlighted;
        auto* depth = m_plot->addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
        depth->setData(s.depth);
        depth->setLineStyle(QCPGraph::lsStepLeft);
        depth->setPen(QPen(c, hi ? 3.5 : 2));
        depth->setBrush(QColor(c.red(), c.green(), c.blue(), 30));
        depth->setName(s.name + (s.pipe ? tr(" (messages in flight)") : QString()));
        depth->setSelectable(QCP::stWhole);
        s.depthGraph = depth;
        auto* cap = m_plot->addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
        cap->setPen(QPen(c, 1.5, Qt::DashLine));
        cap->setName(tr("%1: maxsize").arg(s.name));
        cap->setSelectable(QCP::stNone);
        s.capacityGraph = cap;
        s.graphs << depth << cap;
        if (legend) {
            depth->addToLegend(legend);
            if (s.capacity)
                cap->addToLegend(legend);
        }
        if (m_rates) {
            auto* put = m_plot->addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atRight));
            put->setData(s.putRate);
            put->setPen(QPen(c.lighter(130), 1, Qt::DotLine));
            put->setName(tr("%1: puts/s").arg(s.name));
            put->setSelectable(QCP::stNone);
            auto* get = m_plot->addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atRight));
            get->setData(s.getRate);
            get->setPen(QPen(c.darker(130), 1, Qt::DashDotLine));
            get->setName(tr("%1: gets/s").arg(s.name));
            get->setSelectable(QCP::stNone);
            s.graphs << put << get;
            if (legend) {
                put->addToLegend(legend);
                get->addToLegend(legend);
            }
        }
        ++i;
    }
    refreshCapacityLines();
    updateRanges();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void QueueDepthPlot::setLayoutMode(Layout layout)
{
    if (layout == m_layout)
        return;
    m_layout = layout;
    {
        const QSignalBlocker block(m_layoutBox);
        m_layoutBox->setCurrentIndex(layout == Layout::SmallMultiples ? 1 : 0);
    }
    rebuild();
}

void QueueDepthPlot::setShowRates(bool show)
{
    if (show == m_rates)
        return;
    m_rates = show;
    {
        const QSignalBlocker block(m_ratesBox);
        m_ratesBox->setChecked(show);
    }
    rebuild();
}

void QueueDepthPlot::selectQueue(proclab::ObjectId id)
{
    if (!m_series.contains(id))
        return;
    m_highlighted = id;
    for (auto& [sid, s] : m_series)
        if (s.depthGraph) {
            QPen pen = s.depthGraph->pen();
            pen.setWidthF(sid == id ? 3.5 : 2);
            s.depthGraph->setPen(pen);
        }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    emit queueClicked(id);
}

void QueueDepthPlot::onPlottableClick(QCPAbstractPlottable* plottable, int, QMouseEvent*)
{
    for (auto& [id, s] : m_series)
        if (s.graphs.contains(plottable)) {
            selectQueue(id);
            return;
        }
}

void QueueDepthPlot::onMousePress(QMouseEvent* event)
{
    if (m_layout != Layout::SmallMultiples)
        return;
    // One plot per queue: a click anywhere in a queue's plot picks that queue.
    QCPAxisRect* rect = m_plot->axisRectAt(event->position());
    for (auto& [id, s] : m_series)
        if (s.rect && s.rect == rect) {
            selectQueue(id);
            return;
        }
}

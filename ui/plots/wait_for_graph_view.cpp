#include "plots/wait_for_graph_view.h"

#include "plots/plot_style.h"

#include <QEvent>
#include <QGraphicsEllipseItem>
#include <QGraphicsPathItem>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsView>
#include <QLabel>
#include <QPainterPath>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

using proclab::WaitOp;

namespace {

constexpr double kNodeW = 170, kNodeH = 46, kGapX = 60, kRowGap = 150;

struct Node {
    QRectF rect;
    QString text;
    bool process = true;
};

/// An arrow from a to b (box edges), bent by `bend` pixels sideways so two opposite edges differ.
QGraphicsPathItem* arrow(QGraphicsScene* scene, QPointF a, QPointF b, const QPen& pen, double bend)
{
    QPainterPath path(a);
    const QPointF mid = (a + b) / 2;
    const QPointF d = b - a;
    const double len = std::max(1.0, std::hypot(d.x(), d.y()));
    const QPointF normal(-d.y() / len, d.x() / len);
    const QPointF ctrl = mid + normal * bend;
    path.quadTo(ctrl, b);
    // Head: along the curve's last tangent.
    const QPointF t = b - ctrl;
    const double tl = std::max(1.0, std::hypot(t.x(), t.y()));
    const QPointF u = t / tl, n(-u.y(), u.x());
    path.moveTo(b);
    path.lineTo(b - u * 12 + n * 6);
    path.moveTo(b);
    path.lineTo(b - u * 12 - n * 6);
    auto* item = scene->addPath(path, pen);
    return item;
}

/// Where the segment from the box's centre towards `to` leaves the box.
QPointF exitPoint(const QRectF& box, QPointF to)
{
    const QPointF c = box.center();
    const QPointF d = to - c;
    if (d.isNull())
        return c;
    const double sx = d.x() != 0 ? (box.width() / 2) / std::abs(d.x()) : 1e9;
    const double sy = d.y() != 0 ? (box.height() / 2) / std::abs(d.y()) : 1e9;
    return c + d * std::min(sx, sy);
}

/// Keeps the whole graph in view whenever the view's size changes (never magnified past 1.4×).
class FittingView : public QGraphicsView {
public:
    using QGraphicsView::QGraphicsView;
    void fit()
    {
        if (!scene())
            return;
        const QRectF r = scene()->sceneRect();
        const QSize v = viewport()->size();
        if (r.isEmpty() || v.isEmpty())
            return;
        const double s = std::min({double(v.width()) / r.width(), double(v.height()) / r.height(), 1.4});
        setTransform(QTransform::fromScale(s, s));
        centerOn(r.center());
    }

protected:
    void resizeEvent(QResizeEvent* event) override
    {
        QGraphicsView::resizeEvent(event);
        fit();
    }
};

} // namespace

WaitForGraphView::WaitForGraphView(QWidget* parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_explain(new QLabel(this))
    , m_scene(new QGraphicsScene(this))
    , m_view(new FittingView(m_scene, this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_title);
    layout->addWidget(m_explain);
    layout->addWidget(m_view, 1);
    m_title->setWordWrap(true);
    m_explain->setWordWrap(true);
    m_explain->setStyleSheet(QStringLiteral("QLabel { color: #d01010; font-weight: bold; }"));
    m_explain->hide();
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setDragMode(QGraphicsView::ScrollHandDrag);
    retranslateUi();
    redraw();
}

WaitForGraphView::~WaitForGraphView() = default;

void WaitForGraphView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        redraw();
    }
    QWidget::changeEvent(event);
}

void WaitForGraphView::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    static_cast<FittingView*>(m_view)->fit();
}

void WaitForGraphView::retranslateUi()
{
    m_title->setText(
        tr("Who waits on what. Top: processes that wait or hold; bottom: the objects they wait on. "
           "An arrow \"waits to …\" goes from a blocked process to the object it waits on, \"held by\" "
           "from a lock to its owner. A closed loop of arrows is a deadlock: nobody in it can ever go on."));
}

QString WaitForGraphView::explanation() const
{
    return m_explain->isVisible() || !m_explain->text().isEmpty() ? m_explain->text() : QString();
}

void WaitForGraphView::clear()
{
    m_live = m_snapshot = std::make_shared<const proclab::Snapshot>();
    m_graph = proclab::WaitForGraph{};
    redraw();
}

void WaitForGraphView::onFrame(const FeedFrame& frame)
{
    m_live = frame.sharedSnapshot();
    rebuildGraph();
    redraw();
}

void WaitForGraphView::setSchedulerState(const SchedulerStatePtr& state)
{
    m_scheduler = state;
    rebuildGraph();
    redraw();
}

void WaitForGraphView::rebuildGraph()
{
    bool anyHeld = false;
    if (m_scheduler)
        for (const auto& h : m_scheduler->held)
            anyHeld = anyHeld || !h.can_move;
    if (!anyHeld) {
        m_snapshot = m_live;
    } else {
        auto copy = std::make_shared<proclab::Snapshot>(*m_live);
        for (auto& p : copy->processes) {
            if (p.remote())
                continue; // never held: another host's process (its PID may be one of this host's)
            const proclab::HeldProcess* h = m_scheduler->held_process(p.pid);
            if (!h || h->can_move || p.end_ns != 0)
                continue;
            p.state = proclab::RunState::Blocked;
            switch (h->op) {
            case proclab::SchedOp::Join:
                p.blocked_op = proclab::WaitOp::Join;
                p.blocked_pid = h->target;
                p.blocked_on = proclab::kNoObject;
                continue;
            case proclab::SchedOp::Get:
                p.blocked_op = proclab::WaitOp::Get;
                break;
            case proclab::SchedOp::Put:
                p.blocked_op = proclab::WaitOp::Put;
                break;
            case proclab::SchedOp::Recv:
                p.blocked_op = proclab::WaitOp::Recv;
                break;
            case proclab::SchedOp::Wait:
                p.blocked_op = proclab::WaitOp::Wait;
                break;
            default:
                p.blocked_op = proclab::WaitOp::Acquire;
                break;
            }
            p.blocked_on = h->object;
        }
        m_snapshot = std::move(copy);
    }
    m_graph = proclab::Session::wait_for_graph(*m_snapshot);
}

// NOLINTNEXTLINE(readability-function-size): the scene drawn top to bottom (nodes, edges, legend)
void WaitForGraphView::redraw()
{
    m_scene->clear();
    m_nodes = m_edges = m_redEdges = 0;

    // Cycle membership: consecutive pids of a cycle (p waits on the next).
    std::set<pid_t> inCycle;
    std::set<std::pair<pid_t, pid_t>> cycleSteps;
    for (const auto& c : m_graph.cycles)
        for (std::size_t i = 0; i < c.size(); ++i) {
            inCycle.insert(c[i]);
            cycleSteps.insert({c[i], c[(i + 1) % c.size()]});
        }

    // Nodes: processes on the top row, objects on the bottom row.
    std::vector<pid_t> procs;
    std::vector<proclab::ObjectId> objs;
    auto addProc = [&](pid_t p) {
        if (p && std::find(procs.begin(), procs.end(), p) == procs.end())
            procs.push_back(p);
    };
    for (const auto& e : m_graph.edges) {
        addProc(e.waiter);
        addProc(e.holder);
        if (e.object && std::find(objs.begin(), objs.end(), e.object) == objs.end())
            objs.push_back(e.object);
    }
    std::sort(procs.begin(), procs.end());
    std::map<pid_t, Node> pnode;
    std::map<proclab::ObjectId, Node> onode;
    for (std::size_t i = 0; i < procs.size(); ++i) {
        Node n;
        n.rect = QRectF(double(i) * (kNodeW + kGapX), 0, kNodeW, kNodeH);
        const auto* p = m_snapshot->process(procs[i]);
        n.text = tr("%1\npid %2").arg(p ? plotstyle::fromStd(p->name) : tr("process")).arg(procs[i]);
        pnode[procs[i]] = n;
    }
    // Objects under the mean position of the processes they connect (fewer crossings).
    std::vector<std::pair<double, proclab::ObjectId>> order;
    for (auto id : objs) {
        double sum = 0;
        int k = 0;
        for (const auto& e : m_graph.edges)
            if (e.object == id) {
                for (pid_t p : {e.waiter, e.holder})
                    if (pnode.contains(p)) {
                        sum += pnode[p].rect.center().x();
                        ++k;
                    }
            }
        order.emplace_back(k ? sum / k : 0, id);
    }
    std::sort(order.begin(), order.end());
    const double procWidth = procs.empty() ? 0 : double(procs.size()) * (kNodeW + kGapX) - kGapX;
    const double objWidth = order.empty() ? 0 : double(order.size()) * (kNodeW + kGapX) - kGapX;
    const double objShift = (procWidth - objWidth) / 2;
    for (std::size_t i = 0; i < order.size(); ++i) {
        Node n;
        n.process = false;
        n.rect = QRectF(objShift + double(i) * (kNodeW + kGapX), kNodeH + kRowGap, kNodeW, kNodeH);
        const auto* o = m_snapshot->object(order[i].second);
        n.text = o ? plotstyle::objectName(*o) + QStringLiteral("  ") + plotstyle::shortSharedName(*o)
                   : tr("object %1").arg(order[i].second);
        if (o && o->owner)
            n.text += u'\n' + tr("held by %1").arg(o->owner);
        else if (o && (o->kind == proclab::ObjectKind::Queue || o->kind == proclab::ObjectKind::Pipe))
            n.text += u'\n' + tr("%n message(s) waiting", nullptr, int(o->depth));
        onode[order[i].second] = n;
    }

    const QColor red = plotstyle::deadlock();
    auto drawNode = [&](const Node& n, bool hot) {
        const QColor border = hot ? red : (n.process ? QColor(0x33, 0x33, 0x33) : QColor(0x55, 0x55, 0x88));
        const QColor fill =
            hot ? QColor(0xFF, 0xE5, 0xE5) : (n.process ? QColor(0xF4, 0xF8, 0xFF) : QColor(0xFF, 0xF6, 0xE0));
        QPainterPath path;
        if (n.process)
            path.addRoundedRect(n.rect, 12, 12);
        else
            path.addRect(n.rect);
        m_scene->addPath(path, QPen(border, hot ? 3 : 1.5), fill);
        auto* text = m_scene->addSimpleText(n.text);
        const QRectF tb = text->boundingRect();
        text->setPos(n.rect.center() - QPointF(tb.width() / 2, tb.height() / 2));
        ++m_nodes;
    };
    // A label at fraction `at` of the way from a to b, beside the line (on a white backing).
    auto edgeLabel = [&](QPointF a, QPointF b, const QString& s, const QColor& c, double at) {
        auto* t = m_scene->addSimpleText(s);
        t->setBrush(c);
        t->setZValue(2);
        const QRectF tb = t->boundingRect();
        const QPointF p = a + (b - a) * at;
        const QPointF pos(p.x() - tb.width() / 2, p.y() - tb.height() / 2); // on the line, over a white backing
        t->setPos(pos);
        auto* back =
            m_scene->addRect(QRectF(pos, tb.size()).adjusted(-2, 0, 2, 0), Qt::NoPen, QColor(255, 255, 255, 220));
        back->setZValue(1);
    };

    for (const auto& e : m_graph.edges) {
        const bool hot = cycleSteps.contains({e.waiter, e.holder});
        const QPen pen(hot ? red : QColor(0x44, 0x44, 0x44), hot ? 3 : 1.6);
        const QString op = QString::fromUtf8(proclab::to_string(e.op).data());
        if (!e.object) { // join: parent → child
            if (!pnode.contains(e.waiter) || !pnode.contains(e.holder))
                continue;
            const QRectF a = pnode[e.waiter].rect, b = pnode[e.holder].rect;
            const QPointF pa(a.center().x(), a.top()), pb(b.center().x(), b.top());
            arrow(m_scene, pa, pb, pen, -60);
            edgeLabel(pa, pb - QPointF(0, 60), tr("joins (waits for it to end)"), pen.color(), 0.5);
            ++m_edges;
            m_redEdges += hot;
            continue;
        }
        const QRectF w = pnode[e.waiter].rect, o = onode[e.object].rect;
        // waits on: process → object, on the left half of the gap.
        QPointF a = exitPoint(w, o.center()), b = exitPoint(o, w.center());
        arrow(m_scene, a - QPointF(8, 0), b - QPointF(8, 0), pen, 0);
        edgeLabel(a, b, tr("waits to %1").arg(op), pen.color(), 0.2);
        ++m_edges;
        m_redEdges += hot;
        if (e.holder && pnode.contains(e.holder)) {
            const QRectF h = pnode[e.holder].rect;
            QPointF c = exitPoint(o, h.center()), d = exitPoint(h, o.center());
            arrow(m_scene, c + QPointF(8, 0), d + QPointF(8, 0), pen, 0);
            edgeLabel(c, d, tr("held by"), pen.color(), 0.5);
            ++m_edges;
            m_redEdges += hot;
        }
    }
    for (const auto& [pid, n] : pnode)
        drawNode(n, inCycle.contains(pid));
    for (const auto& [id, n] : onode) {
        bool hot = false;
        for (const auto& e : m_graph.edges)
            hot = hot || (e.object == id && cycleSteps.contains({e.waiter, e.holder}));
        drawNode(n, hot);
    }

    if (m_graph.edges.empty()) {
        auto* t = m_scene->addSimpleText(tr("Nobody is waiting on anything right now."));
        t->setPos(0, 0);
    }

    QStringList lines;
    for (const auto& line : m_graph.explain(*m_snapshot))
        lines << plotstyle::fromStd(line);
    m_explain->setText(lines.join(u'\n'));
    m_explain->setVisible(!lines.isEmpty());
    m_scene->setSceneRect(m_scene->itemsBoundingRect().adjusted(-20, -20, 20, 20));
    static_cast<FittingView*>(m_view)->fit();
}

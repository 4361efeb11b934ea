#pragma once
// Queue depths over time: for every queue and pipe of the session, the number of messages
// waiting in it (a step line), its capacity (dashed; a full queue blocks put()), and the put and
// get rates (thin lines, right axis). Overlaid in one plot or as small multiples, one per queue.
// Clicking a queue emits queueClicked(id); producers()/consumers() name the processes that put
// into it and got from it (from the session's Put/Get events), for the process table to highlight.

#include "controllers/session_feed.h"

#include <QList>
#include <QSharedPointer>
#include <QWidget>

#include <map>
#include <set>

#include <qcustomplot.h>

class QCheckBox;
class QComboBox;
class QLabel;

class QueueDepthPlot : public QWidget {
    Q_OBJECT

public:
    enum class Layout { Overlaid, SmallMultiples };
    /// Points kept per series; beyond it the older half is thinned by two (memory stays bounded).
    static constexpr int kMaxPoints = 20000;

    explicit QueueDepthPlot(QWidget* parent = nullptr);
    ~QueueDepthPlot() override;

    QCustomPlot* plot() const { return m_plot; }
    Layout layoutMode() const { return m_layout; }
    bool showRates() const { return m_rates; }

    /// Queues and pipes shown, in order.
    QList<proclab::ObjectId> queues() const;
    QList<pid_t> producers(proclab::ObjectId id) const;
    QList<pid_t> consumers(proclab::ObjectId id) const;
    /// Depth samples held for a queue, and the newest one (tests).
    int pointCount(proclab::ObjectId id) const;
    double lastDepth(proclab::ObjectId id) const;
    double maxDepth(proclab::ObjectId id) const;
    proclab::ObjectId highlighted() const { return m_highlighted; }
    /// The axis rect showing queue `id` (small multiples) or the shared one.
    QCPAxisRect* axisRectOf(proclab::ObjectId id) const;

public slots:
    void onFrame(const FeedFrame& frame);
    void clear();
    void setLayoutMode(Layout layout);
    void setShowRates(bool show);
    /// Thickens the queue's line and emits queueClicked (what a click does).
    void selectQueue(proclab::ObjectId id);

signals:
    void queueClicked(proclab::ObjectId id);

protected:
    void changeEvent(QEvent* event) override;

private:
    using Container = QCPDataContainer<QCPGraphData>;
    struct Series {
        proclab::ObjectId id = 0;
        QString name;
        bool pipe = false;
        std::uint64_t capacity = 0;
        QSharedPointer<Container> depth, putRate, getRate;
        std::uint64_t lastPut = 0, lastGet = 0, prevPuts = 0, prevGets = 0;
        std::int64_t prevT = 0;
        std::set<pid_t> producers, consumers;
        QCPGraph* depthGraph = nullptr;
        QCPGraph* capacityGraph = nullptr;
        QList<QCPAbstractPlottable*> graphs; // every graph of this queue (a click on any picks it)
        double maxDepth = 0, maxRate = 0;
        QCPAxisRect* rect = nullptr;
    };

    void rebuild();
    void refreshCapacityLines();
    void updateRanges();
    void retranslateUi();
    void onPlottableClick(QCPAbstractPlottable* plottable, int dataIndex, QMouseEvent* event);
    void onMousePress(QMouseEvent* event);
    static void bound(Container& c);
    double toX(std::int64_t ns) const { return double(ns - m_origin) / 1e9; }

    std::map<proclab::ObjectId, Series> m_series;
    std::int64_t m_origin = 0;
    std::int64_t m_now = 0;
    std::int64_t m_lastTaken = 0;
    std::string m_session;
    Layout m_layout = Layout::Overlaid;
    bool m_rates = true;
    proclab::ObjectId m_highlighted = 0;

    QCustomPlot* m_plot = nullptr;
    QComboBox* m_layoutBox = nullptr;
    QCheckBox* m_ratesBox = nullptr;
    QLabel* m_hint = nullptr;
};

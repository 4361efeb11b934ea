#pragma once
// The pool timeline (Gantt): one row per pool worker, task spans coloured by outcome (ok, error,
// lost), idle gaps in grey, and above each pool's workers a row for its caller showing where it
// waited (get, join). The whole history is kept (TimelineStore; old history is aggregated, never
// dropped); mouse wheel zooms, drag pans, "Follow live" keeps the active pool's run in view (or
// the width the user zoomed to, ending now); many workers scroll (LaneScroll). Beside it,
// the worker insights: busy share per worker, the five slowest tasks, one progress bar per pool.

#include "controllers/session_feed.h"
#include "plots/timeline_store.h"

#include <QList>
#include <QPointer>
#include <QWidget>

#include <utility>

class QCheckBox;
class QCustomPlot;
class QLabel;
class QMouseEvent;
class QProgressBar;
class QVBoxLayout;
class QWheelEvent;
class LaneScroll;
class PaintLayer;

class PoolTimelinePlot : public QWidget {
    Q_OBJECT

public:
    struct Row {
        pid_t pid = 0;
        TimelineStore::Lane lane = TimelineStore::Lane::Tasks;
        int track = -1; // in the store, -1 before its first span
        proclab::ObjectId pool = proclab::kNoObject;
        std::int64_t startNs = 0; // lifetime, from the snapshot (0: unknown)
        std::int64_t endNs = 0;   // 0: alive
        QString label;
    };

    explicit PoolTimelinePlot(QWidget* parent = nullptr);
    ~PoolTimelinePlot() override;

    TimelineStore& store() { return m_store; }
    const TimelineStore& store() const { return m_store; }
    QCustomPlot* plot() const { return m_plot; }
    const QList<Row>& rows() const { return m_rows; }

    static constexpr int kMaxListedWorkers = 12; ///< busy shares listed beside the plot

    bool followLive() const { return m_follow; }
    /// The lanes' scrolling (at least LaneScroll::kMinLanePx a lane).
    LaneScroll* lanes() const { return m_lanes; }
    /// Visible time range, seconds since the session's origin.
    void setTimeRange(double from, double to);
    std::int64_t originNs() const { return m_origin; }
    void setOriginNs(std::int64_t ns) { m_origin = ns; }
    void setNowNs(std::int64_t ns) { m_now = ns; }

    /// What the tooltip shows at a point of plot(); empty over nothing.
    QString toolTipAt(const QPoint& pos) const;
    /// The insights as plain text (busy shares, slowest tasks, progress), for tests.
    QString insightsText() const;
    QList<QProgressBar*> progressBars() const;

    /// Rebuilds the rows from the store and the last snapshot (after adding spans directly).
    void rebuildRows();
    /// Re-draws now (the plot also redraws after every frame).
    void replot();

public slots:
    void onFrame(const FeedFrame& frame);
    void setFollowLive(bool follow);
    void clear();

signals:
    void followLiveChanged(bool follow);

protected:
    void changeEvent(QEvent* event) override;

private:
    void paintSpans(class QCPPainter* painter);
    void updateInsights();
    void retranslateUi();
    void applyFollow();
    /// [created, ended or now] of the pool Follow live keeps in view ({0, 0}: no pool).
    std::pair<std::int64_t, std::int64_t> activePoolWindow() const;
    void onRangeChanged(const class QCPRange& range);
    void onPlotMove(QMouseEvent* event);
    double toX(std::int64_t ns) const { return double(ns - m_origin) / 1e9; }

    TimelineStore m_store;
    std::shared_ptr<const proclab::Snapshot> m_snapshot = std::make_shared<const proclab::Snapshot>();
    QList<Row> m_rows;
    std::int64_t m_origin = 0;
    std::int64_t m_now = 0;
    bool m_follow = true;
    double m_followWidth = 0; // seconds; 0: the whole history
    bool m_settingRange = false;

    QCustomPlot* m_plot = nullptr;
    PaintLayer* m_layer = nullptr;
    LaneScroll* m_lanes = nullptr;
    QCheckBox* m_followBox = nullptr;
    QLabel* m_legend = nullptr;
    QLabel* m_insightsTitle = nullptr;
    QLabel* m_insights = nullptr;
    QVBoxLayout* m_progressLayout = nullptr;
    QList<QPointer<QProgressBar>> m_progress;
};

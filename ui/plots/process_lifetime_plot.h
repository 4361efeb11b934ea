#pragma once
// Processes over time, made to explain start/join/daemon: one row per process (children under
// their parent), a bar from start to exit with the exit code, a blue "waiting in join(pid)" bar
// on the parent's row that ends when the child exits, daemon children marked (dashed) and shown
// terminated when their parent ends, and children that exited but were never joined marked.

#include "controllers/session_feed.h"

#include <QWidget>

#include <unordered_map>
#include <vector>

class QCPPainter;
class QCustomPlot;
class QLabel;
class LaneScroll;
class PaintLayer;

class ProcessLifetimePlot : public QWidget {
    Q_OBJECT

public:
    struct JoinSpan {
        pid_t parent = 0;
        pid_t child = 0;
        std::int64_t begin = 0;
        std::int64_t end = 0; // 0: still waiting
    };
    static constexpr std::size_t kMaxJoins = 100000;

    explicit ProcessLifetimePlot(QWidget* parent = nullptr);
    ~ProcessLifetimePlot() override;

    QCustomPlot* plot() const { return m_plot; }
    /// Rows, top to bottom: pids in tree order.
    const std::vector<pid_t>& rows() const { return m_rows; }
    const std::vector<JoinSpan>& joins() const { return m_joins; }
    /// The lanes' scrolling (at least LaneScroll::kMinLanePx a lane).
    LaneScroll* lanes() const { return m_lanes; }
    /// The short note drawn after a process's bar ("exit 0", "not joined", "terminated with its parent", ...).
    QString noteFor(pid_t pid) const;

public slots:
    void onFrame(const FeedFrame& frame);
    void clear();

protected:
    void changeEvent(QEvent* event) override;

private:
    void paint(QCPPainter* painter);
    void rebuildRows();
    void retranslateUi();
    /// The record of a row's key (see rebuildRows()); nullptr if none.
    const proclab::ProcessRecord* recordOf(pid_t key) const;
    double toX(std::int64_t ns) const { return double(ns - m_origin) / 1e9; }

    std::shared_ptr<const proclab::Snapshot> m_snapshot = std::make_shared<const proclab::Snapshot>();
    std::vector<pid_t> m_rows;
    std::unordered_map<pid_t, const proclab::ProcessRecord*> m_records; // by row key, in m_snapshot
    std::vector<JoinSpan> m_joins;
    std::int64_t m_origin = 0;
    QCustomPlot* m_plot = nullptr;
    PaintLayer* m_layer = nullptr;
    LaneScroll* m_lanes = nullptr;
    QLabel* m_legend = nullptr;
};

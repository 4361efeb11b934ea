#pragma once
// Who waits on what, live: processes (rounded boxes, top row) and the objects they wait on
// (boxes, bottom row) as nodes; "waits on" edges from a blocked process to its object, "held by"
// edges from a lock to its owner, "joins" edges from a parent to the child it joins. A deadlock
// (a cycle of such edges) is drawn in red with a one-line explanation above the graph.

#include "controllers/scheduler_driver.h"
#include "controllers/session_feed.h"

#include <QWidget>

class QGraphicsScene;
class QGraphicsView;
class QLabel;

class WaitForGraphView : public QWidget {
    Q_OBJECT

public:
    explicit WaitForGraphView(QWidget* parent = nullptr);
    ~WaitForGraphView() override;

    /// The graph last drawn and its snapshot.
    const proclab::WaitForGraph& graph() const { return m_graph; }
    /// The explanation shown (empty: no deadlock).
    QString explanation() const;
    QGraphicsScene* scene() const { return m_scene; }
    QGraphicsView* view() const { return m_view; }
    /// Nodes and edges drawn; edges drawn in red (part of a cycle).
    int nodeCount() const { return m_nodes; }
    int edgeCount() const { return m_edges; }
    int redEdgeCount() const { return m_redEdges; }

public slots:
    void onFrame(const FeedFrame& frame);
    /// Scheduler mode: processes held at an operation that would block are drawn as waiting on
    /// its object (a deadlock among them shows as a cycle). An empty state: none.
    void setSchedulerState(const SchedulerStatePtr& state);
    void clear();

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void redraw();
    void retranslateUi();

    void rebuildGraph();

    std::shared_ptr<const proclab::Snapshot> m_live = std::make_shared<const proclab::Snapshot>();
    std::shared_ptr<const proclab::Snapshot> m_snapshot = std::make_shared<const proclab::Snapshot>();
    SchedulerStatePtr m_scheduler;
    proclab::WaitForGraph m_graph;
    int m_nodes = 0, m_edges = 0, m_redEdges = 0;
    QLabel* m_title = nullptr;
    QLabel* m_explain = nullptr;
    QGraphicsScene* m_scene = nullptr;
    QGraphicsView* m_view = nullptr;
};

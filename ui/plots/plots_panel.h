#pragma once
// The plots, one tab each, fed by the window's SessionFeed: pool timeline, queue depths,
// wait-for graph, processes (start/join/daemon), and CPU/memory of one process. Above them:
// export (PNG, PDF, Chrome trace), record the session to a file, open a recording and replay it
// with the time slider. The main window embeds it with one line:
//     tabs->addTab(new PlotsPanel(feed, this), tr("Plots"));

#include "controllers/session_feed.h"
#include "plots/trace_event_log.h"

#include <QWidget>

#include <memory>

class PoolTimelinePlot;
class ProcessDetailPlot;
class ProcessHistory;
class ProcessLifetimePlot;
class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QTabWidget;
class QueueDepthPlot;
class RecordingWriter;
class ReplayBar;
class WaitForGraphView;

class PlotsPanel : public QWidget {
    Q_OBJECT

public:
    /// Events kept for the Chrome trace export, on disk (the oldest half is dropped beyond it).
    static constexpr std::size_t kMaxTraceEvents = 1'000'000;

    explicit PlotsPanel(SessionFeed* feed, QWidget* parent = nullptr);
    ~PlotsPanel() override;

    QTabWidget* tabs() const { return m_tabs; }
    PoolTimelinePlot* poolTimeline() const { return m_timeline; }
    QueueDepthPlot* queueDepths() const { return m_queues; }
    WaitForGraphView* waitForGraph() const { return m_graph; }
    ProcessLifetimePlot* lifetimes() const { return m_lifetimes; }
    ProcessDetailPlot* processDetail() const { return m_detail; }
    /// CPU/RSS history per pid: give it to a SparklineDelegate in the process table.
    ProcessHistory* history() const { return m_history; }
    ReplayBar* replayBar() const { return m_replayBar; }

    /// Without dialogs (the buttons ask for a file, then call these). False + error on failure.
    /// Saves the plot of the current tab (the plot only, not the controls around it) as PNG or
    /// PDF; a name without .png/.pdf gets .png. `savedAs`: the file written.
    bool exportCurrent(const QString& path, QString* error = nullptr, QString* savedAs = nullptr);
    /// The plot widget of the current tab (what exportCurrent() saves).
    QWidget* currentPlot() const;
    bool exportChromeTrace(const QString& path, QString* error = nullptr);
    /// Creates the file at once (false + error when it cannot); the ticks are written on the
    /// recording's own thread.
    bool startRecording(const QString& path, QString* error = nullptr);
    /// Stops at once; recordingSaved() follows when the file is complete.
    void stopRecording();
    bool isRecording() const { return m_writer != nullptr; }
    /// Reads and checks the file off the GUI thread, then replays it: replayOpened() says how it went.
    void openRecording(const QString& path);
    /// Back from a replay to the live session it replaced (false when there was none).
    bool backToLive();

public slots:
    void onFrame(const FeedFrame& frame);
    void clear();
    /// Shows the detail plot of a process (e.g. the process table's current row).
    void showProcess(pid_t pid);

signals:
    /// The recording at `path` is complete (closed), with `ticks` ticks.
    void recordingSaved(const QString& path, quint64 ticks);
    /// openRecording() is done: replaying `path`, or `error` says why not.
    void replayOpened(const QString& path, const QString& error);
    /// A queue was clicked: highlight these processes in the process table.
    void queueProcessesSelected(proclab::ObjectId queue, const QList<pid_t>& producers, const QList<pid_t>& consumers);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void onExportClicked();
    void onTraceClicked();
    void onRecordClicked(bool checked);
    void onOpenClicked();
    void onQueueClicked(proclab::ObjectId id);
    void onSourceChanged();
    void updateProcessChoice();
    void report(const QString& error);

    SessionFeed* m_feed;
    RecordingWriter* m_writer = nullptr;
    quint64 m_openSerial = 0;                // the latest openRecording(): older ones that finish late are dropped
    TraceEventLog m_events{kMaxTraceEvents}; // for the trace
    std::shared_ptr<const proclab::Snapshot> m_lastSnapshot = std::make_shared<const proclab::Snapshot>();
    std::string m_liveSession; // what "back to live" reopens
    bool m_replaying = false;

    QTabWidget* m_tabs;
    PoolTimelinePlot* m_timeline;
    QueueDepthPlot* m_queues;
    WaitForGraphView* m_graph;
    ProcessLifetimePlot* m_lifetimes;
    ProcessHistory* m_history;
    ProcessDetailPlot* m_detail;
    QComboBox* m_processChoice;
    QWidget* m_detailPage;
    QCheckBox* m_follow;
    QPushButton* m_export;
    QPushButton* m_trace;
    QPushButton* m_record;
    QPushButton* m_open;
    QPushButton* m_live;
    ReplayBar* m_replayBar;
    QLabel* m_status;
};

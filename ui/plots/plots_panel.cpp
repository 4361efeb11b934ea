#include "plots/plots_panel.h"

#include "plots/plot_export.h"
#include "plots/plot_style.h"
#include "plots/pool_timeline_plot.h"
#include "plots/process_detail_plot.h"
#include "plots/process_history.h"
#include "plots/process_lifetime_plot.h"
#include "plots/queue_depth_plot.h"
#include "plots/recording_writer.h"
#include "plots/replay_bar.h"
#include "plots/replay_source.h"
#include "plots/wait_for_graph_view.h"

#include <proclab/errors.h>
#include <proclab/recording.h>

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QThread>
#include <QVBoxLayout>

#include <utility>

PlotsPanel::PlotsPanel(SessionFeed* feed, QWidget* parent)
    : QWidget(parent)
    , m_feed(feed)
    , m_tabs(new QTabWidget(this))
    , m_timeline(new PoolTimelinePlot(this))
    , m_queues(new QueueDepthPlot(this))
    , m_graph(new WaitForGraphView(this))
    , m_lifetimes(new ProcessLifetimePlot(this))
    , m_history(new ProcessHistory(600, 1024, this))
    , m_detail(new ProcessDetailPlot(m_history, this))
    , m_processChoice(new QComboBox(this))
    , m_detailPage(new QWidget(this))
    , m_follow(new QCheckBox(this))
    , m_export(new QPushButton(this))
    , m_trace(new QPushButton(this))
    , m_record(new QPushButton(this))
    , m_open(new QPushButton(this))
    , m_live(new QPushButton(this))
    , m_replayBar(new ReplayBar(feed, this))
    , m_status(new QLabel(this))
{
    auto* detailLayout = new QVBoxLayout(m_detailPage);
    detailLayout->setContentsMargins(4, 4, 4, 4);
    detailLayout->addWidget(m_processChoice);
    detailLayout->addWidget(m_detail, 1);

    m_tabs->addTab(m_timeline, QString());
    m_tabs->addTab(m_queues, QString());
    m_tabs->addTab(m_graph, QString());
    m_tabs->addTab(m_lifetimes, QString());
    m_tabs->addTab(m_detailPage, QString());

    auto* tools = new QHBoxLayout;
    tools->addWidget(m_follow);
    tools->addStretch(1);
    tools->addWidget(m_export);
    tools->addWidget(m_trace);
    tools->addWidget(m_record);
    tools->addWidget(m_open);
    tools->addWidget(m_live);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(tools);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_replayBar);
    layout->addWidget(m_status);
    m_status->setWordWrap(true);
    m_live->hide();
    m_record->setCheckable(true);
    m_follow->setChecked(m_timeline->followLive());

    connect(m_follow, &QCheckBox::toggled, m_timeline, &PoolTimelinePlot::setFollowLive);
    connect(m_timeline, &PoolTimelinePlot::followLiveChanged, m_follow, &QCheckBox::setChecked);
    connect(m_export, &QPushButton::clicked, this, &PlotsPanel::onExportClicked);
    connect(m_trace, &QPushButton::clicked, this, &PlotsPanel::onTraceClicked);
    connect(m_record, &QPushButton::toggled, this, &PlotsPanel::onRecordClicked);
    connect(m_open, &QPushButton::clicked, this, &PlotsPanel::onOpenClicked);
    connect(m_live, &QPushButton::clicked, this, &PlotsPanel::backToLive);
    connect(m_queues, &QueueDepthPlot::queueClicked, this, &PlotsPanel::onQueueClicked);
    connect(m_processChoice, &QComboBox::currentIndexChanged, this,
            [this](int i) { m_detail->setPid(pid_t(m_processChoice->itemData(i).toLongLong())); });
    if (m_feed) {
        connect(m_feed, &SessionFeed::frameReady, this, &PlotsPanel::onFrame);
        connect(m_feed, &SessionFeed::sourceChanged, this, &PlotsPanel::onSourceChanged);
    }
    retranslateUi();
}

PlotsPanel::~PlotsPanel() = default;

void PlotsPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void PlotsPanel::retranslateUi()
{
    m_tabs->setTabText(0, tr("Pool timeline"));
    m_tabs->setTabToolTip(0, tr("What each pool worker did and when: tasks, idle time, the caller's waits"));
    m_tabs->setTabText(1, tr("Queues"));
    m_tabs->setTabToolTip(1, tr("Messages waiting in each queue and pipe over time"));
    m_tabs->setTabText(2, tr("Who waits on what"));
    m_tabs->setTabToolTip(2, tr("The wait-for graph: a red loop is a deadlock"));
    m_tabs->setTabText(3, tr("Processes"));
    m_tabs->setTabToolTip(3, tr("Lifetimes, join() waits, daemons and children never joined"));
    m_tabs->setTabText(4, tr("CPU and memory"));
    m_tabs->setTabToolTip(4, tr("CPU % and memory of one process"));
    m_follow->setText(tr("Follow live"));
    m_export->setText(tr("Save as PNG/PDF…"));
    m_export->setToolTip(tr("Save the plot shown as an image (PNG) or a document (PDF)"));
    m_trace->setText(tr("Save trace…"));
    m_trace->setToolTip(tr("Save the session's events as a Chrome trace (open it in ui.perfetto.dev)"));
    m_record->setText(m_writer ? tr("Stop recording") : tr("Record…"));
    m_record->setToolTip(tr("Record the session to a file, to replay it later"));
    m_open->setText(tr("Open recording…"));
    m_live->setText(tr("Back to live"));
    m_processChoice->setToolTip(tr("The process whose CPU and memory are plotted"));
}

void PlotsPanel::clear()
{
    m_timeline->clear();
    m_queues->clear();
    m_graph->clear();
    m_lifetimes->clear();
    m_history->clear();
    m_events.clear();
    m_lastSnapshot = std::make_shared<const proclab::Snapshot>();
}

void PlotsPanel::onSourceChanged()
{
    clear();
}

void PlotsPanel::onFrame(const FeedFrame& frame)
{
    if (frame.snapshot.taken_ns < m_lastSnapshot->taken_ns) // a replay went back: the trace restarts too
        m_events.clear();
    m_lastSnapshot = frame.sharedSnapshot();
    if (frame.live)
        m_liveSession = frame.snapshot.session;
    m_events.append(frame.events);
    if (m_writer && frame.live)
        m_writer->append(frame.snapshot, frame.events);
    m_timeline->onFrame(frame);
    m_queues->onFrame(frame);
    m_graph->onFrame(frame);
    m_lifetimes->onFrame(frame);
    m_history->onFrame(frame);
    updateProcessChoice();
}

void PlotsPanel::updateProcessChoice()
{
    // Keep the choice in step with the session's processes, without losing the selection.
    // This host's processes: a relayed one (another host's MPI rank) has no CPU or memory samples.
    QList<pid_t> pids;
    for (const auto& p : m_lastSnapshot->processes)
        if (!p.remote())
            pids << p.pid;
    bool same = pids.size() == m_processChoice->count();
    for (int i = 0; same && i < pids.size(); ++i)
        same = m_processChoice->itemData(i).toLongLong() == pids[i];
    if (same)
        return;
    const pid_t current = m_detail->pid();
    const QSignalBlocker block(m_processChoice);
    m_processChoice->clear();
    for (const auto& p : m_lastSnapshot->processes)
        if (!p.remote())
            m_processChoice->addItem(tr("%1 (pid %2)").arg(plotstyle::fromStd(p.name)).arg(p.pid), qlonglong(p.pid));
    const int idx = m_processChoice->findData(qlonglong(current));
    m_processChoice->setCurrentIndex(idx >= 0 ? idx : 0);
    if (idx < 0 && m_processChoice->count())
        m_detail->setPid(pid_t(m_processChoice->itemData(0).toLongLong()));
}

void PlotsPanel::showProcess(pid_t pid)
{
    const int idx = m_processChoice->findData(qlonglong(pid));
    if (idx >= 0)
        m_processChoice->setCurrentIndex(idx);
    m_detail->setPid(pid);
}

void PlotsPanel::onQueueClicked(proclab::ObjectId id)
{
    emit queueProcessesSelected(id, m_queues->producers(id), m_queues->consumers(id));
}

void PlotsPanel::report(const QString& error)
{
    m_status->setText(error);
}

QWidget* PlotsPanel::currentPlot() const
{
    // The plot itself: not the check boxes, combo boxes and legends around it.
    QWidget* page = m_tabs->currentWidget();
    if (page == m_timeline)
        return m_timeline->plot();
    if (page == m_queues)
        return m_queues->plot();
    if (page == m_graph)
        return m_graph->view();
    if (page == m_lifetimes)
        return m_lifetimes->plot();
    if (page == m_detailPage)
        return m_detail->plot();
    return page;
}

bool PlotsPanel::exportCurrent(const QString& path, QString* error, QString* savedAs)
{
    QString err;
    const QString file = PlotExport::withSuffix(path);
    const bool ok = PlotExport::save(currentPlot(), file, &err);
    if (error)
        *error = err;
    if (savedAs)
        *savedAs = file;
    report(ok ? tr("Saved %1").arg(file) : err);
    return ok;
}

bool PlotsPanel::exportChromeTrace(const QString& path, QString* error)
{
    QString err;
    const std::vector<proclab::SessionEvent> events = m_events.events();
    const bool ok = PlotExport::saveChromeTrace(path, *m_lastSnapshot, events, &err);
    if (error)
        *error = err;
    report(ok ? tr("Saved %1 (open it in ui.perfetto.dev)").arg(path) : err);
    return ok;
}

bool PlotsPanel::startRecording(const QString& path, QString* error)
{
    stopRecording();
    try {
        m_writer = new RecordingWriter(proclab::Recorder(path.toStdString(), m_lastSnapshot->session), this);
    } catch (const proclab::Error& e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        report(QString::fromUtf8(e.what()));
        return false;
    }
    connect(m_writer, &RecordingWriter::failed, this, [this](const QString& err) {
        stopRecording();
        report(err);
    });
    connect(m_writer, &RecordingWriter::closed, this, [this, writer = m_writer](const QString& file, quint64 ticks) {
        writer->deleteLater();
        if (!m_writer) // not a newer recording's status
            report(tr("Recorded %n tick(s) to %1", nullptr, int(ticks)).arg(file));
        emit recordingSaved(file, ticks);
    });
    {
        const QSignalBlocker block(m_record);
        m_record->setChecked(true);
    }
    retranslateUi();
    report(tr("Recording to %1").arg(path));
    return true;
}

void PlotsPanel::stopRecording()
{
    if (!m_writer)
        return;
    RecordingWriter* writer = std::exchange(m_writer, nullptr);
    writer->close(); // closed() reports and deletes it
    {
        const QSignalBlocker block(m_record);
        m_record->setChecked(false);
    }
    retranslateUi();
    report(tr("Saving %1…").arg(writer->path()));
}

void PlotsPanel::openRecording(const QString& path)
{
    // Reading and checking a recording of a long session takes a while: a thread of its own.
    struct Result {
        std::unique_ptr<ReplaySource> source;
        QString error;
    };
    auto result = std::make_shared<Result>();
    const quint64 serial = ++m_openSerial;
    QThread* reader = QThread::create([path, result] {
        try {
            result->source = ReplaySource::open(path);
        } catch (const std::exception& e) {
            result->error = QString::fromUtf8(e.what());
        }
    });
    reader->setObjectName(QStringLiteral("proclab-replay-open"));
    connect(reader, &QThread::finished, reader, &QObject::deleteLater);
    connect(reader, &QThread::finished, this, [this, path, result, serial] {
        if (serial != m_openSerial)
            return; // a later open replaced this one
        if (!result->error.isEmpty() || !m_feed) {
            report(result->error);
            emit replayOpened(path, result->error);
            return;
        }
        stopRecording();
        ReplaySource* raw = result->source.get();
        const std::string live = m_liveSession;
        m_feed->setSource(std::move(result->source)); // clears the views (sourceChanged) and shows tick 0
        m_liveSession = live;
        m_replaying = true;
        m_replayBar->setSource(raw);
        m_live->setVisible(!m_liveSession.empty());
        report(tr("Replaying %1: drag the slider to any moment").arg(path));
        emit replayOpened(path, QString());
    });
    report(tr("Opening %1…").arg(path));
    reader->start();
}

bool PlotsPanel::backToLive()
{
    if (!m_feed || m_liveSession.empty())
        return false;
    try {
        m_feed->setSource(std::make_unique<LiveSource>(proclab::Session::open(m_liveSession)));
    } catch (const proclab::Error& e) {
        report(QString::fromUtf8(e.what()));
        return false;
    }
    m_replaying = false;
    m_live->hide();
    m_follow->setChecked(true);
    report(QString());
    return true;
}

void PlotsPanel::onExportClicked()
{
    const QString png = tr("PNG image (*.png)");
    const QString pdf = tr("PDF document (*.pdf)");
    QString filter = png;
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Save the plot"), QString(), png + QStringLiteral(";;") + pdf, &filter);
    if (!path.isEmpty()) // a name without .png or .pdf gets the chosen filter's
        exportCurrent(PlotExport::withSuffix(path, filter == pdf ? QStringLiteral("pdf") : QStringLiteral("png")));
}

void PlotsPanel::onTraceClicked()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the Chrome trace"), QStringLiteral("trace.json"),
                                                      tr("Chrome trace (*.json)"));
    if (!path.isEmpty())
        exportChromeTrace(path);
}

void PlotsPanel::onRecordClicked(bool checked)
{
    if (!checked) {
        stopRecording();
        return;
    }
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Record the session to"), QStringLiteral("session.plrec"), tr("ProcLab recording (*.plrec)"));
    if (path.isEmpty() || !startRecording(path)) {
        const QSignalBlocker block(m_record);
        m_record->setChecked(false);
    }
}

void PlotsPanel::onOpenClicked()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a recording"), QString(),
                                                      tr("ProcLab recording (*.plrec);;All files (*)"));
    if (!path.isEmpty())
        openRecording(path);
}

#pragma once
// The one sampling tick of the window: a SessionFeed reads a
// source (the live session registry, or a recording being replayed) on a QTimer and hands every
// model, panel and plot the same frame. Nothing here blocks: a snapshot copies shared memory and
// reads /proc.

#include <proclab/session.h>

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>
#include <vector>

/// One tick: the state now, and the events since the previous tick.
struct FeedFrame {
    proclab::Snapshot snapshot;
    /// The same snapshot, shared (SessionFeed sets it before handing the frame out): views that
    /// keep the last one hold this rather than a copy each. A session's snapshot holds up to 1,024
    /// records, ended ones included.
    std::shared_ptr<const proclab::Snapshot> shared;
    /// `shared`, or a shared copy of `snapshot` for a frame built elsewhere.
    std::shared_ptr<const proclab::Snapshot> sharedSnapshot() const
    {
        return shared ? shared : std::make_shared<const proclab::Snapshot>(snapshot);
    }
    std::vector<proclab::SessionEvent> events; // new since the previous frame, in order
    std::uint64_t lost = 0;                    // events overwritten before they were read
    bool live = true;                          // false when replaying a recording
};

/// Where frames come from.
class SnapshotSource {
public:
    virtual ~SnapshotSource() = default;
    /// The next frame (called on the GUI thread; must not block).
    virtual FeedFrame next() = 0;
    /// A name for the status bar: the session's name, or the recording's file.
    virtual QString name() const = 0;
};

/// The live session registry.
class LiveSource : public SnapshotSource {
public:
    explicit LiveSource(proclab::Session session);
    FeedFrame next() override;
    QString name() const override;
    proclab::Session& session() { return m_session; }

private:
    proclab::Session m_session;
    std::uint64_t m_cursor = 0;
};

class SessionFeed : public QObject {
    Q_OBJECT

public:
    explicit SessionFeed(QObject* parent = nullptr);
    ~SessionFeed() override;

    void setSource(std::unique_ptr<SnapshotSource> source);
    /// Reads another live session (a program started with PROCLAB_SESSION=name): the error, or
    /// empty when the feed now shows it.
    QString attach(const QString& name);
    SnapshotSource* source() const { return m_source.get(); }

    /// Sampling period: 100 ms to 10 s (clamped).
    void setInterval(int ms);
    int interval() const { return m_timer.interval(); }
    /// Paused: no frames (the views keep the last one).
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }

    /// The last frame delivered.
    const FeedFrame& lastFrame() const { return m_last; }

public slots:
    /// Takes a frame now and delivers it (also what the timer does).
    void tick();
    /// A tick soon, at most one per kSoonMs however often asked (hundreds of starts in a row
    /// make a few frames, not hundreds).
    void tickSoon();

signals:
    void frameReady(const FeedFrame& frame);
    void sourceChanged();

private:
    std::unique_ptr<SnapshotSource> m_source;
    static constexpr int kSoonMs = 50;
    QTimer m_timer;
    QTimer m_soon;
    QElapsedTimer m_sinceTick;
    bool m_paused = false;
    FeedFrame m_last;
};

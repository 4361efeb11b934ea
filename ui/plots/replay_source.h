#pragma once
// A recording as the SessionFeed's source: every panel shows the session as it was at the
// recording's current tick. Seeking backwards makes the next frame's snapshot older than the
// previous one; the views take that as "start over" and rebuild from the events up to that tick.

#include "controllers/session_feed.h"

#include <proclab/recording.h>

#include <memory>

class ReplaySource : public SnapshotSource {
public:
    explicit ReplaySource(std::shared_ptr<const proclab::Recording> recording);
    /// Opens a recording file; proclab::Error (naming the file and offset) when it is bad.
    static std::unique_ptr<ReplaySource> open(const QString& path);

    FeedFrame next() override;
    QString name() const override;

    const proclab::Recording& recording() const { return *m_recording; }
    int tickCount() const { return int(m_ticks.size()); }
    int position() const { return m_pos; }
    /// Moves to tick `tick` (clamped); the next frame shows it.
    void seek(int tick);
    /// Moves to the last tick taken at or before t.
    void seekTime(std::int64_t t_ns);
    std::int64_t timeAt(int tick) const;

private:
    std::shared_ptr<const proclab::Recording> m_recording;
    std::vector<std::int64_t> m_ticks;
    int m_pos = 0;
    std::int64_t m_delivered = 0;
    bool m_started = false;
};

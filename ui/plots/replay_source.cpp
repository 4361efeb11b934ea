#include "plots/replay_source.h"

#include <algorithm>
#include <limits>

ReplaySource::ReplaySource(std::shared_ptr<const proclab::Recording> recording)
    : m_recording(std::move(recording))
    , m_ticks(m_recording->tick_times())
{
}

std::unique_ptr<ReplaySource> ReplaySource::open(const QString& path)
{
    return std::make_unique<ReplaySource>(std::make_shared<const proclab::Recording>(path.toStdString()));
}

QString ReplaySource::name() const
{
    return QString::fromStdString(m_recording->path());
}

std::int64_t ReplaySource::timeAt(int tick) const
{
    if (m_ticks.empty())
        return 0;
    return m_ticks[std::size_t(std::clamp(tick, 0, tickCount() - 1))];
}

void ReplaySource::seek(int tick)
{
    m_pos = m_ticks.empty() ? 0 : std::clamp(tick, 0, tickCount() - 1);
}

void ReplaySource::seekTime(std::int64_t t_ns)
{
    auto it = std::upper_bound(m_ticks.begin(), m_ticks.end(), t_ns);
    seek(it == m_ticks.begin() ? 0 : int(it - m_ticks.begin()) - 1);
}

FeedFrame ReplaySource::next()
{
    FeedFrame f;
    f.live = false;
    if (m_ticks.empty())
        return f;
    const std::int64_t t = m_ticks[std::size_t(m_pos)];
    f.snapshot = m_recording->snapshot_at(t);
    // Forward: the events since the last frame. Backwards (or first): all events up to t.
    const std::int64_t from = (!m_started || t < m_delivered) ? std::numeric_limits<std::int64_t>::min() : m_delivered;
    if (t != m_delivered || !m_started)
        f.events = m_recording->events_between(from, t);
    m_delivered = t;
    m_started = true;
    return f;
}

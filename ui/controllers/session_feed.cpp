#include "controllers/session_feed.h"

#include <algorithm>

LiveSource::LiveSource(proclab::Session session)
    : m_session(std::move(session))
{
}

FeedFrame LiveSource::next()
{
    FeedFrame f;
    f.snapshot = m_session.snapshot();
    proclab::EventBatch batch = m_session.events(m_cursor);
    m_cursor = batch.next;
    f.events = std::move(batch.events);
    f.lost = batch.lost;
    f.live = true;
    return f;
}

QString LiveSource::name() const
{
    return QString::fromStdString(m_session.name());
}

SessionFeed::SessionFeed(QObject* parent)
    : QObject(parent)
{
    m_timer.setInterval(200);
    connect(&m_timer, &QTimer::timeout, this, &SessionFeed::tick);
    m_soon.setSingleShot(true);
    connect(&m_soon, &QTimer::timeout, this, &SessionFeed::tick);
}

SessionFeed::~SessionFeed() = default;

void SessionFeed::tickSoon()
{
    if (m_soon.isActive())
        return;
    const qint64 since = m_sinceTick.isValid() ? m_sinceTick.elapsed() : kSoonMs;
    m_soon.start(static_cast<int>(std::max<qint64>(0, kSoonMs - since)));
}

QString SessionFeed::attach(const QString& name)
{
    try {
        setSource(std::make_unique<LiveSource>(proclab::Session::open(name.toStdString())));
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

void SessionFeed::setSource(std::unique_ptr<SnapshotSource> source)
{
    m_source = std::move(source);
    m_last = FeedFrame{};
    if (m_source && !m_paused)
        m_timer.start();
    else
        m_timer.stop();
    emit sourceChanged();
    if (m_source)
        tick();
}

void SessionFeed::setInterval(int ms)
{
    m_timer.setInterval(std::clamp(ms, 100, 10000));
}

void SessionFeed::setPaused(bool paused)
{
    m_paused = paused;
    if (paused || !m_source)
        m_timer.stop();
    else
        m_timer.start();
}

void SessionFeed::tick()
{
    if (!m_source)
        return;
    m_soon.stop();
    m_sinceTick.start();
    m_last = m_source->next();
    m_last.shared = std::make_shared<const proclab::Snapshot>(m_last.snapshot);
    emit frameReady(m_last);
}

#include "plots/recording_writer.h"

#include <proclab/errors.h>

RecordingWriter::RecordingWriter(const std::string& path, const std::string& session, QObject* parent)
    : QObject(parent)
    , m_path(path)
    , m_recorder(std::make_unique<proclab::Recorder>(path, session))
{
    m_thread.setObjectName(QStringLiteral("proclab-recorder"));
    m_worker.moveToThread(&m_thread);
    m_thread.start();
}

RecordingWriter::~RecordingWriter()
{
    close();
}

void RecordingWriter::append(const proclab::Snapshot& snapshot, const std::vector<proclab::SessionEvent>& events)
{
    if (!m_thread.isRunning())
        return;
    QMetaObject::invokeMethod(
        &m_worker,
        [this, snapshot, events] {
            if (!m_recorder)
                return;
            try {
                m_recorder->append(snapshot, events);
            } catch (const proclab::Error& e) {
                m_recorder.reset(); // one report; later ticks are dropped
                emit failed(QString::fromUtf8(e.what()));
            }
        },
        Qt::QueuedConnection);
}

std::uint64_t RecordingWriter::close()
{
    if (!m_thread.isRunning())
        return m_ticks;
    // Queued after every append: when it runs, they are written.
    QMetaObject::invokeMethod(
        &m_worker,
        [this] {
            if (!m_recorder)
                return;
            m_ticks = m_recorder->ticks();
            try {
                m_recorder->close();
            } catch (const proclab::Error& e) {
                emit failed(QString::fromUtf8(e.what()));
            }
            m_recorder.reset();
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    return m_ticks;
}

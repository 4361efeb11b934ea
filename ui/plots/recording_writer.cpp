#include "plots/recording_writer.h"

#include <proclab/errors.h>

#include <QMetaObject>

RecordingWriter::RecordingWriter(proclab::Recorder recorder, QObject* parent)
    : QObject(parent)
    , m_context(new QObject)
    , m_recorder(std::make_shared<proclab::Recorder>(std::move(recorder)))
    , m_path(QString::fromStdString(m_recorder->path()))
{
    m_thread.setObjectName(QStringLiteral("proclab-recording"));
    m_context->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    m_thread.start();
}

RecordingWriter::~RecordingWriter()
{
    close();
    // Queued behind the writes and the close, so that they all run before the thread ends.
    QMetaObject::invokeMethod(
        m_context, [thread = &m_thread] { thread->quit(); }, Qt::QueuedConnection);
    m_thread.wait();
}

void RecordingWriter::append(proclab::Snapshot snapshot, std::vector<proclab::SessionEvent> events)
{
    if (m_closing || m_failed)
        return;
    QMetaObject::invokeMethod(
        m_context,
        [this, recorder = m_recorder, ticks = m_ticks, snapshot = std::move(snapshot), events = std::move(events)] {
            if (!recorder)
                return;
            try {
                recorder->append(snapshot, events);
                ticks->store(recorder->ticks());
            } catch (const std::exception& e) {
                const QString error = QString::fromStdString(e.what());
                try {
                    recorder->close();
                } catch (const std::exception&) { // the first error is the one to report
                }
                QMetaObject::invokeMethod(
                    this,
                    [this, error] {
                        if (m_failed)
                            return;
                        m_failed = true;
                        emit failed(error);
                    },
                    Qt::QueuedConnection);
            }
        },
        Qt::QueuedConnection);
}

void RecordingWriter::close()
{
    if (m_closing)
        return;
    m_closing = true;
    QMetaObject::invokeMethod(
        m_context,
        [this, recorder = m_recorder, ticks = m_ticks] {
            try {
                recorder->close();
            } catch (const std::exception&) { // already reported by the write that failed
            }
            const quint64 n = ticks->load();
            QMetaObject::invokeMethod(
                this, [this, n] { emit closed(m_path, n); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

#pragma once
// RecordingWriter: a session recording written on its own thread. Each sampling tick hands it a
// copy of the snapshot and the tick's events; serializing and writing them (a few hundred KB a
// second for a busy session) never holds up the GUI thread. close() finishes what is queued and
// closes the file there too; closed() says when the file is complete.

#include <proclab/recording.h>
#include <proclab/session.h>

#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <memory>
#include <vector>

class RecordingWriter : public QObject {
    Q_OBJECT

public:
    /// Takes a recorder that has its file open; from now on only the writer thread touches it.
    explicit RecordingWriter(proclab::Recorder recorder, QObject* parent = nullptr);
    /// Writes what is still queued, closes the file and ends the thread (waits for it).
    ~RecordingWriter() override;

    QString path() const { return m_path; }
    /// Ticks written so far (read from any thread).
    quint64 ticks() const { return m_ticks->load(); }
    /// Queues one tick. Ignored after close() or a failed write.
    void append(proclab::Snapshot snapshot, std::vector<proclab::SessionEvent> events);
    /// Queues the close: closed() follows once every queued tick is in the file.
    void close();

signals:
    /// A write failed (the file is closed; what was written stays readable up to the last tick).
    void failed(const QString& error);
    void closed(const QString& path, quint64 ticks);

private:
    QThread m_thread;
    QObject* m_context; // lives on m_thread: queued work runs there
    std::shared_ptr<proclab::Recorder> m_recorder;
    std::shared_ptr<std::atomic<quint64>> m_ticks = std::make_shared<std::atomic<quint64>>(0);
    QString m_path;
    bool m_closing = false;
    bool m_failed = false;
};

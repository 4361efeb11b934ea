#pragma once
// RecordingWriter: a proclab::Recorder written on its own thread ("proclab-recorder"), so the
// sampling tick only copies the frame and never waits for the disk. close() waits until every
// queued tick is written.

#include <proclab/recording.h>

#include <QObject>
#include <QThread>

#include <memory>
#include <string>
#include <vector>

class RecordingWriter : public QObject {
    Q_OBJECT

public:
    /// Creates the file (on the calling thread: an error naming it is thrown at once).
    RecordingWriter(const std::string& path, const std::string& session, QObject* parent = nullptr);
    ~RecordingWriter() override;

    const std::string& path() const { return m_path; }
    /// Queues one tick for the writer thread.
    void append(const proclab::Snapshot& snapshot, const std::vector<proclab::SessionEvent>& events);
    /// Writes what is queued, closes the file and stops the thread; returns the ticks written.
    std::uint64_t close();

signals:
    /// A write failed (emitted on the writer thread; queued to the receiver).
    void failed(const QString& error);

private:
    std::string m_path;
    std::unique_ptr<proclab::Recorder> m_recorder; // after construction, used on m_thread only
    QThread m_thread;
    QObject m_worker; // lives on m_thread: the context of the queued writes
    std::uint64_t m_ticks = 0;
};

#pragma once
// OutputCapture: one process's stdout and stderr, through two FIFOs (`path()`.out / .err) read
// with QSocketNotifier into the OutputStore under the process's key. The capture keeps a write
// end of each FIFO open until releaseWriteEnds(), so the reader sees no EOF before the child
// opened its own end; EOF (every writer closed) flushes the store and closes that stream.

#include <QObject>
#include <QString>

class OutputStore;
class QSocketNotifier;

class OutputCapture : public QObject {
    Q_OBJECT

public:
    /// Makes and opens the FIFOs `basePath`.out and `basePath`.err.
    OutputCapture(OutputStore* store, const QString& basePath, QObject* parent = nullptr);
    ~OutputCapture() override;

    QString path() const { return m_path; }
    /// Reads into the store under `key` (the PID) from now on.
    void startReading(int key);
    /// The process ended: our write ends go, what is buffered is read.
    void releaseWriteEnds();

private:
    void read(int which);
    void close(int which);
    QString fifoPath(int which) const;

    OutputStore* m_store;
    QString m_path;
    int m_key = 0;
    int m_fds[2] = {-1, -1};      // read ends: stdout, stderr
    int m_keepOpen[2] = {-1, -1}; // our write ends
    QSocketNotifier* m_notifiers[2] = {nullptr, nullptr};
};

#pragma once
// OutputCapture: one process's stdout and stderr, through two FIFOs (`path()`.out / .err) read by
// the OutputReader's thread into the OutputStore under the process's key. With the store's
// "merge stderr into stdout" on when the capture is made, `path()`.err is a link to the stdout
// FIFO (2>&1: one stream, exact order). The capture keeps a write end of each FIFO open until
// releaseWriteEnds(), so the reader sees no EOF before the child opened its own end; EOF (every
// writer closed) flushes the store and closes that stream.

#include <QObject>
#include <QString>

class OutputReader;
class OutputStore;

class OutputCapture : public QObject {
    Q_OBJECT

public:
    /// Makes and opens the FIFOs `basePath`.out and `basePath`.err (a link to .out when merged).
    OutputCapture(OutputStore* store, OutputReader* reader, QString basePath, QObject* parent = nullptr);
    ~OutputCapture() override;

    QString path() const { return m_path; }
    bool merged() const { return m_merged; }
    /// Reads into the store under `key` (the PID) from now on.
    void startReading(int key);
    /// The process ended: our write ends go; the reader reads what is left until EOF.
    void releaseWriteEnds();

private:
    QString fifoPath(int which) const;
    void unlinkFifos();

    OutputStore* m_store;
    OutputReader* m_reader;
    QString m_path;
    bool m_merged = false;
    int m_key = 0;
    bool m_reading = false;
    int m_fds[2] = {-1, -1};      // read ends: stdout, stderr (until handed to the reader)
    int m_keepOpen[2] = {-1, -1}; // our write ends
};

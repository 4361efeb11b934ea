#pragma once
// Captured stdout/stderr of the processes the GUI launched: complete lines per process, capped
// (the oldest lines are dropped and counted), kept whatever the view shows. Producers append
// bytes as they arrive; the output view takes the new lines once per tick.

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>

#include <deque>
#include <vector>

struct OutputLine {
    quint64 seq = 0; ///< arrival order over all processes
    int pid = 0;
    bool stderrLine = false;
    QString text;
};

class OutputStore : public QObject {
    Q_OBJECT

public:
    explicit OutputStore(QObject* parent = nullptr);

    /// Lines kept per process (default 10,000); older ones are dropped and counted.
    void setCapPerProcess(int lines);
    int capPerProcess() const { return m_cap; }

    /// Appends bytes read from `pid`'s stdout or stderr; complete lines are stored.
    void append(int pid, bool stderrStream, const QByteArray& bytes);
    /// Stores what remains of an unterminated last line (the stream ended).
    void flush(int pid, bool stderrStream);

    /// The lines kept for `pid` (oldest first), and how many were dropped.
    const std::deque<OutputLine>* lines(int pid) const;
    quint64 dropped(int pid) const;
    quint64 totalLines(int pid) const;
    QList<int> pids() const;

    /// The lines that arrived since the previous call (at most the newest 100,000), and how
    /// many newer-than-last-call lines were skipped because of that limit.
    std::vector<OutputLine> takeNew(quint64* skipped = nullptr);

    void clear();

private:
    struct Log {
        std::deque<OutputLine> lines;
        quint64 dropped = 0;
        quint64 total = 0;
        QByteArray partial[2];
    };
    void addLine(int pid, Log& log, bool err, const char* data, qsizetype size);

    QHash<int, Log> m_logs;
    std::vector<OutputLine> m_new;
    quint64 m_newSkipped = 0;
    quint64 m_seq = 0;
    int m_cap = 10000;
};

#pragma once
// Captured stdout/stderr of the processes the GUI launched: complete lines per process, in the
// order they were read (one sequence over every process and both streams), each with the time
// it was read. Caps are per process and per stream: a stdout flood drops old stdout lines only,
// never a stderr line (stderr has a cap of its own); dropped lines are counted.
//
// Thread safety: every member may be called from any thread. The capture's reader thread
// appends (splitting, converting and dropping happen there); the GUI thread reads, and the
// output view takes the new lines once per tick (takeNew).

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>

#include <atomic>
#include <deque>
#include <functional>
#include <mutex>
#include <utility>
#include <vector>

struct OutputLine {
    quint64 seq = 0;   ///< reading order over all processes and both streams
    qint64 timeNs = 0; ///< when it was read (proclab::now_ns(), CLOCK_MONOTONIC)
    int pid = 0;
    bool stderrLine = false;
    QString text;
};

class OutputStore : public QObject {
    Q_OBJECT

public:
    explicit OutputStore(QObject* parent = nullptr);
    ~OutputStore() override; ///< first stops the writers registered with addWriterStop()

    /// `stop` is called (GUI thread) when the store is destroyed, before anything of it goes: a
    /// writer thread (OutputReader) ends there. removeWriterStop(owner) forgets it.
    void addWriterStop(const void* owner, std::function<void()> stop);
    void removeWriterStop(const void* owner);

    /// stdout lines kept per process (default 10,000); older ones are dropped and counted.
    void setCapPerProcess(int lines);
    int capPerProcess() const;
    /// stderr lines kept per process, apart from stdout's (default 10,000).
    void setStderrCapPerProcess(int lines);
    int stderrCapPerProcess() const;

    /// Processes launched from now on write stderr into their stdout (2>&1): one stream, lines in
    /// the exact order they were written, none marked as stderr. Default: off (two streams).
    void setMergeStderr(bool merge);
    bool mergeStderr() const { return m_merge.load(); }
    /// Records how `pid`'s output is captured (merged or not), as the panel shows it.
    void setMerged(int pid, bool merged);
    bool merged(int pid) const;

    /// Appends bytes read from `pid`'s stdout or stderr at `timeNs` (0: now); complete lines are
    /// stored. Lines a single call would drop at once are counted without being converted.
    void append(int pid, bool stderrStream, const QByteArray& bytes, qint64 timeNs = 0);
    /// Stores what remains of an unterminated last line (the stream ended).
    void flush(int pid, bool stderrStream);

    /// The lines kept for `pid`, both streams in reading order (a copy).
    std::vector<OutputLine> lines(int pid) const;
    bool contains(int pid) const;
    /// Lines dropped by the caps: stdout, stderr, both.
    quint64 dropped(int pid) const;
    quint64 droppedStderr(int pid) const;
    quint64 totalLines(int pid) const;
    QList<int> pids() const;

    /// The lines that arrived since the previous call, in order: at most the newest 20,000 stdout
    /// lines and 10,000 stderr lines (a flood of one stream never pushes the other out);
    /// `skipped` tells how many newer-than-last-call lines that limit left out.
    std::vector<OutputLine> takeNew(quint64* skipped = nullptr);

    void clear();
    /// Drops everything kept for `pids` (their rows were cleared from the table): their lines,
    /// the new ones not taken yet included. forgotten() follows when one of them had output.
    void forget(const QList<int>& pids);

signals:
    void forgotten();

private:
    struct Log {
        std::deque<OutputLine> lines[2]; // stdout, stderr
        quint64 dropped[2] = {0, 0};
        quint64 total = 0;
        QByteArray partial[2];
        bool merged = false;
    };
    void addLine(int pid, Log& log, bool err, const char* data, qsizetype size, qint64 timeNs);
    void enforceCap(Log& log, int stream);

    mutable std::mutex m_mutex;
    QHash<int, Log> m_logs;
    std::deque<OutputLine> m_new[2];
    quint64 m_newSkipped = 0;
    quint64 m_seq = 0;
    int m_cap[2] = {10000, 10000};
    std::atomic<bool> m_merge{false};
    std::vector<std::pair<const void*, std::function<void()>>> m_writerStops; // GUI thread only
};

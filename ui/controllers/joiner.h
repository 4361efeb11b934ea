#pragma once
// Joiner: Process::join() on a worker thread per joined process, so the window stays responsive
// (the GUI's own row shows it blocked in join(), as a Python parent in p.join() would). The wait
// runs in slices of 250 ms so that cancelAll() (at exit) ends it promptly.

#include <QHash>
#include <QObject>
#include <QSet>

#include <atomic>
#include <memory>

namespace proclab {
class Process;
}
class QThread;

class Joiner : public QObject {
    Q_OBJECT

public:
    explicit Joiner(QObject* parent = nullptr);
    ~Joiner() override;

    /// Joins `process` (known as `pid`) on a new thread; timeoutMs < 0: forever. The process must
    /// outlive the join (or cancelAll()). False if `pid` is being joined already.
    bool join(int pid, proclab::Process* process, int timeoutMs);
    bool isJoining(int pid) const { return m_threads.contains(pid); }
    QSet<int> joining() const;
    /// Stops every join and waits for its thread.
    void cancelAll();

signals:
    /// The join of `pid` is over: `ended` if the process ended, false on timeout or cancel.
    void finished(int pid, bool ended);

private:
    struct Entry {
        QThread* thread = nullptr;
        std::shared_ptr<std::atomic_bool> cancel;
    };
    void reap(int pid);

    QHash<int, Entry> m_threads;
};

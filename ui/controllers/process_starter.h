#pragma once
// ProcessStarter: Process::start() off the GUI thread. A start through the fork server is a round
// trip to another process (the first one also forks the server), and a plain fork copies the page
// tables of a large GUI: milliseconds each, hundreds of them for a bulk launch. One thread, alive
// as long as the program, runs the starts in the order they were asked for and reports each one
// back on this object's thread. It never ends before the program does, because a child's
// PR_SET_PDEATHSIG fires when the *thread* that forked it ends, not only when its process does.

#include <QObject>
#include <QString>

#include <condition_variable>
#include <memory>
#include <mutex>

namespace proclab {
class Process;
}

class ProcessStarter : public QObject {
    Q_OBJECT

public:
    explicit ProcessStarter(QObject* parent = nullptr);
    /// Waits for the starts handed out and not yet done (each takes milliseconds).
    ~ProcessStarter() override;

    /// Starts `process` on the starter thread; finished(ticket, error) follows on this object's
    /// thread, `error` empty when it started. The process must outlive the start.
    quint64 start(proclab::Process* process);
    /// Starts handed out whose finished() has not been delivered yet.
    int pending() const { return m_pending; }
    /// Blocks until every start handed out has run (not for the GUI thread's slots: for teardown).
    void waitIdle();

signals:
    void finished(quint64 ticket, const QString& error);

private:
    struct InFlight {
        std::mutex mutex;
        std::condition_variable idle;
        int count = 0;
    };
    std::shared_ptr<InFlight> m_inFlight = std::make_shared<InFlight>();
    quint64 m_nextTicket = 0;
    int m_pending = 0;
};

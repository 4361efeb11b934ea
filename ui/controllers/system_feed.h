#pragma once
// SystemFeed: the processes of the machine that the session registry does not know, read through
// libproc2 on a worker thread. Session scope: the descendants of the session's processes (children
// of a launched command, which never use the core); My processes / All processes: the user's, or
// every, process. Each frame of the SessionFeed asks for the next sample (at most one in flight);
// the table comes back by a queued signal and is merged into the following frames (merge()).
// Each sample also reads the machine's meters (load, CPUs, memory: proclab::MachineSampler).
// An observed process that ends stays a few seconds as ended: with its exit code when a process
// of the session reaped it (an orphan adopted by a subreaper), else "not observable".

#include <proclab/machine_stats.h>
#include <proclab/session.h>
#include <proclab/system_processes.h>

#include <QObject>
#include <QString>
#include <QThread>

#include <memory>
#include <unordered_map>
#include <vector>

struct FeedFrame;

/// Which processes the window shows.
enum class ProcessScope { Session, Mine, All };

/// One sample, ready to merge: records of the processes the registry does not know (observed),
/// and what ps says of those it knows.
struct SystemTable {
    ProcessScope scope = ProcessScope::Session;
    std::vector<proclab::ProcessRecord> observed; ///< marked observed, by PID
    std::vector<proclab::SystemProcess> known;    ///< the session's own processes, by PID
    proclab::MachineStats machine;                ///< load, CPUs, memory (the header meters)
    double sampleMs = 0;                          ///< the sampler's cost (worker thread)
    QString error;                                ///< why /proc could not be read (empty: fine)
};
Q_DECLARE_METATYPE(std::shared_ptr<const SystemTable>)

class SystemSampleWorker : public QObject {
    Q_OBJECT

public:
    /// Samples `scope` (descendants of `roots` for the session scope) and emits sampled().
    void sample(ProcessScope scope, std::vector<pid_t> roots);

signals:
    void sampled(std::shared_ptr<const SystemTable> table);

private:
    std::unique_ptr<proclab::SystemSampler> m_sampler;
    proclab::MachineSampler m_machine;
};

class SystemFeed : public QObject {
    Q_OBJECT

public:
    explicit SystemFeed(QObject* parent = nullptr);
    ~SystemFeed() override; // stops and joins the worker thread (it never blocks for long)

    void setScope(ProcessScope scope);
    ProcessScope scope() const { return m_scope; }
    /// The last table of the current scope (null before the first one).
    std::shared_ptr<const SystemTable> table() const { return m_table; }

    /// Adds the last table to `snap`: observed records appended (and, in the session scope, those
    /// that ended in the last seconds), known ones given their ps view. Cheap; GUI thread.
    void merge(proclab::Snapshot& snap) const;
    /// The ProcessRecord an observed process is shown as.
    static proclab::ProcessRecord observedRecord(const proclab::SystemProcess& p);

    /// "session", "mine", "all" (settings) and back (unknown: Session).
    static QString scopeKey(ProcessScope scope);
    static ProcessScope scopeFromKey(const QString& key);

public slots:
    /// Asks the worker for the next sample with the frame's live processes as roots.
    void onFrame(const FeedFrame& frame);
    /// Asks now, with the roots of the last frame.
    void request();

signals:
    /// A table of the current scope arrived (first: true for the first one after setScope()).
    void tableReady(bool first);
    /// The machine's table could not be read (the message names what failed); once per new error.
    void failed(const QString& message);

private:
    void onSampled(std::shared_ptr<const SystemTable> table);

    void noteEnded(const SystemTable& previous, const SystemTable& next);

    QThread m_thread;
    SystemSampleWorker* m_worker;
    ProcessScope m_scope = ProcessScope::Session;
    std::vector<pid_t> m_roots;
    std::shared_ptr<const SystemTable> m_table;
    bool m_inFlight = false;
    bool m_again = false;
    bool m_fresh = true;
    QString m_lastError;
    bool m_live = false; // the frames come from a live session (not a recording)
    // Observed processes that ended (session scope): shown for a while with their exit code when
    // ProcLab reaped them (an adopted orphan's ProcessExit event), else as not observable.
    std::unordered_map<pid_t, proclab::ProcessRecord> m_ended;
    std::unordered_map<pid_t, int> m_orphanExits; // pid → exit code, from the frames' events
};

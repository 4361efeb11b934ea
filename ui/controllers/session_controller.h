#pragma once
// SessionController: the processes the GUI launched, and what the user may do to them. It decides
// whether an action applies (whyNot()), makes processes (LaunchSpec::makeProcess), signals them,
// and hands the rest to its helpers: ProcessStarter (start() on the starter thread), OutputCapture
// (stdout/stderr into the OutputStore), Joiner (join() on worker threads), RestartPolicy (restart on failure with a
// growing back-off). It also keeps the queues and locks created for the built-in tasks. Processes created but not
// started yet have a negative key (they have no PID).

#include "controllers/launch_spec.h"
#include "controllers/session_feed.h"
#include "models/process_table_model.h"

#include <proclab/lock.h>
#include <proclab/process.h>
#include <proclab/queue.h>
#include <proclab/session.h>

#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTemporaryDir>

#include <deque>
#include <memory>
#include <optional>
#include <vector>

class Joiner;
class OutputReader;
class OutputStore;
class ProcessStarter;

class SessionController : public QObject {
    Q_OBJECT

public:
    /// What the user can do to one process.
    enum class Action { Start, Join, Daemonize, Terminate, Kill, Stop, Continue, KillTree, Renice };

    explicit SessionController(OutputStore* output, QObject* parent = nullptr);
    ~SessionController() override;

    static QString signalName(int sig);

    /// Creates spec.copies processes and, if spec.startNow, starts them off the GUI thread
    /// (started(key, pid) follows for each, or startFailed() and the process is dropped). Returns
    /// their keys (negative until started); on a bad spec nothing is launched, the list is empty
    /// and `error` says why.
    QList<int> launch(const LaunchSpec& spec, QString* error = nullptr);

    /// Why `action` does not apply to the process `key` (translated), empty if it does. `seen` is
    /// the process as the last snapshot showed it (its state, its kind), when the caller has it.
    QString whyNot(Action action, int key, const proclab::ProcessRecord* seen = nullptr) const;

    bool owns(int key) const;
    bool isStarted(int key) const;
    bool isEnded(int key) const;
    /// Forgets the ended processes among `keys` (the user cleared their rows): their entries and
    /// their captured output. One still being joined or started stays. Returns the keys forgotten.
    QList<int> forgetEnded(const QList<int>& keys);
    bool isJoining(int key) const;
    QSet<int> joiningKeys() const;
    /// Records of processes created but not started (state Created, negative pids).
    std::vector<proclab::ProcessRecord> pendingRecords() const;
    /// The runs of launches that restart on failure, by key: run 2 of 4, or failed for good.
    QHash<int, ProcessTableModel::Attempt> attempts() const;
    /// Started processes still alive.
    int liveCount() const;
    /// Processes handed to the starter thread and not reported started (or failed) yet.
    int startingCount() const { return static_cast<int>(m_starting.size() + m_toStart.size()); }
    QList<int> liveKeys() const;

    // Actions: return an empty string on success, else why it did not apply.
    /// Starts a created process off the GUI thread: started(key, pid) or startFailed() follows.
    QString start(int key);
    QString setDaemon(int key, bool daemon);
    /// Waits on a worker thread; timeoutMs < 0: forever. joinFinished() reports the end.
    QString join(int key, int timeoutMs = -1);
    QString sendSignal(int key, int sig);
    QString terminate(int key);
    QString kill(int key);
    QString stop(int key);
    QString resume(int key);
    QString killTree(int key);
    /// Sets the nice value (-20..19) of a started process; lowering it needs privileges.
    QString renice(int key, int nice);
    /// The nice value of `pid` now (nullopt when it cannot be read).
    static std::optional<int> niceOf(int pid);
    /// What a failed setpriority() (errno `err`) means to the user.
    static QString reniceError(int err, int pid, int current, int wanted);

    /// The start times (clock ticks after boot) of the processes the table shows that this window
    /// did not start: a signal reaches such a PID only while it is still that process.
    void setObservedStartTimes(QHash<int, quint64> startTicks) { m_observedStart = std::move(startTicks); }

    /// Terminates every live child, and each one still starting once it has started; joinAll()
    /// waits for all of them (allEnded() when done).
    void terminateAll();
    void joinAll();

    /// A Queue<std::string> / Lock kept alive by the GUI, for the built-in tasks. Returns its name.
    QString createQueue(int maxsize);
    QString createLock();
    QStringList queueNames() const;
    QStringList lockNames() const;

public slots:
    /// Reaps, on each live tick (never waits), descendants orphaned under this window (a killed
    /// lesson runner's tree) and adopted by it: they end as exited, not as zombies.
    void onFrame(const FeedFrame& frame);

signals:
    void launched(int key);
    void started(int key, int pid);
    void startFailed(int key, const QString& error);
    void ended(int pid, int exitcode);
    void joinStarted(int pid);
    void joinFinished(int pid, bool ended);
    void restarting(int oldPid, int attempt, int delayMs);
    /// The starts of the launches in progress: `done` of `total` (both 0 once all are done).
    void startProgress(int done, int total);
    void allEnded();
    void objectsChanged();
    void message(const QString& text);

private:
    struct Managed;
    Managed* find(int key) const;
    Managed* add(const LaunchSpec& spec, int attempt);
    QString startManaged(Managed& m, bool dropOnFailure);
    void onStartFinished(quint64 ticket, const QString& error);
    void pumpStarts();
    void noteStartDone();
    void drop(Managed* m);
    QString signalAction(Action action, int key, int sig);
    static QString signalObserved(pid_t pid, int sig, quint64 startTicks);
    void onSentinel(int pid);
    void scheduleRestart(Managed& m, int delayMs);
    void releaseEnded(Managed& m);
    void checkAllEnded();
    template <typename T, typename... Args>
    QString createObject(std::vector<std::unique_ptr<T>>& store, Args... args);

    OutputStore* m_output;
    OutputReader* m_reader; // reads every capture's FIFOs on its own thread
    QTemporaryDir m_captureDir;
    std::vector<std::unique_ptr<Managed>> m_all;
    QHash<int, Managed*> m_byKey;
    Joiner* m_joiner;
    ProcessStarter* m_starter;
    QHash<quint64, Managed*> m_starting; // by the starter's ticket
    std::deque<int> m_toStart;           // keys of launched copies not handed to the starter yet
    bool m_pumpQueued = false;
    int m_progressDone = 0;
    int m_progressTotal = 0;
    static constexpr int kStartsPerTurn = 8;
    int m_nextPseudo = -1;
    int m_captureSerial = 0;
    bool m_waitingAll = false;
    bool m_terminatingAll = false;
    std::vector<std::unique_ptr<proclab::Queue<std::string>>> m_queues;
    std::vector<std::unique_ptr<proclab::Lock>> m_locks;
    QHash<int, quint64> m_observedStart;
};

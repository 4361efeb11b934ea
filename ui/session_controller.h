#pragma once
// The processes the GUI launched, and what the user does to them: start, join (on a worker
// thread: the GUI's own row shows it blocked in join(), the window stays responsive), daemonize
// before start, terminate, kill, stop, continue, kill tree; restart on failure (as supervisord's
// autorestart with startretries and a growing back-off); stdout/stderr captured through FIFOs
// read with QSocketNotifier into an OutputStore; queues and locks created for the built-in tasks.
// Processes created but not started yet have a negative key (they have no PID).

#include <proclab/lock.h>
#include <proclab/process.h>
#include <proclab/queue.h>
#include <proclab/session.h>

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>
#include <optional>
#include <vector>

class OutputStore;
class QSocketNotifier;
class QThread;

/// What the launcher asks for.
struct LaunchSpec {
    enum class Type { Command, Shell, Task };
    enum class Task { Sleep, BusyCpu, PrintLines, Produce, Consume, HoldLock, Fail, Crash, SpawnChildren, EchoServer };
    enum class Restart { Never, OnFailure };

    Type type = Type::Task;
    // Command / Shell
    QStringList argv;
    QString shellLine;
    QString workingDirectory;
    QList<QPair<QString, QString>> environment;
    // Task
    Task task = Task::Sleep;
    double seconds = 5;    ///< Sleep, BusyCpu, HoldLock, SpawnChildren, EchoServer (0: forever)
    int count = 10;        ///< PrintLines, Produce, Consume (0: until idle), SpawnChildren
    double interval = 0.5; ///< PrintLines, Produce; Consume: idle timeout
    QString objectName;    ///< Produce, Consume: queue; HoldLock: lock
    QString message;       ///< Fail
    int signal = 11;       ///< Crash (SIGSEGV)
    int port = 0;          ///< EchoServer
    // Every kind
    QString name;
    bool daemon = false;
    int copies = 1;
    bool startNow = true;
    proclab::StartMethod method = proclab::StartMethod::ForkServer;
    Restart restart = Restart::Never;
    int maxRetries = 3;
    int backoffMs = 1000;
};

class SessionController : public QObject {
    Q_OBJECT

public:
    explicit SessionController(OutputStore* output, QObject* parent = nullptr);
    ~SessionController() override;

    /// An empty string when `spec` can be launched, else why not (translated, one sentence).
    static QString validate(const LaunchSpec& spec);
    static QString taskName(LaunchSpec::Task task);
    static QString signalName(int sig);

    /// Creates spec.copies processes and starts them if spec.startNow. Returns their keys (PIDs,
    /// or negative keys for the ones not started); on failure nothing is launched, the list is
    /// empty and `error` says why.
    QList<int> launch(const LaunchSpec& spec, QString* error = nullptr);

    bool owns(int key) const;
    bool isStarted(int key) const;
    bool isEnded(int key) const;
    bool isJoining(int key) const;
    QSet<int> joiningKeys() const;
    /// Records of processes created but not started (state Created, negative pids).
    std::vector<proclab::ProcessRecord> pendingRecords() const;
    /// Started processes still alive.
    int liveCount() const;
    QList<int> liveKeys() const;

    // Actions: return an empty string on success, else why it did not apply.
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

    /// Terminates every live child; joinAll() waits for all of them (allEnded() when done).
    void terminateAll();
    void joinAll();

    /// A Queue<std::string> / Lock kept alive by the GUI, for the built-in tasks. Returns its name.
    QString createQueue(int maxsize);
    QString createLock();
    QStringList queueNames() const;
    QStringList lockNames() const;

signals:
    void launched(int key);
    void started(int key, int pid);
    void ended(int pid, int exitcode);
    void joinStarted(int pid);
    void joinFinished(int pid, bool ended);
    void restarting(int oldPid, int attempt, int delayMs);
    void allEnded();
    void objectsChanged();
    void message(const QString& text);

private:
    struct Managed;
    Managed* find(int key) const;
    std::unique_ptr<proclab::Process> makeProcess(const LaunchSpec& spec, const QString& capture, QString* error);
    QString startManaged(Managed& m);
    void openCapture(Managed& m);
    void readCapture(Managed& m, int which);
    void closeCapture(Managed& m, int which);
    void onSentinel(int pid);
    void checkAllEnded();

    OutputStore* m_output;
    QTemporaryDir m_captureDir;
    std::vector<std::unique_ptr<Managed>> m_all;
    QHash<int, Managed*> m_byKey;
    int m_nextPseudo = -1;
    int m_captureSerial = 0;
    bool m_waitingAll = false;
    std::vector<std::unique_ptr<proclab::Queue<std::string>>> m_queues;
    std::vector<std::unique_ptr<proclab::Lock>> m_locks;
};

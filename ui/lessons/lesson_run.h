#pragma once
// LessonRun: one run of a lesson, as a child command `proclab-cli run FILE --live [--step]` started
// through the core (so it is recorded in the session and everything it starts shows live). The
// GUI is multi-threaded and must not fork the lesson main program itself. Reads the transcript
// from the child's stdout (non-blocking, QSocketNotifier) and tells which step runs; pause stops
// the whole tree (SIGSTOP, parents first), resume continues it, stop kills it; the end is seen on the sentinel,
// never by blocking the GUI thread. The fork+exec itself runs on the ProcessStarter thread: start()
// returns at once in state Starting, and started() or startFailed() follows.

#include <QObject>
#include <QString>
#include <QStringList>

#include <proclab/session.h>

#include <map>
#include <memory>
#include <string>
#include <sys/types.h>

namespace proclab {
class Process;
}
class ProcessStarter;
class QSocketNotifier;

class LessonRun : public QObject {
    Q_OBJECT

public:
    enum class State { Idle, Starting, Running, Paused, Stopping, Finished };
    Q_ENUM(State)

    explicit LessonRun(QObject* parent = nullptr);
    ~LessonRun() override; ///< kills the tree if it still runs (waits for a start in flight: ms)

    /// $PROCLAB_CLI, else proclab-cli next to this program.
    static QString cliProgram();

    /// Starts `proclab-cli run lessonPath --live --speed speed --lang lang [--step | --python]`
    /// (python: the lesson's own Python code, watched, instead of its C++ twin; it steps alike).
    /// False (and `error`) when it cannot start or a run is still going; else the state is
    /// Starting and started() (state Running) or startFailed() (state Idle) follows. Step, Run to
    /// End and Stop asked for while Starting are applied once it has started.
    bool start(const QString& lessonPath, double speed, const QString& lang, bool stepMode, QString* error = nullptr,
               bool python = false);
    /// Step mode: lets the main program run its next step.
    void step();
    /// Step mode: ends stepping, the rest runs at once.
    void runRest();
    /// SIGSTOP / SIGCONT to the whole tree.
    void pause();
    void resume();
    /// Kills the whole tree; finished() follows.
    void stop();
    /// Stops the current run (if any) and starts the same lesson again once it has ended.
    void restart();

    State state() const { return m_state; }
    bool isActive() const
    {
        return m_state == State::Starting || m_state == State::Running || m_state == State::Paused ||
               m_state == State::Stopping;
    }
    bool stepMode() const { return m_stepMode; }
    /// True when this run is the lesson's Python code (else its C++ twin).
    bool runsPython() const { return m_python; }
    /// The proclab-cli process (0 when none runs).
    pid_t pid() const;
    /// The lesson main program (the child of proclab-cli), 0 when not (yet) running.
    pid_t mainPid() const;
    /// Steps reached so far in this run (1-based indexes, in order).
    QList<int> steps() const { return m_steps; }
    QStringList transcript() const { return m_transcript; }
    /// The lesson id of each object the run's steps made, by registry id ("object a = 17" lines,
    /// which the transcript does not show): to tell which argument a held process is at.
    const std::map<proclab::ObjectId, std::string>& objects() const { return m_objects; }
    std::optional<int> exitCode() const { return m_exitCode; }

signals:
    void started();
    /// The child could not be started (e.g. fork failed): `error` says why; the state is Idle.
    void startFailed(const QString& error);
    void lineReceived(const QString& line);
    /// A transcript "step N (py A / cpp B)" line: step N of the lesson runs, at those lines.
    void stepReached(int step, int pyLine, int cppLine);
    void stateChanged(LessonRun::State state);
    /// The run ended; `exitCode` is proclab-cli's (0 ok, 1 error, -N killed).
    void finished(int exitCode);

private:
    void setState(State s);
    void readOutput();
    void onEnded();
    void handleLine(const QString& line);
    void onStartFinished(quint64 ticket, const QString& error);

    std::unique_ptr<proclab::Process> m_proc;
    ProcessStarter* m_starter = nullptr;
    int m_stepsAsked = 0;     ///< Step clicks while Starting, written once started
    bool m_stopAsked = false; ///< Stop while Starting
    bool m_restAsked = false; ///< Run to End while Starting
    QSocketNotifier* m_outNotifier = nullptr;
    QSocketNotifier* m_sentinel = nullptr;
    QByteArray m_buffer;
    State m_state = State::Idle;
    bool m_stepMode = false;
    bool m_python = false;
    bool m_restartPending = false;
    bool m_inBody = false;
    QStringList m_header;
    QStringList m_transcript;
    QList<int> m_steps;
    std::map<proclab::ObjectId, std::string> m_objects;
    std::optional<int> m_exitCode;
    QString m_path, m_lang;
    double m_speed = 1;
};

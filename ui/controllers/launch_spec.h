#pragma once
// LaunchSpec: what the launcher asks for (a command, a shell line or a built-in task, and how to
// run it), whether it can be launched (validate(): one translated sentence naming what is wrong),
// and the proclab::Process it describes (makeProcess()).

#include <proclab/process.h>

#include <QCoreApplication>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <memory>

struct LaunchSpec {
    Q_DECLARE_TR_FUNCTIONS(LaunchSpec)

public:
    enum class Type { Command, Shell, Task };
    enum class Task { Sleep, BusyCpu, PrintLines, Produce, Consume, HoldLock, Fail, Crash, SpawnChildren, EchoServer };
    enum class Restart { Never, OnFailure };

    Type type = Type::Task;
    // Command / Shell
    QStringList argv;
    QString shellLine;
    QString workingDirectory;
    QList<QPair<QString, QString>> environment;
    /// A Python interpreter (the program, or the shell line's first word) runs with the Python
    /// bridge: its multiprocessing processes, queues, locks and pools show live in the session.
    bool watchPython = true;
    QString pythonStartMethod; ///< "", fork, spawn or forkserver (multiprocessing's default)
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
    int copies = 1; ///< 1..kMaxCopies, named name-1 … name-N
    bool startNow = true;
    proclab::StartMethod method = proclab::StartMethod::ForkServer;
    Restart restart = Restart::Never;
    int maxRetries = 3;
    int backoffMs = 1000;

    /// The most copies one launch makes (they start one after another off the GUI thread).
    static constexpr int kMaxCopies = 1000;

    /// An empty string when the spec can be launched, else why not (translated, one sentence).
    QString validate() const;
    /// True when `program` names a Python interpreter (python, python3, python3.11, /usr/bin/python3...).
    static bool isPythonInterpreter(const QString& program);
    /// True when this spec runs a Python interpreter that the bridge will watch.
    bool watchesPython() const;
    /// The translated name of a built-in task ("Sleep").
    static QString taskName(Task task);
    /// The process this spec describes, not started; its stdout/stderr go to `capture`.out/.err
    /// (commands) or through the task's own capture argument. nullptr and `error` on failure.
    std::unique_ptr<proclab::Process> makeProcess(const QString& capture, QString* error) const;
};

#include "controllers/session_controller.h"

#include "controllers/joiner.h"
#include "controllers/output_capture.h"
#include "controllers/output_reader.h"
#include "controllers/process_starter.h"
#include "controllers/restart_policy.h"
#include "models/output_store.h"
#include "models/process_state.h"

#include <proclab/clock.h>
#include <proclab/errors.h>
#include <proclab/system_processes.h>

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSocketNotifier>
#include <QTimer>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <optional>
#include <sys/syscall.h>
#include <unistd.h>

namespace {

std::string utf8(const QString& s)
{
    return s.toStdString();
}

} // namespace

struct SessionController::Managed {
    int key = 0; // pid once started, else a negative key
    LaunchSpec spec;
    std::unique_ptr<proclab::Process> proc;
    std::unique_ptr<OutputCapture> capture;
    QSocketNotifier* sentinel = nullptr;
    RestartPolicy restart;
    bool starting = false;      // handed to the starter thread, not reported back yet
    bool dropOnFailure = false; // a failed start removes it (a launch) or leaves it created
    bool inProgress = false;    // counted in the launch's start progress
    bool started = false;
    bool ended = false;
    bool stoppedByUser = false;
    bool gaveUp = false; // failed with no restart left
    int first = 0;       // the key of its launch's first run (0: this is the first)
    int run = 1;         // 1 + the restarts made before this run
    std::optional<int> exitcode;
    std::int64_t createdNs = 0;
};

SessionController::SessionController(OutputStore* output, QObject* parent)
    : QObject(parent)
    , m_output(output)
    , m_reader(new OutputReader(output, this))
    , m_captureDir(QDir::tempPath() + QStringLiteral("/proclab-output-XXXXXX"))
    , m_joiner(new Joiner(this))
    , m_starter(new ProcessStarter(this))
{
    connect(m_starter, &ProcessStarter::finished, this, &SessionController::onStartFinished);
    connect(m_joiner, &Joiner::finished, this, [this](int pid, bool done) {
        if (done)
            onSentinel(pid);
        emit joinFinished(pid, done);
        if (Managed* m = find(pid); m && m->ended)
            releaseEnded(*m);
    });
}

SessionController::~SessionController()
{
    // The join threads and the starter thread use the processes: they are done with them first.
    m_joiner->cancelAll();
    m_starter->waitIdle();
}

QString SessionController::signalName(int sig)
{
    const char* abbrev = sigabbrev_np(sig);
    return abbrev ? QStringLiteral("SIG") + QString::fromLatin1(abbrev) : QString::number(sig);
}

QList<int> SessionController::launch(const LaunchSpec& spec, QString* error)
{
    const QString problem = spec.validate();
    if (!problem.isEmpty()) {
        if (error)
            *error = problem;
        return {};
    }
    QList<int> keys;
    for (int i = 0; i < spec.copies; ++i) {
        LaunchSpec one = spec;
        if (spec.copies > 1)
            one.name = (spec.name.isEmpty()
                            ? LaunchSpec::taskName(spec.task).toLower().replace(QLatin1Char(' '), QLatin1Char('-'))
                            : spec.name) +
                       QLatin1Char('-') + QString::number(i + 1);
        if (spec.type != LaunchSpec::Type::Task && one.name.isEmpty())
            one.name =
                spec.type == LaunchSpec::Type::Shell ? QStringLiteral("sh") : QFileInfo(spec.argv.first()).fileName();
        Managed* raw = add(one, 0);
        raw->createdNs = proclab::now_ns();
        if (spec.startNow && i == 0) {
            // The first copy is handed to the starter at once: a spec that cannot make a process
            // fails here, with nothing launched.
            const QString err = startManaged(*raw, true);
            if (!err.isEmpty()) {
                drop(raw);
                if (error)
                    *error = err;
                return keys;
            }
            ++m_progressTotal;
            raw->inProgress = true;
        } else if (spec.startNow) {
            // The others follow from the event loop, a few per turn: the window stays responsive.
            raw->starting = true;
            m_toStart.push_back(raw->key);
            ++m_progressTotal;
            raw->inProgress = true;
        }
        keys << raw->key;
        emit launched(raw->key);
    }
    if (!m_toStart.empty() && !m_pumpQueued) {
        m_pumpQueued = true;
        QTimer::singleShot(0, this, &SessionController::pumpStarts);
    }
    emit startProgress(m_progressDone, m_progressTotal);
    return keys;
}

void SessionController::pumpStarts()
{
    m_pumpQueued = false;
    for (int n = 0; n < kStartsPerTurn && !m_toStart.empty(); ++n) {
        const int key = m_toStart.front();
        m_toStart.pop_front();
        Managed* m = find(key);
        if (!m)
            continue;
        m->starting = false;
        if (const QString err = startManaged(*m, true); !err.isEmpty()) {
            const QString name = m->spec.name;
            drop(m);
            noteStartDone();
            emit startFailed(key, err);
            emit message(tr("%1 could not start: %2").arg(name, err));
        }
    }
    if (!m_toStart.empty()) {
        m_pumpQueued = true;
        QTimer::singleShot(0, this, &SessionController::pumpStarts);
    }
}

void SessionController::noteStartDone()
{
    if (m_progressTotal == 0)
        return;
    ++m_progressDone;
    const int done = m_progressDone, total = m_progressTotal;
    if (m_starting.isEmpty() && m_toStart.empty())
        m_progressDone = m_progressTotal = 0;
    emit startProgress(done, total);
}

SessionController::Managed* SessionController::add(const LaunchSpec& spec, int attempt)
{
    auto m = std::make_unique<Managed>();
    m->spec = spec;
    m->restart =
        RestartPolicy(spec.restart == LaunchSpec::Restart::OnFailure, spec.maxRetries, spec.backoffMs, attempt);
    m->key = m_nextPseudo--;
    m->run = attempt + 1;
    Managed* raw = m.get();
    m_all.push_back(std::move(m));
    m_byKey.insert(raw->key, raw);
    return raw;
}

QString SessionController::startManaged(Managed& m, bool dropOnFailure)
{
    if (m_captureDir.isValid())
        m.capture = std::make_unique<OutputCapture>(
            m_output, m_reader, m_captureDir.filePath(QStringLiteral("p%1").arg(++m_captureSerial)));
    QString error;
    m.proc = m.spec.makeProcess(m.capture ? m.capture->path() : QString(), &error);
    if (!m.proc) {
        m.capture.reset();
        return error;
    }
    m.starting = true;
    m.dropOnFailure = dropOnFailure;
    m_starting.insert(m_starter->start(m.proc.get()), &m);
    return {};
}

void SessionController::onStartFinished(quint64 ticket, const QString& error)
{
    Managed* found = m_starting.take(ticket);
    if (!found)
        return;
    Managed& m = *found;
    m.starting = false;
    if (m.inProgress) {
        m.inProgress = false;
        noteStartDone();
    }
    if (!error.isEmpty()) {
        m.proc.reset();
        m.capture.reset();
        const int key = m.key;
        const QString name = m.spec.name;
        if (m.dropOnFailure)
            drop(&m);
        emit startFailed(key, error);
        emit message(tr("%1 could not start: %2").arg(name, error));
        checkAllEnded();
        return;
    }
    const int oldKey = m.key;
    m_byKey.remove(oldKey);
    m.key = m.proc->pid();
    m.started = true;
    m.ended = false;
    m.exitcode.reset();
    m_byKey.insert(m.key, &m);
    if (m.capture)
        m.capture->startReading(m.key);
    const int pid = m.key;
    delete m.sentinel;
    m.sentinel = new QSocketNotifier(m.proc->sentinel(), QSocketNotifier::Read, this);
    connect(m.sentinel, &QSocketNotifier::activated, this, [this, pid] { onSentinel(pid); });
    emit started(oldKey, pid);
    // Started after terminateAll() / joinAll() were asked for: it is one of "all" too.
    if (m_terminatingAll) {
        terminate(pid);
        resume(pid);
    }
    if (m_waitingAll && !isJoining(pid))
        join(pid);
}

void SessionController::drop(Managed* m)
{
    m_byKey.remove(m->key);
    std::erase_if(m_all, [m](const std::unique_ptr<Managed>& p) { return p.get() == m; });
}

void SessionController::onSentinel(int pid)
{
    Managed* m = find(pid);
    if (!m || m->ended)
        return;
    if (m->sentinel)
        m->sentinel->setEnabled(false);
    m->ended = true;
    m->exitcode = m->proc->exitcode();
    if (m->capture)
        m->capture->releaseWriteEnds();
    const int code = m->exitcode.value_or(0);
    if (!m_joiner->isJoining(pid))
        releaseEnded(*m); // else once the join thread is done with it
    // Descendants orphaned by its end were adopted by this process (a child subreaper): reap them.
    (void)proclab::active_children();
    emit ended(pid, code);

    const bool restarts = m->spec.restart == LaunchSpec::Restart::OnFailure && m->spec.maxRetries > 0;
    if (restarts && code != 0 && !m->stoppedByUser && m->restart.attempt() >= m->restart.maxRetries()) {
        m->gaveUp = true;
        emit message(tr("%1 failed (%2): gave up after %n retries", nullptr, m->restart.maxRetries())
                         .arg(m->spec.name, QString::fromStdString(proclab::describe_exitcode(code))));
    }
    if (const std::optional<int> delay = m->restart.next(code, m->stoppedByUser)) {
        emit restarting(pid, m->restart.attempt(), *delay);
        emit message(tr("%1 failed (%2): restart %3 of %4 in %5 s")
                         .arg(m->spec.name)
                         .arg(QString::fromStdString(proclab::describe_exitcode(code)))
                         .arg(m->restart.attempt())
                         .arg(m->restart.maxRetries())
                         .arg(*delay / 1000.0));
        scheduleRestart(*m, *delay);
    }
    checkAllEnded();
}

void SessionController::releaseEnded(Managed& m)
{
    // An ended process keeps its row, its exit code and its output, not its descriptors (pidfd,
    // sentinel): a window that runs for hours must not run out of them.
    if (m.sentinel) {
        m.sentinel->deleteLater(); // possibly inside its own activated() signal
        m.sentinel = nullptr;
    }
    if (m.proc) {
        try {
            m.proc->close();
        } catch (const std::exception&) {
        }
    }
}

void SessionController::scheduleRestart(Managed& m, int delayMs)
{
    // The new run is a new Managed (new PID, its own output); the old row stays as history.
    const LaunchSpec again = m.spec;
    const int attempt = m.restart.attempt();
    const int first = m.first ? m.first : m.key;
    QTimer::singleShot(delayMs, this, [this, again, attempt, first] {
        Managed* next = add(again, attempt);
        next->first = first;
        next->createdNs = proclab::now_ns();
        const QString err = startManaged(*next, true);
        if (!err.isEmpty())
            emit message(tr("Restart failed: %1").arg(err));
    });
}

void SessionController::onFrame(const FeedFrame& frame)
{
    if (frame.live)
        (void)proclab::active_children();
}

void SessionController::checkAllEnded()
{
    if (m_waitingAll && liveCount() == 0 && m_starting.isEmpty() && m_toStart.empty()) {
        m_waitingAll = false;
        emit allEnded();
    }
}

QString SessionController::whyNot(Action action, int key, const proclab::ProcessRecord* seen) const
{
    if (seen && seen->remote())
        return tr("This process runs on %1 (MPI rank %2), relayed by its pool's process: it is watched from here, "
                  "not acted on.")
            .arg(QString::fromStdString(seen->host))
            .arg(seen->rank);
    const Managed* m = find(key);
    const bool created = key < 0;
    if (seen && seen->observed && !m) {
        switch (action) {
        case Action::Start:
            return tr("This process is observed: it was not started by ProcLab, it is already running.");
        case Action::Join:
            return tr("Only the parent can join a process: this one is observed (PID %1 started it).").arg(seen->ppid);
        case Action::Daemonize:
            return tr("The daemon flag belongs to processes launched from this window.");
        default:
            break;
        }
    }
    if (seen && seen->system && seen->system->uid != ::geteuid() && action != Action::Start && action != Action::Join &&
        action != Action::Daemonize)
        return tr("This process belongs to user %1: ProcLab acts only on processes of its own user.")
            .arg(QString::fromStdString(seen->system->user));
    if (seen && seen->observed && (seen->pid == 2 || seen->ppid == 2))
        return tr("A kernel thread does not take signals from user space.");
    switch (action) {
    case Action::Start:
        if (!created || (m && m->started))
            return tr("start() runs once: this process has already been started.");
        if (!m)
            return tr("Only processes launched from this window can be started here.");
        if (m->starting)
            return tr("The process is starting.");
        return {};
    case Action::Join:
        if (!m)
            return tr("Only the parent can join a process: this one was not started by this window.");
        if (!m->started)
            return tr("Start the process before joining it.");
        if (m_joiner->isJoining(key))
            return tr("The window is already joining this process.");
        return {};
    case Action::Daemonize:
        if (!m)
            return tr("Only processes launched from this window can be changed here.");
        if (m->started)
            return tr("The daemon flag can only be set before start.");
        return {};
    case Action::Terminate:
    case Action::Kill:
    case Action::Stop:
    case Action::Continue:
    case Action::KillTree:
    case Action::Renice:
        break;
    }
    if (created)
        return tr("A process that has not started has no PID to signal.");
    if (key == ::getpid())
        return tr("This is the ProcLab window itself: quit it from the File menu.");
    if (seen && seen->kind == proclab::ProcessKind::ForkServer)
        return tr("The fork server starts this window's processes; it ends when ProcLab quits.");
    const DisplayState state = seen ? displayStateOf(*seen) : DisplayState::Running;
    if ((m && m->ended) || !isLive(state))
        return tr("The process has already ended.");
    if (seen && action == Action::Continue && state != DisplayState::Stopped)
        return tr("Only a stopped process can be continued.");
    if (seen && action == Action::Stop && state == DisplayState::Stopped)
        return tr("The process is already stopped.");
    return {};
}

SessionController::Managed* SessionController::find(int key) const
{
    return m_byKey.value(key, nullptr);
}

bool SessionController::owns(int key) const
{
    return find(key) != nullptr;
}

bool SessionController::isStarted(int key) const
{
    Managed* m = find(key);
    return m && m->started;
}

bool SessionController::isEnded(int key) const
{
    Managed* m = find(key);
    return m && m->ended;
}

QList<int> SessionController::forgetEnded(const QList<int>& keys)
{
    QList<int> gone;
    for (int key : keys) {
        Managed* m = find(key);
        if (!m || !m->ended || m->starting || isJoining(key))
            continue;
        gone << key;
        drop(m);
    }
    if (!gone.isEmpty())
        m_output->forget(gone);
    return gone;
}

bool SessionController::isJoining(int key) const
{
    return m_joiner->isJoining(key);
}

QSet<int> SessionController::joiningKeys() const
{
    return m_joiner->joining();
}

std::vector<proclab::ProcessRecord> SessionController::pendingRecords() const
{
    std::vector<proclab::ProcessRecord> out;
    for (const auto& m : m_all) {
        if (m->started)
            continue;
        proclab::ProcessRecord r;
        r.pid = m->key;
        r.ppid = static_cast<pid_t>(::getpid());
        r.name = utf8(m->spec.name.isEmpty() ? LaunchSpec::taskName(m->spec.task) : m->spec.name);
        r.kind = m->spec.type == LaunchSpec::Type::Task ? proclab::ProcessKind::Process : proclab::ProcessKind::Command;
        r.state = proclab::RunState::Created;
        r.daemon = m->spec.daemon;
        r.start_ns = m->createdNs;
        out.push_back(std::move(r));
    }
    return out;
}

QHash<int, ProcessTableModel::Attempt> SessionController::attempts() const
{
    QHash<int, ProcessTableModel::Attempt> out;
    for (const auto& m : m_all) {
        if (m->spec.restart != LaunchSpec::Restart::OnFailure || m->spec.maxRetries <= 0)
            continue;
        ProcessTableModel::Attempt a;
        a.first = m->first ? m->first : m->key;
        a.run = m->run;
        a.runs = m->spec.maxRetries + 1;
        a.gaveUp = m->gaveUp;
        out.insert(m->key, a);
    }
    return out;
}

int SessionController::liveCount() const
{
    return static_cast<int>(liveKeys().size());
}

QList<int> SessionController::liveKeys() const
{
    QList<int> out;
    for (const auto& m : m_all)
        if (m->started && !m->ended)
            out << m->key;
    return out;
}

QString SessionController::start(int key)
{
    if (QString why = whyNot(Action::Start, key); !why.isEmpty())
        return why;
    return startManaged(*find(key), false);
}

QString SessionController::setDaemon(int key, bool daemon)
{
    if (QString why = whyNot(Action::Daemonize, key); !why.isEmpty())
        return why;
    Managed* m = find(key);
    LaunchSpec changed = m->spec;
    changed.daemon = daemon;
    if (QString why = changed.validate(); !why.isEmpty()) // a daemon may not create children
        return why;
    m->spec = changed;
    return {};
}

QString SessionController::join(int key, int timeoutMs)
{
    if (QString why = whyNot(Action::Join, key); !why.isEmpty())
        return why;
    Managed* m = find(key);
    if (m->ended) { // returns at once, as Python's join() of an ended process does
        emit joinStarted(key);
        emit joinFinished(key, true);
        return {};
    }
    m_joiner->join(key, m->proc.get(), timeoutMs);
    emit joinStarted(key);
    return {};
}

QString SessionController::signalAction(Action action, int key, int sig)
{
    if (QString why = whyNot(action, key); !why.isEmpty())
        return why;
    Managed* m = find(key);
    if (m && (sig == SIGTERM || sig == SIGKILL))
        m->stoppedByUser = true;
    try {
        if (action == Action::KillTree) {
            if (m) {
                m->proc->kill_tree(sig);
            } else {
                // The root must still be the process the table showed (its start time).
                if (const quint64 start = m_observedStart.value(key, 0);
                    start && proclab::process_start_ticks(key) != start)
                    return proclab::process_start_ticks(key) == 0
                               ? tr("PID %1 has ended.").arg(key)
                               : tr("PID %1 now belongs to another process: nothing was sent.").arg(key);
                if (proclab::kill_tree(key, sig) == 0)
                    return tr("PID %1 has ended.").arg(key);
            }
        } else if (m) {
            m->proc->send_signal(sig); // through the pidfd: a recycled PID is never hit
        } else {
            return signalObserved(key, sig, m_observedStart.value(key, 0));
        }
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

QString SessionController::sendSignal(int key, int sig)
{
    const Action action = sig == SIGKILL   ? Action::Kill
                          : sig == SIGSTOP ? Action::Stop
                          : sig == SIGCONT ? Action::Continue
                                           : Action::Terminate;
    return signalAction(action, key, sig);
}

QString SessionController::terminate(int key)
{
    return signalAction(Action::Terminate, key, SIGTERM);
}

QString SessionController::kill(int key)
{
    return signalAction(Action::Kill, key, SIGKILL);
}

QString SessionController::stop(int key)
{
    return signalAction(Action::Stop, key, SIGSTOP);
}

QString SessionController::resume(int key)
{
    return signalAction(Action::Continue, key, SIGCONT);
}

QString SessionController::killTree(int key)
{
    return signalAction(Action::KillTree, key, SIGKILL);
}

void SessionController::terminateAll()
{
    m_terminatingAll = true; // the ones still starting too, once started
    for (int key : liveKeys()) {
        terminate(key);
        // A stopped process handles SIGTERM only once continued.
        resume(key);
    }
}

void SessionController::joinAll()
{
    m_waitingAll = true;
    for (int key : liveKeys())
        if (!isJoining(key))
            join(key);
    checkAllEnded();
}

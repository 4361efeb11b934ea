#include "session_controller.h"

#include "models/output_store.h"

#include <proclab/clock.h>
#include <proclab/errors.h>
#include <proclab/tasks/builtin_tasks.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSocketNotifier>
#include <QStandardPaths>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace {

constexpr qsizetype kReadBudget = 256 * 1024; // per notifier activation: the event loop stays fair

int pidfdOpen(pid_t pid)
{
    return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
}

// A signal to a process the GUI did not start: through a pidfd, and only if it is still the
// process the table showed (its start time in /proc matches is not available here, so: alive).
QString signalForeign(pid_t pid, int sig)
{
    const int fd = pidfdOpen(pid);
    if (fd < 0)
        return QCoreApplication::translate("SessionController", "PID %1 is gone.").arg(pid);
    const long rc = ::syscall(SYS_pidfd_send_signal, fd, sig, nullptr, 0);
    const int err = errno;
    ::close(fd);
    if (rc != 0)
        return QString::fromLocal8Bit(std::strerror(err));
    return {};
}

std::string utf8(const QString& s)
{
    return s.toStdString();
}

} // namespace

struct SessionController::Managed {
    int key = 0; // pid once started, else a negative key
    LaunchSpec spec;
    std::unique_ptr<proclab::Process> proc;
    QString capture;
    int fds[2] = {-1, -1};      // read ends: stdout, stderr
    int keepOpen[2] = {-1, -1}; // our write ends: no EOF before the child opened its end
    QSocketNotifier* notifiers[2] = {nullptr, nullptr};
    QSocketNotifier* sentinel = nullptr;
    QThread* joinThread = nullptr;
    std::shared_ptr<std::atomic_bool> cancelJoin = std::make_shared<std::atomic_bool>(false);
    bool started = false;
    bool ended = false;
    bool stoppedByUser = false;
    int attempt = 0; // restarts so far
    std::optional<int> exitcode;
    std::int64_t createdNs = 0;
};

SessionController::SessionController(OutputStore* output, QObject* parent)
    : QObject(parent)
    , m_output(output)
    , m_captureDir(QDir::tempPath() + QStringLiteral("/proclab-output-XXXXXX"))
{
}

SessionController::~SessionController()
{
    for (auto& m : m_all) {
        m->cancelJoin->store(true);
        if (m->joinThread) {
            m->joinThread->wait();
            delete m->joinThread;
            m->joinThread = nullptr;
        }
        closeCapture(*m, 0);
        closeCapture(*m, 1);
    }
}

QString SessionController::taskName(LaunchSpec::Task task)
{
    using T = LaunchSpec::Task;
    switch (task) {
    case T::Sleep:
        return tr("Sleep");
    case T::BusyCpu:
        return tr("Busy CPU");
    case T::PrintLines:
        return tr("Print lines");
    case T::Produce:
        return tr("Produce to a queue");
    case T::Consume:
        return tr("Consume from a queue");
    case T::HoldLock:
        return tr("Hold a lock");
    case T::Fail:
        return tr("Fail with an exception");
    case T::Crash:
        return tr("Crash with a signal");
    case T::SpawnChildren:
        return tr("Spawn children");
    case T::EchoServer:
        return tr("Echo server on 127.0.0.1");
    }
    return {};
}

QString SessionController::signalName(int sig)
{
    const char* abbrev = sigabbrev_np(sig);
    return abbrev ? QStringLiteral("SIG") + QString::fromLatin1(abbrev) : QString::number(sig);
}

QString SessionController::validate(const LaunchSpec& spec)
{
    if (spec.copies < 1 || spec.copies > 64)
        return tr("Count must be between 1 and 64.");
    if (spec.restart == LaunchSpec::Restart::OnFailure && (spec.maxRetries < 0 || spec.maxRetries > 100))
        return tr("Max retries must be between 0 and 100.");
    if (spec.backoffMs < 0 || spec.backoffMs > 600000)
        return tr("Back-off must be between 0 and 600 s.");
    if (!spec.workingDirectory.isEmpty() && !QFileInfo(spec.workingDirectory).isDir())
        return tr("Working directory %1 does not exist.").arg(spec.workingDirectory);
    for (const auto& [k, v] : spec.environment) {
        Q_UNUSED(v);
        if (k.isEmpty() || k.contains(QLatin1Char('=')))
            return tr("Environment variable name \"%1\" is not valid.").arg(k);
    }
    switch (spec.type) {
    case LaunchSpec::Type::Shell:
        if (spec.shellLine.trimmed().isEmpty())
            return tr("The shell command line is empty.");
        return {};
    case LaunchSpec::Type::Command: {
        if (spec.argv.isEmpty() || spec.argv.first().trimmed().isEmpty())
            return tr("The command is empty.");
        const QString program = spec.argv.first();
        QString path = program;
        if (!program.contains(QLatin1Char('/'))) {
            path = QStandardPaths::findExecutable(program);
            if (path.isEmpty()) {
                // findExecutable skips non-executable files: tell "missing" from "not allowed".
                const auto dirs = qEnvironmentVariable("PATH").split(QLatin1Char(':'), Qt::SkipEmptyParts);
                for (const QString& d : dirs)
                    if (QFileInfo(d + QLatin1Char('/') + program).isFile())
                        return tr("Permission denied: %1 is not executable.").arg(d + QLatin1Char('/') + program);
                return tr("Program \"%1\" was not found in PATH.").arg(program);
            }
        } else if (!spec.workingDirectory.isEmpty() && QFileInfo(program).isRelative()) {
            path = QDir(spec.workingDirectory).filePath(program);
        }
        const QFileInfo fi(path);
        if (!fi.exists())
            return tr("Program %1 does not exist.").arg(path);
        if (fi.isDir())
            return tr("%1 is a directory, not a program.").arg(path);
        // access() alone says yes to root for any file; execve() wants an x bit as well.
        struct stat st {};
        const QByteArray native = QFile::encodeName(path);
        if (::stat(native.constData(), &st) != 0 || (st.st_mode & 0111) == 0 || ::access(native.constData(), X_OK) != 0)
            return tr("Permission denied: %1 is not executable.").arg(path);
        return {};
    }
    case LaunchSpec::Type::Task:
        break;
    }
    using T = LaunchSpec::Task;
    if (spec.method == proclab::StartMethod::Fork)
        return tr("The fork start method is unsafe in the threaded GUI: use forkserver or spawn.");
    if (spec.seconds < 0 || spec.seconds > 86400)
        return tr("Seconds must be between 0 and 86400.");
    if (spec.interval < 0 || spec.interval > 3600)
        return tr("Interval must be between 0 and 3600 s.");
    switch (spec.task) {
    case T::PrintLines:
    case T::Produce:
        if (spec.count < 1 || spec.count > 100000000)
            return tr("Count must be between 1 and 100,000,000.");
        break;
    case T::Consume:
        if (spec.count < 0)
            return tr("Count must not be negative.");
        break;
    case T::SpawnChildren:
        if (spec.count < 1 || spec.count > 64)
            return tr("Children must be between 1 and 64.");
        if (spec.daemon)
            return tr("A daemon process may not create children.");
        break;
    case T::Crash:
        if (spec.signal < 1 || spec.signal > 64)
            return tr("Signal must be between 1 and 64.");
        break;
    case T::EchoServer:
        if (spec.port < 0 || spec.port > 65535)
            return tr("Port must be between 0 and 65535.");
        break;
    default:
        break;
    }
    if ((spec.task == T::Produce || spec.task == T::Consume) && spec.objectName.isEmpty())
        return tr("Choose a queue (create one in the Channels panel).");
    if (spec.task == T::HoldLock && spec.objectName.isEmpty())
        return tr("Choose a lock (create one in the Channels panel).");
    return {};
}

std::unique_ptr<proclab::Process> SessionController::makeProcess(const LaunchSpec& spec, const QString& capture,
                                                                 QString* error)
{
    using T = LaunchSpec::Task;
    namespace b = proclab::builtin;
    const std::string cap = utf8(capture);
    std::unique_ptr<proclab::Process> p;
    try {
        if (spec.type != LaunchSpec::Type::Task) {
            proclab::CommandOptions o;
            o.cwd = utf8(spec.workingDirectory);
            for (const auto& [k, v] : spec.environment)
                o.env[utf8(k)] = utf8(v);
            o.std_in = proclab::Stdio::null();
            o.std_out = proclab::Stdio::file(cap + ".out", true);
            o.std_err = proclab::Stdio::file(cap + ".err", true);
            if (spec.type == LaunchSpec::Type::Shell) {
                p = std::make_unique<proclab::Process>(proclab::Process::shell(utf8(spec.shellLine), o));
            } else {
                std::vector<std::string> argv;
                for (const QString& a : spec.argv)
                    argv.push_back(utf8(a));
                p = std::make_unique<proclab::Process>(proclab::Process::command(argv, o));
            }
        } else {
            const std::string obj = utf8(spec.objectName);
            switch (spec.task) {
            case T::Sleep:
                p = std::make_unique<proclab::Process>(b::task_sleep, cap, spec.seconds);
                break;
            case T::BusyCpu:
                p = std::make_unique<proclab::Process>(b::task_busy_cpu, cap, spec.seconds);
                break;
            case T::PrintLines:
                p = std::make_unique<proclab::Process>(b::task_print_lines, cap, spec.count, spec.interval, 0);
                break;
            case T::Produce:
                p = std::make_unique<proclab::Process>(b::task_produce, cap, obj, spec.count, spec.interval);
                break;
            case T::Consume:
                p = std::make_unique<proclab::Process>(b::task_consume, cap, obj, spec.count, spec.interval);
                break;
            case T::HoldLock:
                p = std::make_unique<proclab::Process>(b::task_hold_lock, cap, obj, spec.seconds);
                break;
            case T::Fail:
                p = std::make_unique<proclab::Process>(b::task_fail, cap,
                                                       spec.message.isEmpty() ? std::string("ValueError: bad input")
                                                                              : utf8(spec.message));
                break;
            case T::Crash:
                p = std::make_unique<proclab::Process>(b::task_crash, cap, spec.signal);
                break;
            case T::SpawnChildren:
                p = std::make_unique<proclab::Process>(b::task_spawn_children, cap, spec.count, spec.seconds);
                break;
            case T::EchoServer:
                p = std::make_unique<proclab::Process>(b::task_echo_server, cap, spec.port, spec.seconds);
                break;
            }
            p->set_start_method(spec.method);
        }
        if (!spec.name.isEmpty())
            p->set_name(utf8(spec.name));
        p->set_daemon(spec.daemon);
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return nullptr;
    }
    return p;
}

QList<int> SessionController::launch(const LaunchSpec& spec, QString* error)
{
    const QString problem = validate(spec);
    if (!problem.isEmpty()) {
        if (error)
            *error = problem;
        return {};
    }
    QList<int> keys;
    for (int i = 0; i < spec.copies; ++i) {
        auto m = std::make_unique<Managed>();
        m->spec = spec;
        if (spec.copies > 1)
            m->spec.name =
                (spec.name.isEmpty() ? taskName(spec.task).toLower().replace(QLatin1Char(' '), QLatin1Char('-'))
                                     : spec.name) +
                QLatin1Char('-') + QString::number(i + 1);
        if (spec.type != LaunchSpec::Type::Task && m->spec.name.isEmpty())
            m->spec.name =
                spec.type == LaunchSpec::Type::Shell ? QStringLiteral("sh") : QFileInfo(spec.argv.first()).fileName();
        m->key = m_nextPseudo--;
        m->createdNs = proclab::now_ns();
        Managed* raw = m.get();
        m_all.push_back(std::move(m));
        m_byKey.insert(raw->key, raw);
        if (spec.startNow) {
            const QString err = startManaged(*raw);
            if (!err.isEmpty()) {
                // Nothing half-launched: the failed one goes away (earlier copies keep running).
                m_byKey.remove(raw->key);
                m_all.pop_back();
                if (error)
                    *error = err;
                return keys;
            }
        }
        keys << raw->key;
        emit launched(raw->key);
    }
    return keys;
}

void SessionController::openCapture(Managed& m)
{
    if (!m_captureDir.isValid())
        return;
    m.capture = m_captureDir.filePath(QStringLiteral("p%1").arg(++m_captureSerial));
    for (int i = 0; i < 2; ++i) {
        const QByteArray path = (m.capture + (i ? QStringLiteral(".err") : QStringLiteral(".out"))).toLocal8Bit();
        ::mkfifo(path.constData(), 0600);
        m.fds[i] = ::open(path.constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        m.keepOpen[i] = ::open(path.constData(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        fcntl(m.fds[i], F_SETPIPE_SZ, 1 << 20); // fewer wake-ups for chatty children
    }
}

void SessionController::closeCapture(Managed& m, int which)
{
    if (m.notifiers[which]) {
        // Often called from the notifier's own activated(): it must outlive this emission.
        m.notifiers[which]->setEnabled(false);
        m.notifiers[which]->deleteLater();
        m.notifiers[which] = nullptr;
    }
    if (m.keepOpen[which] >= 0)
        ::close(m.keepOpen[which]);
    m.keepOpen[which] = -1;
    if (m.fds[which] >= 0) {
        ::close(m.fds[which]);
        ::unlink((m.capture + (which ? QStringLiteral(".err") : QStringLiteral(".out"))).toLocal8Bit().constData());
    }
    m.fds[which] = -1;
}

void SessionController::readCapture(Managed& m, int which)
{
    if (m.fds[which] < 0)
        return;
    QByteArray buf;
    qsizetype total = 0;
    char chunk[65536];
    for (;;) {
        const ssize_t n = ::read(m.fds[which], chunk, sizeof chunk);
        if (n > 0) {
            buf.append(chunk, n);
            total += n;
            if (total >= kReadBudget)
                break;
            continue;
        }
        if (n == 0) { // every writer closed: the process (and its children) ended
            if (!buf.isEmpty())
                m_output->append(m.key, which == 1, buf);
            m_output->flush(m.key, which == 1);
            closeCapture(m, which);
            return;
        }
        break; // EAGAIN
    }
    if (!buf.isEmpty())
        m_output->append(m.key, which == 1, buf);
}

QString SessionController::startManaged(Managed& m)
{
    openCapture(m);
    QString error;
    m.proc = makeProcess(m.spec, m.capture, &error);
    if (!m.proc) {
        closeCapture(m, 0);
        closeCapture(m, 1);
        return error;
    }
    try {
        m.proc->start();
    } catch (const std::exception& e) {
        closeCapture(m, 0);
        closeCapture(m, 1);
        m.proc.reset();
        return QString::fromStdString(e.what());
    }
    const int oldKey = m.key;
    m_byKey.remove(oldKey);
    m.key = m.proc->pid();
    m.started = true;
    m.ended = false;
    m.exitcode.reset();
    m_byKey.insert(m.key, &m);
    for (int i = 0; i < 2; ++i) {
        if (m.fds[i] < 0)
            continue;
        m.notifiers[i] = new QSocketNotifier(m.fds[i], QSocketNotifier::Read, this);
        Managed* mp = &m;
        connect(m.notifiers[i], &QSocketNotifier::activated, this, [this, mp, i] { readCapture(*mp, i); });
    }
    const int pid = m.key;
    delete m.sentinel;
    m.sentinel = new QSocketNotifier(m.proc->sentinel(), QSocketNotifier::Read, this);
    connect(m.sentinel, &QSocketNotifier::activated, this, [this, pid] { onSentinel(pid); });
    emit started(oldKey, pid);
    return {};
}

void SessionController::onSentinel(int pid)
{
    Managed* m = find(pid);
    if (!m || m->ended)
        return;
    m->sentinel->setEnabled(false);
    m->ended = true;
    m->exitcode = m->proc->exitcode();
    // Our write ends go: the read ends see EOF once the child's own (and its children's) close.
    for (int i = 0; i < 2; ++i) {
        if (m->keepOpen[i] >= 0)
            ::close(m->keepOpen[i]);
        m->keepOpen[i] = -1;
        readCapture(*m, i);
    }
    const int code = m->exitcode.value_or(0);
    // Descendants orphaned by its end were adopted by this process (a child subreaper): reap them.
    (void)proclab::active_children();
    emit ended(pid, code);

    if (m->spec.restart == LaunchSpec::Restart::OnFailure && code != 0 && !m->stoppedByUser &&
        m->attempt < m->spec.maxRetries) {
        const int delay = m->spec.backoffMs * (1 << std::min(m->attempt, 10));
        ++m->attempt;
        emit restarting(pid, m->attempt, delay);
        emit message(tr("%1 failed (%2): restart %3 of %4 in %5 s")
                         .arg(m->spec.name)
                         .arg(QString::fromStdString(proclab::describe_exitcode(code)))
                         .arg(m->attempt)
                         .arg(m->spec.maxRetries)
                         .arg(delay / 1000.0));
        // The new run is a new Managed (new PID, its own output); the old row stays as history.
        LaunchSpec again = m->spec;
        const int attempt = m->attempt;
        QTimer::singleShot(delay, this, [this, again, attempt] {
            auto n = std::make_unique<Managed>();
            n->spec = again;
            n->attempt = attempt;
            n->key = m_nextPseudo--;
            Managed* raw = n.get();
            m_all.push_back(std::move(n));
            m_byKey.insert(raw->key, raw);
            const QString err = startManaged(*raw);
            if (!err.isEmpty())
                emit message(tr("Restart failed: %1").arg(err));
        });
    }
    checkAllEnded();
}

void SessionController::checkAllEnded()
{
    if (m_waitingAll && liveCount() == 0) {
        m_waitingAll = false;
        emit allEnded();
    }
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

bool SessionController::isJoining(int key) const
{
    Managed* m = find(key);
    return m && m->joinThread;
}

QSet<int> SessionController::joiningKeys() const
{
    QSet<int> out;
    for (const auto& m : m_all)
        if (m->joinThread)
            out.insert(m->key);
    return out;
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
        r.name = utf8(m->spec.name.isEmpty() ? taskName(m->spec.task) : m->spec.name);
        r.kind = m->spec.type == LaunchSpec::Type::Task ? proclab::ProcessKind::Process : proclab::ProcessKind::Command;
        r.state = proclab::RunState::Created;
        r.daemon = m->spec.daemon;
        r.start_ns = m->createdNs;
        out.push_back(std::move(r));
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
    Managed* m = find(key);
    if (!m)
        return tr("Only processes launched from this window can be started here.");
    if (m->started)
        return tr("A process can be started only once.");
    return startManaged(*m);
}

QString SessionController::setDaemon(int key, bool daemon)
{
    Managed* m = find(key);
    if (!m)
        return tr("Only processes launched from this window can be changed here.");
    if (m->started)
        return tr("The daemon flag can only be set before start.");
    if (daemon && m->spec.type == LaunchSpec::Type::Task && m->spec.task == LaunchSpec::Task::SpawnChildren)
        return tr("A daemon process may not create children.");
    m->spec.daemon = daemon;
    return {};
}

QString SessionController::join(int key, int timeoutMs)
{
    Managed* m = find(key);
    if (!m)
        return tr("Only the parent can join a process: this one was not started by this window.");
    if (!m->started)
        return tr("A process must be started before it can be joined.");
    if (m->joinThread)
        return tr("The GUI is already joining this process.");
    const int pid = m->key;
    auto* proc = m->proc.get();
    auto cancel = m->cancelJoin;
    cancel->store(false);
    // join() blocks: on a worker thread. Slices of 250 ms let the window cancel it at exit; the
    // GUI's own row shows "blocked: join" meanwhile, as a Python parent in p.join() would.
    m->joinThread = QThread::create([proc, cancel, timeoutMs, this, pid] {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
        bool done = false;
        while (!cancel->load()) {
            auto slice = std::chrono::milliseconds(250);
            if (timeoutMs >= 0) {
                const auto left =
                    std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
                if (left.count() <= 0)
                    break;
                slice = std::min(slice, left);
            }
            try {
                if (proc->join(slice)) {
                    done = true;
                    break;
                }
            } catch (const std::exception&) {
                break;
            }
        }
        QMetaObject::invokeMethod(
            this,
            [this, pid, done] {
                Managed* mm = find(pid);
                if (mm && mm->joinThread) {
                    mm->joinThread->wait();
                    delete mm->joinThread;
                    mm->joinThread = nullptr;
                }
                if (done)
                    onSentinel(pid);
                emit joinFinished(pid, done);
            },
            Qt::QueuedConnection);
    });
    m->joinThread->setObjectName(QStringLiteral("join-%1").arg(pid));
    m->joinThread->start();
    emit joinStarted(pid);
    return {};
}

QString SessionController::sendSignal(int key, int sig)
{
    if (key <= 0)
        return tr("A process that has not started has no PID to signal.");
    Managed* m = find(key);
    if (!m)
        return signalForeign(key, sig);
    if (m->ended)
        return tr("The process has already ended.");
    if (sig == SIGTERM || sig == SIGKILL)
        m->stoppedByUser = true;
    try {
        m->proc->send_signal(sig); // through the pidfd: a recycled PID is never hit
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

QString SessionController::terminate(int key)
{
    return sendSignal(key, SIGTERM);
}

QString SessionController::kill(int key)
{
    return sendSignal(key, SIGKILL);
}

QString SessionController::stop(int key)
{
    return sendSignal(key, SIGSTOP);
}

QString SessionController::resume(int key)
{
    return sendSignal(key, SIGCONT);
}

QString SessionController::killTree(int key)
{
    if (key <= 0)
        return tr("A process that has not started has no PID to signal.");
    Managed* m = find(key);
    if (m && m->ended)
        return tr("The process has already ended.");
    try {
        if (m) {
            m->stoppedByUser = true;
            m->proc->kill_tree(SIGKILL);
        } else {
            proclab::kill_tree(key, SIGKILL);
        }
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

void SessionController::terminateAll()
{
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

QString SessionController::createQueue(int maxsize)
{
    try {
        m_queues.push_back(std::make_unique<proclab::Queue<std::string>>(maxsize));
    } catch (const std::exception& e) {
        emit message(QString::fromStdString(e.what()));
        return {};
    }
    emit objectsChanged();
    return QString::fromStdString(m_queues.back()->name());
}

QString SessionController::createLock()
{
    try {
        m_locks.push_back(std::make_unique<proclab::Lock>());
    } catch (const std::exception& e) {
        emit message(QString::fromStdString(e.what()));
        return {};
    }
    emit objectsChanged();
    return QString::fromStdString(m_locks.back()->name());
}

QStringList SessionController::queueNames() const
{
    QStringList out;
    for (const auto& q : m_queues)
        out << QString::fromStdString(q->name());
    return out;
}

QStringList SessionController::lockNames() const
{
    QStringList out;
    for (const auto& l : m_locks)
        out << QString::fromStdString(l->name());
    return out;
}

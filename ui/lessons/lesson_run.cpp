#include "lessons/lesson_run.h"

#include "controllers/process_starter.h"

#include <proclab/process.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <unistd.h>

namespace {
std::string utf8(const QString& s)
{
    return s.toUtf8().toStdString();
}

/// `pid` and its descendants, parents before children (/proc/PID/task/*/children).
QList<pid_t> treeOf(pid_t pid)
{
    QList<pid_t> out = {pid};
    for (qsizetype i = 0; i < out.size(); ++i) {
        const QString taskDir = QStringLiteral("/proc/%1/task").arg(out[i]);
        for (const QString& t : QDir(taskDir).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            QFile f(taskDir + QLatin1Char('/') + t + QStringLiteral("/children"));
            if (f.open(QIODevice::ReadOnly))
                for (const QByteArray& c : f.readAll().split(' '))
                    if (const int child = c.trimmed().toInt(); child > 0 && !out.contains(child))
                        out << pid_t(child);
        }
    }
    return out;
}
} // namespace

LessonRun::LessonRun(QObject* parent)
    : QObject(parent)
    , m_starter(new ProcessStarter(this))
{
    connect(m_starter, &ProcessStarter::finished, this, &LessonRun::onStartFinished);
}

LessonRun::~LessonRun()
{
    if (m_state == State::Starting) {
        m_starter->waitIdle(); // teardown only: the start in flight takes milliseconds
        if (m_proc && m_proc->pid() <= 0)
            return; // it failed
    }
    if (m_proc && m_state != State::Finished && m_state != State::Idle) {
        try {
            // No join on the GUI thread: the child stays in the core's table and is reaped by the
            // next active_children() (the session controller's tick), as Python reaps at its calls.
            m_proc->kill_tree(SIGKILL);
            (void)proclab::active_children();
        } catch (...) {
        }
    }
}

QString LessonRun::cliProgram()
{
    QString env = qEnvironmentVariable("PROCLAB_CLI");
    if (!env.isEmpty())
        return env;
    return QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("proclab-cli"));
}

pid_t LessonRun::pid() const
{
    return m_proc && isActive() && m_state != State::Starting ? m_proc->pid() : 0;
}

pid_t LessonRun::mainPid() const
{
    const pid_t p = pid();
    if (!p)
        return 0;
    QFile f(QStringLiteral("/proc/%1/task/%1/children").arg(p));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    return pid_t(f.readAll().split(' ').value(0).trimmed().toInt());
}

bool LessonRun::start(const QString& lessonPath, double speed, const QString& lang, bool stepMode, QString* error,
                      bool python)
{
    if (isActive()) {
        if (error)
            *error = tr("The lesson is still running.");
        return false;
    }
    const QString cli = cliProgram();
    if (!QFileInfo(cli).isExecutable()) {
        if (error)
            *error = tr("Cannot find proclab-cli (looked for %1).").arg(cli);
        return false;
    }
    m_path = lessonPath;
    m_speed = speed;
    m_lang = lang;
    m_stepMode = stepMode;
    m_python = python;
    std::vector<std::string> argv = {
        utf8(cli), "run", utf8(lessonPath), "--live", "--speed", utf8(QString::number(speed)), "--lang", utf8(lang)};
    if (m_stepMode)
        argv.emplace_back("--step");
    if (python)
        argv.emplace_back("--python");
    proclab::CommandOptions o;
    o.std_in = m_stepMode ? proclab::Stdio::pipe() : proclab::Stdio::null();
    o.std_out = proclab::Stdio::pipe();
    o.std_err = proclab::Stdio::to_stdout();
    try {
        auto p = std::make_unique<proclab::Process>(proclab::Process::command(argv, o));
        p->set_name("lesson");
        m_proc = std::move(p);
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return false;
    }
    m_stepsAsked = 0;
    m_stopAsked = m_restAsked = false;
    setState(State::Starting);
    m_starter->start(m_proc.get());
    return true;
}

void LessonRun::onStartFinished(quint64 /*ticket*/, const QString& error)
{
    if (!error.isEmpty()) {
        m_proc.reset();
        m_restartPending = false;
        setState(State::Idle);
        emit startFailed(error);
        return;
    }
    delete m_outNotifier;
    delete m_sentinel;
    m_buffer.clear();
    m_transcript.clear();
    m_header.clear();
    m_steps.clear();
    m_objects.clear();
    m_inBody = false;
    m_exitCode.reset();
    m_outNotifier = new QSocketNotifier(m_proc->stdout_fd(), QSocketNotifier::Read, this);
    connect(m_outNotifier, &QSocketNotifier::activated, this, &LessonRun::readOutput);
    m_sentinel = new QSocketNotifier(m_proc->sentinel(), QSocketNotifier::Read, this);
    connect(m_sentinel, &QSocketNotifier::activated, this, &LessonRun::onEnded);
    setState(State::Running);
    emit started();
    if (m_stopAsked) {
        stop();
        return;
    }
    for (; m_stepsAsked > 0; --m_stepsAsked)
        step();
    if (m_restAsked)
        runRest();
}

void LessonRun::step()
{
    if (m_state == State::Starting && m_stepMode) {
        ++m_stepsAsked;
        return;
    }
    if (m_proc && m_stepMode && m_state == State::Running && m_proc->stdin_fd() >= 0) {
        try {
            m_proc->write_stdin("step\n");
        } catch (const std::exception&) {
        }
    }
}

void LessonRun::runRest()
{
    if (m_state == State::Starting && m_stepMode) {
        m_restAsked = true;
        return;
    }
    if (m_proc && m_stepMode && isActive() && m_proc->stdin_fd() >= 0) {
        m_proc->close_stdin();
        m_stepMode = false;
        setState(m_state); // the controls change
    }
}

void LessonRun::pause()
{
    if (m_state != State::Running)
        return;
    // Parents first, so that a stopped parent cannot start a child we would miss; twice, for
    // children started between the listing and the stop. (kill_tree() continues what it stops.)
    for (int round = 0; round < 2; ++round)
        for (const pid_t p : treeOf(m_proc->pid()))
            ::kill(p, SIGSTOP);
    setState(State::Paused);
}

void LessonRun::resume()
{
    if (m_state != State::Paused)
        return;
    const QList<pid_t> tree = treeOf(m_proc->pid());
    for (qsizetype i = tree.size(); i-- > 0;) // leaves first
        ::kill(tree[i], SIGCONT);
    setState(State::Running);
}

void LessonRun::stop()
{
    if (!isActive() || m_state == State::Stopping)
        return;
    if (m_state == State::Starting) {
        m_stopAsked = true;
        return;
    }
    m_proc->kill_tree(SIGKILL);
    setState(State::Stopping);
}

void LessonRun::restart()
{
    if (m_path.isEmpty())
        return;
    if (isActive()) {
        m_restartPending = true;
        stop();
        return;
    }
    start(m_path, m_speed, m_lang, m_stepMode, nullptr, m_python);
}

void LessonRun::setState(State s)
{
    m_state = s;
    emit stateChanged(s);
}

void LessonRun::readOutput()
{
    if (!m_proc)
        return;
    const int fd = m_proc->stdout_fd();
    if (fd < 0)
        return;
    char buf[8192];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n > 0) {
            m_buffer.append(buf, n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n == 0 && m_outNotifier) // end of file
            m_outNotifier->setEnabled(false);
        break;
    }
    qsizetype nl;
    while ((nl = m_buffer.indexOf('\n')) >= 0) {
        handleLine(QString::fromUtf8(m_buffer.left(nl)));
        m_buffer.remove(0, nl + 1);
    }
}

void LessonRun::handleLine(const QString& line)
{
    // The lesson's title and explanation come first; the view shows them already.
    if (!m_inBody) {
        if (line.startsWith(QStringLiteral("-- running at speed")) ||
            line.startsWith(QStringLiteral("-- running the Python code")))
            m_inBody = true;
        else
            m_header << line;
        return;
    }
    static const QRegularExpression object(QStringLiteral("\\]\\s+object (\\S+) = (\\d+)$"));
    if (const QRegularExpressionMatch m = object.match(line); m.hasMatch()) {
        m_objects[static_cast<proclab::ObjectId>(m.captured(2).toULong())] = m.captured(1).toStdString();
        return;
    }
    m_transcript << line;
    emit lineReceived(line);
    static const QRegularExpression re(QStringLiteral("\\]\\s+step (\\d+) \\(py (\\d+) / cpp (\\d+)\\):"));
    const QRegularExpressionMatch m = re.match(line);
    if (m.hasMatch()) {
        m_steps << m.captured(1).toInt();
        emit stepReached(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    }
}

void LessonRun::onEnded()
{
    if (!m_proc)
        return;
    const std::optional<int> code = m_proc->exitcode();
    if (!code)
        return; // spurious wake-up
    m_sentinel->setEnabled(false);
    readOutput();
    if (!m_buffer.isEmpty()) {
        handleLine(QString::fromUtf8(m_buffer));
        m_buffer.clear();
    }
    if (!m_inBody) { // it ended before the run began (an error): show what it said
        for (const QString& l : std::as_const(m_header))
            if (!l.trimmed().isEmpty()) {
                m_transcript << l;
                emit lineReceived(l);
            }
    }
    m_outNotifier->setEnabled(false);
    m_exitCode = code;
    setState(State::Finished);
    emit finished(*code);
    if (m_restartPending) {
        m_restartPending = false;
        start(m_path, m_speed, m_lang, m_stepMode);
    }
}

#include "controllers/launch_spec.h"

#include <algorithm>

#include <proclab/python_bridge.h>
#include <proclab/session.h>
#include <proclab/tasks/builtin_tasks.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>

#include <cstdlib>
#include <sys/stat.h>
#include <unistd.h>

namespace {

std::string utf8(const QString& s)
{
    return s.toStdString();
}

} // namespace

bool LaunchSpec::isPythonInterpreter(const QString& program)
{
    static const QRegularExpression python(QStringLiteral("^python(\\d+(\\.\\d+)*)?$"));
    return python.match(QFileInfo(program).fileName()).hasMatch();
}

bool LaunchSpec::watchesPython() const
{
    if (!watchPython)
        return false;
    if (type == Type::Command)
        return !argv.isEmpty() && isPythonInterpreter(argv.first());
    if (type == Type::Shell)
        return isPythonInterpreter(shellLine.trimmed().section(QLatin1Char(' '), 0, 0, QString::SectionSkipEmpty));
    return false;
}

QString LaunchSpec::taskName(Task task)
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

QString LaunchSpec::validate() const
{
    if (copies < 1 || copies > kMaxCopies)
        return tr("Count must be between 1 and %1.").arg(kMaxCopies);
    if (restart == Restart::OnFailure && (maxRetries < 0 || maxRetries > 100))
        return tr("Max retries must be between 0 and 100.");
    if (backoffMs < 0 || backoffMs > 600000)
        return tr("Back-off must be between 0 and 600 s.");
    if (!pythonStartMethod.isEmpty() && pythonStartMethod != QLatin1String("fork") &&
        pythonStartMethod != QLatin1String("spawn") && pythonStartMethod != QLatin1String("forkserver"))
        return tr("Start method %1 is none of fork, spawn, forkserver.").arg(pythonStartMethod);
    if (!workingDirectory.isEmpty() && !QFileInfo(workingDirectory).isDir())
        return tr("Working directory %1 does not exist.").arg(workingDirectory);
    for (const auto& [k, v] : environment) {
        Q_UNUSED(v);
        if (k.isEmpty())
            return tr("An environment line has no variable name before '='.");
        if (k.contains(QLatin1Char('=')) || std::any_of(k.begin(), k.end(), [](QChar c) { return c.isSpace(); }))
            return tr("Environment variable name \"%1\" may not contain spaces or '='.").arg(k);
    }
    switch (type) {
    case Type::Shell:
        if (shellLine.trimmed().isEmpty())
            return tr("The shell command line is empty.");
        return {};
    case Type::Command: {
        const auto notExecutable = [](const QString& file) {
            return tr("Permission denied: %1 is not executable.").arg(file);
        };
        if (argv.isEmpty() || argv.first().trimmed().isEmpty())
            return tr("The command is empty.");
        const QString program = argv.first();
        QString path = program;
        if (!program.contains(QLatin1Char('/'))) {
            path = QStandardPaths::findExecutable(program);
            if (path.isEmpty()) {
                // findExecutable skips non-executable files: tell "missing" from "not allowed".
                const auto dirs = qEnvironmentVariable("PATH").split(QLatin1Char(':'), Qt::SkipEmptyParts);
                for (const QString& d : dirs)
                    if (QFileInfo(d + QLatin1Char('/') + program).isFile())
                        return notExecutable(d + QLatin1Char('/') + program);
                return tr("Program \"%1\" was not found in PATH.").arg(program);
            }
        } else if (!workingDirectory.isEmpty() && QFileInfo(program).isRelative()) {
            path = QDir(workingDirectory).filePath(program);
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
            return notExecutable(path);
        return {};
    }
    case Type::Task:
        break;
    }
    using T = Task;
    if (method == proclab::StartMethod::Fork)
        return tr("The fork start method is unsafe in the threaded GUI: use forkserver or spawn.");
    if (seconds < 0 || seconds > 86400)
        return tr("Seconds must be between 0 and 86400.");
    if (interval < 0 || interval > 3600)
        return tr("Interval must be between 0 and 3600 s.");
    switch (task) {
    case T::PrintLines:
    case T::Produce:
        if (count < 1 || count > 100000000)
            return tr("Count must be between 1 and 100,000,000.");
        break;
    case T::Consume:
        if (count < 0)
            return tr("Count must not be negative.");
        break;
    case T::SpawnChildren:
        if (count < 1 || count > 64)
            return tr("Children must be between 1 and 64.");
        if (daemon)
            return tr("A daemon process may not create children.");
        break;
    case T::Crash:
        if (signal < 1 || signal > 64)
            return tr("Signal must be between 1 and 64.");
        break;
    case T::EchoServer:
        if (port < 0 || port > 65535)
            return tr("Port must be between 0 and 65535.");
        break;
    default:
        break;
    }
    if ((task == T::Produce || task == T::Consume) && objectName.isEmpty())
        return tr("Choose a queue (create one in the Channels panel).");
    if (task == T::HoldLock && objectName.isEmpty())
        return tr("Choose a lock (create one in the Channels panel).");
    return {};
}

std::unique_ptr<proclab::Process> LaunchSpec::makeProcess(const QString& capture, QString* error) const
{
    using T = Task;
    namespace b = proclab::builtin;
    const std::string cap = utf8(capture);
    std::unique_ptr<proclab::Process> p;
    try {
        if (type != Type::Task) {
            proclab::CommandOptions o;
            o.cwd = utf8(workingDirectory);
            for (const auto& [k, v] : environment)
                o.env[utf8(k)] = utf8(v);
            if (watchesPython()) {
                const auto bridge = proclab::python_bridge_dir();
                const char* session = std::getenv(proclab::Session::kEnvVar);
                if (!bridge || !session) {
                    if (error)
                        *error = tr("The Python bridge is not installed: the script would run unwatched. "
                                    "Untick \"Watch Python multiprocessing\" to run it anyway.");
                    return nullptr;
                }
                for (const std::string& entry :
                     proclab::python_bridge_environment(session, *bridge, utf8(pythonStartMethod))) {
                    const auto eq = entry.find('=');
                    const std::string key = entry.substr(0, eq);
                    if (key == "PYTHONPATH" || key == "PROCLAB_SESSION" || key == "PROCLAB_START_METHOD") {
                        std::string value = entry.substr(eq + 1);
                        if (key == "PYTHONPATH" && o.env.contains(key)) // the user's own PYTHONPATH, after the bridge
                            value = *bridge + ":" + o.env[key];
                        o.env[key] = value;
                    }
                }
                // Output read through a file: lines as on a terminal, live and whole (sitecustomize.py).
                o.env.emplace("PROCLAB_LINE_BUFFERED", "1");
            }
            o.std_in = proclab::Stdio::null();
            o.std_out = proclab::Stdio::file(cap + ".out", true);
            o.std_err = proclab::Stdio::file(cap + ".err", true);
            if (type == Type::Shell) {
                p = std::make_unique<proclab::Process>(proclab::Process::shell(utf8(shellLine), o));
            } else {
                std::vector<std::string> args;
                for (const QString& a : argv)
                    args.push_back(utf8(a));
                p = std::make_unique<proclab::Process>(proclab::Process::command(args, o));
            }
        } else {
            const std::string obj = utf8(objectName);
            switch (task) {
            case T::Sleep:
                p = std::make_unique<proclab::Process>(b::task_sleep, cap, seconds);
                break;
            case T::BusyCpu:
                p = std::make_unique<proclab::Process>(b::task_busy_cpu, cap, seconds);
                break;
            case T::PrintLines:
                p = std::make_unique<proclab::Process>(b::task_print_lines, cap, count, interval, 0);
                break;
            case T::Produce:
                p = std::make_unique<proclab::Process>(b::task_produce, cap, obj, count, interval);
                break;
            case T::Consume:
                p = std::make_unique<proclab::Process>(b::task_consume, cap, obj, count, interval);
                break;
            case T::HoldLock:
                p = std::make_unique<proclab::Process>(b::task_hold_lock, cap, obj, seconds);
                break;
            case T::Fail:
                p = std::make_unique<proclab::Process>(
                    b::task_fail, cap, message.isEmpty() ? std::string("ValueError: bad input") : utf8(message));
                break;
            case T::Crash:
                p = std::make_unique<proclab::Process>(b::task_crash, cap, signal);
                break;
            case T::SpawnChildren:
                p = std::make_unique<proclab::Process>(b::task_spawn_children, cap, count, seconds);
                break;
            case T::EchoServer:
                p = std::make_unique<proclab::Process>(b::task_echo_server, cap, port, seconds);
                break;
            }
            p->set_start_method(method);
        }
        if (!name.isEmpty())
            p->set_name(utf8(name));
        p->set_daemon(daemon);
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return nullptr;
    }
    return p;
}

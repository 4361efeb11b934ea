// Process::command() and Process::shell(): external programs with cwd, environment and standard
// streams inherited, piped, discarded or redirected to files; exit codes and signals; bad programs.

#include "test_main.h"
#include "test_support.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using proclab::Stdio;
using proclab::Stream;

namespace {

const std::string helper = PROCLAB_HELPER_EXIT;

proclab::CommandOptions piped_stdout()
{
    proclab::CommandOptions o;
    o.std_out = Stdio::pipe();
    return o;
}

/// Points one of this process's standard descriptors at a file for the scope of a test.
class Redirect {
public:
    Redirect(int fd, const std::string& path)
        : m_fd(fd)
    {
        m_saved = ::dup(fd);
        const int flags = fd == STDIN_FILENO ? O_RDONLY : O_WRONLY | O_CREAT | O_TRUNC;
        const int file = ::open(path.c_str(), flags | O_CLOEXEC, 0644);
        ::dup2(file, fd);
        ::close(file);
    }
    Redirect(const Redirect&) = delete;
    Redirect& operator=(const Redirect&) = delete;
    ~Redirect()
    {
        ::dup2(m_saved, m_fd);
        ::close(m_saved);
    }

private:
    int m_fd;
    int m_saved;
};

} // namespace

class TestCommand : public LeakCheckedTest {
    Q_OBJECT

private:
    std::string path(const std::string& name) const { return testPath(name); }
    /// Runs a command to its end, returns its stdout (piped).
    static std::string runForOutput(std::vector<std::string> argv, proclab::CommandOptions options,
                                    std::optional<int>* exitcode = nullptr)
    {
        options.std_out = Stdio::pipe();
        proclab::Process p = proclab::Process::command(std::move(argv), options);
        ptest::ChildGuard guard(p);
        std::string out;
        try {
            p.start();
            out = p.read_all();
            p.join(30s);
        } catch (const std::exception& e) {
            out = std::string("<error: ") + e.what() + ">";
        }
        if (exitcode)
            *exitcode = p.exitcode();
        return out;
    }

private slots:

    // -- exit codes and signals ---------------------------------------------------------------

    void exitCodes_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("expected");
        QTest::newRow("exit 0") << QStringList{QStringLiteral("code"), QStringLiteral("0")} << 0;
        QTest::newRow("exit 7") << QStringList{QStringLiteral("code"), QStringLiteral("7")} << 7;
        QTest::newRow("exit 255") << QStringList{QStringLiteral("code"), QStringLiteral("255")} << 255;
        QTest::newRow("raise SIGTERM") << QStringList{QStringLiteral("signal"), QStringLiteral("15")} << -15;
        QTest::newRow("raise SIGKILL") << QStringList{QStringLiteral("signal"), QStringLiteral("9")} << -9;
        QTest::newRow("raise SIGUSR1") << QStringList{QStringLiteral("signal"), QStringLiteral("10")} << -10;
    }
    void exitCodes()
    {
        QFETCH(QStringList, args);
        QFETCH(int, expected);
        std::vector<std::string> argv{helper};
        for (const QString& a : args)
            argv.push_back(a.toStdString());
        proclab::Process p = proclab::Process::command(argv);
        ptest::ChildGuard guard(p);
        QVERIFY(p.is_command());
        QCOMPARE(p.exitcode(), std::optional<int>());
        PTEST_NOTHROW(p.start());
        QVERIFY(p.pid() > 0);
        QVERIFY(p.join(30s));
        QVERIFY(!p.is_alive());
        QCOMPARE(p.exitcode(), std::optional<int>(expected));
    }

    void signalExitCodes_data()
    {
        QTest::addColumn<QString>("how");
        QTest::addColumn<int>("expected");
        QTest::newRow("terminate") << QStringLiteral("terminate") << -15;
        QTest::newRow("kill") << QStringLiteral("kill") << -9;
        QTest::newRow("send_signal SIGINT") << QStringLiteral("SIGINT") << -2;
        QTest::newRow("kill_tree") << QStringLiteral("kill_tree") << -9;
    }
    void signalExitCodes()
    {
        QFETCH(QString, how);
        QFETCH(int, expected);
        proclab::Process p = proclab::Process::command({helper, "wait"}, piped_stdout());
        ptest::ChildGuard guard(p);
        PTEST_NOTHROW(p.start());
        QCOMPARE(ptest::read_line(p), std::optional<std::string>("ready"));
        QVERIFY(p.is_alive());
        pollfd pfd{p.sentinel(), POLLIN, 0};
        QCOMPARE(::poll(&pfd, 1, 0), 0);
        if (how == QLatin1String("terminate"))
            p.terminate();
        else if (how == QLatin1String("kill"))
            p.kill();
        else if (how == QLatin1String("SIGINT"))
            p.send_signal(SIGINT);
        else
            QCOMPARE(p.kill_tree(), 1);
        QCOMPARE(::poll(&pfd, 1, 30000), 1);
        QVERIFY(p.join(30s));
        QCOMPARE(p.exitcode(), std::optional<int>(expected));
    }

    // -- standard output and error ------------------------------------------------------------

    void readLines()
    {
        proclab::Process p = proclab::Process::command({helper, "lines", "3"}, piped_stdout());
        ptest::ChildGuard guard(p);
        PTEST_NOTHROW(p.start());
        QCOMPARE(ptest::read_line(p), std::optional<std::string>("line 1"));
        QCOMPARE(ptest::read_line(p), std::optional<std::string>("line 2"));
        QCOMPARE(ptest::read_line(p), std::optional<std::string>("line 3"));
        QCOMPARE(ptest::read_line(p), std::optional<std::string>()); // end of file
        QCOMPARE(ptest::read_line(p), std::optional<std::string>());
        QVERIFY(p.join(30s));
        QCOMPARE(p.exitcode(), std::optional<int>(0));
    }

    void readAll_data()
    {
        QTest::addColumn<int>("lines");
        QTest::newRow("nothing") << 0;
        QTest::newRow("one line") << 1;
        QTest::newRow("1000 lines") << 1000;
        QTest::newRow("200000 lines (> pipe buffer)") << 200000;
    }
    void readAll()
    {
        QFETCH(int, lines);
        std::string expected;
        for (int i = 1; i <= lines; ++i)
            expected += "line " + std::to_string(i) + "\n";
        std::optional<int> code;
        const std::string out = runForOutput({helper, "lines", std::to_string(lines)}, {}, &code);
        QCOMPARE(out.size(), expected.size());
        QVERIFY(out == expected);
        QCOMPARE(code, std::optional<int>(0));
    }

    /// A line read after part of the stream was consumed by read_line: read_all returns the rest.
    void readLineThenReadAll()
    {
        proclab::Process p = proclab::Process::command({helper, "lines", "3"}, piped_stdout());
        ptest::ChildGuard guard(p);
        PTEST_NOTHROW(p.start());
        QCOMPARE(ptest::read_line(p), std::optional<std::string>("line 1"));
        std::string rest;
        PTEST_NOTHROW(rest = p.read_all());
        QCOMPARE(rest, std::string("line 2\nline 3\n"));
        QVERIFY(p.join(30s));
    }

    void stdoutAndStderrPipes()
    {
        proclab::CommandOptions o;
        o.std_out = Stdio::pipe();
        o.std_err = Stdio::pipe();
        proclab::Process p = proclab::Process::command({helper, "print", "to stdout", "to stderr"}, o);
        ptest::ChildGuard guard(p);
        PTEST_NOTHROW(p.start());
        QVERIFY(p.stdout_fd() >= 0);
        QVERIFY(p.stderr_fd() >= 0);
        QCOMPARE(p.stdin_fd(), -1);
        QCOMPARE(ptest::read_line(p, 30s, Stream::Stderr), std::optional<std::string>("to stderr"));
        QCOMPARE(ptest::read_line(p, 30s, Stream::Stdout), std::optional<std::string>("to stdout"));
        std::string rest;
        PTEST_NOTHROW(rest = p.read_all(Stream::Stderr));
        QCOMPARE(rest, std::string());
        QVERIFY(p.join(30s));
        QCOMPARE(p.exitcode(), std::optional<int>(0));
    }

    void stderrToStdout()
    {
        proclab::CommandOptions o;
        o.std_err = Stdio::to_stdout();
        std::optional<int> code;
        QCOMPARE(runForOutput({helper, "interleave"}, o, &code), std::string("out 1\nerr 1\nout 2\n"));
        QCOMPARE(code, std::optional<int>(0));
    }

    /// stdout_fd() is pollable and non-blocking: nothing to read until the child writes.
    void stdoutFdPollable()
    {
        proclab::CommandOptions o;
        o.std_in = Stdio::pipe();
        o.std_out = Stdio::pipe();
        proclab::Process p = proclab::Process::command({helper, "echo"}, o);
        ptest::ChildGuard guard(p);
        PTEST_NOTHROW(p.start());
        const int fd = p.stdout_fd();
        QVERIFY(fd >= 0);
        QVERIFY(p.stdin_fd() >= 0);
        QCOMPARE(p.stderr_fd(), -1);
        QVERIFY(::fcntl(fd, F_GETFL) & O_NONBLOCK);
        pollfd pfd{fd, POLLIN, 0};
        QCOMPARE(::poll(&pfd, 1, 0), 0); // the child waits for input: nothing yet

        PTEST_NOTHROW(p.write_stdin("hello\n"));
        QCOMPARE(::poll(&pfd, 1, 30000), 1);
        QVERIFY(pfd.revents & POLLIN);
        QCOMPARE(ptest::read_line(p), std::optional<std::string>("hello"));

        PTEST_NOTHROW(p.write_stdin("second line\nthird"));
        QCOMPARE(ptest::read_line(p), std::optional<std::string>("second line"));
        PTEST_NOTHROW(p.close_stdin());
        QCOMPARE(ptest::read_line(p), std::optional<std::string>("third")); // last line without '\n'
        QCOMPARE(ptest::read_line(p), std::optional<std::string>());
        QVERIFY(p.join(30s));
        QCOMPARE(p.exitcode(), std::optional<int>(0));
    }

    void readLineTimeout()
    {
        proclab::Process p = proclab::Process::command({helper, "wait"}, piped_stdout());
        ptest::ChildGuard guard(p);
        PTEST_NOTHROW(p.start());
        QCOMPARE(ptest::read_line(p), std::optional<std::string>("ready"));
        bool timedOut = false;
        try {
            p.read_line(Stream::Stdout, 100ms);
        } catch (const proclab::TimeoutError&) {
            timedOut = true;
        }
        QVERIFY(timedOut);
        p.kill();
        QVERIFY(p.join(30s));
        QCOMPARE(ptest::read_line(p), std::optional<std::string>()); // then end of file
    }

    // -- standard input -----------------------------------------------------------------------

    void stdinPipe_data()
    {
        QTest::addColumn<int>("lines");
        QTest::newRow("empty") << 0;
        QTest::newRow("one line") << 1;
        QTest::newRow("100000 lines (> pipe buffer)") << 100000;
    }
    void stdinPipe()
    {
        QFETCH(int, lines);
        std::string data;
        for (int i = 0; i < lines; ++i)
            data += "some input line " + std::to_string(i) + "\n";
        proclab::CommandOptions o;
        o.std_in = Stdio::pipe();
        o.std_out = Stdio::pipe();
        proclab::Process p = proclab::Process::command({helper, "count"}, o);
        ptest::ChildGuard guard(p);
        PTEST_NOTHROW(p.start());
        PTEST_NOTHROW(p.write_stdin(data));
        PTEST_NOTHROW(p.close_stdin());
        QCOMPARE(ptest::read_line(p), std::optional<std::string>("bytes " + std::to_string(data.size()) + " lines " +
                                                                 std::to_string(lines)));
        QVERIFY(p.join(30s));
        QCOMPARE(p.exitcode(), std::optional<int>(0));
    }

    void writeStdinWithoutPipe()
    {
        proclab::CommandOptions o;
        o.std_in = Stdio::null();
        o.std_out = Stdio::null();
        proclab::Process p = proclab::Process::command({helper, "count"}, o);
        ptest::ChildGuard guard(p);
        PTEST_NOTHROW(p.start());
        QCOMPARE(p.stdin_fd(), -1);
        QVERIFY_THROWS_EXCEPTION(proclab::ProcessError, p.write_stdin("x"));
        QVERIFY(p.join(30s));
    }

    // -- null, files, inherit -----------------------------------------------------------------

    void nullStreams()
    {
        proclab::CommandOptions o;
        o.std_in = Stdio::null();
        o.std_err = Stdio::null();
        std::optional<int> code;
        // stdin from /dev/null: end of file at once.
        QCOMPARE(runForOutput({helper, "count"}, o, &code), std::string("bytes 0 lines 0\n"));
        QCOMPARE(code, std::optional<int>(0));

        // stdout and stderr discarded: nothing reaches this process's streams.
        const std::string out = path("our-stdout");
        const std::string err = path("our-stderr");
        {
            Redirect r1(STDOUT_FILENO, out);
            Redirect r2(STDERR_FILENO, err);
            proclab::CommandOptions n;
            n.std_out = Stdio::null();
            n.std_err = Stdio::null();
            proclab::Process p = proclab::Process::command({helper, "print", "lost", "lost too"}, n);
            ptest::ChildGuard guard(p);
            PTEST_NOTHROW(p.start());
            QCOMPARE(p.stdout_fd(), -1);
            QCOMPARE(p.stderr_fd(), -1);
            QVERIFY(p.join(30s));
            QCOMPARE(p.exitcode(), std::optional<int>(0));
        }
        QCOMPARE(ptest::read_file(out), std::string());
        QCOMPARE(ptest::read_file(err), std::string());
    }

    void inheritStreams()
    {
        const std::string out = path("our-stdout");
        const std::string err = path("our-stderr");
        {
            Redirect r1(STDOUT_FILENO, out);
            Redirect r2(STDERR_FILENO, err);
            proclab::Process p = proclab::Process::command({helper, "print", "inherited out", "inherited err"});
            ptest::ChildGuard guard(p);
            PTEST_NOTHROW(p.start());
            QVERIFY(p.join(30s));
            QCOMPARE(p.exitcode(), std::optional<int>(0));
        }
        QCOMPARE(ptest::read_file(out), std::string("inherited out\n"));
        QCOMPARE(ptest::read_file(err), std::string("inherited err\n"));
    }

    void inheritStdin()
    {
        const std::string in = path("our-stdin");
        ptest::write_file_atomic(in, "one\ntwo\n");
        std::string out;
        {
            Redirect r(STDIN_FILENO, in);
            out = runForOutput({helper, "count"}, {});
        }
        QCOMPARE(out, std::string("bytes 8 lines 2\n"));
    }

    void fileRedirection_data()
    {
        QTest::addColumn<QString>("stream");
        QTest::addColumn<bool>("append");
        QTest::newRow("stdout truncate") << QStringLiteral("stdout") << false;
        QTest::newRow("stdout append") << QStringLiteral("stdout") << true;
        QTest::newRow("stderr truncate") << QStringLiteral("stderr") << false;
        QTest::newRow("stderr append") << QStringLiteral("stderr") << true;
    }
    void fileRedirection()
    {
        QFETCH(QString, stream);
        QFETCH(bool, append);
        const std::string file = path("out.txt");
        ptest::write_file_atomic(file, "old content\n");
        for (const char* text : {"first", "second"}) {
            proclab::CommandOptions o;
            o.std_out = o.std_err = Stdio::null();
            (stream == QLatin1String("stdout") ? o.std_out : o.std_err) = Stdio::file(file, append);
            proclab::Process p = proclab::Process::command({helper, "print", text, text}, o);
            ptest::ChildGuard guard(p);
            PTEST_NOTHROW(p.start());
            QVERIFY(p.join(30s));
            QCOMPARE(p.exitcode(), std::optional<int>(0));
        }
        QCOMPARE(ptest::read_file(file), std::string(append ? "old content\nfirst\nsecond\n" : "second\n"));
    }

    void stdoutFileCreated()
    {
        const std::string file = path("new.txt");
        QVERIFY(!ptest::file_exists(file));
        proclab::CommandOptions o;
        o.std_out = Stdio::file(file);
        proclab::Process p = proclab::Process::command({helper, "lines", "2"}, o);
        ptest::ChildGuard guard(p);
        PTEST_NOTHROW(p.start());
        QVERIFY(p.join(30s));
        QCOMPARE(ptest::read_file(file), std::string("line 1\nline 2\n"));
    }

    void stdinFromFile()
    {
        const std::string file = path("in.txt");
        ptest::write_file_atomic(file, "from a file\nsecond line\n");
        proclab::CommandOptions o;
        o.std_in = Stdio::file(file);
        std::optional<int> code;
        QCOMPARE(runForOutput({helper, "echo"}, o, &code), std::string("from a file\nsecond line\n"));
        QCOMPARE(code, std::optional<int>(0));
    }

    // -- working directory and environment ----------------------------------------------------

    void workingDirectory()
    {
        const QString sub = testDir() + QStringLiteral("/sub dir");
        QVERIFY(QDir().mkpath(sub));
        proclab::CommandOptions o;
        o.cwd = sub.toStdString();
        const std::string expected = QDir(sub).canonicalPath().toStdString() + "\n";
        QCOMPARE(runForOutput({helper, "cwd"}, o), expected);
        // The default: this process's working directory.
        QCOMPARE(runForOutput({helper, "cwd"}, {}), QDir::current().canonicalPath().toStdString() + "\n");
    }

    void badWorkingDirectory()
    {
        proclab::CommandOptions o;
        o.cwd = path("no such dir");
        proclab::Process p = proclab::Process::command({helper, "cwd"}, o);
        ptest::ChildGuard guard(p);
        QString message;
        try {
            p.start();
        } catch (const proclab::ProcessError& e) {
            message = QString::fromUtf8(e.what());
        }
        QVERIFY2(!message.isEmpty(), "start() did not throw ProcessError");
        QVERIFY2(message.contains(QString::fromStdString(o.cwd)), qPrintable(message));
        QVERIFY2(message.contains(QString::fromUtf8(std::strerror(ENOENT))), qPrintable(message));
        QVERIFY(!p.is_alive());
    }

    void environment_data()
    {
        QTest::addColumn<bool>("clear");
        QTest::addColumn<QStringList>("added");    // NAME=value
        QTest::addColumn<QStringList>("expected"); // lines of `helper_exit env …`
        const QStringList names{QStringLiteral("PROCLAB_TEST_ADDED"), QStringLiteral("PROCLAB_TEST_INHERITED")};
        QTest::newRow("inherited only") << false << QStringList()
                                        << QStringList{QStringLiteral("PROCLAB_TEST_ADDED unset"),
                                                       QStringLiteral("PROCLAB_TEST_INHERITED=from parent")};
        QTest::newRow("added") << false << QStringList{QStringLiteral("PROCLAB_TEST_ADDED=one two")}
                               << QStringList{QStringLiteral("PROCLAB_TEST_ADDED=one two"),
                                              QStringLiteral("PROCLAB_TEST_INHERITED=from parent")};
        QTest::newRow("replaced") << false << QStringList{QStringLiteral("PROCLAB_TEST_INHERITED=replaced")}
                                  << QStringList{QStringLiteral("PROCLAB_TEST_ADDED unset"),
                                                 QStringLiteral("PROCLAB_TEST_INHERITED=replaced")};
        QTest::newRow("empty value") << false << QStringList{QStringLiteral("PROCLAB_TEST_ADDED=")}
                                     << QStringList{QStringLiteral("PROCLAB_TEST_ADDED="),
                                                    QStringLiteral("PROCLAB_TEST_INHERITED=from parent")};
        QTest::newRow("clear_env") << true << QStringList{QStringLiteral("PROCLAB_TEST_ADDED=alone")}
                                   << QStringList{QStringLiteral("PROCLAB_TEST_ADDED=alone"),
                                                  QStringLiteral("PROCLAB_TEST_INHERITED unset")};
    }
    void environment()
    {
        QFETCH(bool, clear);
        QFETCH(QStringList, added);
        QFETCH(QStringList, expected);
        ::setenv("PROCLAB_TEST_INHERITED", "from parent", 1);
        struct Unset {
            ~Unset() { ::unsetenv("PROCLAB_TEST_INHERITED"); }
        } unset;
        proclab::CommandOptions o;
        o.clear_env = clear;
        for (const QString& kv : added) {
            const auto eq = kv.indexOf(u'=');
            o.env[kv.left(eq).toStdString()] = kv.mid(eq + 1).toStdString();
        }
        const std::string out = runForOutput({helper, "env", "PROCLAB_TEST_ADDED", "PROCLAB_TEST_INHERITED"}, o);
        QCOMPARE(out, expected.join(u'\n').toStdString() + "\n");
        // The parent's own environment is untouched.
        QVERIFY(!std::getenv("PROCLAB_TEST_ADDED"));
        QCOMPARE(std::string(std::getenv("PROCLAB_TEST_INHERITED")), std::string("from parent"));
    }

    /// argv reaches the program verbatim: no shell, no splitting, no quoting.
    void argvVerbatim()
    {
        proclab::CommandOptions o;
        o.std_err = Stdio::to_stdout();
        const std::string odd = "it's \"quoted\" $HOME `x` * ;";
        QCOMPARE(runForOutput({helper, "print", odd, ""}, o), odd + "\n\n");
    }

    /// argv[0] without '/' is searched in PATH.
    void pathSearch()
    {
        std::optional<int> code;
        QCOMPARE(runForOutput({"sh", "-c", "echo found; exit 5"}, {}, &code), std::string("found\n"));
        QCOMPARE(code, std::optional<int>(5));
    }

    // -- programs that cannot run -------------------------------------------------------------

    void badProgram_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QList<int>>("errors"); // the message gives one of these OS errors
        QTest::newRow("missing absolute path") << QStringLiteral("missing path") << QList<int>{ENOENT};
        QTest::newRow("missing in PATH") << QStringLiteral("missing name") << QList<int>{ENOENT};
        QTest::newRow("not executable (0644)") << QStringLiteral("not executable") << QList<int>{EACCES};
        QTest::newRow("a directory") << QStringLiteral("directory") << QList<int>{EACCES, EISDIR};
    }
    void badProgram()
    {
        QFETCH(QString, kind);
        QFETCH(QList<int>, errors);
        std::string program;
        if (kind == QLatin1String("missing path")) {
            program = path("no-such-program");
        } else if (kind == QLatin1String("missing name")) {
            program = "proclab-no-such-program-" + std::to_string(::getpid());
        } else if (kind == QLatin1String("not executable")) {
            program = path("script.sh");
            ptest::write_file_atomic(program, "#!/bin/sh\necho should not run\n");
            QCOMPARE(::chmod(program.c_str(), 0644), 0);
        } else {
            program = path("a-directory");
            QVERIFY(QDir().mkpath(QString::fromStdString(program)));
        }
        proclab::Process p = proclab::Process::command({program, "arg"}, piped_stdout());
        ptest::ChildGuard guard(p);
        QString message;
        try {
            p.start();
        } catch (const proclab::ProcessError& e) {
            message = QString::fromUtf8(e.what());
        }
        QVERIFY2(!message.isEmpty(), "start() did not throw ProcessError");
        QVERIFY2(message.contains(QString::fromStdString(program)),
                 qPrintable(QStringLiteral("the message does not name the program: \"%1\"").arg(message)));
        QStringList texts;
        for (const int error : errors)
            texts << QString::fromUtf8(std::strerror(error));
        QVERIFY2(std::any_of(texts.begin(), texts.end(), [&](const QString& t) { return message.contains(t); }),
                 qPrintable(QStringLiteral("the message does not give the OS error (%1): \"%2\"")
                                .arg(texts.join(QStringLiteral(" | ")), message)));
        QVERIFY(!p.is_alive());
        QCOMPARE(p.exitcode(), std::optional<int>());
    }

    // -- shell --------------------------------------------------------------------------------

    void shell_data()
    {
        QTest::addColumn<QString>("commandLine");
        QTest::addColumn<QString>("output");
        QTest::addColumn<int>("expected");
        QTest::newRow("exit code") << QStringLiteral("echo hello; exit 3") << QStringLiteral("hello\n") << 3;
        QTest::newRow("pipeline") << QStringLiteral("printf 'b\\na\\n' | sort") << QStringLiteral("a\nb\n") << 0;
        QTest::newRow("environment") << QStringLiteral("echo \"$PROCLAB_SHELL_VAR\"")
                                     << QStringLiteral("from options\n") << 0;
        QTest::newRow("working directory")
            << QStringLiteral("basename \"$(pwd)\"") << QStringLiteral("shell dir\n") << 0;
        QTest::newRow("signal") << QStringLiteral("kill -TERM $$") << QString() << -15;
    }
    void shell()
    {
        QFETCH(QString, commandLine);
        QFETCH(QString, output);
        QFETCH(int, expected);
        const QString dir = testDir() + QStringLiteral("/shell dir");
        QVERIFY(QDir().mkpath(dir));
        proclab::CommandOptions o;
        o.std_out = Stdio::pipe();
        o.cwd = dir.toStdString();
        o.env["PROCLAB_SHELL_VAR"] = "from options";
        proclab::Process p = proclab::Process::shell(commandLine.toStdString(), o);
        ptest::ChildGuard guard(p);
        QVERIFY(p.is_command());
        PTEST_NOTHROW(p.start());
        std::string out;
        PTEST_NOTHROW(out = p.read_all());
        QVERIFY(p.join(30s));
        QCOMPARE(QString::fromStdString(out), output);
        QCOMPARE(p.exitcode(), std::optional<int>(expected));
    }
};

PROCLAB_TEST_MAIN(TestCommand)
#include "tst_command.moc"

// Process: lifecycle, exit codes, signals, names, identity, arguments and misuse, under every
// start method where the rule applies (Fork, Spawn, ForkServer).

#include "test_main.h"
#include "test_support.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <sched.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

using namespace std::chrono_literals;
using proclab::StartMethod;

// ---------------------------------------------------------------------------------------------
// Tasks (registered, so that they run under every start method).

namespace {

/// A struct with serialize(): one of the argument types a task accepts.
struct Point {
    int x = 0;
    double y = 0;
    std::string label;
    template <class Archive>
    void serialize(Archive& ar)
    {
        ar(x, y, label);
    }
};

std::string escaped(const std::string& s)
{
    std::string out;
    for (const unsigned char c : s) {
        if (c >= 0x20 && c < 0x7f && c != '\\') {
            out += char(c);
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        }
    }
    return out;
}

/// A text image of the arguments: computed by the child from what it received and by the test
/// from what it sent; equal when the arguments crossed the process boundary intact.
std::string describe(const Point& point, const std::map<std::string, int>& map, const std::vector<std::string>& strings,
                     const std::optional<int>& maybe, const std::tuple<int, double, std::string>& tuple,
                     const std::string& big)
{
    std::string out =
        "point " + std::to_string(point.x) + " " + ptest::number_text(point.y) + " " + escaped(point.label) + "\n";
    out += "map";
    for (const auto& [k, v] : map)
        out += " " + escaped(k) + "=" + std::to_string(v);
    out += "\nstrings " + std::to_string(strings.size());
    for (const auto& s : strings)
        out += " [" + escaped(s) + "]";
    out += "\nmaybe " + (maybe ? std::to_string(*maybe) : std::string("none"));
    out += "\ntuple " + std::to_string(std::get<0>(tuple)) + " " + ptest::number_text(std::get<1>(tuple)) + " " +
           escaped(std::get<2>(tuple));
    unsigned long long hash = 1469598103934665603ULL; // FNV-1a
    for (const unsigned char c : big)
        hash = (hash ^ c) * 1099511628211ULL;
    out += "\nbig " + std::to_string(big.size()) + " " + std::to_string(hash) + "\n";
    return out;
}

void echo_args(const std::string& path, const Point& point, const std::map<std::string, int>& map,
               const std::vector<std::string>& strings, const std::optional<int>& maybe,
               const std::tuple<int, double, std::string>& tuple, const std::string& big)
{
    ptest::write_file_atomic(path, describe(point, map, strings, maybe, tuple, big));
}

void task_return() {}

void task_exit(int code)
{
    std::exit(code);
}

void task_throw(const std::string& message)
{
    throw std::runtime_error(message);
}

/// Announces itself (its pid in `ready_path`), then waits to be signalled.
void task_wait_forever(const std::string& ready_path)
{
    ptest::write_file_atomic(ready_path, std::to_string(::getpid()));
    ptest::wait_forever();
}

/// Announces itself, then waits until `release_path` exists.
void task_wait_release(const std::string& ready_path, const std::string& release_path)
{
    ptest::write_file_atomic(ready_path, std::to_string(::getpid()));
    ptest::wait_for_file(release_path, 60s);
}

/// Writes what the child knows about itself and its parent, one item a line:
/// getpid, current name, current pid, daemon, parent name, parent pid.
void report_identity(const std::string& path)
{
    const proclab::ProcessInfo me = proclab::current_process();
    const auto parent = proclab::parent_process();
    ptest::write_file_atomic(path, std::to_string(::getpid()) + "\n" + me.name + "\n" + std::to_string(me.pid) + "\n" +
                                       (me.daemon ? "1" : "0") + "\n" + (parent ? parent->name : "none") + "\n" +
                                       std::to_string(parent ? parent->pid : 0) + "\n");
}

/// Records its CLOCK_MONOTONIC start, waits (at most 20 s) until all `count` siblings have started,
/// records its end. Intervals overlap only if the siblings ran at the same time.
void record_interval(const std::string& dir, int index, int count)
{
    const double start = ptest::monotonic_seconds();
    ptest::write_file_atomic(dir + "/start-" + std::to_string(index), ptest::number_text(start));
    const bool all = ptest::wait_in_dir(
        dir, [&] { return ptest::count_files(dir, "start-") >= count; }, 20s);
    const double end = ptest::monotonic_seconds();
    ptest::write_file_atomic(dir + "/end-" + std::to_string(index),
                             ptest::number_text(end) + (all ? "" : " siblings-not-seen"));
}

/// Not registered: a plain function that only Fork can run.
void not_registered() {}

/// Starts a Fork child that fails (exit code 1), joins it and returns: exit code 0 unless the
/// child's code was not 1 (9).
void child_fails_then_return()
{
    proclab::Process child(task_throw, std::string("a failing grandchild"));
    child.set_start_method(StartMethod::Fork);
    child.start();
    child.join();
    if (child.exitcode() != 1)
        std::exit(9);
}

/// The workers the fork servers of this process keep ready (comm "proclab-spare").
std::vector<pid_t> forkServerSpares()
{
    std::vector<pid_t> out;
    for (const pid_t server : ptest::children_of(::getpid())) {
        if (!ptest::is_forkserver(server))
            continue;
        for (const pid_t w : ptest::children_of(server))
            if (ptest::proc_state(w) != 'Z' && ptest::read_file("/proc/" + std::to_string(w) + "/comm") ==
                                                   std::string(proclab::kForkServerSpareName) + "\n")
                out.push_back(w);
    }
    return out;
}

} // namespace

PROCLAB_TASK(echo_args);
PROCLAB_TASK(task_return);
PROCLAB_TASK(task_exit);
PROCLAB_TASK(task_throw);
PROCLAB_TASK(task_wait_forever);
PROCLAB_TASK(task_wait_release);
PROCLAB_TASK(report_identity);
PROCLAB_TASK(record_interval);
PROCLAB_TASK(child_fails_then_return);

// ---------------------------------------------------------------------------------------------

class TestProcess : public LeakCheckedTest {
    Q_OBJECT

private:
    std::string path(const std::string& name) const { return testPath(name); }
    /// Waits for a child's "ready" file; its content is the child's pid.
    pid_t waitReady(const std::string& ready)
    {
        if (!ptest::wait_for_file(ready, 30s))
            return 0;
        return pid_t(std::stol(ptest::read_file(ready)));
    }

private slots:

    // -- start methods ------------------------------------------------------------------------

    void defaultStartMethodIsFork()
    {
        // First test of the executable: nothing has set a start method yet.
        QCOMPARE(proclab::get_start_method(), StartMethod::Fork);
        proclab::Process p(task_return);
        QCOMPARE(p.start_method(), StartMethod::Fork);
    }

    void startMethodNames_data()
    {
        QTest::addColumn<StartMethod>("method");
        QTest::addColumn<QString>("name");
        QTest::newRow("fork") << StartMethod::Fork << QStringLiteral("fork");
        QTest::newRow("spawn") << StartMethod::Spawn << QStringLiteral("spawn");
        QTest::newRow("forkserver") << StartMethod::ForkServer << QStringLiteral("forkserver");
    }
    void startMethodNames()
    {
        QFETCH(StartMethod, method);
        QFETCH(QString, name);
        QCOMPARE(QString::fromUtf8(proclab::to_string(method).data(), qsizetype(proclab::to_string(method).size())),
                 name);
    }

    void setStartMethod_data() { ptest::add_method_rows(); }
    void setStartMethod()
    {
        QFETCH(StartMethod, method);
        struct Restore {
            ~Restore() { proclab::set_start_method(StartMethod::Fork); }
        } restore;
        proclab::set_start_method(method);
        QCOMPARE(proclab::get_start_method(), method);

        // A Process created now uses it by default, and runs.
        proclab::Process p(report_identity, path("identity"));
        ptest::ChildGuard guard(p);
        QCOMPARE(p.start_method(), method);
        PTEST_NOTHROW(p.start());
        QVERIFY(p.join(30s));
        QCOMPARE(p.exitcode(), std::optional<int>(0));
        QVERIFY(ptest::file_exists(path("identity")));
    }

    void perObjectStartMethod_data() { ptest::add_method_rows(); }
    void perObjectStartMethod()
    {
        QFETCH(StartMethod, method);
        proclab::Process p(task_return);
        p.set_start_method(method);
        QCOMPARE(p.start_method(), method);
        QCOMPARE(proclab::get_start_method(), StartMethod::Fork); // the default is untouched
    }

    void cpuCount()
    {
        cpu_set_t set;
        CPU_ZERO(&set);
        QCOMPARE(sched_getaffinity(0, sizeof set, &set), 0);
        QCOMPARE(proclab::cpu_count(), unsigned(CPU_COUNT(&set)));
        QVERIFY(proclab::cpu_count() >= 1);
    }

    /// cpu_count() follows the affinity mask: a child restricted to one CPU sees 1.
    void cpuCountFollowsAffinity()
    {
        proclab::Process p([] {
            cpu_set_t one;
            CPU_ZERO(&one);
            cpu_set_t all;
            CPU_ZERO(&all);
            if (sched_getaffinity(0, sizeof all, &all) != 0)
                std::exit(100);
            for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
                if (CPU_ISSET(cpu, &all)) {
                    CPU_SET(cpu, &one);
                    break;
                }
            }
            if (sched_setaffinity(0, sizeof one, &one) != 0)
                std::exit(101);
            std::exit(int(proclab::cpu_count()));
        });
        ptest::ChildGuard guard(p);
        PTEST_NOTHROW(p.start());
        QVERIFY(p.join(30s));
        QCOMPARE(p.exitcode(), std::optional<int>(1));
    }

    // -- identity -----------------------------------------------------------------------------

    void mainProcessIdentity()
    {
        const proclab::ProcessInfo me = proclab::current_process();
        QCOMPARE(me.name, std::string("MainProcess"));
        QCOMPARE(me.pid, ::getpid());
        QCOMPARE(me.daemon, false);
        QVERIFY(!proclab::parent_process().has_value());
    }

    void defaultNamesCountUp()
    {
        proclab::Process a(task_return);
        proclab::Process b(task_return);
        const QRegularExpression re(QStringLiteral("^Process-(\\d+)$"));
        const auto ma = re.match(QString::fromStdString(a.name()));
        const auto mb = re.match(QString::fromStdString(b.name()));
        QVERIFY2(ma.hasMatch(), a.name().c_str());
        QVERIFY2(mb.hasMatch(), b.name().c_str());
        QCOMPARE(mb.captured(1).toInt(), ma.captured(1).toInt() + 1);

        a.set_name("worker-1");
        QCOMPARE(a.name(), std::string("worker-1"));
    }

    /// In a fresh program (helper_tree) the numbering is exactly Python's: Process-1, Process-2 in
    /// main; Process-1:1, Process-1:2 inside the child Process-1.
    void namesInFreshProgram_data() { ptest::add_method_rows(); }
    void namesInFreshProgram()
    {
        QFETCH(StartMethod, method);
        proclab::CommandOptions options;
        options.std_out = proclab::Stdio::pipe();
        proclab::Process helper =
            proclab::Process::command({PROCLAB_HELPER_TREE, "names", ptest::method_name(method)}, options);
        ptest::ChildGuard guard(helper);
        PTEST_NOTHROW(helper.start());
        QCOMPARE(ptest::read_line(helper), std::optional<std::string>("main Process-1 Process-2 MainProcess none"));
        QCOMPARE(ptest::read_line(helper),
                 std::optional<std::string>("child Process-1 Process-1:1 Process-1:2 MainProcess " +
                                            std::to_string(helper.pid())));
        QCOMPARE(ptest::read_line(helper), std::optional<std::string>());
        QVERIFY(helper.join(30s));
        QCOMPARE(helper.exitcode(), std::optional<int>(0));
    }

    void childIdentity_data()
    {
        QTest::addColumn<StartMethod>("method");
        QTest::addColumn<QString>("name"); // empty: the default name
        QTest::addColumn<bool>("daemon");
        for (const auto& [mname, method] : ptest::all_methods()) {
            QTest::addRow("%s default", mname) << method << QString() << false;
            QTest::addRow("%s named", mname) << method << QStringLiteral("worker-1") << false;
            QTest::addRow("%s daemon", mname) << method << QStringLiteral("daemon-1") << true;
        }
    }
    void childIdentity()
    {
        QFETCH(StartMethod, method);
        QFETCH(QString, name);
        QFETCH(bool, daemon);

        proclab::Process p(report_identity, path("identity"));
        ptest::ChildGuard guard(p);
        p.set_start_method(method);
        if (!name.isEmpty())
            p.set_name(name.toStdString());
        p.set_daemon(daemon);
        QCOMPARE(p.daemon(), daemon);
        QCOMPARE(p.pid(), pid_t(0));
        const std::string expectedName = p.name();
        PTEST_NOTHROW(p.start());
        QVERIFY(p.pid() > 0);
        QVERIFY(p.join(30s));
        QCOMPARE(p.exitcode(), std::optional<int>(0));

        const QStringList lines = QString::fromStdString(ptest::read_file(path("identity"))).split(u'\n');
        QCOMPARE(lines.size(), 7);
        QCOMPARE(lines[0].toInt(), int(p.pid()));       // getpid() in the child
        QCOMPARE(lines[1].toStdString(), expectedName); // current_process().name
        QCOMPARE(lines[2].toInt(), int(p.pid()));       // current_process().pid
        QCOMPARE(lines[3], daemon ? QStringLiteral("1") : QStringLiteral("0"));
        QCOMPARE(lines[4], QStringLiteral("MainProcess")); // parent_process()->name
        QCOMPARE(lines[5].toInt(), int(::getpid()));       // parent_process()->pid
    }

    // -- lifecycle and exit codes -------------------------------------------------------------

    void stateBeforeStart()
    {
        proclab::Process p(task_return);
        QCOMPARE(p.pid(), pid_t(0));
        QVERIFY(!p.is_alive());
        QCOMPARE(p.exitcode(), std::optional<int>());
        QCOMPARE(p.daemon(), false);
        QVERIFY(!p.is_command());
    }

    void exitCodes_data()
    {
        QTest::addColumn<StartMethod>("method");
        QTest::addColumn<QString>("what");
        QTest::addColumn<int>("expected");
        for (const auto& [mname, method] : ptest::all_methods()) {
            QTest::addRow("%s return", mname) << method << QStringLiteral("return") << 0;
            QTest::addRow("%s exit(0)", mname) << method << QStringLiteral("exit 0") << 0;
            QTest::addRow("%s exit(7)", mname) << method << QStringLiteral("exit 7") << 7;
            QTest::addRow("%s exit(255)", mname) << method << QStringLiteral("exit 255") << 255;
            QTest::addRow("%s throw", mname) << method << QStringLiteral("throw") << 1;
        }
    }
    void exitCodes()
    {
        QFETCH(StartMethod, method);
        QFETCH(QString, what);
        QFETCH(int, expected);

        std::optional<proclab::Process> p;
        if (what == QLatin1String("return"))
            p.emplace(task_return);
        else if (what.startsWith(QLatin1String("exit")))
            p.emplace(task_exit, what.mid(5).toInt());
        else
            p.emplace(task_throw, std::string("expected failure of the exitCodes test"));
        ptest::ChildGuard guard(*p);
        p->set_start_method(method);
        PTEST_NOTHROW(p->start());
        QVERIFY(p->join(30s));
        QVERIFY(!p->is_alive());
        QCOMPARE(p->exitcode(), std::optional<int>(expected));
        // join() after the end returns at once, and again.
        QVERIFY(p->join(0ms));
        p->join();
        QCOMPARE(p->exitcode(), std::optional<int>(expected));
    }

    /// Fork runs any callable: a lambda with captured state.
    void callableExitCodes_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<int>("expected");
        QTest::newRow("return") << QStringLiteral("return") << 0;
        QTest::newRow("captured exit code") << QStringLiteral("exit captured") << 42;
        QTest::newRow("throw std::runtime_error") << QStringLiteral("throw std") << 1;
        QTest::newRow("throw int") << QStringLiteral("throw int") << 1;
    }
    void callableExitCodes()
    {
        QFETCH(QString, what);
        QFETCH(int, expected);
        const int captured = 42;
        const std::string kind = what.toStdString();
        proclab::Process p([kind, captured] {
            if (kind == "exit captured")
                std::exit(captured);
            if (kind == "throw std")
                throw std::runtime_error("expected failure of the callableExitCodes test");
            if (kind == "throw int")
                throw 5;
        });
        ptest::ChildGuard guard(p);
        QCOMPARE(p.start_method(), StartMethod::Fork);
        PTEST_NOTHROW(p.start());
        QVERIFY(p.join(30s));
        QCOMPARE(p.exitcode(), std::optional<int>(expected));
    }

    /// A task that throws: exit code 1 and `Process <name>: <type>: <message>` on stderr.
    /// Run inside helper_tree (a fresh program), whose stderr we capture.
    void throwWritesStderrLine_data()
    {
        QTest::addColumn<StartMethod>("method");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("typeName");
        for (const auto& [mname, method] : ptest::all_methods()) {
            QTest::addRow("%s runtime_error", mname)
                << method << QStringLiteral("runtime_error") << QStringLiteral("std::runtime_error");
            QTest::addRow("%s invalid_argument", mname)
                << method << QStringLiteral("invalid_argument") << QStringLiteral("std::invalid_argument");
            QTest::addRow("%s out_of_range", mname)
                << method << QStringLiteral("out_of_range") << QStringLiteral("std::out_of_range");
        }
    }
    void throwWritesStderrLine()
    {
        QFETCH(StartMethod, method);
        QFETCH(QString, type);
        QFETCH(QString, typeName);
        proclab::CommandOptions options;
        options.std_out = proclab::Stdio::pipe();
        options.std_err = proclab::Stdio::file(path("stderr"));
        proclab::Process helper = proclab::Process::command(
            {PROCLAB_HELPER_TREE, "throw", ptest::method_name(method), type.toStdString(), "it went wrong: 42"},
            options);
        ptest::ChildGuard guard(helper);
        PTEST_NOTHROW(helper.start());
        const std::string out = helper.read_all();
        QVERIFY(helper.join(30s));
        QCOMPARE(helper.exitcode(), std::optional<int>(0));
        QCOMPARE(QString::fromStdString(out), QStringLiteral("exitcode 1\nname Process-1\n"));
        const QString err = QString::fromStdString(ptest::read_file(path("stderr")));
        const QString expected =
            QStringLiteral("Process Process-1: ") + typeName + QStringLiteral(": it went wrong: 42");
        QVERIFY2(err.split(u'\n').contains(expected),
                 qPrintable(QStringLiteral("expected the line \"%1\" in stderr:\n%2").arg(expected, err)));
    }

    void isAliveTransitions_data() { ptest::add_method_rows(); }
    void isAliveTransitions()
    {
        QFETCH(StartMethod, method);
        proclab::Process p(task_wait_release, path("ready"), path("release"));
        ptest::ChildGuard guard(p);
        p.set_start_method(method);
        QVERIFY(!p.is_alive());
        PTEST_NOTHROW(p.start());
        QVERIFY(p.is_alive());
        QVERIFY(waitReady(path("ready")) == p.pid());
        QVERIFY(p.is_alive());
        QCOMPARE(p.exitcode(), std::optional<int>());
        ptest::write_file_atomic(path("release"), "go");
        QVERIFY(p.join(30s));
        QVERIFY(!p.is_alive());
        QCOMPARE(p.exitcode(), std::optional<int>(0));
    }

    void joinTimeout_data() { ptest::add_method_rows(); }
    void joinTimeout()
    {
        QFETCH(StartMethod, method);
        proclab::Process p(task_wait_forever, path("ready"));
        ptest::ChildGuard guard(p);
        p.set_start_method(method);
        PTEST_NOTHROW(p.start());
        QCOMPARE(waitReady(path("ready")), p.pid());
        QVERIFY(!p.join(200ms)); // the child waits forever: the timeout passes first
        QVERIFY(!p.join(0ms));
        QVERIFY(p.is_alive());
        QCOMPARE(p.exitcode(), std::optional<int>());
        p.kill();
        QVERIFY(p.join(30s));
        QCOMPARE(p.exitcode(), std::optional<int>(-SIGKILL));
    }

    void signalExitCodes_data()
    {
        QTest::addColumn<StartMethod>("method");
        QTest::addColumn<QString>("how");
        QTest::addColumn<int>("expected");
        for (const auto& [mname, method] : ptest::all_methods()) {
            QTest::addRow("%s terminate", mname) << method << QStringLiteral("terminate") << -15;
            QTest::addRow("%s kill", mname) << method << QStringLiteral("kill") << -9;
            QTest::addRow("%s send_signal SIGUSR1", mname) << method << QStringLiteral("SIGUSR1") << -SIGUSR1;
            QTest::addRow("%s send_signal SIGTERM", mname) << method << QStringLiteral("SIGTERM") << -15;
        }
    }
    void signalExitCodes()
    {
        QFETCH(StartMethod, method);
        QFETCH(QString, how);
        QFETCH(int, expected);
        proclab::Process p(task_wait_forever, path("ready"));
        ptest::ChildGuard guard(p);
        p.set_start_method(method);
        PTEST_NOTHROW(p.start());
        QCOMPARE(waitReady(path("ready")), p.pid());
        if (how == QLatin1String("terminate"))
            p.terminate();
        else if (how == QLatin1String("kill"))
            p.kill();
        else if (how == QLatin1String("SIGUSR1"))
            p.send_signal(SIGUSR1);
        else
            p.send_signal(SIGTERM);
        QVERIFY(p.join(30s));
        QVERIFY(!p.is_alive());
        QCOMPARE(p.exitcode(), std::optional<int>(expected));
        // Once the child has ended, signalling is a no-op (never hits a recycled pid).
        p.terminate();
        p.kill();
        p.send_signal(SIGUSR1);
        QCOMPARE(p.exitcode(), std::optional<int>(expected));
    }

    // While starts come, the fork server keeps a worker forked ahead, which the next start takes.
    // One killed from outside is replaced by a fork on request; unused, one ends by itself.
    void forkServerSpare()
    {
        const auto run = [](int code) {
            proclab::Process p(task_exit, code);
            p.set_start_method(StartMethod::ForkServer);
            p.start();
            p.join();
            return std::make_pair(p.pid(), p.exitcode());
        };
        QCOMPARE(run(0).second, std::optional<int>(0));
        QTRY_COMPARE_WITH_TIMEOUT(forkServerSpares().size(), std::size_t(1), ptest::kAwaitMs);
        const pid_t spare = forkServerSpares().front();
        const auto [taken, code] = run(3);
        QCOMPARE(taken, spare);
        QCOMPARE(code, std::optional<int>(3));

        QTRY_COMPARE_WITH_TIMEOUT(forkServerSpares().size(), std::size_t(1), ptest::kAwaitMs);
        const pid_t killed = forkServerSpares().front();
        QCOMPARE(::kill(killed, SIGKILL), 0);
        QTRY_VERIFY_WITH_TIMEOUT(forkServerSpares().empty(), ptest::kAwaitMs);
        const auto [other, code4] = run(4);
        QVERIFY(other != killed);
        QCOMPARE(code4, std::optional<int>(4));

        QTRY_COMPARE_WITH_TIMEOUT(forkServerSpares().size(), std::size_t(1), ptest::kAwaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(forkServerSpares().empty(), ptest::kAwaitMs); // idle for two seconds
        QCOMPARE(run(5).second, std::optional<int>(5));
    }

    // A fork server's worker reports its exit code itself; its own children never do.
    void forkServerWorkerChildrenDoNotReport()
    {
        for (int i = 0; i < 3; ++i) { // the first from a fork on request, the others from spares
            proclab::Process p(child_fails_then_return);
            p.set_start_method(StartMethod::ForkServer);
            p.start();
            p.join();
            QCOMPARE(p.exitcode(), std::optional<int>(0));
        }
    }

    void stopAndContinue_data() { ptest::add_method_rows(); }
    void stopAndContinue()
    {
        QFETCH(StartMethod, method);
        proclab::Process p(task_wait_forever, path("ready"));
        ptest::ChildGuard guard(p);
        p.set_start_method(method);
        PTEST_NOTHROW(p.start());
        QCOMPARE(waitReady(path("ready")), p.pid());
        p.send_signal(SIGSTOP);
        QTRY_COMPARE_WITH_TIMEOUT(ptest::proc_state(p.pid()), 'T', ptest::kAwaitMs);
        QVERIFY(p.is_alive()); // stopped is not ended
        QCOMPARE(p.exitcode(), std::optional<int>());
        QVERIFY(!p.join(100ms));
        p.send_signal(SIGCONT);
        QTRY_VERIFY_WITH_TIMEOUT(ptest::proc_state(p.pid()) != 'T', ptest::kAwaitMs);
        p.terminate();
        QVERIFY(p.join(30s));
        QCOMPARE(p.exitcode(), std::optional<int>(-SIGTERM));
    }

    void sentinel_data() { ptest::add_method_rows(); }
    void sentinel()
    {
        QFETCH(StartMethod, method);
        proclab::Process p(task_wait_forever, path("ready"));
        ptest::ChildGuard guard(p);
        p.set_start_method(method);
        PTEST_NOTHROW(p.start());
        const int fd = p.sentinel();
        QVERIFY(fd >= 0);
        QCOMPARE(p.sentinel(), fd); // owned by the Process: the same descriptor each time

        // A pidfd for the child.
        char link[256] = {};
        const std::string fdPath = "/proc/self/fd/" + std::to_string(fd);
        QVERIFY(::readlink(fdPath.c_str(), link, sizeof link - 1) > 0);
        QCOMPARE(QString::fromLatin1(link), QStringLiteral("anon_inode:[pidfd]"));
        const QString fdinfo = QString::fromStdString(ptest::read_file("/proc/self/fdinfo/" + std::to_string(fd)));
        QVERIFY2(fdinfo.contains(QRegularExpression(QStringLiteral("(^|\\n)Pid:\\s+%1\\n").arg(p.pid()))),
                 qPrintable(fdinfo));

        QCOMPARE(waitReady(path("ready")), p.pid());
        pollfd pfd{fd, POLLIN, 0};
        QCOMPARE(::poll(&pfd, 1, 0), 0); // running: not readable
        p.kill();
        pfd.revents = 0;
        QCOMPARE(::poll(&pfd, 1, 30000), 1); // awaited, not slept: readable once ended
        QVERIFY(pfd.revents & POLLIN);
        QVERIFY(p.join(30s));
        QCOMPARE(p.exitcode(), std::optional<int>(-SIGKILL));
    }

    /// Python's tutorial pattern: start every process, then join every process; they run at the
    /// same time. Each child records its CLOCK_MONOTONIC start and end; the test checks that all
    /// intervals overlap (no timing assert: each child waits until all siblings have started).
    void startAllThenJoinOverlaps_data() { ptest::add_method_rows(); }
    void startAllThenJoinOverlaps()
    {
        QFETCH(StartMethod, method);
        const int count = 4;
        const std::string dir = testDir().toStdString();
        std::vector<proclab::Process> ps;
        for (int i = 0; i < count; ++i) {
            ps.emplace_back(record_interval, dir, i, count);
            ps.back().set_start_method(method);
        }
        std::vector<std::unique_ptr<ptest::ChildGuard>> guards;
        for (auto& p : ps)
            guards.push_back(std::make_unique<ptest::ChildGuard>(p));
        for (auto& p : ps)
            PTEST_NOTHROW(p.start());
        for (auto& p : ps) {
            QVERIFY(p.join(60s));
            QCOMPARE(p.exitcode(), std::optional<int>(0));
        }
        double lastStart = 0;
        double firstEnd = 1e300;
        for (int i = 0; i < count; ++i) {
            const std::string start = ptest::read_file(dir + "/start-" + std::to_string(i));
            const std::string end = ptest::read_file(dir + "/end-" + std::to_string(i));
            QVERIFY2(!start.empty() && !end.empty(), "a child did not record its interval");
            QVERIFY2(
                end.find("siblings-not-seen") == std::string::npos,
                qPrintable(QStringLiteral("child %1 never saw all siblings started: they did not run at the same time")
                               .arg(i)));
            lastStart = std::max(lastStart, std::stod(start));
            firstEnd = std::min(firstEnd, std::stod(end));
        }
        QVERIFY2(
            lastStart <= firstEnd,
            qPrintable(
                QStringLiteral("last start %1 after first end %2").arg(lastStart, 0, 'f', 6).arg(firstEnd, 0, 'f', 6)));
    }

    /// Process is a move-only handle: the moved-to object owns the child.
    void moveKeepsChild()
    {
        proclab::Process a(task_wait_forever, path("ready"));
        a.set_name("moved");
        PTEST_NOTHROW(a.start());
        const pid_t pid = a.pid();
        proclab::Process b(std::move(a));
        ptest::ChildGuard guardB(b);
        QCOMPARE(b.pid(), pid);
        QCOMPARE(b.name(), std::string("moved"));
        QVERIFY(b.is_alive());
        proclab::Process c(task_return);
        c = std::move(b);
        QCOMPARE(c.pid(), pid);
        QCOMPARE(waitReady(path("ready")), pid);
        c.kill();
        QVERIFY(c.join(30s));
        QCOMPARE(c.exitcode(), std::optional<int>(-SIGKILL));
    }

    /// A destroyed handle neither waits nor kills; the child is still reaped when it ends.
    void destroyedHandleChildReaped_data() { ptest::add_method_rows(); }
    void destroyedHandleChildReaped()
    {
        QFETCH(StartMethod, method);
        pid_t pid = 0;
        {
            proclab::Process p(task_wait_release, path("ready"), path("release"));
            p.set_start_method(method);
            PTEST_NOTHROW(p.start());
            pid = p.pid();
        }
        QCOMPARE(waitReady(path("ready")), pid);
        QVERIFY(!ptest::pid_gone(pid));
        const auto listed = [pid] {
            for (const auto& info : proclab::active_children())
                if (info.pid == pid)
                    return true;
            return false;
        };
        QVERIFY(listed());
        ptest::write_file_atomic(path("release"), "go");
        QTRY_VERIFY_WITH_TIMEOUT(ptest::pid_gone_reaping(pid), 30000);
        QVERIFY(!listed());
    }

    // -- arguments ----------------------------------------------------------------------------

    void taskArguments_data()
    {
        QTest::addColumn<StartMethod>("method");
        QTest::addColumn<int>("variant");
        for (const auto& [mname, method] : ptest::all_methods()) {
            QTest::addRow("%s typical", mname) << method << 0;
            QTest::addRow("%s empty", mname) << method << 1;
            QTest::addRow("%s awkward bytes", mname) << method << 2;
        }
    }
    void taskArguments()
    {
        QFETCH(StartMethod, method);
        QFETCH(int, variant);
        checkArguments(method, variant);
    }

private:
    void checkArguments(StartMethod method, int variant)
    {
        Point point{3, -2.5, "origin"};
        std::map<std::string, int> map{{"one", 1}, {"two", 2}, {"minus", -7}};
        std::vector<std::string> strings{"alpha", "beta", "", "gamma delta"};
        std::optional<int> maybe = 42;
        std::tuple<int, double, std::string> tuple{7, 0.1, "seven"};
        std::string big = "small";
        if (variant == 1) {
            point = {};
            map.clear();
            strings.clear();
            maybe.reset();
            tuple = {};
            big.clear();
        } else if (variant == 2) {
            static const char label[] = "nul\0inside\nnewline \xff\xfe";
            point.label = std::string(label, sizeof label - 1);
            map[std::string("k\0ey", 4)] = 1 << 30;
            strings = {std::string(1, '\0'), "\n\n", "tab\there", std::string(1000, 'x')};
            maybe = -2147483647 - 1;
            tuple = {-1, 1e308, std::string("\0\0", 2)};
        } else if (variant == 3) {
            big.assign(4 << 20, '\0');
            for (size_t i = 0; i < big.size(); ++i)
                big[i] = char((i * 131) ^ (i >> 9));
            strings.assign(10000, "many");
        }

        proclab::Process p(echo_args, path("args"), point, map, strings, maybe, tuple, big);
        ptest::ChildGuard guard(p);
        p.set_start_method(method);
        PTEST_NOTHROW(p.start());
        QVERIFY(p.join(60s));
        QCOMPARE(p.exitcode(), std::optional<int>(0));
        QCOMPARE(QString::fromStdString(ptest::read_file(path("args"))),
                 QString::fromStdString(describe(point, map, strings, maybe, tuple, big)));
    }

private slots:

    /// Arguments are copied when the Process is made: later changes do not reach the child.
    void argumentsCopiedAtConstruction_data() { ptest::add_method_rows(); }
    void argumentsCopiedAtConstruction()
    {
        QFETCH(StartMethod, method);
        Point point{1, 2, "before"};
        std::map<std::string, int> map{{"a", 1}};
        std::vector<std::string> strings{"before"};
        std::optional<int> maybe;
        std::tuple<int, double, std::string> tuple{1, 2, "before"};
        std::string big = "before";
        proclab::Process p(echo_args, path("args"), point, map, strings, maybe, tuple, big);
        ptest::ChildGuard guard(p);
        p.set_start_method(method);
        const std::string expected = describe(point, map, strings, maybe, tuple, big);
        point.label = "after";
        strings.push_back("after");
        big = "after";
        PTEST_NOTHROW(p.start());
        QVERIFY(p.join(60s));
        QCOMPARE(QString::fromStdString(ptest::read_file(path("args"))), QString::fromStdString(expected));
    }

    // -- misuse -------------------------------------------------------------------------------

    void misuse_data()
    {
        QTest::addColumn<QString>("action");
        QTest::addColumn<QString>("keyword"); // what the message must mention (regular expression)
        QTest::newRow("start twice") << QStringLiteral("start twice") << QStringLiteral("twice|already|once");
        QTest::newRow("set_daemon after start") << QStringLiteral("set_daemon after start") << QStringLiteral("daemon");
        QTest::newRow("join before start") << QStringLiteral("join before start") << QStringLiteral("start");
        QTest::newRow("join(timeout) before start")
            << QStringLiteral("join timeout before start") << QStringLiteral("start");
        QTest::newRow("close while alive") << QStringLiteral("close while alive") << QStringLiteral("running|alive");
        QTest::newRow("terminate before start") << QStringLiteral("terminate before start") << QStringLiteral("start");
        QTest::newRow("kill before start") << QStringLiteral("kill before start") << QStringLiteral("start");
        QTest::newRow("send_signal before start")
            << QStringLiteral("send_signal before start") << QStringLiteral("start");
        QTest::newRow("sentinel before start") << QStringLiteral("sentinel before start") << QStringLiteral("start");
    }
    void misuse()
    {
        QFETCH(QString, action);
        QFETCH(QString, keyword);
        proclab::Process p(task_wait_forever, path("ready"));
        ptest::ChildGuard guard(p);
        const bool needsStart = !action.endsWith(QLatin1String("before start"));
        if (needsStart) {
            PTEST_NOTHROW(p.start());
            QCOMPARE(waitReady(path("ready")), p.pid());
        }
        QString message;
        bool thrown = false;
        try {
            if (action == QLatin1String("start twice"))
                p.start();
            else if (action == QLatin1String("set_daemon after start"))
                p.set_daemon(true);
            else if (action == QLatin1String("join before start"))
                p.join();
            else if (action == QLatin1String("join timeout before start"))
                p.join(100ms);
            else if (action == QLatin1String("close while alive"))
                p.close();
            else if (action == QLatin1String("terminate before start"))
                p.terminate();
            else if (action == QLatin1String("kill before start"))
                p.kill();
            else if (action == QLatin1String("send_signal before start"))
                p.send_signal(SIGTERM);
            else if (action == QLatin1String("sentinel before start"))
                (void)p.sentinel();
            else
                QFAIL("unknown action");
        } catch (const proclab::ProcessError& e) {
            thrown = true;
            message = QString::fromUtf8(e.what());
        }
        QVERIFY2(thrown, "no ProcessError");
        QVERIFY2(message.contains(QRegularExpression(keyword, QRegularExpression::CaseInsensitiveOption)),
                 qPrintable(QStringLiteral("unclear message: \"%1\"").arg(message)));
        if (needsStart) {
            // The failed call changed nothing: the child still runs and is ours to end.
            QVERIFY(p.is_alive());
            QCOMPARE(p.daemon(), false);
            p.kill();
            QVERIFY(p.join(30s));
            QCOMPARE(p.exitcode(), std::optional<int>(-SIGKILL));
            p.close(); // allowed once ended
        } else {
            QCOMPARE(p.pid(), pid_t(0));
            QVERIFY(!p.is_alive());
        }
    }

    void closeAfterJoin_data() { ptest::add_method_rows(); }
    void closeAfterJoin()
    {
        QFETCH(StartMethod, method);
        proclab::Process p(task_exit, 3);
        p.set_start_method(method);
        PTEST_NOTHROW(p.start());
        QVERIFY(p.join(30s));
        QCOMPARE(p.exitcode(), std::optional<int>(3));
        p.close();
    }

    /// As Python's _check_closed(): once close()d, every call that needs the child raises
    /// ValueError, is_alive() included (it does not answer false quietly).
    void callAfterClose_data()
    {
        QTest::addColumn<QString>("action");
        for (const char* action : {"is_alive", "join", "join timeout", "terminate", "kill", "send_signal", "sentinel"})
            QTest::newRow(action) << QString::fromLatin1(action);
    }
    void callAfterClose()
    {
        QFETCH(QString, action);
        proclab::Process p(task_exit, 0);
        PTEST_NOTHROW(p.start());
        QVERIFY(p.join(30s));
        PTEST_NOTHROW(p.close());
        PTEST_NOTHROW(p.close()); // idempotent, as Python's
        QString message;
        try {
            if (action == QLatin1String("is_alive"))
                (void)p.is_alive();
            else if (action == QLatin1String("join"))
                p.join();
            else if (action == QLatin1String("join timeout"))
                (void)p.join(100ms);
            else if (action == QLatin1String("terminate"))
                p.terminate();
            else if (action == QLatin1String("kill"))
                p.kill();
            else if (action == QLatin1String("send_signal"))
                p.send_signal(SIGTERM);
            else if (action == QLatin1String("sentinel"))
                (void)p.sentinel();
            else
                QFAIL("unknown action");
        } catch (const proclab::ValueError& e) {
            message = QString::fromUtf8(e.what());
        } catch (const std::exception& e) {
            QFAIL(qPrintable(QStringLiteral("not a ValueError: %1").arg(QString::fromUtf8(e.what()))));
        }
        QVERIFY2(!message.isEmpty(), "no ValueError after close()");
        QVERIFY2(message.contains(QStringLiteral("closed")),
                 qPrintable(QStringLiteral("unclear message: \"%1\"").arg(message)));
    }

    /// Spawn and ForkServer run registered tasks only: a lambda, or a plain function that was not
    /// registered, makes start() throw ProcessError saying why.
    void callableNeedsFork_data()
    {
        QTest::addColumn<StartMethod>("method");
        QTest::addColumn<bool>("lambda");
        QTest::newRow("spawn lambda") << StartMethod::Spawn << true;
        QTest::newRow("spawn unregistered function") << StartMethod::Spawn << false;
        QTest::newRow("forkserver lambda") << StartMethod::ForkServer << true;
        QTest::newRow("forkserver unregistered function") << StartMethod::ForkServer << false;
    }
    void callableNeedsFork()
    {
        QFETCH(StartMethod, method);
        QFETCH(bool, lambda);
        std::optional<proclab::Process> p;
        if (lambda)
            p.emplace([] {});
        else
            p.emplace(not_registered);
        ptest::ChildGuard guard(*p);
        p->set_start_method(method);
        QString message;
        try {
            p->start();
        } catch (const proclab::ProcessError& e) {
            message = QString::fromUtf8(e.what());
        }
        QVERIFY2(!message.isEmpty(), "start() did not throw ProcessError");
        QVERIFY2(message.contains(
                     QRegularExpression(QStringLiteral("fork|regist"), QRegularExpression::CaseInsensitiveOption)),
                 qPrintable(QStringLiteral("the message does not say why: \"%1\"").arg(message)));
        QVERIFY(!p->is_alive());
        QCOMPARE(p->pid(), pid_t(0));

        // The same callable runs with Fork.
        std::optional<proclab::Process> q;
        if (lambda)
            q.emplace([] {});
        else
            q.emplace(not_registered);
        ptest::ChildGuard guardQ(*q);
        PTEST_NOTHROW(q->start());
        QVERIFY(q->join(30s));
        QCOMPARE(q->exitcode(), std::optional<int>(0));
    }

    /// Arguments far larger than a pipe buffer or a datagram (4 MiB string, 10,000 strings).
    /// Last in the file: a failure here must not hide the other tests of a start method.
    void largeTaskArguments_data() { ptest::add_method_rows(); }
    void largeTaskArguments()
    {
        QFETCH(StartMethod, method);
        checkArguments(method, 3);
    }
};

PROCLAB_TEST_MAIN(TestProcess)
#include "tst_process.moc"

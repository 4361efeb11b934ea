// Trees of processes: daemon semantics, active_children(), parent death, orphans and kill_tree().
// No orphan and no zombie, ever: every test ends with no child of this process left.

#include "test_main.h"
#include "test_support.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <sys/prctl.h>

#include <algorithm>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using proclab::StartMethod;

namespace {

void noop() {}

/// Tries to start a child: exit 3 (message in `path`) on ProcessError, 4 when the child ran.
void try_child(const std::string& path)
{
    try {
        proclab::Process q(noop);
        q.start();
        q.join();
        ptest::write_file_atomic(path, "started");
    } catch (const proclab::ProcessError& e) {
        ptest::write_file_atomic(path, e.what());
        std::exit(3);
    }
    std::exit(4);
}

/// Writes the default daemon flags of a Process and of a command created here: "task=T command=C".
void report_default_daemon(const std::string& path)
{
    proclab::Process task(noop);
    proclab::Process command = proclab::Process::command({"true"});
    ptest::write_file_atomic(path, std::string("task=") + (task.daemon() ? "1" : "0") +
                                       " command=" + (command.daemon() ? "1" : "0"));
}

/// A chain of `depth` more processes (always started by fork below the top); each writes its pid
/// into `dir`/node-<depth> and waits to be killed.
void chain(const std::string& dir, int depth)
{
    std::optional<proclab::Process> child;
    if (depth > 0) {
        child.emplace(chain, dir, depth - 1);
        child->set_start_method(StartMethod::Fork);
        child->start();
    }
    ptest::write_file_atomic(dir + "/node-" + std::to_string(depth), std::to_string(::getpid()));
    ptest::wait_forever();
}

/// Announces itself, then waits to be signalled.
void wait_forever_task(const std::string& ready_path)
{
    ptest::write_file_atomic(ready_path, std::to_string(::getpid()));
    ptest::wait_forever();
}

/// Forks a grandchild behind the library's back (no parent-death signal), writes its pid and
/// returns: the grandchild outlives it, becomes an orphan and is adopted by the nearest subreaper.
/// The grandchild exits as soon as its parent is gone (end of file on a pipe only the parent held).
void orphan_maker(const std::string& path)
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        std::exit(10);
    const pid_t grandchild = ::fork();
    if (grandchild < 0)
        std::exit(11);
    if (grandchild == 0) {
        ::close(fds[1]);
        char c;
        while (::read(fds[0], &c, 1) < 0 && errno == EINTR) {}
        ::_exit(0);
    }
    ::close(fds[0]);
    ptest::write_file_atomic(path, std::to_string(grandchild));
}

} // namespace

PROCLAB_TASK(noop);
PROCLAB_TASK(try_child);
PROCLAB_TASK(report_default_daemon);
PROCLAB_TASK(chain);
PROCLAB_TASK(wait_forever_task);
PROCLAB_TASK(orphan_maker);

class TestProcessTree : public LeakCheckedTest {
    Q_OBJECT

private:
    std::string path(const std::string& name) const { return testPath(name); }
    /// Pids the chain wrote into the temporary directory: node-0 … node-`depth`.
    std::vector<pid_t> waitChain(int depth)
    {
        std::vector<pid_t> pids;
        for (int d = 0; d <= depth; ++d) {
            const std::string file = path("node-" + std::to_string(d));
            if (!ptest::wait_for_file(file, 30s))
                return {};
            pids.push_back(pid_t(std::stol(ptest::read_file(file))));
        }
        return pids;
    }
    /// Reads "<prefix> <pid>" from the helper's stdout.
    static pid_t readPid(proclab::Process& helper, const std::string& prefix)
    {
        const auto line = ptest::read_line(helper);
        if (!line || line->rfind(prefix + " ", 0) != 0) {
            qWarning("expected \"%s PID\", got \"%s\"", prefix.c_str(), line ? line->c_str() : "end of file");
            return 0;
        }
        return pid_t(std::stol(line->substr(prefix.size() + 1)));
    }

private slots:

    // -- active_children ----------------------------------------------------------------------

    void activeChildren_data() { ptest::add_method_rows(); }
    void activeChildren()
    {
        QFETCH(StartMethod, method);
        proclab::Process alpha(wait_forever_task, path("alpha"));
        proclab::Process beta(wait_forever_task, path("beta"));
        ptest::ChildGuard ga(alpha);
        ptest::ChildGuard gb(beta);
        alpha.set_start_method(method);
        beta.set_start_method(method);
        alpha.set_name("alpha");
        alpha.set_daemon(true);
        beta.set_name("beta");
        PTEST_NOTHROW(alpha.start());
        PTEST_NOTHROW(beta.start());

        const auto table = [] {
            std::map<pid_t, proclab::ProcessInfo> out;
            for (const auto& info : proclab::active_children())
                out[info.pid] = info;
            return out;
        };
        auto children = table();
        QVERIFY(children.count(alpha.pid()));
        QVERIFY(children.count(beta.pid()));
        QCOMPARE(children[alpha.pid()].name, std::string("alpha"));
        QCOMPARE(children[alpha.pid()].daemon, true);
        QCOMPARE(children[beta.pid()].name, std::string("beta"));
        QCOMPARE(children[beta.pid()].daemon, false);

        // Ended children leave the list (reaped as in Python), even before anyone joins them.
        alpha.kill();
        pollfd pfd{alpha.sentinel(), POLLIN, 0};
        QCOMPARE(::poll(&pfd, 1, 30000), 1);
        QTRY_VERIFY_WITH_TIMEOUT(!table().count(alpha.pid()), ptest::kAwaitMs);
        QVERIFY(table().count(beta.pid()));
        QCOMPARE(alpha.exitcode(), std::optional<int>(-SIGKILL));
        beta.terminate();
        QVERIFY(beta.join(30s));
        QVERIFY(!table().count(beta.pid()));
    }

    /// A child that ended without being joined is not listed and leaves no zombie.
    void endedChildReapedWithoutJoin_data() { ptest::add_method_rows(); }
    void endedChildReapedWithoutJoin()
    {
        QFETCH(StartMethod, method);
        proclab::Process p(noop);
        ptest::ChildGuard guard(p);
        p.set_start_method(method);
        PTEST_NOTHROW(p.start());
        const pid_t pid = p.pid();
        pollfd pfd{p.sentinel(), POLLIN, 0};
        QCOMPARE(::poll(&pfd, 1, 30000), 1);
        QTRY_VERIFY_WITH_TIMEOUT(ptest::pid_gone_reaping(pid), ptest::kAwaitMs);
        for (const auto& info : proclab::active_children())
            QVERIFY(info.pid != pid);
        QCOMPARE(p.exitcode(), std::optional<int>(0));
    }

    // -- daemons ------------------------------------------------------------------------------

    void daemonMayNotHaveChildren_data()
    {
        QTest::addColumn<StartMethod>("method");
        QTest::addColumn<bool>("daemon");
        QTest::addColumn<int>("expected");
        for (const auto& [mname, method] : ptest::all_methods()) {
            QTest::addRow("%s daemon", mname) << method << true << 3;
            QTest::addRow("%s non-daemon", mname) << method << false << 4;
        }
    }
    void daemonMayNotHaveChildren()
    {
        QFETCH(StartMethod, method);
        QFETCH(bool, daemon);
        QFETCH(int, expected);
        proclab::Process p(try_child, path("result"));
        ptest::ChildGuard guard(p);
        p.set_start_method(method);
        p.set_daemon(daemon);
        PTEST_NOTHROW(p.start());
        QVERIFY(p.join(30s));
        const QString result = QString::fromStdString(ptest::read_file(path("result")));
        QVERIFY2(p.exitcode() == std::optional<int>(expected), qPrintable(result));
        if (daemon)
            QVERIFY2(result.contains(QStringLiteral("daemon"), Qt::CaseInsensitive),
                     qPrintable(QStringLiteral("unclear message: \"%1\"").arg(result)));
        else
            QCOMPARE(result, QStringLiteral("started"));
    }

    /// Python's rule: a Process created inside a daemon is a daemon by default (the creator's flag
    /// is copied); a command is not (a daemon may start commands).
    void daemonFlagInherited_data()
    {
        QTest::addColumn<StartMethod>("method");
        QTest::addColumn<bool>("daemon");
        for (const auto& [mname, method] : ptest::all_methods()) {
            QTest::addRow("%s daemon", mname) << method << true;
            QTest::addRow("%s non-daemon", mname) << method << false;
        }
    }
    void daemonFlagInherited()
    {
        QFETCH(StartMethod, method);
        QFETCH(bool, daemon);
        proclab::Process here(noop);
        QCOMPARE(here.daemon(), false); // the main program is no daemon
        proclab::Process p(report_default_daemon, path("flags"));
        ptest::ChildGuard guard(p);
        p.set_start_method(method);
        p.set_daemon(daemon);
        PTEST_NOTHROW(p.start());
        QVERIFY(p.join(30s));
        QCOMPARE(p.exitcode(), std::optional<int>(0));
        QCOMPARE(QString::fromStdString(ptest::read_file(path("flags"))),
                 daemon ? QStringLiteral("task=1 command=0") : QStringLiteral("task=0 command=0"));
    }

    /// Python's rule: daemon children are terminated when their parent ends — SIGTERM, then
    /// SIGKILL after a short grace for one that ignores SIGTERM. The parent is helper_tree, whose
    /// main() returns normally while its daemon child waits.
    void daemonChildGoneAfterParentReturns_data()
    {
        QTest::addColumn<StartMethod>("method");
        QTest::addColumn<QString>("behaviour");
        for (const auto& [mname, method] : ptest::all_methods()) {
            QTest::addRow("%s plain", mname) << method << QStringLiteral("plain");
            QTest::addRow("%s gets SIGTERM", mname) << method << QStringLiteral("record");
            QTest::addRow("%s ignores SIGTERM", mname) << method << QStringLiteral("ignore");
        }
    }
    void daemonChildGoneAfterParentReturns()
    {
        QFETCH(StartMethod, method);
        QFETCH(QString, behaviour);
        proclab::CommandOptions options;
        options.std_in = proclab::Stdio::pipe();
        options.std_out = proclab::Stdio::pipe();
        proclab::Process helper = proclab::Process::command(
            {PROCLAB_HELPER_TREE, "daemon", ptest::method_name(method), behaviour.toStdString(), path("record")},
            options);
        ptest::ChildGuard guard(helper);
        PTEST_NOTHROW(helper.start());

        // "daemon PID" from main and "ready PID" from the child, in either order.
        pid_t daemonPid = 0;
        pid_t readyPid = 0;
        for (int i = 0; i < 2; ++i) {
            const auto line = ptest::read_line(helper);
            QVERIFY2(line.has_value(), "helper_tree ended early");
            if (line->rfind("daemon ", 0) == 0)
                daemonPid = pid_t(std::stol(line->substr(7)));
            else if (line->rfind("ready ", 0) == 0)
                readyPid = pid_t(std::stol(line->substr(6)));
            else
                QFAIL(line->c_str());
        }
        QVERIFY(daemonPid > 0);
        QCOMPARE(readyPid, daemonPid);
        QVERIFY(!ptest::pid_gone(daemonPid));

        PTEST_NOTHROW(helper.write_stdin("return\n"));
        PTEST_NOTHROW(helper.close_stdin());
        QVERIFY(helper.join(30s));
        QCOMPARE(helper.exitcode(), std::optional<int>(0));
        QTRY_VERIFY_WITH_TIMEOUT(ptest::pid_gone_reaping(daemonPid), ptest::kAwaitMs);
        if (behaviour == QLatin1String("record"))
            QCOMPARE(QString::fromStdString(ptest::read_file(path("record"))), QStringLiteral("SIGTERM\n"));
    }

    /// Python's rule: non-daemon children are joined when the parent's main() returns.
    void nonDaemonChildJoinedWhenMainReturns_data() { ptest::add_method_rows(); }
    void nonDaemonChildJoinedWhenMainReturns()
    {
        QFETCH(StartMethod, method);
        proclab::CommandOptions options;
        options.std_out = proclab::Stdio::pipe();
        proclab::Process helper = proclab::Process::command(
            {PROCLAB_HELPER_TREE, "nondaemon", ptest::method_name(method), path("release"), path("done")}, options);
        ptest::ChildGuard guard(helper);
        PTEST_NOTHROW(helper.start());
        const pid_t child = readPid(helper, "child");
        QVERIFY(child > 0);
        QCOMPARE(ptest::read_line(helper), std::optional<std::string>("main returning"));

        // main() has returned, yet the program waits for its child, which waits for the release.
        QVERIFY(!helper.join(300ms));
        QVERIFY(!ptest::pid_gone(child));
        QVERIFY(!ptest::file_exists(path("done")));

        ptest::write_file_atomic(path("release"), "go");
        QCOMPARE(ptest::read_line(helper), std::optional<std::string>("child done"));
        QCOMPARE(ptest::read_line(helper), std::optional<std::string>()); // end of file
        QVERIFY(helper.join(30s));
        QCOMPARE(helper.exitcode(), std::optional<int>(0));
        QCOMPARE(QString::fromStdString(ptest::read_file(path("done"))), QStringLiteral("released"));
        QTRY_VERIFY_WITH_TIMEOUT(ptest::pid_gone_reaping(child), ptest::kAwaitMs);
    }

    // -- parent death -------------------------------------------------------------------------

    /// A child SIGKILLed: its child and grandchild die too, and none is left a zombie.
    void descendantsGoneAfterParentKilled_data() { ptest::add_method_rows(); }
    void descendantsGoneAfterParentKilled()
    {
        QFETCH(StartMethod, method);
        proclab::Process p(chain, testDir().toStdString(), 2);
        ptest::ChildGuard guard(p);
        p.set_start_method(method);
        PTEST_NOTHROW(p.start());
        const std::vector<pid_t> pids = waitChain(2); // great-grandchild, grandchild, child
        QCOMPARE(pids.size(), size_t(3));
        QCOMPARE(pids[2], p.pid());
        for (const pid_t pid : pids)
            QVERIFY(!ptest::pid_gone(pid));
        p.kill();
        QVERIFY(p.join(30s));
        QCOMPARE(p.exitcode(), std::optional<int>(-SIGKILL));
        for (const pid_t pid : pids)
            QTRY_VERIFY2_WITH_TIMEOUT(ptest::pid_gone_reaping(pid), qPrintable(ptest::describe_pid(pid)),
                                      ptest::kAwaitMs);
    }

    /// The same from outside: helper_tree (a ProcLab program) SIGKILLed, its child and grandchild
    /// die too.
    void grandchildGoneAfterProgramKilled_data() { ptest::add_method_rows(); }
    void grandchildGoneAfterProgramKilled()
    {
        QFETCH(StartMethod, method);
        proclab::CommandOptions options;
        options.std_out = proclab::Stdio::pipe();
        proclab::Process helper =
            proclab::Process::command({PROCLAB_HELPER_TREE, "tree", ptest::method_name(method)}, options);
        ptest::ChildGuard guard(helper);
        PTEST_NOTHROW(helper.start());
        std::map<std::string, pid_t> pids;
        for (int i = 0; i < 3; ++i) {
            const auto line = ptest::read_line(helper);
            QVERIFY2(line.has_value(), "helper_tree ended early");
            const auto space = line->rfind(' ');
            QVERIFY2(space != std::string::npos, line->c_str());
            pids[line->substr(0, space)] = pid_t(std::stol(line->substr(space + 1)));
        }
        QCOMPARE(pids["main"], helper.pid());
        QVERIFY(pids["node 1"] > 0);
        QVERIFY(pids["node 0"] > 0);
        helper.kill();
        QVERIFY(helper.join(30s));
        QCOMPARE(helper.exitcode(), std::optional<int>(-SIGKILL));
        for (const pid_t pid : {pids["node 1"], pids["node 0"]})
            QTRY_VERIFY2_WITH_TIMEOUT(ptest::pid_gone_reaping(pid), qPrintable(ptest::describe_pid(pid)),
                                      ptest::kAwaitMs);
    }

    /// A grandchild forked behind the library's back outlives its parent: adopted by this process
    /// (a child subreaper) and reaped by the library, never left a zombie.
    void adoptedOrphanReaped()
    {
        proclab::Process p(orphan_maker, path("orphan"));
        ptest::ChildGuard guard(p);
        PTEST_NOTHROW(p.start());
        QVERIFY(p.join(30s));
        QCOMPARE(p.exitcode(), std::optional<int>(0));
        QVERIFY(ptest::file_exists(path("orphan")));
        const pid_t orphan = pid_t(std::stol(ptest::read_file(path("orphan"))));
        QVERIFY(orphan > 0);
        QTRY_VERIFY2_WITH_TIMEOUT(ptest::pid_gone_reaping(orphan), qPrintable(ptest::describe_pid(orphan)),
                                  ptest::kAwaitMs);
    }

    void thisProcessIsSubreaper()
    {
        proclab::Process p(noop);
        PTEST_NOTHROW(p.start());
        QVERIFY(p.join(30s));
        int subreaper = 0;
        QCOMPARE(::prctl(PR_GET_CHILD_SUBREAPER, &subreaper), 0);
        QVERIFY(subreaper != 0);
    }

    void subreaperCanBeTurnedOff()
    {
        proclab::set_subreaper(false);
        int subreaper = 1;
        QCOMPARE(::prctl(PR_GET_CHILD_SUBREAPER, &subreaper), 0);
        QCOMPARE(subreaper, 0);
        proclab::Process p(noop); // starting a child no longer turns it back on
        PTEST_NOTHROW(p.start());
        QVERIFY(p.join(30s));
        QCOMPARE(::prctl(PR_GET_CHILD_SUBREAPER, &subreaper), 0);
        QCOMPARE(subreaper, 0);
        proclab::set_subreaper(true);
        proclab::Process q(noop);
        PTEST_NOTHROW(q.start());
        QVERIFY(q.join(30s));
        QCOMPARE(::prctl(PR_GET_CHILD_SUBREAPER, &subreaper), 0);
        QVERIFY(subreaper != 0);
    }

    // -- kill_tree ----------------------------------------------------------------------------

    void killTree_data()
    {
        QTest::addColumn<StartMethod>("method");
        QTest::addColumn<int>("signal");
        for (const auto& [mname, method] : ptest::all_methods()) {
            QTest::addRow("%s SIGKILL", mname) << method << SIGKILL;
            QTest::addRow("%s SIGTERM", mname) << method << SIGTERM;
        }
    }
    void killTree()
    {
        QFETCH(StartMethod, method);
        QFETCH(int, signal);
        proclab::Process p(chain, testDir().toStdString(), 2);
        ptest::ChildGuard guard(p);
        p.set_start_method(method);
        PTEST_NOTHROW(p.start());
        const std::vector<pid_t> pids = waitChain(2);
        QCOMPARE(pids.size(), size_t(3));
        int signalled = 0;
        PTEST_NOTHROW(signalled = p.kill_tree(signal));
        QCOMPARE(signalled, 3);
        QVERIFY(p.join(30s));
        QCOMPARE(p.exitcode(), std::optional<int>(-signal));
        for (const pid_t pid : pids)
            QTRY_VERIFY2_WITH_TIMEOUT(ptest::pid_gone_reaping(pid), qPrintable(ptest::describe_pid(pid)),
                                      ptest::kAwaitMs);
    }

    /// proclab::kill_tree() on any pid: a shell with two background children (not ProcLab
    /// processes, no parent-death signal). SIGTERM reaches stopped processes too.
    void killTreeOfCommand()
    {
        proclab::Process sh = proclab::Process::shell("sleep 1000 & sleep 1000 & wait");
        ptest::ChildGuard guard(sh);
        PTEST_NOTHROW(sh.start());
        QTRY_COMPARE_WITH_TIMEOUT(ptest::children_of(sh.pid()).size(), size_t(2), ptest::kAwaitMs);
        const std::vector<pid_t> sleeps = ptest::children_of(sh.pid());
        int signalled = 0;
        PTEST_NOTHROW(signalled = proclab::kill_tree(sh.pid(), SIGTERM));
        QCOMPARE(signalled, 3);
        QVERIFY(sh.join(30s));
        QCOMPARE(sh.exitcode(), std::optional<int>(-SIGTERM));
        for (const pid_t pid : sleeps)
            QTRY_VERIFY2_WITH_TIMEOUT(ptest::pid_gone_reaping(pid), qPrintable(ptest::describe_pid(pid)),
                                      ptest::kAwaitMs);
    }

    void killTreeOfLeaf()
    {
        proclab::Process p(wait_forever_task, path("ready"));
        ptest::ChildGuard guard(p);
        PTEST_NOTHROW(p.start());
        QVERIFY(ptest::wait_for_file(path("ready"), 30s));
        int signalled = 0;
        PTEST_NOTHROW(signalled = proclab::kill_tree(p.pid()));
        QCOMPARE(signalled, 1);
        QVERIFY(p.join(30s));
        QCOMPARE(p.exitcode(), std::optional<int>(-SIGKILL));
    }
};

PROCLAB_TEST_MAIN(TestProcessTree)
#include "tst_process_tree.moc"

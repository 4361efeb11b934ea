// Stopping a lesson run in step mode (what the window's Step then Stop does: proclab-cli run --live
// --step in the window's session, its tree SIGKILLed): the runner's step gate is not one of the
// session's objects, and nothing of the run is left in /dev/shm within 2 s.

#include "test_main.h"
#include "test_support.h"

#include <proclab/process.h>
#include <proclab/session.h>

#include <QTest>

#include <csignal>
#include <set>
#include <string>

using namespace std::chrono_literals;
using proclab::Session;

namespace {

/// Semaphores and other ProcLab objects of this user that appeared since `before`.
QStringList newObjects(const std::set<std::string>& before)
{
    QStringList out;
    const std::string prefix = "proclab-" + std::to_string(::geteuid()) + "-";
    for (const std::string& name : ptest::dev_shm_entries())
        if (!before.count(name) && name.rfind(prefix, 0) == 0 && name.find("-session-") == std::string::npos)
            out << QString::fromStdString(name);
    return out;
}

} // namespace

class TestLessonStop : public LeakCheckedTest {
    Q_OBJECT

private slots:
    void stepThenStopLeavesNothing()
    {
        Session session = Session::create(LeakCheckedTest::uniqueName("lesson"));
        Session::detach(); // the run attaches by its environment, as under the window
        const auto before = ptest::dev_shm_entries();
        proclab::CommandOptions opts;
        opts.env[Session::kEnvVar] = session.name();
        opts.std_in = proclab::Stdio::pipe();
        opts.std_out = proclab::Stdio::pipe();
        proclab::Process run = proclab::Process::command(
            {PROCLAB_CLI, "run", std::string(PROCLAB_LESSONS_DIR) + "/02_start_join.json", "--live", "--step"}, opts);
        run.start();
        ptest::ChildGuard guard(run);
        run.write_stdin("\n"); // Step
        std::string seen;
        for (int i = 0; i < 20 && seen.find("step 1 (py") == std::string::npos; ++i)
            if (const auto line = run.read_line(proclab::Stream::Stdout, 10000ms))
                seen += *line + "\n";
        QVERIFY2(seen.find("step 1 (py") != std::string::npos, seen.c_str());

        // The gate is the runner's: the learner's channel list does not show it.
        for (const auto& o : session.snapshot(false).objects)
            QVERIFY2(o.kind != proclab::ObjectKind::Semaphore, o.name.c_str());

        run.kill_tree(SIGKILL); // Stop
        run.join();
        QTRY_VERIFY2_WITH_TIMEOUT(newObjects(before).isEmpty(), qPrintable(newObjects(before).join(u' ')), 2000);
        for (const auto& o : session.snapshot(false).objects)
            QVERIFY2(o.kind != proclab::ObjectKind::Semaphore, o.name.c_str());
    }

    // SIGINT, SIGTERM and SIGHUP end proclab-cli run as a normal quit: the lesson's tree stopped,
    // its objects removed by the program itself (no tracker here), exit code 128 + N.
    void signalIsANormalQuit_data()
    {
        QTest::addColumn<int>("sig");
        QTest::newRow("SIGINT") << SIGINT;
        QTest::newRow("SIGTERM") << SIGTERM;
        QTest::newRow("SIGHUP") << SIGHUP;
    }

    void signalIsANormalQuit()
    {
        QFETCH(int, sig);
        const auto before = ptest::dev_shm_entries();
        proclab::CommandOptions opts;
        opts.env["PROCLAB_NO_TRACKER"] = "1";
        opts.std_in = proclab::Stdio::pipe();
        opts.std_out = proclab::Stdio::pipe();
        proclab::Process run = proclab::Process::command(
            {PROCLAB_CLI, "run", std::string(PROCLAB_LESSONS_DIR) + "/02_start_join.json", "--live", "--step"}, opts);
        run.start();
        ptest::ChildGuard guard(run);
        run.write_stdin("\n");
        std::string seen;
        for (int i = 0; i < 20 && seen.find("step 1 (py") == std::string::npos; ++i)
            if (const auto line = run.read_line(proclab::Stream::Stdout, 10000ms))
                seen += *line + "\n";
        QVERIFY2(seen.find("step 1 (py") != std::string::npos, seen.c_str());
        ::kill(run.pid(), sig);
        QVERIFY(run.join(10s));
        QCOMPARE(run.exitcode(), std::optional<int>(128 + sig));
        QVERIFY2(newObjects(before).isEmpty(), qPrintable(newObjects(before).join(u' ')));
    }
};

PROCLAB_TEST_MAIN(TestLessonStop)
#include "tst_lesson_stop.moc"

// Stopping a lesson run in step mode (what the window's Step then Stop does: proclab-cli run --live
// --step in the window's session, its tree SIGKILLed): the runner's step gate is not one of the
// session's objects, and nothing of the run is left in /dev/shm within 2 s (objects that other
// programs running meanwhile hold are theirs).

#include "test_main.h"
#include "test_support.h"

#include <proclab/process.h>
#include <proclab/session.h>

#include <QTest>

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <set>
#include <string>
#include <sys/file.h>
#include <unistd.h>

using namespace std::chrono_literals;
using proclab::Session;

namespace {

// The creator recorded in an object's header (a segment's or a session's), 0 when none.
pid_t creatorOf(int fd)
{
    unsigned char raw[96] = {};
    if (::pread(fd, raw, sizeof raw, 0) < 16)
        return 0;
    std::uint32_t magic = 0;
    std::memcpy(&magic, raw, 4);
    std::int32_t creator = 0;
    if (magic == 0x42414c50) // "PLAB": a segment, creator at offset 12
        std::memcpy(&creator, raw + 12, 4);
    else if (magic == 0x47455250) // "PREG": a session, creator after the name
        std::memcpy(&creator, raw + 88, 4);
    return creator;
}

bool dead(pid_t pid)
{
    return pid > 0 && ((::kill(pid, 0) != 0 && errno == ESRCH) || ptest::proc_state(pid) == 'Z');
}

/// ProcLab objects (sessions aside) of this user that appeared since `before` and that the run
/// left: held by no process, or held only because their dead creator's children have not let go.
/// Objects of programs that run meanwhile (other tests) are held by them, their creators alive.
QStringList newObjects(const std::set<std::string>& before)
{
    QStringList out;
    const std::string prefix = "proclab-" + std::to_string(::geteuid()) + "-";
    for (const std::string& name : ptest::dev_shm_entries()) {
        if (before.count(name) || name.rfind(prefix, 0) != 0 || name.find("-session-") != std::string::npos ||
            name.find('.') != std::string::npos)
            continue;
        const int fd = ::open(("/dev/shm/" + name).c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue; // removed meanwhile
        const bool held = ::flock(fd, LOCK_EX | LOCK_NB) != 0;
        const pid_t creator = creatorOf(fd);
        ::close(fd);
        if (!held || dead(creator))
            out << QString::fromStdString(name);
    }
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
        QTRY_VERIFY2_WITH_TIMEOUT(newObjects(before).isEmpty(), qPrintable(newObjects(before).join(u' ')),
                                  ptest::kAwaitMs);
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

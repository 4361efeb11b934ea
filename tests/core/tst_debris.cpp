// Debris of killed programs (proclab/debris.h): what the sweep removes and what it keeps (objects in
// use, objects a live session lists), the tracker removing a SIGKILLed program's objects at once,
// proclab-cli sessions / clean, and fault injection: a pool workload and a queue+lock workload
// SIGKILLed at random moments leave no process, no zombie and no /dev/shm object within 2 s.
// PROCLAB_FAULT_MOMENTS (default 20) sets how many moments the fault injection tries in all.

#include "test_main.h"
#include "test_support.h"

#include <proclab/debris.h>
#include <proclab/process.h>
#include <proclab/queue.h>
#include <proclab/session.h>

#include <QElapsedTimer>
#include <QTest>

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <random>
#include <set>
#include <thread>

using namespace std::chrono_literals;
using proclab::Session;

namespace {

std::string userPrefix()
{
    return "proclab-" + std::to_string(::geteuid()) + "-";
}

bool processDead(pid_t pid)
{
    return pid > 0 && ((::kill(pid, 0) != 0 && errno == ESRCH) || ptest::proc_state(pid) == 'Z');
}

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

/// ProcLab objects of this user made since `before` that a dead program left: held by nobody, or
/// held only because their creator's children have not let go yet, or parts without an owner.
/// Objects whose creator lives are a live program's (tests run in parallel), not leftovers.
QStringList leftovers(const std::set<std::string>& before)
{
    QStringList out;
    const std::set<std::string> now = ptest::dev_shm_entries();
    for (const std::string& name : now) {
        if (before.count(name) || name.rfind(userPrefix(), 0) != 0)
            continue;
        if (const auto dot = name.find('.'); dot != std::string::npos) {
            if (!now.count(name.substr(0, dot)))
                out << QString::fromStdString(name) + QStringLiteral(" (part without its owner)");
            continue;
        }
        const int fd = ::open(("/dev/shm/" + name).c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        const bool held = ::flock(fd, LOCK_EX | LOCK_NB) != 0;
        const pid_t creator = creatorOf(fd);
        ::close(fd);
        if (creator > 0 && !processDead(creator))
            continue; // a live program's (of another test running meanwhile): not what a killed one left
        if (!held)
            out << QString::fromStdString(name) + QStringLiteral(" (held by no process)");
        else if (processDead(creator))
            out << QString::fromStdString(name) + QStringLiteral(" (creator %1 dead)").arg(creator);
    }
    return out;
}

/// Children of this process (re-parented ones included, reaped first), as "pid (state, name)".
QString processesLeft()
{
    proclab::active_children(); // reaps the orphans this subreaper adopted
    QStringList out;
    for (const pid_t c : ptest::children_of(::getpid()))
        out << ptest::describe_pid(c);
    return out.join(QStringLiteral("; "));
}

proclab::Process startHelper(std::vector<std::string> argv, bool tracker)
{
    proclab::CommandOptions opts;
    opts.std_out = proclab::Stdio::pipe();
    opts.env[Session::kEnvVar] = "";
    if (!tracker)
        opts.env["PROCLAB_NO_TRACKER"] = "1";
    proclab::Process p = proclab::Process::command(std::move(argv), opts);
    p.start();
    return p;
}

std::string runCli(std::vector<std::string> args)
{
    args.insert(args.begin(), PROCLAB_CLI);
    proclab::CommandOptions o;
    o.std_out = proclab::Stdio::pipe();
    o.std_err = proclab::Stdio::to_stdout();
    proclab::Process cli = proclab::Process::command(args, o);
    cli.start();
    std::string out = cli.read_all();
    cli.join();
    return "exit " + std::to_string(cli.exitcode().value_or(-999)) + "\n" + out;
}

bool listed(const std::vector<proclab::Debris>& list, const std::string& name)
{
    return std::any_of(list.begin(), list.end(), [&](const proclab::Debris& d) { return d.name == name; });
}

bool exists(const std::string& name)
{
    return ::access(("/dev/shm/" + name).c_str(), F_OK) == 0;
}

} // namespace

class TestDebris : public LeakCheckedTest {
    Q_OBJECT

private slots:
    void cleanup()
    {
        Session::detach();
        LeakCheckedTest::cleanup();
    }

    void sweepKeepsObjectsInUse()
    {
        proclab::Queue<int> q;
        QVERIFY(!listed(proclab::find_debris(), q.name()));
        QVERIFY(!listed(proclab::sweep_debris(), q.name()));
        QVERIFY(exists(q.name()));
        q.put(7);
        QCOMPARE(q.get(), 7);
    }

    void sweepRemovesWhatAKilledProgramLeft_data()
    {
        QTest::addColumn<bool>("inLiveSession");
        QTest::newRow("no session") << false;
        QTest::newRow("listed by a live session") << true;
    }

    void sweepRemovesWhatAKilledProgramLeft()
    {
        QFETCH(bool, inLiveSession);
        // Any program starting meanwhile (other tests) sweeps too: then the leftover is staged again.
        for (int attempt = 0; attempt < 3; ++attempt) {
            std::optional<Session> session;
            if (inLiveSession) {
                session.emplace(Session::create(LeakCheckedTest::uniqueName("live")));
                Session::detach(); // the helper attaches by its environment
            }
            proclab::CommandOptions opts;
            opts.std_out = proclab::Stdio::pipe();
            opts.env["PROCLAB_NO_TRACKER"] = "1"; // only the sweep removes what it leaves
            opts.env[Session::kEnvVar] = session ? session->name() : "";
            proclab::Process helper = proclab::Process::command({PROCLAB_HELPER_SESSION}, opts);
            helper.start();
            ptest::ChildGuard guard(helper);
            const auto ready = helper.read_line(proclab::Stream::Stdout, 10000ms);
            QVERIFY(ready && ready->rfind("ready ", 0) == 0);
            const std::string queue = ready->substr(ready->rfind(' ') + 1);
            QVERIFY(!listed(proclab::find_debris(), queue)); // its creator holds it
            helper.kill();
            helper.join();
            if (!exists(queue))
                continue; // SIGKILL: nothing of it ran to remove it, but a program starting meanwhile swept
            if (inLiveSession) {
                // A process of the live session may still open it by name: kept while the session lives.
                QVERIFY(!listed(proclab::sweep_debris(), queue));
                QVERIFY(exists(queue));
                session.reset();
            }
            const auto found = proclab::find_debris();
            if (!exists(queue))
                continue; // swept by a program starting meanwhile
            QVERIFY(listed(found, queue));
            for (const auto& d : found)
                if (d.name == queue) {
                    QCOMPARE(d.creator, helper.pid());
                    QCOMPARE(d.kind, std::string("queue"));
                }
            QVERIFY(listed(proclab::sweep_debris(), queue) || !exists(queue)); // another program may sweep first
            QVERIFY(!exists(queue));
            return;
        }
        QFAIL("the leftover was swept by other programs three times in a row");
    }

    void trackerRemovesAtOnce()
    {
        const auto before = ptest::dev_shm_entries();
        proclab::Process helper = startHelper({PROCLAB_HELPER_WORKLOAD, "queue-lock", "-"}, true);
        ptest::ChildGuard guard(helper);
        const auto line = helper.read_line(proclab::Stream::Stdout, 10000ms);
        QVERIFY(line && line->rfind("tracker ", 0) == 0);
        const pid_t tracker = std::stoi(line->substr(8));
        QVERIFY(tracker > 0);
        QVERIFY2(ptest::is_tracker(tracker), qPrintable(ptest::describe_pid(tracker))); // running, named so
        QCOMPARE(ptest::tracker_watches(tracker), helper.pid());
        // Not the helper's descendant (killing its tree spares it): an orphan, adopted by this subreaper.
        const auto children = ptest::children_of(::getpid());
        QVERIFY(std::find(children.begin(), children.end(), tracker) != children.end());
        helper.kill();
        helper.join();
        // Nobody sweeps here but the tracker.
        QTRY_VERIFY2_WITH_TIMEOUT(leftovers(before).isEmpty(), qPrintable(leftovers(before).join(u';')),
                                  ptest::kAwaitMs);
        QTRY_VERIFY2_WITH_TIMEOUT(processesLeft().isEmpty(), qPrintable(processesLeft()), ptest::kAwaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(ptest::pid_gone(tracker) || ptest::proc_state(tracker) == 'Z', ptest::kAwaitMs);
    }

    void cliListsDeadSessionsAndCleans()
    {
        // Another program starting meanwhile may sweep the dead session first: then stage it again.
        for (int attempt = 0; attempt < 3; ++attempt) {
            const std::string name = LeakCheckedTest::uniqueName("dead");
            const std::string segment = userPrefix() + "session-" + name;
            proclab::Process helper = startHelper({PROCLAB_HELPER_WORKLOAD, "queue-lock", name}, false);
            ptest::ChildGuard guard(helper);
            const auto line = helper.read_line(proclab::Stream::Stdout, 10000ms);
            QVERIFY(line && line->rfind("tracker ", 0) == 0);
            helper.kill();
            helper.join();
            QTRY_VERIFY2_WITH_TIMEOUT(processesLeft().isEmpty(), qPrintable(processesLeft()), ptest::kAwaitMs);
            if (!exists(segment))
                continue; // swept by another program starting meanwhile
            const std::string sessions = runCli({"sessions"});
            const std::string clean = runCli({"clean"});
            if (!exists(segment) && clean.find(segment) == std::string::npos)
                continue; // swept by another program between the two commands
            QVERIFY2(sessions.rfind("exit 0\n", 0) == 0, sessions.c_str());
            const auto row = sessions.find(name);
            QVERIFY2(row != std::string::npos, sessions.c_str());
            QVERIFY2(sessions.find("dead", row) != std::string::npos, sessions.c_str());
            QVERIFY2(sessions.find("proclab-cli clean") != std::string::npos, sessions.c_str());
            QVERIFY2(clean.rfind("exit 0\n", 0) == 0, clean.c_str());
            QVERIFY2(clean.find("removed " + segment) != std::string::npos, clean.c_str());
            QVERIFY(!exists(segment));
            const std::string again = runCli({"sessions"});
            QVERIFY2(again.find(name) == std::string::npos, again.c_str());
            return;
        }
        QFAIL("the dead session was swept by other programs three times in a row");
    }

    void killedAtRandomMoments_data()
    {
        QTest::addColumn<std::string>("workload");
        QTest::newRow("pool") << std::string("pool");
        QTest::newRow("queue and lock") << std::string("queue-lock");
    }

    void killedAtRandomMoments()
    {
        QFETCH(std::string, workload);
        int moments = 20;
        if (const char* env = std::getenv("PROCLAB_FAULT_MOMENTS"))
            moments = std::clamp(std::atoi(env), 2, 200);
        const unsigned seed = std::random_device{}();
        qInfo("seed %u, %d moments", seed, moments / 2);
        std::mt19937 rng(seed);
        std::uniform_int_distribution<int> delay_ms(0, 400);
        qint64 slowest = 0; // ms from SIGKILL to nothing left
        for (int i = 0; i < moments / 2; ++i) {
            const auto before = ptest::dev_shm_entries();
            const std::string session = i % 2 ? LeakCheckedTest::uniqueName("fault") : std::string("-");
            const int delay = delay_ms(rng);
            proclab::Process helper = startHelper({PROCLAB_HELPER_WORKLOAD, workload, session}, true);
            ptest::ChildGuard guard(helper);
            // The moment: at start, mid-map / mid-put, between rounds, during a pool's shutdown.
            std::this_thread::sleep_for(std::chrono::milliseconds(delay));
            helper.kill();
            QElapsedTimer clock;
            clock.start();
            helper.join();
            const QString where = QStringLiteral("moment %1: %2 ms after start, seed %3").arg(i).arg(delay).arg(seed);
            QTRY_VERIFY2_WITH_TIMEOUT(processesLeft().isEmpty(),
                                      qPrintable(where + QStringLiteral(": ") + processesLeft()), ptest::kAwaitMs);
            QTRY_VERIFY2_WITH_TIMEOUT(
                leftovers(before).isEmpty(),
                qPrintable(where + QStringLiteral(": ") + leftovers(before).join(QStringLiteral("; "))),
                ptest::kAwaitMs);
            slowest = std::max(slowest, clock.elapsed());
        }
        qInfo("slowest clean-up after SIGKILL: %lld ms", static_cast<long long>(slowest));
    }
};

PROCLAB_TEST_MAIN(TestDebris)
#include "tst_debris.moc"

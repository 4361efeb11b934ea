// SystemSampler and classify_wait: the machine's process table through libproc2 (three levels of a
// launched script's children under the right parents, what ps says of the same PIDs, CPU %, the
// user and descendant filters) and what a sleeping process waits on, in plain words.

#include "test_main.h"
#include "test_support.h"

#include <proclab/system_processes.h>

#include <QTest>

#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

using namespace std::chrono_literals;
using proclab::KernelWait;
using proclab::SystemFilter;
using proclab::SystemProcess;
using proclab::SystemSampler;

Q_DECLARE_METATYPE(KernelWait)
Q_DECLARE_METATYPE(std::optional<proclab::SyscallInfo>)

static_assert(!std::is_copy_constructible_v<SystemSampler> && std::is_nothrow_move_constructible_v<SystemSampler>);

namespace {

std::vector<SystemProcess> sample(SystemSampler& s, SystemFilter f)
{
    return s.sample(f);
}

QString words(KernelWait w)
{
    const std::string_view s = proclab::to_string(w);
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

const SystemProcess* find(const std::vector<SystemProcess>& t, pid_t pid)
{
    auto it = std::find_if(t.begin(), t.end(), [pid](const SystemProcess& p) { return p.pid == pid; });
    return it == t.end() ? nullptr : &*it;
}

SystemFilter descendants(pid_t root)
{
    SystemFilter f;
    f.scope = SystemFilter::Scope::Descendants;
    f.roots = {root};
    return f;
}

// The one descendant of `root` running `command` (0 when none yet).
pid_t descendantRunning(SystemSampler& s, pid_t root, const std::string& command)
{
    for (const auto& p : s.sample(descendants(root)))
        if (p.command == command)
            return p.pid;
    return 0;
}

} // namespace

class TestSystemProcesses : public LeakCheckedTest {
    Q_OBJECT

private slots:
    void classifyWait_data();
    void classifyWait();
    void threeLevelsUnderTheirParents();
    void blockedOn_data();
    void blockedOn();
    void agreesWithPs();
    void userFilter();
    void cpuPercentOfABusyProcess();
    void probeAndGone();
    void cliTop_data();
    void cliTop();
};

void TestSystemProcesses::classifyWait_data()
{
    QTest::addColumn<char>("state");
    QTest::addColumn<QString>("wchan");
    QTest::addColumn<std::optional<proclab::SyscallInfo>>("sys");
    QTest::addColumn<KernelWait>("expected");
    const std::optional<proclab::SyscallInfo> none;
    auto sys = [](long nr, std::string target = {}) {
        return std::optional<proclab::SyscallInfo>(proclab::SyscallInfo{nr, 0, std::move(target)});
    };
    QTest::newRow("running") << 'R' << QString() << none << KernelWait::None;
    QTest::newRow("nanosleep by wchan") << 'S' << QStringLiteral("hrtimer_nanosleep") << none << KernelWait::Sleep;
    QTest::newRow("nanosleep by syscall") << 'S' << QString() << sys(SYS_clock_nanosleep) << KernelWait::Sleep;
    QTest::newRow("futex") << 'S' << QStringLiteral("futex_wait_queue") << none << KernelWait::Futex;
    QTest::newRow("pipe by wchan") << 'S' << QStringLiteral("anon_pipe_read") << none << KernelWait::PipeRead;
    QTest::newRow("pipe by fd") << 'S' << QStringLiteral("0") << sys(SYS_read, "pipe:[42]") << KernelWait::PipeRead;
    QTest::newRow("terminal read") << 'S' << QStringLiteral("n_tty_read") << sys(SYS_read, "/dev/pts/0")
                                   << KernelWait::Read;
    QTest::newRow("socket read") << 'S' << QString() << sys(SYS_read, "socket:[7]") << KernelWait::Socket;
    QTest::newRow("full pipe") << 'S' << QStringLiteral("pipe_write") << none << KernelWait::PipeWrite;
    QTest::newRow("poll") << 'S' << QStringLiteral("poll_schedule_timeout.constprop.0") << none << KernelWait::Poll;
    QTest::newRow("epoll") << 'S' << QStringLiteral("do_epoll_wait") << none << KernelWait::Poll;
    QTest::newRow("wait4") << 'S' << QStringLiteral("do_wait") << none << KernelWait::Child;
    QTest::newRow("waitid by syscall") << 'S' << QString() << sys(SYS_waitid) << KernelWait::Child;
    QTest::newRow("sigsuspend") << 'S' << QStringLiteral("sigsuspend") << none << KernelWait::Signal;
    QTest::newRow("disk") << 'D' << QStringLiteral("io_schedule") << none << KernelWait::Disk;
    QTest::newRow("stopped") << 'T' << QStringLiteral("do_signal_stop") << none << KernelWait::Stopped;
    QTest::newRow("traced") << 't' << QString() << none << KernelWait::Stopped;
    QTest::newRow("zombie") << 'Z' << QString() << none << KernelWait::Zombie;
    QTest::newRow("idle kernel thread") << 'I' << QStringLiteral("worker_thread") << none << KernelWait::None;
    QTest::newRow("unknown sleep") << 'S' << QStringLiteral("some_driver_fn") << none << KernelWait::Other;
}

void TestSystemProcesses::classifyWait()
{
    QFETCH(char, state);
    QFETCH(QString, wchan);
    QFETCH(std::optional<proclab::SyscallInfo>, sys);
    QFETCH(KernelWait, expected);
    const KernelWait got = proclab::classify_wait(state, wchan.toStdString(), sys);
    QCOMPARE(words(got), words(expected));
}

void TestSystemProcesses::threeLevelsUnderTheirParents()
{
    // bash → bash → bash → sleep: "& wait" keeps each bash from exec'ing its only command.
    proclab::Process script =
        proclab::Process::command({"bash", "-c", R"(bash -c "bash -c \"sleep 60 & wait\" & wait" & wait)"});
    ptest::ChildGuard guard(script);
    PTEST_NOTHROW(script.start());
    SystemSampler sampler;
    std::vector<SystemProcess> seen;
    QTRY_VERIFY_WITH_TIMEOUT(
        (seen = sample(sampler, descendants(script.pid())),
         std::any_of(seen.begin(), seen.end(), [](const SystemProcess& p) { return p.command == "sleep"; })),
        ptest::kAwaitMs);
    QCOMPARE(seen.size(), std::size_t(3));
    const SystemProcess* sleeper =
        &*std::find_if(seen.begin(), seen.end(), [](const auto& p) { return p.command == "sleep"; });
    const SystemProcess* grand = find(seen, sleeper->ppid);
    QVERIFY(grand);
    QCOMPARE(grand->command, std::string("bash"));
    const SystemProcess* child = find(seen, grand->ppid);
    QVERIFY(child);
    QCOMPARE(child->ppid, script.pid());
    QVERIFY(!find(seen, script.pid())); // the root itself is not its own descendant
    QCOMPARE(sleeper->cmdline, std::string("sleep 60"));
    QTRY_COMPARE_WITH_TIMEOUT(words(SystemSampler::probe(sleeper->pid).value_or(SystemProcess{}).wait),
                              words(KernelWait::Sleep), ptest::kAwaitMs);

    QCOMPARE(script.kill_tree(SIGKILL), 4);
    script.join();
    QTRY_VERIFY_WITH_TIMEOUT(sample(sampler, descendants(script.pid())).empty(), ptest::kAwaitMs);
    // Re-parented to this process (a subreaper) and reaped by it: none is left, not even a zombie.
    for (const auto* p : {sleeper, grand, child})
        QTRY_VERIFY2_WITH_TIMEOUT(
            ((void)proclab::active_children(),
             !SystemSampler::probe(p->pid) || SystemSampler::probe(p->pid)->start_ticks != p->start_ticks),
            qPrintable(QStringLiteral("PID %1 survived the kill tree").arg(p->pid)), ptest::kAwaitMs);
}

void TestSystemProcesses::blockedOn_data()
{
    QTest::addColumn<QStringList>("argv");
    QTest::addColumn<QString>("command");
    QTest::addColumn<KernelWait>("expected");
    QTest::newRow("sleep") << QStringList{QStringLiteral("sleep"), QStringLiteral("60")} << QStringLiteral("sleep")
                           << KernelWait::Sleep;
    QTest::newRow("read on a pipe") << QStringList{QStringLiteral("bash"), QStringLiteral("-c"),
                                                   QStringLiteral("sleep 60 | cat")}
                                    << QStringLiteral("cat") << KernelWait::PipeRead;
    QTest::newRow("wait for a child") << QStringList{QStringLiteral("bash"), QStringLiteral("-c"),
                                                     QStringLiteral("bash -c 'sleep 60; true'; true")}
                                      << QStringLiteral("bash") << KernelWait::Child;
}

void TestSystemProcesses::blockedOn()
{
    QFETCH(QStringList, argv);
    QFETCH(QString, command);
    QFETCH(KernelWait, expected);
    // Under a bash that waits, so the process looked at is an observed descendant, not ours.
    std::vector<std::string> args = {"bash", "-c", "\"$@\"; true", "wrapper"};
    for (const QString& a : argv)
        args.push_back(a.toStdString());
    proclab::Process p = proclab::Process::command(args);
    ptest::ChildGuard guard(p);
    PTEST_NOTHROW(p.start());
    SystemSampler sampler;
    pid_t target = 0;
    QTRY_VERIFY_WITH_TIMEOUT((target = descendantRunning(sampler, p.pid(), command.toStdString())) != 0,
                             ptest::kAwaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(words(SystemSampler::probe(target).value_or(SystemProcess{}).wait), words(expected),
                              ptest::kAwaitMs);
    p.kill_tree(SIGKILL);
    p.join();
}

void TestSystemProcesses::agreesWithPs()
{
    proclab::Process sleeper = proclab::Process::command({"sleep", "60"});
    ptest::ChildGuard guard(sleeper);
    PTEST_NOTHROW(sleeper.start());
    SystemSampler sampler;
    QTRY_VERIFY_WITH_TIMEOUT(SystemSampler::probe(sleeper.pid()) && SystemSampler::probe(sleeper.pid())->state == 'S',
                             ptest::kAwaitMs);
    const std::vector<SystemProcess> table = sampler.sample();
    proclab::CommandOptions options;
    options.std_out = proclab::Stdio::pipe();
    proclab::Process ps = proclab::Process::command({"ps", "-eo", "pid=,ppid=,user:32=,stat="}, options);
    ps.start();
    std::istringstream out(ps.read_all());
    ps.join();
    QCOMPARE(ps.exitcode().value_or(-1), 0);
    int compared = 0;
    std::string line;
    while (std::getline(out, line)) {
        std::istringstream fields(line);
        pid_t pid = 0, ppid = 0;
        std::string user, stat;
        fields >> pid >> ppid >> user >> stat;
        const SystemProcess* mine = find(table, pid);
        if (!mine)
            continue; // started after the sample (ps itself)
        QCOMPARE(mine->ppid, ppid);
        QCOMPARE(mine->user, user);
        if (pid == sleeper.pid())
            QCOMPARE(mine->state, stat.front());
        ++compared;
    }
    QVERIFY2(compared > 3, "ps and the sampler share hardly any PID");
    QVERIFY(find(table, sleeper.pid()));
    QVERIFY(find(table, ::getpid()));
    QVERIFY(std::is_sorted(table.begin(), table.end(), [](const auto& a, const auto& b) { return a.pid < b.pid; }));
}

void TestSystemProcesses::userFilter()
{
    SystemSampler sampler;
    SystemFilter f;
    f.scope = SystemFilter::Scope::User;
    f.uid = ::geteuid();
    const auto mine = sampler.sample(f);
    QVERIFY(find(mine, ::getpid()));
    for (const auto& p : mine)
        QCOMPARE(p.uid, ::geteuid());
    f.uid = 65534; // nobody: rarely runs anything here; whatever runs must be its own
    for (const auto& p : sampler.sample(f))
        QCOMPARE(p.uid, uid_t(65534));
}

void TestSystemProcesses::cpuPercentOfABusyProcess()
{
    proclab::Process busy = proclab::Process::command({"bash", "-c", "while :; do :; done"});
    ptest::ChildGuard guard(busy);
    PTEST_NOTHROW(busy.start());
    // The CPU time the kernel charged to the process (utime + stime), in seconds: what the sampled
    // percentage must agree with, whatever the machine's load lets the loop have.
    const auto cpuSeconds = [pid = busy.pid()] {
        std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
        std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::istringstream rest(stat.substr(stat.rfind(')') + 2));
        std::string field;
        unsigned long long utime = 0, stime = 0;
        for (int i = 3; i <= 15 && rest >> field; ++i) {
            if (i == 14)
                utime = std::stoull(field);
            if (i == 15)
                stime = std::stoull(field);
        }
        return double(utime + stime) / double(::sysconf(_SC_CLK_TCK));
    };
    const auto wallSeconds = [] {
        timespec ts{};
        ::clock_gettime(CLOCK_MONOTONIC, &ts);
        return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
    };
    SystemSampler sampler;
    SystemFilter f;
    f.scope = SystemFilter::Scope::Descendants;
    f.roots = {::getpid()};
    QTRY_VERIFY(find(sampler.sample(f), busy.pid())); // the first sample: the sampler's baseline
    const double cpu0 = cpuSeconds();
    const double wall0 = wallSeconds();
    QTRY_VERIFY_WITH_TIMEOUT(cpuSeconds() - cpu0 >= 0.3, ptest::kAwaitMs); // ran for a while
    const auto t = sampler.sample(f);
    const double expected = 100.0 * (cpuSeconds() - cpu0) / (wallSeconds() - wall0);
    const SystemProcess* p = find(t, busy.pid());
    QVERIFY(p);
    const double cpu = p->cpu_percent;
    QVERIFY2(cpu > 0.0 && std::abs(cpu - expected) <= std::max(10.0, 0.25 * expected),
             qPrintable(QStringLiteral("sampled %1 %, charged %2 %").arg(cpu).arg(expected)));
    QVERIFY2(cpu < 105.0, qPrintable(QString::number(cpu)));
    busy.kill();
    busy.join();
}

void TestSystemProcesses::probeAndGone()
{
    const auto self = SystemSampler::probe(::getpid());
    QVERIFY(self);
    QCOMPARE(self->ppid, ::getppid());
    QVERIFY(self->threads >= 1);
    QVERIFY(self->rss_bytes > 0);
    QVERIFY(self->vsize_bytes >= self->rss_bytes);
    QVERIFY(self->mem_percent > 0 && self->mem_percent < 100);
    QVERIFY(self->start_ns <= proclab::now_ns());
    proclab::Process quick = proclab::Process::command({"true"});
    quick.start();
    const pid_t pid = quick.pid();
    quick.join();
    QVERIFY(!SystemSampler::probe(pid) || SystemSampler::probe(pid)->command != "true");
}

void TestSystemProcesses::cliTop_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("title");
    QTest::newRow("all") << QStringLiteral("--all") << QStringLiteral("all processes");
    QTest::newRow("user") << QStringLiteral("--user") << QStringLiteral("processes of this user");
}

void TestSystemProcesses::cliTop()
{
    QFETCH(QString, option);
    QFETCH(QString, title);
    proclab::Process sleeper = proclab::Process::command({"sleep", "60"});
    ptest::ChildGuard guard(sleeper);
    PTEST_NOTHROW(sleeper.start());
    QTRY_VERIFY_WITH_TIMEOUT(SystemSampler::probe(sleeper.pid()) && SystemSampler::probe(sleeper.pid())->state == 'S',
                             ptest::kAwaitMs);
    proclab::CommandOptions options;
    options.std_out = proclab::Stdio::pipe();
    proclab::Process top = proclab::Process::command({PROCLAB_CLI, "top", option.toStdString(), "--once"}, options);
    top.start();
    const std::string out = top.read_all();
    top.join();
    QCOMPARE(top.exitcode().value_or(-1), 0);
    QVERIFY2(out.rfind(title.toStdString(), 0) == 0, out.substr(0, 200).c_str());
    // The sleeper's line: PID, PPID, user, state, what it waits on, its command line.
    const SystemProcess me = *SystemSampler::probe(sleeper.pid());
    std::istringstream lines(out);
    std::string line;
    bool found = false;
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        pid_t pid = 0, ppid = 0;
        std::string user;
        if (!(fields >> pid >> ppid >> user) || pid != sleeper.pid())
            continue;
        found = true;
        QCOMPARE(ppid, ::getpid());
        QCOMPARE(user, me.user);
        QVERIFY2(line.find(" S ") != std::string::npos, line.c_str());
        QVERIFY2(line.find("sleeping (nanosleep)") != std::string::npos, line.c_str());
        QVERIFY2(line.find("sleep 60") != std::string::npos, line.c_str());
    }
    QVERIFY2(found, out.substr(0, 400).c_str());
    sleeper.kill();
    sleeper.join();
}

PROCLAB_TEST_MAIN(TestSystemProcesses)
#include "tst_system_processes.moc"

// The Python bridge: real multiprocessing scripts (scripts/), unmodified, run under each start
// method with the bridge on PYTHONPATH; the registry must show what the window would show.
#include "leak_check_fixture.h"
#include "test_main.h"

#include <proclab/process.h>
#include <proclab/python_bridge.h>
#include <proclab/scheduler.h>
#include <proclab/session.h>

#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <csignal>
#include <optional>
#include <set>

using namespace proclab;

namespace {

QString script(const char* name)
{
    return QStringLiteral(PROCLAB_PYTHON_SCRIPTS "/") + QLatin1String(name);
}

QStringList pythonSemaphores()
{
    return QDir(QStringLiteral("/dev/shm")).entryList({QStringLiteral("sem.mp-*")}, QDir::System | QDir::Files);
}

const ProcessRecord* named(const Snapshot& snap, const std::string& name)
{
    for (const auto& p : snap.processes)
        if (p.name == name)
            return &p;
    return nullptr;
}

std::vector<const ObjectRecord*> objectsOf(const Snapshot& snap, ObjectKind kind)
{
    std::vector<const ObjectRecord*> out;
    for (const auto& o : snap.objects)
        if (o.kind == kind && o.name.rfind("py/", 0) == 0)
            out.push_back(&o);
    return out;
}

/// The exception texts of a pool's failed tasks ("Pool#<id> failure" entries: their names).
std::vector<std::string> failureTexts(const Snapshot& snap, ObjectId pool)
{
    std::vector<std::string> out;
    for (const auto* o : objectsOf(snap, ObjectKind::Value))
        if (o->label == "Pool#" + std::to_string(pool) + " failure")
            out.push_back(o->name);
    return out;
}

/// A failed check in scheduler mode leaves a Python program's processes held or deadlocked (its
/// daemons outlive a killed main): the whole tree goes then.
struct KillTreeOnFailure {
    pid_t root;
    ~KillTreeOnFailure()
    {
        if (QTest::currentTestFailed())
            proclab::kill_tree(root);
    }
};

} // namespace

class TestPythonBridge : public LeakCheckedTest {
    Q_OBJECT

    /// A watched python3 running `file` with the start method, in session `m_session`.
    std::unique_ptr<QProcess> run(const QString& file, const QString& method, const QStringList& extraEnv = {})
    {
        auto p = std::make_unique<QProcess>();
        const auto dir = python_bridge_dir();
        if (!dir)
            return nullptr;
        QStringList env;
        for (const auto& e : python_bridge_environment(m_session->name(), *dir))
            env << QString::fromStdString(e);
        p->setEnvironment(env + extraEnv);
        p->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p->start(QStringLiteral("python3"), {file, method});
        return p;
    }

    static QString readLineStartingWith(QProcess& p, const QString& prefix)
    {
        for (;;) {
            if (!p.canReadLine() && !p.waitForReadyRead(20000))
                return {};
            while (p.canReadLine()) {
                const QString line = QString::fromUtf8(p.readLine()).trimmed();
                if (line.startsWith(prefix))
                    return line;
            }
        }
    }

    static void finish(QProcess& p, int expectedExit = 0)
    {
        p.write("go\n");
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), expectedExit);
    }

    std::optional<Session> m_session;

private slots:
    void initTestCase()
    {
        LeakCheckedTest::initTestCase();
        if (!python_bridge_dir())
            QSKIP("the Python bridge is not built (PROCLAB_BUILD_PYTHON=OFF)");
        const auto before = std::make_shared<QStringList>(pythonSemaphores());
        addLeakCheck(When::AfterEachTest, QStringLiteral("Python named semaphores (/dev/shm/sem.mp-*)"), [before] {
            QStringList left;
            for (const auto& s : pythonSemaphores())
                if (!before->contains(s))
                    left << s;
            return left;
        });
    }
    void init()
    {
        LeakCheckedTest::init();
        m_session.emplace(Session::create(uniqueName("py")));
    }
    void cleanup()
    {
        m_session.reset();
        Session::detach();
        LeakCheckedTest::cleanup();
    }

    void readerBlockedInGetThenQueueDepth_data()
    {
        QTest::addColumn<QString>("method");
        QTest::newRow("fork") << QStringLiteral("fork");
        QTest::newRow("spawn") << QStringLiteral("spawn");
        QTest::newRow("forkserver") << QStringLiteral("forkserver");
    }
    void readerBlockedInGetThenQueueDepth()
    {
        QFETCH(QString, method);
        auto p = run(script("queue_reader.py"), method);
        const QString ready = readLineStartingWith(*p, QStringLiteral("ready"));
        QVERIFY2(!ready.isEmpty(), "the script did not start its reader");
        const pid_t reader = ready.section(QLatin1Char(' '), 1, 1).toInt();
        const pid_t main = static_cast<pid_t>(p->processId());
        // The reader is shown blocked in get on the program's Queue, under the main process.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const auto snap = m_session->snapshot();
                const auto* r = snap.process(reader);
                const auto queues = objectsOf(snap, ObjectKind::Queue);
                return r && r->state == RunState::Blocked && r->blocked_op == WaitOp::Get && queues.size() == 1 &&
                       r->blocked_on == queues.front()->id;
            }(),
            ptest::kAwaitMs);
        {
            const auto snap = m_session->snapshot();
            const auto* r = snap.process(reader);
            QCOMPARE(r->name, std::string("Reader"));
            QCOMPARE(r->ppid, main);
            QCOMPARE(r->kind, ProcessKind::Process);
            const auto* m = snap.process(main);
            QVERIFY(m);
            QCOMPARE(m->kind, ProcessKind::Main);
            QCOMPARE(objectsOf(snap, ObjectKind::Queue).front()->label, std::string("Queue"));
        }
        p->write("go\n");
        QCOMPARE(readLineStartingWith(*p, QStringLiteral("left")), QStringLiteral("left 2"));
        {
            // Three puts, one get: depth 2, as the program's own qsize() says; the reader ended 0.
            const auto snap = m_session->snapshot();
            const auto* q = objectsOf(snap, ObjectKind::Queue).front();
            QCOMPARE(q->puts, 3u);
            QCOMPARE(q->gets, 1u);
            QCOMPARE(q->depth, 2u);
            const auto* r = snap.process(reader);
            QVERIFY(r->exitcode.has_value());
            QCOMPARE(*r->exitcode, 0);
            QVERIFY(r->joined);
        }
        finish(*p);
    }

    // A reader killed while it waits in get() is taken off the queue's getters when it is reaped:
    // nobody is shown waiting on the queue afterwards (a watched Python queue keeps its getters in
    // the record's tasks_running; a stale one would show the next get that finds a message waiting).
    void killedReaderLeavesNoGetter_data() { readerBlockedInGetThenQueueDepth_data(); }
    void killedReaderLeavesNoGetter()
    {
        QFETCH(QString, method);
        auto p = run(script("queue_killed_reader.py"), method);
        const QString ready = readLineStartingWith(*p, QStringLiteral("ready"));
        QVERIFY2(!ready.isEmpty(), "the script did not start its reader");
        const pid_t doomed = ready.section(QLatin1Char(' '), 1, 1).toInt();
        const auto waitingInGet = [this](pid_t pid) {
            const auto snap = m_session->snapshot();
            const auto* r = snap.process(pid);
            const auto queues = objectsOf(snap, ObjectKind::Queue);
            return r && r->state == RunState::Blocked && r->blocked_op == WaitOp::Get && queues.size() == 1 &&
                   r->blocked_on == queues.front()->id && queues.front()->tasks_running == 1;
        };
        QTRY_VERIFY_WITH_TIMEOUT(waitingInGet(doomed), ptest::kAwaitMs);
        p->write("go\n");
        QCOMPARE(readLineStartingWith(*p, QStringLiteral("killed")), QStringLiteral("killed -9"));
        {
            const auto snap = m_session->snapshot();
            const auto* q = objectsOf(snap, ObjectKind::Queue).front();
            QCOMPARE(q->tasks_running, 0u);
            QCOMPARE(q->waiters, 0u);
            QCOMPARE(*snap.process(doomed)->exitcode, -SIGKILL);
        }
        QVERIFY(p->waitForFinished(30000));
        QCOMPARE(p->exitCode(), 0);
    }

    void writerBlockedInPutOnAFullQueue_data() { readerBlockedInGetThenQueueDepth_data(); }
    void writerBlockedInPutOnAFullQueue()
    {
        QFETCH(QString, method);
        auto p = run(script("queue_full.py"), method);
        const QString ready = readLineStartingWith(*p, QStringLiteral("ready"));
        QVERIFY2(!ready.isEmpty(), "the script did not start its writer");
        const pid_t writer = ready.section(QLatin1Char(' '), 1, 1).toInt();
        // The writer is shown blocked in put on the full queue (depth 1 of maxsize 1).
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const auto snap = m_session->snapshot();
                const auto* w = snap.process(writer);
                const auto queues = objectsOf(snap, ObjectKind::Queue);
                return w && w->state == RunState::Blocked && w->blocked_op == WaitOp::Put && queues.size() == 1 &&
                       w->blocked_on == queues.front()->id;
            }(),
            ptest::kAwaitMs);
        {
            const auto snap = m_session->snapshot();
            const auto* q = objectsOf(snap, ObjectKind::Queue).front();
            QCOMPARE(q->capacity, 1u);
            QCOMPARE(q->depth, 1u); // the waiting put is not counted yet
        }
        p->write("go\n");
        QCOMPARE(readLineStartingWith(*p, QStringLiteral("got")), QStringLiteral("got first second"));
        QCOMPARE(readLineStartingWith(*p, QStringLiteral("exitcode")), QStringLiteral("exitcode 0"));
        {
            const auto snap = m_session->snapshot();
            const auto* q = objectsOf(snap, ObjectKind::Queue).front();
            QCOMPARE(q->puts, 2u);
            QCOMPARE(q->gets, 2u);
            QCOMPARE(q->depth, 0u);
        }
        finish(*p);
    }

    void lockHolderAndWaiters_data() { readerBlockedInGetThenQueueDepth_data(); }
    void lockHolderAndWaiters()
    {
        QFETCH(QString, method);
        auto p = run(script("lock_four.py"), method);
        const QString ready = readLineStartingWith(*p, QStringLiteral("ready"));
        QVERIFY(!ready.isEmpty());
        const pid_t holder = ready.section(QLatin1Char(' '), 1, 1).toInt();
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const auto snap = m_session->snapshot();
                const auto locks = objectsOf(snap, ObjectKind::Lock);
                int waiting = 0;
                for (const auto& r : snap.processes)
                    waiting += r.state == RunState::Blocked && r.blocked_op == WaitOp::Acquire && !locks.empty() &&
                               r.blocked_on == locks.front()->id;
                return locks.size() == 1 && locks.front()->owner == holder && waiting == 3 &&
                       locks.front()->waiters == 3;
            }(),
            ptest::kAwaitMs);
        const auto snap = m_session->snapshot();
        QVERIFY(named(snap, "Waiter-0") && named(snap, "Waiter-2"));
        QCOMPARE(named(snap, "Holder")->pid, holder);
        p->write("go\n");
        QCOMPARE(readLineStartingWith(*p, QStringLiteral("exitcodes")), QStringLiteral("exitcodes 0 0 0 0"));
        QVERIFY(p->waitForFinished(30000));
        QCOMPARE(p->exitCode(), 0);
        QCOMPARE(objectsOf(m_session->snapshot(), ObjectKind::Lock).front()->owner, 0);
    }

    void poolTasksAndTheSwallowedFailure_data() { readerBlockedInGetThenQueueDepth_data(); }
    void poolTasksAndTheSwallowedFailure()
    {
        QFETCH(QString, method);
        auto p = run(script("pool_failing.py"), method);
        QCOMPARE(readLineStartingWith(*p, QStringLiteral("map")), QStringLiteral("map [0, 1, 4]"));
        QVERIFY(!readLineStartingWith(*p, QStringLiteral("ready")).isEmpty());
        const auto snap = m_session->snapshot();
        const auto pools = objectsOf(snap, ObjectKind::Pool);
        QCOMPARE(pools.size(), std::size_t(1));
        const auto* pool = pools.front();
        QCOMPARE(pool->workers, 2u);
        QCOMPARE(pool->tasks_failed, 1u); // square(3): nobody called get(), still shown failed
        QCOMPARE(pool->tasks_done, 4u);   // map's chunks and apply_async(4)
        QCOMPARE(pool->tasks_running, 0u);
        int workers = 0;
        for (const auto& r : snap.processes)
            workers += r.kind == ProcessKind::PoolWorker && r.ppid == static_cast<pid_t>(p->processId());
        QCOMPARE(workers, 2);
        // One span per task on the timeline: begin and end events, the failed one with outcome 1.
        const auto batch = m_session->events(0);
        int begins = 0, ends = 0, failed = 0;
        for (const auto& e : batch.events) {
            if (e.object != pool->id)
                continue;
            begins += e.kind == EventKind::TaskBegin;
            ends += e.kind == EventKind::TaskEnd;
            failed += e.kind == EventKind::TaskEnd && e.arg2 == 1;
        }
        QCOMPARE(begins, 5);
        QCOMPARE(ends, 5);
        QCOMPARE(failed, 1);
        // The failed task's exception, type and message, beside the pool in the objects table.
        const auto texts = failureTexts(snap, pool->id);
        QCOMPARE(texts.size(), std::size_t(1));
        QVERIFY2(texts.front().find("square: ValueError: three is not welcome") != std::string::npos,
                 texts.front().c_str());
        finish(*p);
    }

    void exitCodesAsPythonReportsThem_data() { readerBlockedInGetThenQueueDepth_data(); }
    void exitCodesAsPythonReportsThem()
    {
        QFETCH(QString, method);
        auto p = run(script("exit_codes.py"), method);
        QVERIFY(p->waitForStarted());
        const auto main = static_cast<pid_t>(p->processId()); // 0 once it has finished
        QCOMPARE(readLineStartingWith(*p, QStringLiteral("exitcodes")), QStringLiteral("exitcodes 0 3 1 -15 -9"));
        const pid_t daemon = readLineStartingWith(*p, QStringLiteral("daemon")).section(QLatin1Char(' '), 1).toInt();
        QVERIFY(p->waitForFinished(30000));
        QCOMPARE(p->exitCode(), 0);
        const auto snap = m_session->snapshot();
        const std::pair<const char*, int> expected[] = {
            {"returns", 0}, {"exits", 3}, {"raises", 1}, {"terminated", -SIGTERM}, {"killed", -SIGKILL}};
        for (const auto& [name, code] : expected) {
            const auto* r = named(snap, name);
            QVERIFY2(r, name);
            QVERIFY2(r->exitcode.has_value(), name);
            QCOMPARE(*r->exitcode, code);
            QCOMPARE(r->state, code < 0 ? RunState::Killed : RunState::Exited);
        }
        // The daemon was terminated by its parent's exit, as Python does it.
        const auto* d = snap.process(daemon);
        QVERIFY(d && d->daemon);
        QVERIFY(d->exitcode.has_value());
        QCOMPARE(*d->exitcode, -SIGTERM);
        // The main process recorded its own exit status.
        const auto* m = snap.process(main);
        QVERIFY(m && m->exitcode.has_value());
        QCOMPARE(*m->exitcode, 0);
    }

    void pipeWithFiveSenders_data() { readerBlockedInGetThenQueueDepth_data(); }
    void pipeWithFiveSenders()
    {
        QFETCH(QString, method);
        auto p = run(script("pipe_senders.py"), method);
        QVERIFY(!readLineStartingWith(*p, QStringLiteral("ready")).isEmpty());
        const auto snap = m_session->snapshot();
        const auto pipes = objectsOf(snap, ObjectKind::Pipe);
        QCOMPARE(pipes.size(), std::size_t(1));
        QCOMPARE(pipes.front()->puts, 5u);
        QCOMPARE(pipes.front()->gets, 5u);
        QCOMPARE(pipes.front()->depth, 0u);
        QVERIFY(pipes.front()->bytes > 5u * 12u);
        int ended = 0;
        for (const auto& r : snap.processes)
            ended += r.kind == ProcessKind::Process && r.exitcode == 0;
        QCOMPARE(ended, 5);
        finish(*p);
    }

    // The window and the lesson runner read output through a pipe with PYTHONUNBUFFERED set:
    // the bridge makes it line-buffered, so lines from four printing processes stay whole.
    void linesFromSeveralProcessesStayWhole_data() { readerBlockedInGetThenQueueDepth_data(); }
    void linesFromSeveralProcessesStayWhole()
    {
        QFETCH(QString, method);
        auto p = run(script("print_lines.py"), method,
                     {QStringLiteral("PYTHONUNBUFFERED=1"), QStringLiteral("PROCLAB_LINE_BUFFERED=1")});
        static const QRegularExpression whole(QStringLiteral("^worker [0-3] line [0-9]+ of 300$"));
        int lines = 0;
        for (;;) {
            if (!p->canReadLine())
                QVERIFY2(p->waitForReadyRead(20000), "no \"ready\" line");
            const QString line = QString::fromUtf8(p->readLine()).chopped(1);
            if (line == QLatin1String("ready"))
                break;
            QVERIFY2(whole.match(line).hasMatch(), qPrintable(line));
            ++lines;
        }
        QCOMPARE(lines, 4 * 300);
        finish(*p);
    }

    void executorTasks_data() { readerBlockedInGetThenQueueDepth_data(); }
    void executorTasks()
    {
        QFETCH(QString, method);
        auto p = run(script("executor.py"), method);
        QCOMPARE(readLineStartingWith(*p, QStringLiteral("ok")), QStringLiteral("ok [True, True, False, True, True]"));
        QVERIFY(!readLineStartingWith(*p, QStringLiteral("ready")).isEmpty());
        const auto snap = m_session->snapshot();
        const auto pools = objectsOf(snap, ObjectKind::Pool);
        QCOMPARE(pools.size(), std::size_t(1));
        QCOMPARE(pools.front()->label, std::string("ProcessPoolExecutor"));
        QCOMPARE(pools.front()->workers, 2u);
        QCOMPARE(pools.front()->tasks_failed, 1u);
        QCOMPARE(pools.front()->tasks_done, 7u); // four of the five submits, and map's three calls
        const auto texts = failureTexts(snap, pools.front()->id);
        QCOMPARE(texts.size(), std::size_t(1));
        QVERIFY2(texts.front().find("tenfold: KeyError: 2") != std::string::npos, texts.front().c_str());
        int workers = 0;
        for (const auto& r : snap.processes)
            workers += r.kind == ProcessKind::PoolWorker;
        QCOMPARE(workers, 2);
        finish(*p);
    }

    void managerQueueAcrossPoolWorkers_data() { readerBlockedInGetThenQueueDepth_data(); }
    void managerQueueAcrossPoolWorkers()
    {
        QFETCH(QString, method);
        auto p = run(script("manager_queue.py"), method);
        QCOMPARE(readLineStartingWith(*p, QStringLiteral("queued")), QStringLiteral("queued 4"));
        const QString ready = readLineStartingWith(*p, QStringLiteral("ready"));
        QVERIFY(!ready.isEmpty());
        const pid_t getter = ready.section(QLatin1Char(' '), 1, 1).toInt();
        const pid_t server = ready.section(QLatin1Char(' '), 2, 2).toInt();
        // The getter waits in get() on the manager's queue, which the pool workers filled and the
        // main process emptied: 4 puts, 4 gets, depth 0; the server is labelled manager.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const auto snap = m_session->snapshot();
                const auto* g = snap.process(getter);
                const auto queues = objectsOf(snap, ObjectKind::Queue);
                return g && g->state == RunState::Blocked && g->blocked_op == WaitOp::Get && queues.size() == 1 &&
                       g->blocked_on == queues.front()->id;
            }(),
            ptest::kAwaitMs);
        const auto snap = m_session->snapshot();
        const auto* q = objectsOf(snap, ObjectKind::Queue).front();
        QCOMPARE(q->label, std::string("Manager Queue"));
        QCOMPARE(q->puts, 4u);
        QCOMPARE(q->gets, 4u);
        QCOMPARE(q->depth, 0u);
        QVERIFY(objectsOf(snap, ObjectKind::Pipe).empty()); // the manager's own pipe is not the program's
        QVERIFY(snap.process(server));
        QCOMPARE(snap.process(server)->kind, ProcessKind::Manager);
        p->write("go\n");
        QCOMPARE(readLineStartingWith(*p, QStringLiteral("exitcode")), QStringLiteral("exitcode 0"));
        QVERIFY(p->waitForFinished(30000));
        QCOMPARE(p->exitCode(), 0);
    }

    void managerListAndDictSizes_data() { readerBlockedInGetThenQueueDepth_data(); }
    void managerListAndDictSizes()
    {
        QFETCH(QString, method);
        auto p = run(script("manager_list.py"), method);
        QCOMPARE(readLineStartingWith(*p, QStringLiteral("sizes")), QStringLiteral("sizes 5 3"));
        // The program still gets plain lists and dicts from its proxies.
        QCOMPARE(readLineStartingWith(*p, QStringLiteral("types")), QStringLiteral("types list dict"));
        // The sizes as the server holds them: the value, and the label the window shows as the kind.
        const auto snap = m_session->snapshot();
        const auto values = objectsOf(snap, ObjectKind::Value);
        const ObjectRecord* list = nullptr;
        const ObjectRecord* dict = nullptr;
        for (const auto* o : values) {
            if (o->label.rfind("Manager list", 0) == 0)
                list = o;
            if (o->label.rfind("Manager dict", 0) == 0)
                dict = o;
        }
        QVERIFY(list && dict);
        QCOMPARE(list->value, 5);
        QCOMPARE(list->label, std::string("Manager list (5)"));
        QCOMPARE(dict->value, 3);
        QCOMPARE(dict->label, std::string("Manager dict (3)"));
        finish(*p);
    }

    void crashLeavesNothingStale_data() { readerBlockedInGetThenQueueDepth_data(); }
    void crashLeavesNothingStale()
    {
        QFETCH(QString, method);
        auto p = run(script("crash.py"), method);
        const QString pids = readLineStartingWith(*p, QStringLiteral("pids"));
        QVERIFY(p->waitForFinished(30000));
        QCOMPARE(p->exitCode(), 7); // the program's own exit code, untouched by the bridge
        // Nothing of the program is shown running once it is gone.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const auto snap = m_session->snapshot();
                for (const auto& r : snap.processes)
                    if (r.pid != ::getpid() && (r.state == RunState::Running || r.state == RunState::Blocked))
                        return false;
                return true;
            }(),
            ptest::kAwaitMs);
        const auto snap = m_session->snapshot();
        const pid_t killed = pids.section(QLatin1Char(' '), 1, 1).toInt();
        QVERIFY(snap.process(killed) && snap.process(killed)->exitcode == -SIGKILL);
        for (const auto& o : snap.objects)
            QVERIFY2(!o.alive || o.name.rfind("py/", 0) != 0, o.name.c_str()); // gone with their creator
    }

    // Scheduler mode reaches a Python program: its processes are held at their starts and lock
    // operations, a learner's clicks make the lock-order deadlock, and the scheduler names it.
    void schedulerHoldsPythonProcesses_data() { readerBlockedInGetThenQueueDepth_data(); }
    void schedulerHoldsPythonProcesses()
    {
        QFETCH(QString, method);
        proclab::Scheduler sched(*m_session);
        auto p = run(script("lock_order.py"), method);
        QVERIFY(p->waitForStarted());
        const KillTreeOnFailure guard{static_cast<pid_t>(p->processId())};
        const auto text = [](const proclab::SchedulerState& st) {
            std::string out;
            for (const auto& h : st.held)
                out += h.describe() + (h.can_move ? "\n" : " (cannot move)\n");
            for (const auto& line : st.explanation)
                out += line + "\n";
            return out;
        };
        const auto heldAt = [](const proclab::SchedulerState& st, const std::string& name, SchedOp op) {
            for (const auto& h : st.held)
                if (h.name == name && h.op == op)
                    return true;
            return false;
        };
        // The line of lock_order.py each process is held at.
        const auto lineOf = [](const proclab::SchedulerState& st, const std::string& name, SchedOp op = SchedOp::None) {
            for (const auto& h : st.held)
                if (h.name == name || (name.empty() && h.op == op))
                    return h.line;
            return -1;
        };
        // Both children wait at their start, at the line of their target's def (the main program
        // at its join of p1, line 20).
        proclab::SchedulerState st;
        QTRY_VERIFY2_WITH_TIMEOUT(
            (st = sched.settle(), heldAt(st, "p1", SchedOp::Start) && heldAt(st, "p2", SchedOp::Start)),
            text(st).c_str(), ptest::kAwaitMs);
        QCOMPARE(lineOf(st, "p1"), 7);
        QCOMPARE(lineOf(st, "p2"), 7);
        QTRY_COMPARE_WITH_TIMEOUT((st = sched.settle(), lineOf(st, "", SchedOp::Join)), 20,
                                  ptest::kAwaitMs); // the main program
        sched.step("p1");                           // starts: to its first lock
        st = sched.settle();
        QVERIFY(heldAt(st, "p1", SchedOp::Acquire));
        QCOMPARE(lineOf(st, "p1"), 8); // with first:
        sched.step("p1");              // takes a: to b
        sched.step("p2");              // starts: to its first lock (b)
        QVERIFY(heldAt(sched.settle(), "p2", SchedOp::Acquire));
        sched.step("p2"); // takes b: to a
        st = sched.settle();
        QVERIFY2(st.deadlock, text(st).c_str());
        QCOMPARE(lineOf(st, "p1"), 9); // both stuck at `with second:`
        QCOMPARE(lineOf(st, "p2"), 9);
        if (method != QLatin1String("fork")) { // spawn and forkserver start Python's resource tracker:
            // a helper, outside the run (never held); its record is written once its own Python
            // has started, which a loaded machine may delay past the moves above.
            const auto tracker = [this]() -> std::optional<proclab::ProcessRecord> {
                for (const auto& r : m_session->snapshot(false).processes)
                    if (r.name == "ResourceTracker" && r.end_ns == 0)
                        return r;
                return std::nullopt;
            };
            QTRY_VERIFY_WITH_TIMEOUT(tracker().has_value(), ptest::kAwaitMs);
            QCOMPARE(tracker()->kind, ProcessKind::Helper);
            QVERIFY(!st.held_process(tracker()->pid));
        }
        const std::string why = text(st);
        QVERIFY2(why.find("p1") != std::string::npos && why.find("p2") != std::string::npos, why.c_str());
        // Let go, the program runs on: its joins time out, the two stay stuck until it exits.
        sched.run_freely();
        QCOMPARE(readLineStartingWith(*p, QStringLiteral("alive")), QStringLiteral("alive True True"));
        QVERIFY(p->waitForFinished(30000));
        QCOMPARE(p->exitCode(), 0);
    }

    // Event wait and set and Condition notify are points of a Python program too: the waiter
    // cannot move before the event is set, and each is held at its line.
    void schedulerHoldsPythonEventAndNotify()
    {
        proclab::Scheduler sched(*m_session);
        auto p = run(script("event_notify.py"), QStringLiteral("fork"));
        QVERIFY(p->waitForStarted());
        const KillTreeOnFailure guard{static_cast<pid_t>(p->processId())};
        // By name, or (name "") the one held at `op`: the main program.
        const auto held = [](const proclab::SchedulerState& st, const std::string& name, SchedOp op = SchedOp::None) {
            for (const auto& h : st.held)
                if (h.name == name || (name.empty() && h.op == op))
                    return h;
            return proclab::HeldProcess{};
        };
        proclab::SchedulerState st;
        QTRY_VERIFY_WITH_TIMEOUT(
            (st = sched.settle(), held(st, "waiter").op == SchedOp::Start && held(st, "notifier").op == SchedOp::Start),
            ptest::kAwaitMs);
        sched.step("waiter"); // to event.wait(): the event is not set, it cannot move
        st = sched.settle();
        QCOMPARE(int(held(st, "waiter").op), int(SchedOp::Wait));
        QCOMPARE(held(st, "waiter").line, 8);
        QVERIFY(!held(st, "waiter").can_move);
        sched.step("notifier"); // to cond.notify_all() (the Condition's own lock is not a point)
        st = sched.settle();
        QCOMPARE(int(held(st, "notifier").op), int(SchedOp::Notify));
        QCOMPARE(held(st, "notifier").line, 14);
        sched.step("notifier"); // notifies nobody, ends
        QTRY_VERIFY_WITH_TIMEOUT((st = sched.settle(), held(st, "notifier").pid == 0), ptest::kAwaitMs);
        QCOMPARE(readLineStartingWith(*p, QStringLiteral("notifier")), QStringLiteral("notifier done"));
        // The main program: at ev.set() (line 25), then the waiter can go.
        QTRY_VERIFY_WITH_TIMEOUT((st = sched.settle(), held(st, "", SchedOp::Set).pid != 0), ptest::kAwaitMs);
        QCOMPARE(held(st, "", SchedOp::Set).line, 25);
        sched.step(held(st, "", SchedOp::Set).pid);
        QTRY_VERIFY_WITH_TIMEOUT((st = sched.settle(), held(st, "waiter").can_move), ptest::kAwaitMs);
        sched.run_freely();
        QCOMPARE(readLineStartingWith(*p, QStringLiteral("waiter")), QStringLiteral("waiter woke"));
        QCOMPARE(readLineStartingWith(*p, QStringLiteral("exit codes")), QStringLiteral("exit codes 0 0"));
        QVERIFY(p->waitForFinished(30000));
        QCOMPARE(p->exitCode(), 0);
    }

    // The lost update of a Python program, made by choosing who moves: both read 0 under the
    // Value's lock, then both write 1.
    void schedulerLosesAPythonUpdate()
    {
        proclab::Scheduler sched(*m_session);
        auto p = run(script("lost_update.py"), QStringLiteral("fork"));
        QVERIFY(p->waitForStarted());
        const KillTreeOnFailure guard{static_cast<pid_t>(p->processId())};
        const auto opOf = [](const proclab::SchedulerState& st, const std::string& name) {
            for (const auto& h : st.held)
                if (h.name == name)
                    return h.op;
            return SchedOp::None;
        };
        proclab::SchedulerState st;
        QTRY_VERIFY_WITH_TIMEOUT(
            (st = sched.settle(), opOf(st, "p1") == SchedOp::Start && opOf(st, "p2") == SchedOp::Start),
            ptest::kAwaitMs);
        const std::pair<const char*, SchedOp> moves[] = {
            {"p1", SchedOp::Start},   {"p2", SchedOp::Start},    // to the read
            {"p1", SchedOp::Acquire}, {"p1", SchedOp::Release},  // p1 reads 0
            {"p2", SchedOp::Acquire}, {"p2", SchedOp::Release},  // p2 reads 0
            {"p1", SchedOp::Acquire}, {"p1", SchedOp::Release},  // p1 writes 1
            {"p2", SchedOp::Acquire}, {"p2", SchedOp::Release}}; // p2 writes 1
        for (const auto& [name, op] : moves) {
            st = sched.settle();
            QCOMPARE(int(opOf(st, name)), int(op));
            sched.step(name);
        }
        sched.run_freely();
        QCOMPARE(readLineStartingWith(*p, QStringLiteral("value")), QStringLiteral("value 1"));
        QVERIFY(p->waitForFinished(30000));
        QCOMPARE(p->exitCode(), 0);
    }

    void unwatchedWithoutASession()
    {
        // No session in the environment: the hooks are not installed at all.
        const auto dir = python_bridge_dir();
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("PROCLAB_SESSION"));
        env.insert(QStringLiteral("PYTHONPATH"), QString::fromStdString(*dir));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral("python3"),
                {QStringLiteral("-c"),
                 QStringLiteral("import multiprocessing.queues as q, sys; "
                                "print('proclab_watch' in sys.modules, hasattr(q.Queue.put, '__wrapped__'))")});
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(QString::fromUtf8(p.readAllStandardOutput()).trimmed(), QStringLiteral("False False"));
    }
};

PROCLAB_TEST_MAIN(TestPythonBridge)
#include "tst_python_bridge.moc"

// JoinableQueue<T>: task_done/join across processes (Fork, Spawn, ForkServer), join with a
// timeout, join blocking in another process, too many task_done → ValueError, open by name.

#include "queue_test_support.h"
#include "test_main.h"

#include <QTest>

#include <string>

using namespace std::chrono_literals;
using proclab::JoinableQueue;
using proclab::Queue;
using proclab::StartMethod;

namespace {

/// Takes `n` items, sends each doubled to `results`, and marks it done.
void worker(const JoinableQueue<int>& tasks_handle, const Queue<int>& results_handle, int n)
{
    JoinableQueue<int> tasks = tasks_handle;
    Queue<int> results = results_handle;
    for (int i = 0; i < n; ++i) {
        const int v = tasks.get();
        results.put(v * 2);
        tasks.task_done();
    }
}

/// Opens the queue by name and marks `n` items done.
void done_by_name(const std::string& name, int n)
{
    auto q = JoinableQueue<int>::open(name);
    for (int i = 0; i < n; ++i) {
        q.get();
        q.task_done();
    }
}

} // namespace

PROCLAB_TASK(worker);
PROCLAB_TASK(done_by_name);

class TestJoinableQueue : public LeakCheckedTest {
    Q_OBJECT

public:
    TestJoinableQueue() { addLeakCheck(When::AfterEachTest, QStringLiteral("queue objects"), qtest::leftover_objects); }

private slots:

    void taskDoneJoin_data()
    {
        QTest::addColumn<StartMethod>("method");
        QTest::addColumn<int>("items");
        for (const auto& [mname, method] : ptest::all_methods())
            for (int n : {1, 100})
                QTest::addRow("%s/%d items", mname, n) << method << n;
    }
    void taskDoneJoin()
    {
        QFETCH(StartMethod, method);
        QFETCH(int, items);
        auto tasks = qtest::remember(JoinableQueue<int>());
        auto results = qtest::remember(Queue<int>());
        for (int i = 0; i < items; ++i)
            tasks.put(i);
        QCOMPARE(tasks.unfinished_tasks(), std::uint64_t(items));
        proclab::Process p(worker, tasks, results, items);
        p.set_start_method(method);
        ptest::ChildGuard guard(p);
        PTEST_NOTHROW(p.start());
        bool joined = false;
        PTEST_NOTHROW(joined = tasks.join(30s));
        QVERIFY(joined);
        QCOMPARE(tasks.unfinished_tasks(), std::uint64_t(0));
        QCOMPARE(results.qsize(), std::size_t(items)); // every task_done came after its result
        for (int i = 0; i < items; ++i)
            QCOMPARE(results.get_nowait(), 2 * i);
        QVERIFY(p.join(30s));
        QCOMPARE(p.exitcode(), std::optional<int>(0));
    }

    void joinTimeout_data()
    {
        QTest::addColumn<int>("timeoutMs");
        QTest::newRow("0 ms") << 0;
        QTest::newRow("50 ms") << 50;
    }
    void joinTimeout()
    {
        QFETCH(int, timeoutMs);
        auto q = qtest::remember(JoinableQueue<std::string>());
        QVERIFY(q.join(std::chrono::milliseconds(timeoutMs))); // nothing put: joined at once
        q.put("job");
        const auto t0 = std::chrono::steady_clock::now();
        QVERIFY(!q.join(std::chrono::milliseconds(timeoutMs)));
        QVERIFY(std::chrono::steady_clock::now() - t0 >= std::chrono::milliseconds(timeoutMs));
        QCOMPARE(q.get(), std::string("job"));
        QVERIFY(!q.join(std::chrono::milliseconds(timeoutMs))); // taken, not done
        q.task_done();
        QVERIFY(q.join(std::chrono::milliseconds(timeoutMs)));
        q.join();
    }

    void joinWaitsInAnotherProcess()
    {
        auto q = qtest::remember(JoinableQueue<int>());
        auto joined = qtest::remember(Queue<int>());
        q.put(1);
        q.put(2);
        proclab::Process p([q, joined]() mutable {
            q.join();
            joined.put(1);
        });
        p.set_start_method(StartMethod::Fork);
        ptest::ChildGuard guard(p);
        p.start();
        QTRY_VERIFY_WITH_TIMEOUT(qtest::blocked_in_futex(p.pid()), ptest::kAwaitMs);
        q.get();
        q.task_done();
        q.get();
        QVERIFY(joined.empty()); // one task still unfinished
        QVERIFY(p.is_alive());
        q.task_done();
        QCOMPARE(joined.get(10s), 1);
        QVERIFY(p.join(10s));
        QCOMPARE(p.exitcode(), std::optional<int>(0));
    }

    void openByName_data() { ptest::add_method_rows(); }
    void openByName()
    {
        QFETCH(StartMethod, method);
        auto q = qtest::remember(JoinableQueue<int>());
        for (int i = 0; i < 3; ++i)
            q.put(i);
        proclab::Process p(done_by_name, q.name(), 3);
        p.set_start_method(method);
        ptest::ChildGuard guard(p);
        PTEST_NOTHROW(p.start());
        QVERIFY(q.join(30s));
        QVERIFY(p.join(30s));
        QCOMPARE(p.exitcode(), std::optional<int>(0));
    }

    void tooManyTaskDone_data()
    {
        QTest::addColumn<int>("puts");
        QTest::newRow("none put") << 0;
        QTest::newRow("2 put, 3 done") << 2;
    }
    void tooManyTaskDone()
    {
        QFETCH(int, puts);
        auto q = qtest::remember(JoinableQueue<int>());
        for (int i = 0; i < puts; ++i)
            q.put(i);
        for (int i = 0; i < puts; ++i)
            q.task_done(); // done without get(): allowed, as in Python
        std::string message;
        try {
            q.task_done();
        } catch (const proclab::ValueError& e) {
            message = e.what();
        }
        QVERIFY2(message.find("task_done() called too many times") != std::string::npos, message.c_str());
        QVERIFY2(message.find(q.name()) != std::string::npos, message.c_str());
        QCOMPARE(q.unfinished_tasks(), std::uint64_t(0));
        QVERIFY(q.join(0ms));
        q.close();
        QVERIFY_THROWS_EXCEPTION(proclab::ValueError, q.task_done());
    }
};

PROCLAB_TEST_MAIN(TestJoinableQueue)
#include "tst_joinable_queue.moc"

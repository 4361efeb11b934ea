// The public API contract: the usage examples of the library's documentation, each compiled as
// written and checked to behave as described. If a public name changes, this test stops building.
#include "test_main.h"
#include "test_support.h"

#include <proclab/proclab.h>

#include <QTest>

#include <mutex>

using namespace std::chrono_literals;

namespace {
int square(int x)
{
    return x * x;
}
int add(int a, int b)
{
    return a + b;
}
void init_worker() {}
} // namespace
PROCLAB_TASK(square);
PROCLAB_TASK(add);
PROCLAB_TASK(init_worker);

class TestApiContract : public LeakCheckedTest {
    Q_OBJECT

private slots:

    void errorsDeriveFromError()
    {
        static_assert(std::is_base_of_v<std::runtime_error, proclab::Error>);
        static_assert(std::is_base_of_v<proclab::Error, proclab::ProcessError>);
        static_assert(std::is_base_of_v<proclab::Error, proclab::TimeoutError>);
        static_assert(std::is_base_of_v<proclab::Error, proclab::Empty>);
        static_assert(std::is_base_of_v<proclab::Error, proclab::Full>);
        static_assert(std::is_base_of_v<proclab::Error, proclab::EOFError>);
        static_assert(std::is_base_of_v<proclab::Error, proclab::RemoteError>);
        static_assert(std::is_base_of_v<proclab::Error, proclab::WorkerLost>);
        static_assert(std::is_base_of_v<proclab::Error, proclab::BrokenResource>);
        QVERIFY(true);
    }

    void processes()
    {
        QVERIFY(proclab::cpu_count() >= 1);
        proclab::Process p(square, 7);                                  // registered task + args
        proclab::Process q([] { /* any callable */ });                  // Fork start only
        proclab::Process c = proclab::Process::command({"sleep", "1"}); // external program
        p.set_name("worker-1");
        p.set_daemon(true);
        p.start();
        QVERIFY(p.join(30s));
        p.join();
        QVERIFY(!p.is_alive());
        QVERIFY(p.pid() > 0);
        QCOMPARE(p.name(), std::string("worker-1"));
        QVERIFY(p.daemon());
        std::optional<int> rc = p.exitcode();
        QCOMPARE(rc, std::optional<int>(0));
        q.start();
        q.join();
        c.start();
        c.send_signal(SIGSTOP);
        c.send_signal(SIGCONT);
        c.terminate();
        c.join();
        QCOMPARE(c.exitcode(), std::optional<int>(-SIGTERM));
        QVERIFY(c.sentinel() >= 0);
        std::vector<proclab::ProcessInfo> kids = proclab::active_children();
        QVERIFY(kids.empty());
        QCOMPARE(proclab::current_process().name, std::string("MainProcess"));
        QVERIFY(!proclab::parent_process());
        proclab::Process k([] { ::pause(); });
        k.start();
        k.kill();
        k.join();
        QCOMPARE(k.exitcode(), std::optional<int>(-SIGKILL));
    }

    void channels()
    {
        proclab::Queue<int> q(10);
        q.put(1);
        q.put(2, 1s);
        q.put_nowait(3);
        QCOMPARE(q.get(), 1);
        QCOMPARE(q.get(1s), 2);
        QCOMPARE(q.get_nowait(), 3);
        QVERIFY_THROWS_EXCEPTION(proclab::Empty, q.get_nowait());
        QCOMPARE(q.qsize(), std::size_t(0));
        QVERIFY(q.empty());
        QVERIFY(!q.full());
        auto q2 = proclab::Queue<int>::open(q.name());
        q2.put(4);
        QCOMPARE(q.get(), 4);
        proclab::JoinableQueue<int> jq;
        jq.put(1);
        (void)jq.get();
        jq.task_done();
        jq.join();
        proclab::SimpleQueue<int> sq;
        sq.put(5);
        QCOMPARE(sq.get(), 5);

        auto [a, b] = proclab::Pipe<std::string>(/*duplex=*/true); // two Connections
        a.send("hi");
        QVERIFY(b.poll(100ms));
        QCOMPARE(b.recv(), std::string("hi"));
        const std::string raw = "raw";
        a.send_bytes(std::span<const std::byte>(reinterpret_cast<const std::byte*>(raw.data()), raw.size()));
        QVERIFY(!b.recv_bytes().empty());
        a.close();
        QVERIFY_THROWS_EXCEPTION(proclab::EOFError, b.recv());
    }

    void synchronizationAndSharedData()
    {
        proclab::Lock l;
        l.acquire();
        l.release();
        QVERIFY(l.acquire(1s));
        l.release();
        {
            std::lock_guard g(l);
        }
        proclab::RLock r;
        proclab::Semaphore s(2);
        proclab::BoundedSemaphore bs(1);
        proclab::Event e;
        e.set();
        QVERIFY(e.is_set());
        QVERIFY(e.wait(0s));
        e.clear();
        proclab::Condition cond;
        proclab::Barrier barrier(1);
        QCOMPARE(barrier.wait(), 0);
        proclab::Value<double> v(0.0);
        {
            std::lock_guard g(v.get_lock());
            v.value() += 1.5;
        }
        QCOMPARE(v.value(), 1.5);
        proclab::Array<int> arr(10);
        arr[3] = 7;
        QCOMPARE(arr[3], 7);
        const std::string name = "proclab-contract-" + std::to_string(::getpid());
        proclab::SharedMemory shm(name, /*create=*/true, 64);
        QCOMPARE(shm.buf().size(), std::size_t(64));
        shm.unlink();
        (void)r;
        (void)s;
        (void)bs;
        (void)cond;
    }

    void pool()
    {
        proclab::Pool pool({.processes = 2, .initializer = {init_worker}, .maxtasksperchild = 0});
        int r = pool.apply(square, 3);
        QCOMPARE(r, 9);
        int called = 0;
        auto on_result = [&called](const int&) { ++called; };
        auto on_error = [](const std::exception&) {};
        proclab::AsyncResult<int> ar = pool.apply_async(square, 3, on_result, on_error);
        QCOMPARE(ar.get(), 9);
        QCOMPARE(ar.get(1s), 9);
        ar.wait();
        QVERIFY(ar.ready());
        QVERIFY(ar.successful());
        QCOMPARE(called, 1);
        const std::vector<int> xs{1, 2, 3};
        std::vector<int> rs = pool.map(square, xs, /*chunksize=*/0);
        QCOMPARE(rs, (std::vector<int>{1, 4, 9}));
        auto mr = pool.map_async(square, xs);
        QCOMPARE(mr.get(), (std::vector<int>{1, 4, 9}));
        int sum = 0;
        for (int x : pool.imap(square, xs))
            sum += x;
        for (int x : pool.imap_unordered(square, xs))
            sum += x;
        QCOMPARE(sum, 28);
        const std::vector<std::tuple<int, int>> pairs{{1, 2}, {3, 4}};
        QCOMPARE(pool.starmap(add, pairs), (std::vector<int>{3, 7}));
        std::vector<pid_t> pids = pool.worker_pids();
        QCOMPARE(pids.size(), std::size_t(2));
        pool.close();
        pool.join();
        proclab::Pool other({.processes = 1});
        other.terminate();
    }

    void monitoring()
    {
        const std::string name = "contract-" + std::to_string(::getpid());
        {
            proclab::Session s = proclab::Session::create(name); // the GUI does this
            proclab::Session::attach_from_env();                 // children and external programs
            proclab::Snapshot snap = s.snapshot();               // processes, objects, counters
            QVERIFY(snap.process(::getpid()));
            std::uint64_t since = 0;
            proclab::Process p([] {});
            p.start();
            p.join();
            auto batch = s.events(since); // timestamped events for the timeline
            bool started = false;
            for (const auto& e : batch.events)
                started = started || (e.kind == proclab::EventKind::ProcessStart && e.arg == p.pid());
            QVERIFY(started);
            proclab::Session::detach();
        }
        for (const auto& info : proclab::Session::list())
            QVERIFY(info.name != name);
    }

private:
};

PROCLAB_TEST_MAIN(TestApiContract)
#include "tst_api_contract.moc"

// Manager (SyncManager started at once): every builtin proxy, proxies passed to processes under
// every start method and to a Pool (the tutorials' 4 workers putting to a manager queue under a
// manager lock), blocking calls that do not stall other clients, locks released when their holder
// dies, a server that dies (clear error, no hang), the server dying with its owner, and nothing
// left behind (processes, socket files).

#include "manager_test_support.h"
#include "sync_test_support.h"
#include "test_main.h"
#include "test_support.h"

#include <proclab/manager.h>
#include <proclab/queue.h>

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <thread>

using namespace std::chrono_literals;
using proclab::StartMethod;

namespace {

struct Point {
    int x = 0;
    std::string label;
    std::vector<double> ys;
    bool operator==(const Point&) const = default;
    template <class Archive>
    void serialize(Archive& ar)
    {
        ar(x, label, ys);
    }
};

/// The tutorials' worker: puts under the manager lock.
int put_under_lock(const proclab::QueueProxy<std::string>& q, const proclab::LockProxy& lock, int i)
{
    std::lock_guard guard(lock);
    q.put("item " + std::to_string(i) + " from " + std::to_string(::getpid()));
    return i;
}

/// A task receiving proxies: echoes `n` items from `in` to `out` and bumps a dict counter.
void echo_proxies(const proclab::QueueProxy<int>& in, const proclab::QueueProxy<int>& out,
                  const proclab::DictProxy<std::string, int>& d, int n)
{
    for (int i = 0; i < n; ++i)
        out.put(in.get() * 2);
    d.set("done", n);
}

} // namespace

PROCLAB_TASK(put_under_lock);
PROCLAB_TASK(echo_proxies);

class TestManager : public LeakCheckedTest {
    Q_OBJECT

public:
    TestManager() { addLeakCheck(When::AtEnd, QStringLiteral("manager sockets"), mtest::socket_dirs_left_from_now()); }

private slots:
    void initTestCase()
    {
        LeakCheckedTest::initTestCase();
        // The forkserver is started while this process has one thread (and from the main thread,
        // which outlives it); pools and processes choose their method.
        proclab::set_start_method(StartMethod::ForkServer);
        proclab::set_start_method(StartMethod::Fork);
    }

    void startAndShutdown()
    {
        std::string path;
        pid_t server = 0;
        {
            proclab::Manager m;
            QVERIFY(m.running());
            server = m.pid();
            QVERIFY(server > 0);
            path = m.address().path;
            QCOMPARE(m.address().family, proclab::Address::Family::Unix);
            struct stat st {};
            QCOMPARE(::stat(path.c_str(), &st), 0);
            QVERIFY(S_ISSOCK(st.st_mode));
            QCOMPARE(st.st_mode & 0777, mode_t(0600));
            QCOMPARE(m.authkey().size(), std::size_t(32));
            auto q = m.Queue<int>();
            q.put(1);
            QCOMPARE(q.get(), 1);
            m.shutdown();
            QVERIFY(!m.running());
            m.shutdown(); // idempotent
            STEST_THROWS(proclab::ManagerError, "gone", q.put(2));
            STEST_THROWS(proclab::ManagerError, "shut down", m.Queue<int>());
        }
        QVERIFY(ptest::pid_gone_reaping(server));
        QVERIFY(!ptest::file_exists(path));
    }

    void queueTypes()
    {
        proclab::Manager m;
        auto qi = m.Queue<int>();
        auto qs = m.Queue<std::string>();
        auto qp = m.Queue<Point>();
        auto qv = m.Queue<std::vector<std::string>>();
        auto ri = m.Queue<int>();
        auto rs = m.Queue<std::string>();
        auto rp = m.Queue<Point>();
        auto rv = m.Queue<std::vector<std::string>>();
        const Point p{7, "seven", {1.5, 2.5}};
        auto child = stest::start_fork([=] {
            ri.put(qi.get() + 1);
            rs.put(qs.get() + "!");
            Point got = qp.get();
            got.x += 1;
            rp.put(got);
            auto v = qv.get();
            v.push_back("c");
            rv.put(v);
        });
        qi.put(41);
        qs.put(std::string(100000, 'x'));
        qp.put(p);
        qv.put({"a", "b"});
        QCOMPARE(ri.get(30s), 42);
        QCOMPARE(rs.get(30s), std::string(100000, 'x') + "!");
        QCOMPARE(rp.get(30s), (Point{8, "seven", {1.5, 2.5}}));
        QCOMPARE(rv.get(30s), (std::vector<std::string>{"a", "b", "c"}));
        QCOMPARE(stest::finish(*child), 0);
    }

    void queueLimits()
    {
        proclab::Manager m;
        auto q = m.Queue<int>(2);
        STEST_THROWS(proclab::Empty, "empty", q.get_nowait());
        const auto t0 = stest::Clock::now();
        STEST_THROWS(proclab::Empty, "empty", q.get(50ms));
        QVERIFY(stest::seconds_since(t0) >= 0.045);
        q.put(1);
        q.put_nowait(2);
        QVERIFY(q.full());
        QCOMPARE(q.qsize(), std::size_t(2));
        STEST_THROWS(proclab::Full, "full", q.put_nowait(3));
        STEST_THROWS(proclab::Full, "full", q.put(3, 20ms));
        QCOMPARE(q.get(), 1);
        QCOMPARE(q.get(), 2);
        QVERIFY(q.empty());
        // A value of the wrong size is refused with a clear error.
        auto wide = proclab::QueueProxy<std::int64_t>(q.token());
        q.put(5);
        STEST_THROWS(proclab::ValueError, "bytes", wide.get());
    }

    void joinableQueue()
    {
        proclab::Manager m;
        auto jq = m.JoinableQueue<int>();
        STEST_THROWS(proclab::ValueError, "too many", jq.task_done());
        for (int i = 0; i < 5; ++i)
            jq.put(i);
        QVERIFY(!jq.join(20ms));
        auto worker = stest::start_fork([jq] {
            for (int i = 0; i < 5; ++i) {
                jq.get();
                jq.task_done();
            }
        });
        jq.join();
        QCOMPARE(stest::finish(*worker), 0);
    }

    /// The tutorials' case: Pool(4), each task puts to a manager queue under a manager lock.
    void poolWorkersPutUnderLock_data() { ptest::add_method_rows(); }
    void poolWorkersPutUnderLock()
    {
        QFETCH(StartMethod, method);
        proclab::Manager m;
        auto q = m.Queue<std::string>();
        auto lock = m.Lock();
        std::vector<std::tuple<proclab::QueueProxy<std::string>, proclab::LockProxy, int>> args;
        for (int i = 0; i < 40; ++i)
            args.emplace_back(q, lock, i);
        {
            proclab::Pool pool({.processes = 4, .start_method = method});
            const std::vector<int> rs = pool.starmap(put_under_lock, args);
            QCOMPARE(int(rs.size()), 40);
            pool.close();
            pool.join();
        }
        std::set<int> seen;
        std::set<std::string> pids;
        while (!q.empty()) {
            const std::string item = q.get();
            const auto from = item.find(" from ");
            seen.insert(std::stoi(item.substr(5, from - 5)));
            pids.insert(item.substr(from + 6));
        }
        QCOMPARE(int(seen.size()), 40);
        QVERIFY(pids.size() >= 1);
        QVERIFY(lock.try_acquire()); // nobody holds it any more
        lock.release();
    }

    void proxiesToTasks_data() { ptest::add_method_rows(); }
    void proxiesToTasks()
    {
        QFETCH(StartMethod, method);
        proclab::Manager m;
        auto in = m.Queue<int>();
        auto out = m.Queue<int>();
        auto d = m.dict<std::string, int>();
        proclab::Process p(echo_proxies, in, out, d, 3);
        p.set_start_method(method);
        p.start();
        ptest::ChildGuard guard(p);
        for (int i = 1; i <= 3; ++i)
            in.put(i);
        for (int i = 1; i <= 3; ++i)
            QCOMPARE(out.get(30s), 2 * i);
        QCOMPARE(stest::finish(p), 0);
        QCOMPARE(d.at("done"), 3);
    }

    void lockRules()
    {
        proclab::Manager m;
        auto lock = m.Lock();
        QVERIFY(lock.acquire());
        STEST_THROWS(proclab::ValueError, "RLock", lock.acquire());
        auto other = lock; // a copy: its own connection, another owner
        QVERIFY(!other.try_acquire());
        QVERIFY(!other.acquire(30ms));
        STEST_THROWS(proclab::ValueError, "un-acquired", other.release());
        lock.release();
        QVERIFY(other.try_acquire());
        other.release();
        {
            std::unique_lock guard(lock);
            QVERIFY(!other.try_lock());
        }
        QVERIFY(other.try_lock());
        other.unlock();

        auto r = m.RLock();
        QVERIFY(r.acquire());
        QVERIFY(r.acquire());
        auto r2 = r;
        QVERIFY(!r2.try_acquire());
        r.release();
        QVERIFY(!r2.try_acquire());
        r.release();
        QVERIFY(r2.try_acquire());
        r2.release();
        STEST_THROWS(proclab::ValueError, "RLock", r.release());
    }

    /// A holder that dies (its connection drops) frees the lock for the next acquirer.
    void lockHolderDies()
    {
        proclab::Manager m;
        auto lock = m.Lock();
        auto held = m.Event();
        auto child = stest::start_fork([lock, held] {
            lock.acquire();
            held.set();
            ptest::wait_forever();
        });
        QVERIFY(held.wait(30s));
        QVERIFY(!lock.try_acquire());
        child->kill();
        child->join();
        QVERIFY(lock.acquire(10s));
        lock.release();
    }

    /// A call blocked in the server (get, acquire) does not stall other clients.
    void blockedCallDoesNotStallOthers()
    {
        proclab::Manager m;
        auto q = m.Queue<int>();
        auto lock = m.Lock();
        lock.acquire();
        std::atomic<int> got{0};
        std::thread getter([q, &got] { got = q.get(); });
        std::thread locker([lock] {
            lock.acquire();
            lock.release();
        });
        auto other = m.Queue<int>();
        const auto t0 = stest::Clock::now();
        for (int i = 0; i < 100; ++i) {
            other.put(i);
            QCOMPARE(other.get(), i);
        }
        QVERIFY2(stest::seconds_since(t0) < 5, "other clients were stalled");
        q.put(7);
        lock.release();
        getter.join();
        locker.join();
        QCOMPARE(got.load(), 7);
    }

    void semaphoreEventCondition()
    {
        proclab::Manager m;
        auto s = m.Semaphore(2);
        QVERIFY(s.acquire());
        QVERIFY(s.try_acquire());
        QVERIFY(!s.try_acquire());
        QCOMPARE(s.get_value(), 0LL);
        s.release();
        s.release();
        s.release(); // a plain Semaphore may go above its start
        QCOMPARE(s.get_value(), 3LL);
        auto b = m.BoundedSemaphore(1);
        STEST_THROWS(proclab::ValueError, "too many", b.release());

        auto e = m.Event();
        QVERIFY(!e.is_set());
        QVERIFY(!e.wait(20ms));
        auto setter = stest::start_fork([e] { e.set(); });
        QVERIFY(e.wait(30s));
        QVERIFY(e.is_set());
        e.clear();
        QVERIFY(!e.is_set());
        QCOMPARE(stest::finish(*setter), 0);

        auto c = m.Condition();
        auto items = m.list<int>();
        STEST_THROWS(proclab::ValueError, "un-acquired", c.wait(1ms));
        STEST_THROWS(proclab::ValueError, "un-acquired", c.notify());
        auto producer = stest::start_fork([c, items] {
            for (int i = 0; i < 3; ++i) {
                std::lock_guard g(c);
                items.append(i);
                c.notify_all();
            }
        });
        {
            std::lock_guard g(c);
            QVERIFY(c.wait_for([&] { return items.size() == 3; }, 30s));
            QVERIFY(!c.wait(10ms)); // nobody notifies: times out, lock held again
        }
        QCOMPARE(stest::finish(*producer), 0);
        QCOMPARE(items.tolist(), (std::vector<int>{0, 1, 2}));
    }

    void barrier()
    {
        proclab::Manager m;
        auto b = m.Barrier(3);
        QCOMPARE(b.parties(), 3u);
        auto results = m.list<int>();
        std::vector<std::unique_ptr<proclab::Process>> kids;
        for (int i = 0; i < 2; ++i)
            kids.push_back(stest::start_fork([b, results] { results.append(int(b.wait())); }));
        QTRY_COMPARE(b.n_waiting(), 2u);
        results.append(int(b.wait()));
        for (auto& k : kids)
            QCOMPARE(stest::finish(*k), 0);
        auto idx = results.tolist();
        std::sort(idx.begin(), idx.end());
        QCOMPARE(idx, (std::vector<int>{0, 1, 2}));
        STEST_THROWS(proclab::BrokenBarrierError, "timed out", b.wait(20ms));
        QVERIFY(b.broken());
        STEST_THROWS(proclab::BrokenBarrierError, "broken", b.wait());
        b.reset();
        QVERIFY(!b.broken());
        auto one = m.Barrier(1);
        QCOMPARE(one.wait(), 0u);
    }

    void valueAndArray()
    {
        proclab::Manager m;
        auto v = m.Value<double>(1.5);
        QCOMPARE(v.get(), 1.5);
        auto child = stest::start_fork([v] { v.set(v.get() * 2); });
        QCOMPARE(stest::finish(*child), 0);
        QCOMPARE(v.get(), 3.0);
        auto vs = m.Value<std::string>("hello");
        vs.set(vs.get() + " world");
        QCOMPARE(vs.get(), std::string("hello world"));

        auto a = m.Array<int>(4, 7);
        QCOMPARE(a.size(), std::size_t(4));
        a.set(0, 1);
        a.set(-1, 9);
        QCOMPARE(a[0], 1);
        QCOMPARE(a.get(3), 9);
        QCOMPARE(a.tolist(), (std::vector<int>{1, 7, 7, 9}));
        try {
            a.get(4);
            QFAIL("no IndexError");
        } catch (const proclab::RemoteError& e) {
            QCOMPARE(e.type(), std::string("IndexError"));
            QVERIFY(e.message().find("out of range") != std::string::npos);
        }
    }

    void listOperations()
    {
        proclab::Manager m;
        auto l = m.list<std::string>({"a", "b"});
        l.append("c");
        l.extend({"d", "b"});
        QCOMPARE(l.size(), std::size_t(5));
        QCOMPARE(l.index_of("b"), std::size_t(1));
        QCOMPARE(l.count("b"), std::size_t(2));
        QVERIFY(l.contains("d"));
        l.remove("b");
        l.insert(0, "z");
        QCOMPARE(l.tolist(), (std::vector<std::string>{"z", "a", "c", "d", "b"}));
        QCOMPARE(l.pop(), std::string("b"));
        QCOMPARE(l.pop(0), std::string("z"));
        l.set(-1, "D");
        QCOMPARE(l[-1], std::string("D"));
        STEST_THROWS(proclab::RemoteError, "ValueError", l.remove("nope"));
        l.clear();
        STEST_THROWS(proclab::RemoteError, "IndexError", l.pop());
    }

    void dictOperations()
    {
        proclab::Manager m;
        auto d = m.dict<std::string, int>({{"one", 1}});
        d.set("two", 2);
        d.set("three", 3);
        d.set("one", 11);
        QCOMPARE(d.size(), std::size_t(3));
        QCOMPARE(d.at("one"), 11);
        QCOMPARE(d.get("four"), std::optional<int>());
        QCOMPARE(d.get("four", -1), -1);
        QCOMPARE(d.setdefault("four", 4), 4);
        QCOMPARE(d.setdefault("four", 5), 4);
        QCOMPARE(d.keys(), (std::vector<std::string>{"one", "two", "three", "four"})); // insertion order
        QCOMPARE(d.values(), (std::vector<int>{11, 2, 3, 4}));
        QVERIFY(d.erase("two"));
        QVERIFY(!d.erase("two"));
        QVERIFY(!d.contains("two"));
        QCOMPARE(d.pop("three"), 3);
        try {
            d.at("missing");
            QFAIL("no KeyError");
        } catch (const proclab::RemoteError& e) {
            QCOMPARE(e.type(), std::string("KeyError"));
        }
        d.update({{"x", 1}, {"y", 2}});
        const auto items = d.items();
        QCOMPARE(items.size(), std::size_t(4));
        QCOMPARE(items.back(), (std::pair<std::string, int>("y", 2)));
        QCOMPARE(d.copy().at("x"), 1);
        // Shared across processes.
        auto child = stest::start_fork([d] {
            for (int i = 0; i < 50; ++i)
                d.set("k" + std::to_string(i), i);
        });
        QCOMPARE(stest::finish(*child), 0);
        QCOMPARE(d.at("k49"), 49);
        d.clear();
        QCOMPARE(d.size(), std::size_t(0));

        auto points = m.dict<int, Point>();
        points.set(1, Point{1, "p", {0.5}});
        QCOMPARE(points.at(1).label, std::string("p"));
    }

    void namespaceOperations()
    {
        proclab::Manager m;
        auto ns = m.Namespace();
        ns.set("x", 1);
        ns.set("name", std::string("proclab"));
        ns.set("v", std::vector<int>{1, 2});
        auto child = stest::start_fork([ns] { ns.set("x", ns.get<int>("x") + 41); });
        QCOMPARE(stest::finish(*child), 0);
        QCOMPARE(ns.get<int>("x"), 42);
        QCOMPARE(ns.get<std::string>("name"), std::string("proclab"));
        QCOMPARE(ns.get<std::vector<int>>("v"), (std::vector<int>{1, 2}));
        QVERIFY(ns.has("x"));
        QCOMPARE(ns.names(), (std::vector<std::string>{"name", "v", "x"}));
        QVERIFY(ns.del("x"));
        QVERIFY(!ns.has("x"));
        STEST_THROWS(proclab::RemoteError, "AttributeError", ns.get<int>("x"));
    }

    void emptyProxyAndWrongKind()
    {
        proclab::Manager m;
        proclab::QueueProxy<int> empty;
        STEST_THROWS(proclab::ValueError, "empty", empty.put(1));
        auto q = m.Queue<int>();
        auto moved = std::move(q);
        STEST_THROWS(proclab::ValueError, "empty", q.put(1));
        moved.put(1);
        STEST_THROWS(proclab::ValueError, "no type", m.create("NoSuchType"));
        STEST_THROWS(proclab::ValueError, "requested proxy", m.create<proclab::EventProxy>("Queue"));
        STEST_THROWS(
            proclab::ValueError, "no object",
            proclab::QueueProxy<int>(proclab::detail::ProxyToken{m.address(), m.authkey(), 999999, "Queue"}).put(1));
        STEST_THROWS(proclab::RemoteError, "AttributeError", moved.call_raw("frobnicate"));
    }

    /// A server killed under a client: calls (also one blocked in get) fail with a clear error.
    void serverDies()
    {
        proclab::Manager m;
        auto q = m.Queue<int>();
        q.put(1);
        std::string blocked_error;
        auto blocked = q;
        std::thread t([&] {
            try {
                blocked.get();
                blocked.get(); // blocks: the queue is empty
            } catch (const proclab::ManagerError& e) {
                blocked_error = e.what();
            }
        });
        QTRY_COMPARE(q.qsize(), std::size_t(0));
        ::kill(m.pid(), SIGKILL);
        t.join();
        QVERIFY2(blocked_error.find(m.address().to_string()) != std::string::npos, blocked_error.c_str());
        STEST_THROWS(proclab::ManagerError, m.address().to_string(), q.put(2));
        STEST_THROWS(proclab::ManagerError, "no manager is running", q.put(2)); // reconnect fails
        m.shutdown(); // reaps the server, removes the socket file it could not remove
        QVERIFY(!ptest::file_exists(m.address().path));
    }

    /// The owner is SIGKILLed: its server goes too (and removes its socket file).
    void serverDiesWithOwner()
    {
        proclab::Queue<std::string> report;
        auto owner = stest::start_fork([report]() mutable {
            proclab::Manager m;
            report.put(std::to_string(m.pid()) + " " + m.address().path);
            ptest::wait_forever();
        });
        const std::string text = report.get(30s);
        const pid_t server = pid_t(std::stol(text.substr(0, text.find(' '))));
        const std::string path = text.substr(text.find(' ') + 1);
        QVERIFY(!ptest::pid_gone(server));
        QVERIFY(ptest::file_exists(path));
        owner->kill();
        owner->join();
        QTRY_VERIFY_WITH_TIMEOUT(ptest::pid_gone_reaping(server), ptest::kAwaitMs);
        QVERIFY(!ptest::file_exists(path));
    }

    void proxyAfterFork()
    {
        proclab::Manager m;
        auto q = m.Queue<int>();
        q.put(1); // the parent's connection exists before the fork
        QCOMPARE(q.get(), 1);
        auto child = stest::start_fork([&q] { // by reference: the very same proxy object
            q.put(2);
        });
        QCOMPARE(stest::finish(*child), 0);
        QCOMPARE(q.get(30s), 2); // the child has ended: the item is its
        q.put(3);
        QCOMPARE(q.get(), 3);
    }

    /// Shared objects that exist when the manager starts are inherited by its forked server: the
    /// server must not keep them alive after their owner's last handle is gone.
    void objectsOlderThanTheManagerAreNotKept()
    {
        const auto before = ptest::dev_shm_entries();
        {
            std::optional<proclab::Queue<int>> q(std::in_place);
            q->put(1);
            proclab::Manager m; // its server is forked while the queue exists
            auto mq = m.Queue<int>();
            mq.put(2);
            QCOMPARE(mq.get(), 2);
            q.reset(); // the queue's last handle goes while the server still runs
        }
        const QStringList left = ptest::new_shm_objects(before);
        QVERIFY2(left.isEmpty(), qPrintable(left.join(u' ')));
    }
};

PROCLAB_TEST_MAIN(TestManager)
#include "tst_manager.moc"

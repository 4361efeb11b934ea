// BaseManager: registered types with exposed methods, errors re-raised as RemoteError, shared
// objects, connect() from this process and from an unrelated program, a wrong authkey refused
// (nothing executed), TCP on loopback, addresses, misuse, and nothing left behind.

#include "manager_test_support.h"
#include "sync_test_support.h"
#include "test_main.h"
#include "test_support.h"

#include <proclab/manager.h>

#include <sys/stat.h>

#include <stdexcept>

using namespace std::chrono_literals;
using proclab::Address;

namespace {

class Counter {
public:
    explicit Counter(int start = 0)
        : m_value(start)
    {
    }
    int increment(int by)
    {
        m_value += by;
        return m_value;
    }
    int get() const { return m_value; }
    void reset() { m_value = 0; }
    std::string describe(const std::string& prefix) const { return prefix + std::to_string(m_value); }
    int fail(int code) const { throw std::invalid_argument("bad code " + std::to_string(code)); }

private:
    int m_value;
};

/// Registers Counter on `m` with every method but reset() exposed.
void register_counter(proclab::BaseManager& m)
{
    m.register_type<Counter, int>("Counter")
        .expose("increment", &Counter::increment)
        .expose("get", &Counter::get)
        .expose("describe", &Counter::describe)
        .expose("fail", &Counter::fail);
}

} // namespace

class TestBaseManager : public LeakCheckedTest {
    Q_OBJECT

public:
    TestBaseManager()
    {
        addLeakCheck(When::AtEnd, QStringLiteral("manager sockets"), mtest::socket_dirs_left_from_now());
    }

private slots:

    void customType()
    {
        proclab::BaseManager m;
        register_counter(m);
        m.start();
        proclab::Proxy c = m.create("Counter", 10);
        QCOMPARE(c.kind(), std::string("Counter"));
        QCOMPARE(c.call<int>("increment", 5), 15);
        QCOMPARE(c.call<int>("get"), 15);
        QCOMPARE(c.call<std::string>("describe", std::string("n=")), std::string("n=15"));
        // Shared with another process through the proxy.
        auto child = stest::start_fork([c] { c.call<int>("increment", 100); });
        QCOMPARE(stest::finish(*child), 0);
        QCOMPARE(c.call<int>("get"), 115);
        // A second object is independent.
        auto d = m.create("Counter", 1);
        QCOMPARE(d.call<int>("get"), 1);
    }

    void remoteErrors_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("needle");
        QTest::newRow("throws") << "fail"
                                << "std::invalid_argument"
                                << "bad code 7";
        QTest::newRow("not exposed") << "reset"
                                     << "AttributeError"
                                     << "not exposed (exposed: describe, fail, get, increment)";
        QTest::newRow("unknown") << "frobnicate"
                                 << "AttributeError"
                                 << "'frobnicate'";
    }
    void remoteErrors()
    {
        QFETCH(QString, method);
        QFETCH(QString, type);
        QFETCH(QString, needle);
        proclab::BaseManager m;
        register_counter(m);
        m.start();
        auto c = m.create("Counter", 0);
        try {
            c.call<int>(method.toStdString(), 7);
            QFAIL("no RemoteError");
        } catch (const proclab::RemoteError& e) {
            QCOMPARE(QString::fromStdString(e.type()), type);
            QVERIFY2(e.message().find(needle.toStdString()) != std::string::npos, e.what());
        }
        QCOMPARE(c.call<int>("get"), 0); // the server goes on
        // Arguments that do not match the method's parameters: an error, not a crash.
        STEST_THROWS(proclab::RemoteError, "", c.call<int>("increment", std::string("not an int")));
        QCOMPARE(c.call<int>("increment", 1), 1);
    }

    void sharedObjectsAndConnect()
    {
        proclab::SyncManager server;
        server.register_shared("get_queue", "Queue");
        server.register_shared("get_dict", "dict");
        server
            .register_type<Counter>("get_counter",
                                    [] {
                                        static auto one = std::make_shared<Counter>(0); // one object for every caller
                                        return one;
                                    })
            .expose("increment", &Counter::increment);
        server.start();

        proclab::SyncManager client(server.address(), server.authkey());
        client.connect();
        QVERIFY(client.running());
        QCOMPARE(client.pid(), pid_t(0));
        auto q1 = server.get<proclab::QueueProxy<std::string>>("get_queue");
        auto q2 = client.get<proclab::QueueProxy<std::string>>("get_queue");
        QCOMPARE(q1.id(), q2.id());
        q2.put("hello");
        QCOMPARE(q1.get(), std::string("hello"));
        client.get<proclab::DictProxy<std::string, int>>("get_dict").set("a", 1);
        using Dict = proclab::DictProxy<std::string, int>;
        QCOMPARE(server.get<Dict>("get_dict").at("a"), 1);
        QCOMPARE(client.get("get_counter").call<int>("increment", 2), 2);
        QCOMPARE(server.get("get_counter").call<int>("increment", 2), 4);
        // The connected manager also makes builtin objects in that server.
        auto l = client.Lock();
        QVERIFY(l.acquire());
        l.release();
        STEST_THROWS(proclab::ValueError, "requested proxy", client.get<proclab::EventProxy>("get_queue"));
        client.shutdown(); // after connect(): asks the server to stop
        QTRY_VERIFY(!ptest::file_exists(server.address().path));
        server.shutdown();
    }

    /// An unrelated program connects knowing only the address and the authkey.
    void unrelatedProgram_data()
    {
        QTest::addColumn<bool>("tcp");
        QTest::newRow("unix") << false;
        QTest::newRow("tcp") << true;
    }
    void unrelatedProgram()
    {
        QFETCH(bool, tcp);
        proclab::SyncManager m(tcp ? Address::tcp() : Address{}, "abracadabra");
        m.register_shared("get_queue", "Queue");
        m.start();
        if (tcp) {
            QCOMPARE(m.address().host, std::string("127.0.0.1"));
            QVERIFY(m.address().port > 0);
        }
        auto q = m.get<proclab::QueueProxy<std::string>>("get_queue");
        auto run = [&](const std::string& key) {
            proclab::CommandOptions o;
            o.std_out = proclab::Stdio::pipe();
            auto p = proclab::Process::command(
                {PROCLAB_HELPER_MANAGER_CLIENT, m.address().to_string(), mtest::hex(key), "get_queue", "hi there"}, o);
            p.start();
            const std::string out = p.read_all();
            p.join();
            return std::make_pair(*p.exitcode(), out);
        };
        const auto [rc, out] = run("abracadabra");
        QCOMPARE(rc, 0);
        QCOMPARE(out, std::string("ok\n"));
        QCOMPARE(q.get(10s), std::string("hi there"));
        const auto [bad_rc, bad_out] = run("wrong key");
        QCOMPARE(bad_rc, 3);
        QVERIFY2(bad_out.find("AuthenticationError") != std::string::npos, bad_out.c_str());
        QVERIFY(q.empty()); // nothing was executed
    }

    void wrongAuthkey_data()
    {
        QTest::addColumn<bool>("tcp");
        QTest::newRow("unix") << false;
        QTest::newRow("tcp") << true;
    }
    void wrongAuthkey()
    {
        QFETCH(bool, tcp);
        proclab::Manager m(tcp ? Address::tcp() : Address{});
        auto q = m.Queue<int>();
        proclab::SyncManager intruder(m.address(), "not the key");
        STEST_THROWS(proclab::AuthenticationError, "authkey", intruder.connect());
        QVERIFY(!intruder.running());
        // A proxy token carrying a wrong key is refused too, and nothing runs.
        auto forged = proclab::QueueProxy<int>(proclab::detail::ProxyToken{m.address(), "forged", q.id(), "Queue"});
        STEST_THROWS(proclab::AuthenticationError, "authkey", forged.put(1));
        QCOMPARE(q.qsize(), std::size_t(0));
        q.put(1); // the server goes on
        QCOMPARE(q.get(), 1);
    }

    void missingAddress_data()
    {
        QTest::addColumn<QString>("address");
        QTest::newRow("no file") << "unix:/tmp/proclab-no-such-manager/listener";
        QTest::newRow("nothing on port") << "tcp:127.0.0.1:1";
    }
    void missingAddress()
    {
        QFETCH(QString, address);
        proclab::SyncManager m(Address::parse(address.toStdString()), "key");
        STEST_THROWS(proclab::ManagerError, address.toStdString(), m.connect());
        STEST_THROWS(proclab::ProcessError, "neither started nor connected", m.Queue<int>());
    }

    void addresses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("canonical");
        QTest::addColumn<bool>("valid");
        QTest::newRow("unix") << "unix:/tmp/x"
                              << "unix:/tmp/x" << true;
        QTest::newRow("path") << "/tmp/x"
                              << "unix:/tmp/x" << true;
        QTest::newRow("tcp") << "tcp:127.0.0.1:5000"
                             << "tcp:127.0.0.1:5000" << true;
        QTest::newRow("host:port") << "localhost:80"
                                   << "tcp:localhost:80" << true;
        QTest::newRow("ipv6") << "tcp:[::1]:5000"
                              << "tcp:[::1]:5000" << true;
        QTest::newRow("no port") << "localhost"
                                 << "" << false;
        QTest::newRow("bad port") << "tcp:h:99999"
                                  << "" << false;
        QTest::newRow("empty") << ""
                               << "" << false;
    }
    void addresses()
    {
        QFETCH(QString, text);
        QFETCH(QString, canonical);
        QFETCH(bool, valid);
        if (!valid) {
            STEST_THROWS(proclab::ValueError, "not a manager address", Address::parse(text.toStdString()));
            return;
        }
        const Address a = Address::parse(text.toStdString());
        QCOMPARE(QString::fromStdString(a.to_string()), canonical);
        QVERIFY(Address::parse(a.to_string()) == a);
    }

    void givenSocketPath()
    {
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString() + "/mgr.sock";
        {
            proclab::Manager m(Address::unix_socket(path));
            struct stat st {};
            QCOMPARE(::stat(path.c_str(), &st), 0);
            QCOMPARE(st.st_mode & 0777, mode_t(0600));
            // The address is in use: a second manager cannot start there.
            proclab::BaseManager second(Address::unix_socket(path));
            STEST_THROWS(proclab::ManagerError, path, second.start());
        }
        QVERIFY(!ptest::file_exists(path));
    }

    void misuse()
    {
        proclab::BaseManager m;
        STEST_THROWS(proclab::ValueError, "non-printable", m.register_type<Counter>("bad name"));
        STEST_THROWS(proclab::ValueError, "not a builtin", m.register_shared("q", "Nope"));
        m.start();
        STEST_THROWS(proclab::ProcessError, "already", m.start());
        STEST_THROWS(proclab::ProcessError, "already", m.connect());
        STEST_THROWS(proclab::ProcessError, "before start", m.register_type<Counter>("Late"));
        m.shutdown();
        STEST_THROWS(proclab::ManagerError, "shut down", m.create("Queue"));
        // Moving a started manager moves the server with it.
        proclab::Manager a;
        const pid_t server = a.pid();
        proclab::Manager b = std::move(a);
        QCOMPARE(b.pid(), server);
        QVERIFY(b.running());
        b.Queue<int>().put(1);
    }
};

PROCLAB_TEST_MAIN(TestBaseManager)
#include "tst_base_manager.moc"

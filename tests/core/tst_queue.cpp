// Queue<T>: types across processes (Fork, Spawn, ForkServer), blocking and timeouts, exact sizes,
// bad input, open by name, 4×4 MPMC without loss or duplicate, peers killed while blocked or busy,
// 64 MiB messages, a process dying while it holds the consumers' or the producers' lock, and
// nothing left behind.

#include "queue_test_support.h"
#include "test_main.h"

#include <proclab/detail/segment.h>

#include <QTemporaryDir>
#include <QTest>

#include <sys/mman.h>
#include <sys/resource.h>

#include <algorithm>
#include <climits>
#include <csignal>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using proclab::Queue;
using proclab::StartMethod;

namespace {

struct Point {
    int x = 0;
    double y = 0;
    std::string label;
    bool operator==(const Point&) const = default;
    template <class Archive>
    void serialize(Archive& ar)
    {
        ar(x, y, label);
    }
};
using Strings = std::vector<std::string>;
using StrIntMap = std::map<std::string, int>;

/// Gets `n` messages from `in` and puts them back on `out`.
template <class T>
void echo_task(const Queue<T>& in_handle, const Queue<T>& out_handle, int n)
{
    Queue<T> in = in_handle;
    Queue<T> out = out_handle;
    for (int i = 0; i < n; ++i)
        out.put(in.get());
}

/// Opens a queue by name and puts `v`.
void put_by_name(const std::string& name, int v)
{
    Queue<int>::open(name).put(v);
}

/// Reads one big message, checks it against the expected size and seed and sends back the verdict
/// and the message itself.
std::string pattern(std::size_t size, unsigned seed)
{
    std::string s(size, '\0');
    std::uint32_t x = seed * 2654435761u + 1;
    for (std::size_t i = 0; i < size; i += 4) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        std::memcpy(&s[i], &x, std::min<std::size_t>(4, size - i));
    }
    return s;
}

void check_big(const Queue<std::string>& in_handle, const Queue<std::string>& out_handle, std::uint64_t size,
               unsigned seed)
{
    Queue<std::string> in = in_handle;
    Queue<std::string> out = out_handle;
    std::string got = in.get();
    out.put(got == pattern(size, seed) ? "ok" : "bad content of " + std::to_string(got.size()) + " bytes");
    out.put(got);
}

/// A self-checking message for the kill tests: {seed, size} then bytes derived from them.
std::string make_message(std::uint64_t seed, std::size_t size)
{
    size = std::max<std::size_t>(size, 16);
    std::string s(size, '\0');
    std::memcpy(&s[0], &seed, 8);
    const std::uint64_t n = size;
    std::memcpy(&s[8], &n, 8);
    for (std::size_t i = 16; i < size; ++i)
        s[i] = char((seed * 31 + i * 7) & 0xff);
    return s;
}

bool valid_message(const std::string& s)
{
    if (s.size() < 16)
        return false;
    std::uint64_t seed, n;
    std::memcpy(&seed, &s[0], 8);
    std::memcpy(&n, &s[8], 8);
    if (n != s.size())
        return false;
    for (std::size_t i = 16; i < s.size(); ++i)
        if (s[i] != char((seed * 31 + i * 7) & 0xff))
            return false;
    return true;
}

// Opens JoinableQueue `name` in a Fork child, does `warmup` gets (consumer) or puts first, then dies
// in the middle of one more: its sink kills the process (under the head lock, or as the consumers'
// bias owner), or its payload is on an unreadable page (copied under the tail lock, or as the
// producers' bias owner), with the record header already written.
void die_in_queue(const std::string& name, bool consumer, std::uint64_t warmup)
{
    proclab::Process p([name, consumer, warmup] {
        const rlimit no_core{0, 0};
        ::setrlimit(RLIMIT_CORE, &no_core);
        auto engine = proclab::detail::ByteQueue::open(name, "JoinableQueue");
        for (std::uint64_t v = 0; v < warmup; ++v) {
            std::uint64_t got = 0;
            if (consumer)
                engine->get([](const char* d, std::size_t, void* ctx) { std::memcpy(ctx, d, 8); }, &got, true,
                            std::nullopt);
            else
                engine->put(&v, sizeof v, true, std::nullopt);
        }
        if (consumer) {
            engine->get([](const char*, std::size_t, void*) { ::raise(SIGKILL); }, nullptr, true, std::nullopt);
        } else {
            void* page = ::mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            engine->put(page, sizeof(std::uint64_t), true, std::nullopt);
        }
        std::_Exit(0); // not reached
    });
    p.set_start_method(StartMethod::Fork);
    ptest::ChildGuard guard(p);
    p.start();
    QVERIFY(p.join(10s));
    QVERIFY2(p.exitcode() != std::optional<int>(0), "the child did not die in the queue");
}

} // namespace

PROCLAB_TASK(echo_task<int>);
PROCLAB_TASK(echo_task<double>);
PROCLAB_TASK(echo_task<std::string>);
PROCLAB_TASK(echo_task<Point>);
PROCLAB_TASK(echo_task<Strings>);
PROCLAB_TASK(echo_task<StrIntMap>);
PROCLAB_TASK(put_by_name);
PROCLAB_TASK(check_big);

namespace QTest {
template <>
inline char* toString(const Point& p)
{
    return qstrdup(("Point{" + std::to_string(p.x) + ", " + std::to_string(p.y) + ", " + p.label + "}").c_str());
}
template <>
inline char* toString(const Strings& v)
{
    std::string out = "[";
    for (const auto& s : v)
        out += s.substr(0, 20) + (s.size() > 20 ? "…" : "") + ",";
    return qstrdup((out + "]").c_str());
}
template <>
inline char* toString(const StrIntMap& m)
{
    std::string out = "{";
    for (const auto& [k, v] : m)
        out += k + ":" + std::to_string(v) + ",";
    return qstrdup((out + "}").c_str());
}
} // namespace QTest

class TestQueue : public LeakCheckedTest {
    Q_OBJECT

public:
    TestQueue() { addLeakCheck(When::AfterEachTest, QStringLiteral("queue objects"), qtest::leftover_objects); }

private:
    template <class T>
    void round_trip(StartMethod method, const std::vector<T>& values)
    {
        auto in = qtest::remember(Queue<T>());
        auto out = qtest::remember(Queue<T>());
        proclab::Process p(echo_task<T>, in, out, int(values.size()));
        p.set_start_method(method);
        ptest::ChildGuard guard(p);
        PTEST_NOTHROW(p.start());
        for (const T& v : values)
            PTEST_NOTHROW(in.put(v));
        for (const T& v : values) {
            T got{};
            PTEST_NOTHROW(got = out.get(30s));
            QCOMPARE(got, v);
        }
        QVERIFY(p.join(30s));
        QCOMPARE(p.exitcode(), std::optional<int>(0));
        QVERIFY(in.empty());
        QVERIFY(out.empty());
    }

private slots:

    void roundTrip_data()
    {
        QTest::addColumn<StartMethod>("method");
        QTest::addColumn<QString>("type");
        for (const auto& [mname, method] : ptest::all_methods())
            for (const char* type : {"int", "double", "string", "struct", "vector<string>", "map"})
                QTest::addRow("%s/%s", mname, type) << method << QString::fromLatin1(type);
    }
    void roundTrip()
    {
        QFETCH(StartMethod, method);
        QFETCH(QString, type);
        if (type == QLatin1String("int")) {
            round_trip<int>(method, {0, -1, 42, INT_MAX, INT_MIN});
        } else if (type == QLatin1String("double")) {
            round_trip<double>(method, {0.5, -1e300, 3.141592653589793, 0.0});
        } else if (type == QLatin1String("string")) {
            // "" / bytes with NULs / 1000 bytes / 300 KB (over the inline limit: stored apart)
            round_trip<std::string>(
                method, {"", std::string("a\0b\0", 4), std::string(1000, 'x'), pattern(300'000, 7), "last"});
        } else if (type == QLatin1String("struct")) {
            round_trip<Point>(method, {{1, 2.5, "one"}, {-7, -0.25, ""}, {3, 1e10, std::string(5000, 'p')}});
        } else if (type == QLatin1String("vector<string>")) {
            round_trip<Strings>(method, {{}, {"a", "b", ""}, {std::string(4096, 'z'), "tail"}});
        } else {
            round_trip<StrIntMap>(method, {{}, {{"a", 1}, {"b", -2}}, {{std::string(300, 'k'), INT_MAX}}});
        }
    }

    void openByName_data() { ptest::add_method_rows(); }
    void openByName()
    {
        QFETCH(StartMethod, method);
        auto q = qtest::remember(Queue<int>());
        proclab::Process p(put_by_name, q.name(), 1234);
        p.set_start_method(method);
        ptest::ChildGuard guard(p);
        PTEST_NOTHROW(p.start());
        int got = 0;
        PTEST_NOTHROW(got = q.get(30s));
        QCOMPARE(got, 1234);
        QVERIFY(p.join(30s));
        QCOMPARE(p.exitcode(), std::optional<int>(0));
    }

    void blockingWakeUp_data()
    {
        QTest::addColumn<QString>("side");
        QTest::newRow("get woken by put") << QStringLiteral("get");
        QTest::newRow("put woken by get") << QStringLiteral("put");
    }
    void blockingWakeUp()
    {
        QFETCH(QString, side);
        auto q = qtest::remember(Queue<int>(1));
        auto done = qtest::remember(Queue<int>());
        const bool get_side = side == QLatin1String("get");
        if (!get_side)
            q.put(1); // full: the child's put blocks
        proclab::Process p([q, done, get_side]() mutable {
            if (get_side) {
                done.put(q.get());
            } else {
                q.put(2);
                done.put(-1);
            }
        });
        p.set_start_method(StartMethod::Fork);
        ptest::ChildGuard guard(p);
        p.start();
        QTRY_VERIFY_WITH_TIMEOUT(qtest::blocked_in_futex(p.pid()), ptest::kAwaitMs);
        QVERIFY(done.empty());
        if (get_side) {
            q.put(7);
            QCOMPARE(done.get(10s), 7);
        } else {
            QCOMPARE(q.get(), 1);
            QCOMPARE(done.get(10s), -1);
            QCOMPARE(q.get_nowait(), 2);
        }
        QVERIFY(p.join(10s));
        QCOMPARE(p.exitcode(), std::optional<int>(0));
    }

    void timeouts_data()
    {
        QTest::addColumn<QString>("op");
        QTest::addColumn<int>("timeoutMs");
        for (const char* op : {"get", "put", "get_nowait", "put_nowait"})
            for (int ms : {0, 50, 200})
                if (!(std::string_view(op).ends_with("nowait") && ms != 0))
                    QTest::addRow("%s/%dms", op, ms) << QString::fromLatin1(op) << ms;
    }
    void timeouts()
    {
        QFETCH(QString, op);
        QFETCH(int, timeoutMs);
        auto q = qtest::remember(Queue<int>(2));
        const bool put_op = op.startsWith(QLatin1String("put"));
        if (put_op) {
            q.put(1);
            q.put(2);
        }
        const auto t0 = std::chrono::steady_clock::now();
        bool thrown = false;
        QString message;
        try {
            if (op == QLatin1String("get"))
                q.get(std::chrono::milliseconds(timeoutMs));
            else if (op == QLatin1String("put"))
                q.put(3, std::chrono::milliseconds(timeoutMs));
            else if (op == QLatin1String("get_nowait"))
                q.get_nowait();
            else
                q.put_nowait(3);
        } catch (const proclab::Empty& e) {
            thrown = !put_op;
            message = QString::fromUtf8(e.what());
        } catch (const proclab::Full& e) {
            thrown = put_op;
            message = QString::fromUtf8(e.what());
        }
        const auto elapsed = std::chrono::steady_clock::now() - t0;
        QVERIFY2(thrown, qPrintable(op));
        QVERIFY2(message.contains(QString::fromStdString(q.name())), qPrintable(message));
        QVERIFY(elapsed >= std::chrono::milliseconds(timeoutMs));
        QVERIFY(elapsed < std::chrono::milliseconds(timeoutMs) + 2s);
        QCOMPARE(q.qsize(), put_op ? std::size_t(2) : std::size_t(0)); // unchanged
    }

    void sizes_data()
    {
        QTest::addColumn<int>("maxsize");
        for (int m : {1, 3, 10})
            QTest::addRow("maxsize %d", m) << m;
    }
    void sizes()
    {
        QFETCH(int, maxsize);
        auto q = qtest::remember(Queue<std::string>(maxsize));
        QCOMPARE(q.maxsize(), std::ptrdiff_t(maxsize));
        QCOMPARE(q.capacity(), Queue<>::default_ring_bytes);
        QVERIFY(q.empty());
        QVERIFY(!q.full());
        for (int i = 1; i <= maxsize; ++i) {
            q.put_nowait(std::to_string(i));
            QCOMPARE(q.qsize(), std::size_t(i));
            QVERIFY(!q.empty());
            QCOMPARE(q.full(), i == maxsize);
        }
        QVERIFY_THROWS_EXCEPTION(proclab::Full, q.put_nowait("over"));
        for (int i = 1; i <= maxsize; ++i) {
            QCOMPARE(q.get_nowait(), std::to_string(i)); // FIFO
            QCOMPARE(q.qsize(), std::size_t(maxsize - i));
            QVERIFY(!q.full());
        }
        QVERIFY(q.empty());
    }

    void unboundedFillsRing()
    {
        // maxsize 0: bounded by the ring's bytes only; full() then put_nowait → Full.
        auto q = qtest::remember(Queue<std::uint64_t>(0, 1024));
        QCOMPARE(q.capacity(), std::size_t(1024));
        std::uint64_t n = 0;
        try {
            for (;;)
                q.put_nowait(n++);
        } catch (const proclab::Full&) {
            --n;
        }
        QCOMPARE(n, std::uint64_t(1024 / 16)); // 8-byte header + 8-byte payload
        QCOMPARE(q.qsize(), std::size_t(n));
        QVERIFY(q.full());
        // Wrap around many times with an uneven record size: padding records stay invisible.
        auto s = qtest::remember(Queue<std::string>(0, 1024));
        for (int i = 0; i < 1000; ++i) {
            s.put(std::string(std::size_t(i % 200), char('a' + i % 26)));
            if (i % 3 == 2) {
                for (int k = 0; k < 3; ++k)
                    s.get_nowait();
            }
        }
        QCOMPARE(s.qsize(), std::size_t(1));
        QCOMPARE(s.get_nowait(), std::string(999 % 200, char('a' + 999 % 26)));
        QVERIFY(s.empty());
        for (std::uint64_t i = 0; i < n; ++i)
            QCOMPARE(q.get_nowait(), i);
    }

    void badInput_data()
    {
        QTest::addColumn<QString>("case_");
        for (const char* c : {"negative maxsize", "tiny ring", "closed put", "closed get", "closed qsize",
                              "open missing", "open a lock", "open not proclab", "over maximum", "wrong type"})
            QTest::newRow(c) << QString::fromLatin1(c);
    }
    void badInput()
    {
        QFETCH(QString, case_);
        const std::string c = case_.toStdString();
        std::string message;
        std::string expect_in;
        bool right_type = false;
        try {
            if (c == "negative maxsize") {
                expect_in = "maxsize";
                Queue<int> q(-1);
            } else if (c == "tiny ring") {
                expect_in = "ring_bytes";
                Queue<int> q(0, 16);
            } else if (c.rfind("closed", 0) == 0) {
                auto q = qtest::remember(Queue<int>());
                auto copy = q;
                expect_in = q.name() + "' is closed";
                q.close();
                q.close();
                copy.put(1); // a copy is another handle: still open
                if (c == "closed put")
                    q.put(1);
                else if (c == "closed get")
                    q.get();
                else
                    q.qsize();
            } else if (c == "open missing") {
                expect_in = "proclab-" + std::to_string(::geteuid()) + "-queue-00000000";
                try {
                    Queue<int>::open(expect_in);
                } catch (const proclab::NotFound& e) {
                    right_type = true;
                    throw;
                }
            } else if (c == "open a lock") {
                auto lock = proclab::detail::Segment::create("lock", 64);
                qtest::created().insert(lock->name());
                expect_in = "not a queue";
                Queue<int>::open(lock->name());
            } else if (c == "open not proclab") {
                expect_in = "not the name of a ProcLab";
                Queue<int>::open("some-other-object");
            } else if (c == "over maximum") {
                auto q = qtest::remember(Queue<std::string>());
                expect_in = q.name();
                const std::string huge(Queue<>::max_message_size + 1, 'h');
                try {
                    q.put(huge);
                } catch (const proclab::ValueError& e) {
                    QVERIFY2(std::string(e.what()).find(std::to_string(huge.size())) != std::string::npos, e.what());
                    throw;
                }
            } else if (c == "wrong type") {
                auto q = qtest::remember(Queue<std::string>());
                expect_in = q.name();
                q.put("abc");
                Queue<int>::open(q.name()).get();
            }
        } catch (const proclab::ValueError& e) {
            message = e.what();
            right_type = right_type || c != "open missing";
        } catch (const proclab::Error& e) {
            message = e.what();
            right_type = right_type || c == "open a lock";
        }
        QVERIFY2(!message.empty(), "no error");
        QVERIFY2(right_type, message.c_str());
        QVERIFY2(message.find(expect_in) != std::string::npos, message.c_str());
    }

    void largeMessage_data()
    {
        QTest::addColumn<StartMethod>("method");
        QTest::newRow("fork") << StartMethod::Fork;
        QTest::newRow("spawn") << StartMethod::Spawn;
    }
    void largeMessage()
    {
        QFETCH(StartMethod, method);
        const std::size_t size = std::size_t(64) << 20;
        auto in = qtest::remember(Queue<std::string>());
        auto out = qtest::remember(Queue<std::string>());
        const std::string big = pattern(size, 11);
        proclab::Process p(check_big, in, out, std::uint64_t(size), 11u);
        p.set_start_method(method);
        ptest::ChildGuard guard(p);
        PTEST_NOTHROW(p.start());
        PTEST_NOTHROW(in.put(big));
        std::string verdict, back;
        PTEST_NOTHROW(verdict = out.get(60s));
        QCOMPARE(verdict, std::string("ok"));
        PTEST_NOTHROW(back = out.get(60s));
        QVERIFY(back == big);
        QVERIFY(p.join(30s));
        QCOMPARE(p.exitcode(), std::optional<int>(0));
    }

    void mpmc_data()
    {
        QTest::addColumn<int>("producers");
        QTest::addColumn<int>("consumers");
        QTest::addColumn<int>("perProducer");
        QTest::addColumn<int>("ringBytes");
        QTest::newRow("4x4, default ring") << 4 << 4 << 1'000'000 << int(Queue<std::int32_t>::default_ring_bytes);
        // 64 messages fit: putters wait all the time, and every put wakes or hands room on. A stale
        // free-space hint (a head read long before) would let a put overwrite unread messages.
        QTest::newRow("6x2, 1 KiB ring, putters wait") << 6 << 2 << 150'000 << 1024;
    }
    void mpmc()
    {
        QFETCH(int, producers);
        QFETCH(int, consumers);
        QFETCH(int, perProducer);
        QFETCH(int, ringBytes);
        const int per_producer = perProducer;
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string path = dir.path().toStdString();
        auto q = qtest::remember(Queue<std::int32_t>(0, std::size_t(ringBytes)));
        std::vector<proclab::Process> procs;
        for (int c = 0; c < consumers; ++c) {
            procs.emplace_back([q, c, path, producers, per_producer]() mutable {
                std::vector<std::int32_t> got;
                got.reserve(std::size_t(producers) * per_producer);
                std::vector<std::int32_t> last(producers, -1);
                int fifo_errors = 0;
                for (;;) {
                    const std::int32_t v = q.get();
                    if (v < 0)
                        break;
                    const int producer = v / per_producer;
                    if (producer >= producers || v <= last[producer])
                        ++fifo_errors;
                    else
                        last[producer] = v;
                    got.push_back(v);
                }
                got.push_back(-1 - fifo_errors); // last entry: -1 - FIFO violations
                const int fd = ::open((path + "/c" + std::to_string(c)).c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
                ptest::write_all(fd, std::string_view(reinterpret_cast<const char*>(got.data()), got.size() * 4));
                ::close(fd);
            });
        }
        for (int p = 0; p < producers; ++p) {
            procs.emplace_back([q, p, per_producer]() mutable {
                for (int k = 0; k < per_producer; ++k)
                    q.put(p * per_producer + k);
            });
        }
        const auto t0 = std::chrono::steady_clock::now();
        for (auto& p : procs) {
            p.set_start_method(StartMethod::Fork);
            p.start();
        }
        for (int p = consumers; p < consumers + producers; ++p)
            QVERIFY(procs[p].join(120s));
        for (int c = 0; c < consumers; ++c)
            q.put(-1);
        for (int c = 0; c < consumers; ++c)
            QVERIFY(procs[c].join(120s));
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        qInfo("%dx%d MPMC: %d messages in %.2f s (%.0f msgs/s)", producers, consumers, producers * per_producer, secs,
              producers * per_producer / secs);
        for (auto& p : procs)
            QCOMPARE(p.exitcode(), std::optional<int>(0));
        std::vector<std::uint8_t> seen(std::size_t(producers) * per_producer, 0);
        std::size_t total = 0, duplicates = 0;
        for (int c = 0; c < consumers; ++c) {
            const std::string data = ptest::read_file(path + "/c" + std::to_string(c));
            QVERIFY(data.size() % 4 == 0 && !data.empty());
            std::vector<std::int32_t> got(data.size() / 4);
            std::memcpy(got.data(), data.data(), data.size());
            QCOMPARE(got.back(), -1); // no FIFO violation per producer
            got.pop_back();
            for (const std::int32_t v : got) {
                QVERIFY(v >= 0 && v < producers * per_producer);
                duplicates += seen[std::size_t(v)]++ ? 1 : 0;
            }
            total += got.size();
        }
        QCOMPARE(duplicates, std::size_t(0));
        QCOMPARE(total, std::size_t(producers) * per_producer);
        QVERIFY(q.empty());
    }

    void killBlockedPeer_data()
    {
        QTest::addColumn<bool>("consumer");
        QTest::newRow("consumer blocked in get") << true;
        QTest::newRow("producer blocked in put") << false;
    }
    void killBlockedPeer()
    {
        QFETCH(bool, consumer);
        auto q = qtest::remember(Queue<int>(consumer ? 0 : 1));
        for (int round = 0; round < 100; ++round) {
            if (!consumer)
                q.put(round); // full: the child's put blocks
            proclab::Process p([q, consumer]() mutable {
                if (consumer)
                    q.get();
                else
                    q.put(-1);
            });
            p.set_start_method(StartMethod::Fork);
            ptest::ChildGuard guard(p);
            p.start();
            QTRY_VERIFY_WITH_TIMEOUT(qtest::blocked_in_futex(p.pid()), ptest::kAwaitMs);
            p.kill();
            QVERIFY(p.join(10s));
            QCOMPARE(p.exitcode(), std::optional<int>(-SIGKILL));
            // Still works and unchanged by the dead peer.
            if (consumer)
                q.put(round);
            QCOMPARE(q.qsize(), std::size_t(1));
            QCOMPARE(q.get(5s), round);
            QVERIFY(q.empty());
        }
        // A live blocked peer is still woken after all those deaths.
        auto done = qtest::remember(Queue<int>());
        if (!consumer)
            q.put(0);
        proclab::Process p([q, done, consumer]() mutable {
            if (consumer) {
                done.put(q.get() + 1);
            } else {
                q.put(41);
                done.put(42);
            }
        });
        p.set_start_method(StartMethod::Fork);
        ptest::ChildGuard guard(p);
        p.start();
        QTRY_VERIFY_WITH_TIMEOUT(qtest::blocked_in_futex(p.pid()), ptest::kAwaitMs);
        if (consumer)
            q.put(41);
        else
            QCOMPARE(q.get(), 0);
        QCOMPARE(done.get(10s), 42);
        QVERIFY(p.join(10s));
        if (!consumer)
            QCOMPARE(q.get_nowait(), 41);
    }

    void killBusyPeers_data()
    {
        QTest::addColumn<int>("rounds");
        QTest::addColumn<int>("ringBytes");
        QTest::newRow("small messages, 50 rounds") << 50 << (1 << 20);
        QTest::newRow("inline and large, small ring, 50 rounds") << 50 << (1 << 16);
    }
    void killBusyPeers()
    {
        QFETCH(int, rounds);
        QFETCH(int, ringBytes);
        auto q = qtest::remember(Queue<std::string>(0, std::size_t(ringBytes)));
        const std::size_t max_size = q.capacity() / 2; // up to twice the inline limit
        std::mt19937 rng(12345);
        for (int round = 0; round < rounds; ++round) {
            std::vector<proclab::Process> peers;
            for (int i = 0; i < 4; ++i) {
                const bool producer = i % 2 == 0;
                const unsigned seed = rng();
                peers.emplace_back([q, producer, seed, max_size]() mutable {
                    std::mt19937_64 r(seed);
                    for (std::uint64_t n = 0;; ++n) {
                        if (producer) {
                            const std::size_t size = r() % 8 == 0 ? r() % max_size : r() % 200;
                            q.put(make_message(r(), size), 1s);
                        } else {
                            const std::string m = q.get();
                            if (!valid_message(m))
                                std::_Exit(3);
                        }
                    }
                });
            }
            for (auto& p : peers) {
                p.set_start_method(StartMethod::Fork);
                p.start();
            }
            // Let them run for a random while, then kill them all at once, mid-operation.
            timespec ts{0, long(rng() % 3'000'000)};
            ::nanosleep(&ts, nullptr);
            for (auto& p : peers)
                p.kill();
            for (auto& p : peers) {
                QVERIFY(p.join(10s));
                const auto rc = p.exitcode();
                QVERIFY2(rc == std::optional<int>(-SIGKILL) || rc == std::optional<int>(1),
                         qPrintable(QStringLiteral("exit code %1").arg(rc.value_or(999))));
            }
            // Consistent: qsize() is what get() returns, each message intact, then Empty.
            const std::size_t n = q.qsize();
            for (std::size_t i = 0; i < n; ++i) {
                std::string m;
                PTEST_NOTHROW(m = q.get_nowait());
                QVERIFY2(valid_message(m),
                         qPrintable(QStringLiteral("round %1: garbage message %2 of %3").arg(round).arg(i).arg(n)));
            }
            QVERIFY_THROWS_EXCEPTION(proclab::Empty, q.get_nowait());
            QCOMPARE(q.qsize(), std::size_t(0));
            q.put(make_message(round, 100));
            QVERIFY(valid_message(q.get(1s)));
        }
        qInfo("%u of the kills hit a holder of the queue's lock (repaired)", q.owner_deaths());
    }

    void deadLockHolder_data()
    {
        QTest::addColumn<bool>("consumer");
        QTest::newRow("consumer dies in get, holding the head lock") << true;
        QTest::newRow("producer dies in put, holding the tail lock") << false;
    }
    void deadLockHolder()
    {
        // Deterministic: the engine runs the sink of a get under the head lock, and a put copies
        // the payload into the ring under the tail lock. So a sink that kills its own process, or
        // a payload on an unreadable page, makes a process die holding exactly that lock,
        // mid-operation (the put with its record header already written).
        QFETCH(bool, consumer);
        auto q = qtest::remember(proclab::JoinableQueue<std::uint64_t>(3));
        q.put(1);
        q.put(2);
        die_in_queue(q.name(), consumer, 0);
        if (QTest::currentTestFailed())
            return;
        // The other side has its own lock: it goes on at once, without a repair.
        const auto t0 = std::chrono::steady_clock::now();
        if (consumer)
            PTEST_NOTHROW(q.put_nowait(3));
        else
            QCOMPARE(q.get_nowait(), std::uint64_t(1));
        QVERIFY(std::chrono::steady_clock::now() - t0 < 10ms);
        // The dead holder's side is repaired by its next user (owner_deaths() takes both locks).
        QCOMPARE(q.owner_deaths(), 1u);
        if (consumer) {
            QCOMPARE(q.qsize(), std::size_t(3)); // the message being read when it died stays
            QVERIFY(q.full());
            QVERIFY_THROWS_EXCEPTION(proclab::Full, q.put_nowait(4));
        } else {
            QCOMPARE(q.qsize(), std::size_t(1)); // the half-written record was never published
            PTEST_NOTHROW(q.put_nowait(3));
        }
        QCOMPARE(q.unfinished_tasks(), std::uint64_t(3));
        for (std::uint64_t v = consumer ? 1 : 2; v <= 3; ++v)
            QCOMPARE(q.get_nowait(), v);
        QVERIFY_THROWS_EXCEPTION(proclab::Empty, q.get_nowait());
        QVERIFY(q.empty());
        for (int i = 0; i < 3; ++i)
            q.task_done();
        QVERIFY(q.join(0ms));
        QCOMPARE(q.owner_deaths(), 1u);
    }

    void deadBiasOwner_data()
    {
        QTest::addColumn<bool>("consumer");
        QTest::newRow("the consumer a side is biased to dies in a get") << true;
        QTest::newRow("the producer a side is biased to dies in a put") << false;
    }
    void deadBiasOwner()
    {
        // A thread that used a side alone for a while gets it biased: it then puts or gets without
        // the lock. It dies in the middle of such an operation (its sink kills it, or its payload
        // is on an unreadable page): the next user of that side must see that the owner is gone,
        // take the side over and find the queue consistent.
        QFETCH(bool, consumer);
        constexpr std::uint64_t kWarmup = 200; // more than the locked operations that earn a bias
        auto q = qtest::remember(proclab::JoinableQueue<std::uint64_t>());
        if (consumer)
            for (std::uint64_t v = 0; v < kWarmup + 2; ++v)
                q.put(v);
        die_in_queue(q.name(), consumer, kWarmup);
        if (QTest::currentTestFailed())
            return;
        auto engine = proclab::detail::ByteQueue::open(q.name(), "JoinableQueue");
        QCOMPARE(engine->bias_revocations(), 0u);
        // Exact without taking the side over.
        QCOMPARE(q.qsize(), std::size_t(consumer ? 2 : kWarmup));
        // The dead owner's side, used by another thread: revoked, its death counted, consistent.
        if (consumer) {
            QCOMPARE(q.get(5s), kWarmup); // the message being read when it died stays
            QCOMPARE(q.get(5s), kWarmup + 1);
        } else {
            q.put(kWarmup, 5s); // the half-written record was never published
            for (std::uint64_t v = 0; v <= kWarmup; ++v)
                QCOMPARE(q.get(5s), v);
        }
        QCOMPARE(engine->bias_revocations(), 1u);
        QCOMPARE(q.owner_deaths(), 1u);
        QVERIFY_THROWS_EXCEPTION(proclab::Empty, q.get_nowait());
        QCOMPARE(q.unfinished_tasks(), std::uint64_t(consumer ? kWarmup + 2 : kWarmup + 1));
    }

    void biasHandOver_data()
    {
        QTest::addColumn<int>("batch");
        QTest::addColumn<int>("rounds");
        QTest::newRow("long batches: each side biased, then taken over") << 5000 << 6;
        QTest::newRow("short batches: the sides stay locked") << 3 << 2000;
    }
    void biasHandOver()
    {
        // Two producer processes take turns (a batch each, handed over by a token queue) while one
        // consumer process reads: every message arrives once, in each producer's order, and
        // qsize() stays exact whoever holds the sides.
        QFETCH(int, batch);
        QFETCH(int, rounds);
        auto q = qtest::remember(Queue<std::int64_t>());
        auto turn0 = qtest::remember(Queue<int>()); // a producer's turn: a token in its queue
        auto turn1 = qtest::remember(Queue<int>());
        auto done = qtest::remember(Queue<std::int64_t>());
        std::vector<proclab::Process> procs;
        for (int id = 0; id < 2; ++id) {
            procs.emplace_back([q, mine = id ? turn1 : turn0, next = id ? turn0 : turn1, id, batch, rounds]() mutable {
                for (int r = 0; r < rounds; ++r) {
                    mine.get();
                    for (int k = 0; k < batch; ++k)
                        q.put((std::int64_t(id) << 40) | (std::int64_t(r) * batch + k));
                    next.put(r);
                }
            });
        }
        const std::int64_t total = std::int64_t(2) * batch * rounds;
        procs.emplace_back([q, done, total]() mutable {
            std::int64_t last[2] = {-1, -1};
            std::int64_t errors = 0;
            for (std::int64_t n = 0; n < total; ++n) {
                const std::int64_t v = q.get(30s);
                const int id = int(v >> 40);
                const std::int64_t k = v & ((std::int64_t(1) << 40) - 1);
                if ((id != 0 && id != 1) || k != last[id] + 1)
                    ++errors;
                else
                    last[id] = k;
            }
            done.put(errors);
        });
        for (auto& p : procs) {
            p.set_start_method(StartMethod::Fork);
            p.start();
        }
        turn0.put(0);
        QCOMPARE(done.get(60s), std::int64_t(0));
        for (auto& p : procs) {
            QVERIFY(p.join(30s));
            QCOMPARE(p.exitcode(), std::optional<int>(0));
        }
        QCOMPARE(turn0.get_nowait(), rounds - 1); // the last turn handed back
        QVERIFY(turn1.empty());
        QCOMPARE(q.qsize(), std::size_t(0));
        auto engine = proclab::detail::ByteQueue::open(q.name(), "Queue");
        qInfo("%u bias revocations", engine->bias_revocations());
        if (batch > 1000)
            QVERIFY(engine->bias_revocations() >= 1); // the producers' side changed hands biased
        else
            QVERIFY(engine->bias_revocations() <= 8); // revocations make the next bias ever harder
        // The sides still work from here, biased or not.
        for (std::int64_t v = 0; v < 300; ++v)
            q.put(v);
        QCOMPARE(q.qsize(), std::size_t(300));
        for (std::int64_t v = 0; v < 300; ++v)
            QCOMPARE(q.get_nowait(), v);
    }

    void killBusyJoinableProducers()
    {
        // Producers killed anywhere in put(), also between publishing a message and counting it as
        // published: unfinished_tasks() stays exactly the messages published and not task_done().
        auto q = qtest::remember(proclab::JoinableQueue<std::uint64_t>(0, 1 << 16));
        std::mt19937 rng(4242);
        for (int round = 0; round < 40; ++round) {
            std::vector<proclab::Process> peers;
            for (int i = 0; i < 2; ++i)
                peers.emplace_back([q, i]() mutable {
                    for (std::uint64_t n = 0;; ++n)
                        q.put(std::uint64_t(i) << 32 | n, 1s);
                });
            for (auto& p : peers) {
                p.set_start_method(StartMethod::Fork);
                p.start();
            }
            timespec ts{0, long(rng() % 2'000'000)};
            ::nanosleep(&ts, nullptr);
            for (auto& p : peers)
                p.kill();
            for (auto& p : peers)
                QVERIFY(p.join(10s));
            const std::size_t n = q.qsize();
            QCOMPARE(q.unfinished_tasks(), std::uint64_t(n));
            std::uint64_t next[2] = {0, 0};
            for (std::size_t k = 0; k < n; ++k) {
                std::uint64_t v = 0;
                PTEST_NOTHROW(v = q.get_nowait());
                const unsigned who = unsigned(v >> 32);
                QVERIFY(who < 2);
                QCOMPARE(v & 0xffffffffu, next[who]); // FIFO per producer, none lost in between
                ++next[who];
                q.task_done();
            }
            QVERIFY_THROWS_EXCEPTION(proclab::Empty, q.get_nowait());
            QCOMPARE(q.unfinished_tasks(), std::uint64_t(0));
            QVERIFY(q.join(0ms));
        }
        qInfo("%u of the kills hit a holder of the tail lock (repaired)", q.owner_deaths());
    }

    void handleOutlivesCreator()
    {
        // The creator's handle goes first; a child that opened it keeps the queue alive.
        auto q = std::make_unique<Queue<int>>();
        const std::string name = q->name();
        qtest::created().insert(name);
        auto copy = Queue<int>::open(name);
        q.reset();
        copy.put(5);
        QCOMPARE(Queue<int>::open(name).get(), 5);
        copy.close();
        QVERIFY_THROWS_EXCEPTION(proclab::NotFound, Queue<int>::open(name));
    }
};

PROCLAB_TEST_MAIN(TestQueue)
#include "tst_queue.moc"

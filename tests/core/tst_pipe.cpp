// Pipe / Connection: typed and raw messages across a fork child (duplex and one-way), direction
// errors, poll with timeouts, EOFError when the peer closes or dies, recv_bytes_into with a short
// buffer, 64 MiB messages, the size maximum, no SIGPIPE, closed handles, descriptors not leaked.

#include "test_main.h"
#include "test_support.h"

#include <proclab/pipe.h>

#include <QTest>

#include <sys/mman.h>

#include <algorithm>
#include <array>
#include <csignal>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using proclab::Connection;
using proclab::StartMethod;

namespace {

/// Python's tutorial: a child sends through its end of a one-way Pipe, then exits.
void send_squares(Connection<int> conn, int n)
{
    for (int i = 1; i <= n; ++i)
        conn.send(i * i);
}

/// A duplex peer: answers each message with its double until it gets 0. (Not until EOF: a Fork
/// child inherits the parent's end too, so closing it in the parent is no end of stream there —
/// the same in Python.)
void echo_doubles(Connection<int> conn)
{
    for (int v; (v = conn.recv()) != 0;)
        conn.send(2 * v);
}

/// Two ends in one call: reads from one, writes to the other.
void relay(Connection<std::string> in, Connection<std::string> out)
{
    out.send(in.recv() + " relayed");
}

/// A trivially copyable value: sent by memcpy.
struct Pod {
    int a;
    double b;
    char c[5];
    bool operator==(const Pod&) const = default;
};

/// A value with serialize(): sent through cereal.
struct Person {
    std::string name;
    std::vector<int> scores;
    std::optional<double> height;
    bool operator==(const Person&) const = default;
    template <class Archive>
    void serialize(Archive& ar)
    {
        ar(name, scores, height);
    }
};

/// Two processes' ends of a channel. Duplex: one Pipe, the parent holds `a`, the child `b`.
/// One-way: two Pipes, parent→child (a = child's read end, b = parent's write end) and
/// child→parent (c = parent's read end, d = child's write end).
template <class T>
struct Link {
    explicit Link(bool duplex_)
        : duplex(duplex_)
    {
        if (duplex) {
            auto [x, y] = proclab::Pipe<T>(true);
            a = std::move(x);
            b = std::move(y);
        } else {
            auto [r1, w1] = proclab::Pipe<T>(false);
            auto [r2, w2] = proclab::Pipe<T>(false);
            a = std::move(r1);
            b = std::move(w1);
            c = std::move(r2);
            d = std::move(w2);
        }
    }
    Connection<T>& parent_out() { return duplex ? a : b; }
    Connection<T>& parent_in() { return duplex ? a : c; }
    Connection<T>& child_out() { return duplex ? b : d; }
    Connection<T>& child_in() { return duplex ? b : a; }
    void close_child_ends()
    {
        if (duplex) {
            b.close();
        } else {
            a.close();
            d.close();
        }
    }
    void close_parent_ends()
    {
        if (duplex) {
            a.close();
        } else {
            b.close();
            c.close();
        }
    }

    bool duplex;
    Connection<T> a, b, c, d;
};

/// Starts a Fork child that echoes every message of `link` back until EOF, then exits 0.
template <class T>
void start_echo(proclab::Process& p, Link<T>& link)
{
    p.start();
    link.close_child_ends();
}

template <class T>
proclab::Process echo_process(Link<T>& link)
{
    return proclab::Process([&link] {
        link.close_parent_ends();
        for (;;) {
            std::optional<T> v;
            try {
                v = link.child_in().recv();
            } catch (const proclab::EOFError&) {
                return;
            }
            link.child_out().send(*v);
        }
    });
}

/// Bytes of the message that carries `v` (its frame header included).
template <class T>
std::size_t wire_size(const T& v)
{
    if constexpr (std::is_same_v<T, std::string>)
        return v.size() + 4;
    else if constexpr (std::is_trivially_copyable_v<T>)
        return sizeof(T) + 4;
    else
        return proclab::to_bytes(v).size() + 4;
}

/// Sends `values` to an echo child and checks that each comes back equal, in order; then closes
/// and checks that the child saw EOF (exit 0) and that we see EOF too.
template <class T>
void round_trip(bool duplex, const std::vector<T>& values)
{
    Link<T> link(duplex);
    proclab::Process p = echo_process(link);
    ptest::ChildGuard guard(p);
    PTEST_NOTHROW(start_echo(p, link));
    for (std::size_t i = 0; i < values.size(); ++i) {
        PTEST_NOTHROW(link.parent_out().send(values[i]));
        std::optional<T> back;
        PTEST_NOTHROW(back = link.parent_in().recv());
        QVERIFY2(back && *back == values[i], qPrintable(QStringLiteral("value %1 came back different").arg(i)));
    }
    // Several in flight at once, then read back: order is kept. Batches of at most 32 KiB, so
    // that neither side blocks on a full channel while the other is not reading.
    for (std::size_t first = 0; first < values.size();) {
        std::size_t end = first, bytes = 0;
        while (end < values.size() && (end == first || bytes + wire_size(values[end]) <= 32 * 1024))
            bytes += wire_size(values[end++]);
        for (std::size_t i = first; i < end; ++i)
            PTEST_NOTHROW(link.parent_out().send(values[i]));
        for (std::size_t i = first; i < end; ++i) {
            std::optional<T> back;
            PTEST_NOTHROW(back = link.parent_in().recv());
            QVERIFY2(back && *back == values[i], qPrintable(QStringLiteral("queued value %1 differs").arg(i)));
        }
        first = end;
    }
    link.parent_out().close(); // duplex: our only end; one-way: the child's input
    QVERIFY(p.join(30s));
    QCOMPARE(p.exitcode(), std::optional<int>(0));
    if (!duplex) // the child's output end went with it
        QVERIFY_THROWS_EXCEPTION(proclab::EOFError, link.parent_in().recv());
}

std::string pattern(std::size_t size, unsigned seed)
{
    std::string s(size, '\0');
    std::uint64_t x = 0x9E3779B97F4A7C15ULL ^ seed;
    for (std::size_t i = 0; i < size; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        s[i] = char(x);
    }
    return s;
}

bool sigpipe_pending()
{
    sigset_t pending;
    sigemptyset(&pending);
    sigpending(&pending);
    return sigismember(&pending, SIGPIPE) == 1;
}

bool sigpipe_blocked()
{
    sigset_t mask;
    pthread_sigmask(SIG_SETMASK, nullptr, &mask);
    return sigismember(&mask, SIGPIPE) == 1;
}

/// The what() of the E that f() throws, or a text saying what happened instead.
template <class E, class F>
std::string message_of(F f)
{
    try {
        f();
    } catch (const E& e) {
        return e.what();
    } catch (const std::exception& e) {
        return std::string("<wrong exception: ") + e.what() + ">";
    }
    return "<no exception>";
}

bool has(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

} // namespace

PROCLAB_TASK(send_squares);
PROCLAB_TASK(echo_doubles);
PROCLAB_TASK(relay);

class TestPipe : public LeakCheckedTest {
    Q_OBJECT

private:
    static void addDuplexRows()
    {
        QTest::addColumn<bool>("duplex");
        QTest::newRow("duplex") << true;
        QTest::newRow("one-way") << false;
    }

private slots:
    void initTestCase()
    {
        LeakCheckedTest::initTestCase();
        // The process must survive writes to a closed peer with SIGPIPE at its default action.
        std::signal(SIGPIPE, SIG_DFL);
    }

    // -- typed messages across a fork child ---------------------------------------------------

    void sendRecvTypes_data()
    {
        QTest::addColumn<QByteArray>("type");
        QTest::addColumn<bool>("duplex");
        for (const char* type :
             {"int", "double", "uint64", "pod", "array4k", "string", "vector<int>", "map", "struct", "optional"}) {
            QTest::addRow("%s duplex", type) << QByteArray(type) << true;
            QTest::addRow("%s one-way", type) << QByteArray(type) << false;
        }
    }
    void sendRecvTypes()
    {
        QFETCH(QByteArray, type);
        QFETCH(bool, duplex);
        if (type == "int") {
            round_trip<int>(duplex, {0, 1, -1, 42, std::numeric_limits<int>::max(), std::numeric_limits<int>::min()});
        } else if (type == "double") {
            round_trip<double>(duplex, {0.0, -1.5, 3.141592653589793, 1e300, -0.0});
        } else if (type == "uint64") {
            round_trip<std::uint64_t>(duplex, {0, 1, ~std::uint64_t(0), 0x0123456789abcdefULL});
        } else if (type == "pod") {
            round_trip<Pod>(duplex, {Pod{1, 2.5, "abcd"}, Pod{-7, -0.25, {'x', 0, 'y', 0, 'z'}}});
        } else if (type == "array4k") {
            std::array<std::byte, 4096> x{};
            for (std::size_t i = 0; i < x.size(); ++i)
                x[i] = std::byte(i * 7);
            std::array<std::byte, 4096> y{};
            y.fill(std::byte{0xAB});
            round_trip<std::array<std::byte, 4096>>(duplex, {x, y});
        } else if (type == "string") {
            round_trip<std::string>(duplex, {"", "hello", std::string("a\0b\xff", 4), pattern(100000, 3)});
        } else if (type == "vector<int>") {
            round_trip<std::vector<int>>(duplex, {{}, {1, 2, 3}, std::vector<int>(50000, -9)});
        } else if (type == "map") {
            round_trip<std::map<std::string, int>>(duplex, {{}, {{"a", 1}, {"b", 2}}, {{"only", -1}}});
        } else if (type == "struct") {
            round_trip<Person>(duplex, {Person{"ada", {1, 2}, 1.7}, Person{"", {}, std::nullopt}});
        } else if (type == "optional") {
            round_trip<std::optional<std::string>>(duplex, {std::nullopt, std::string("x"), std::string()});
        } else {
            QFAIL("unknown type row");
        }
    }

    /// Many messages of random sizes (0 … 40 KiB) through an echo child: framing and buffering
    /// across the buffer/direct-read boundaries keep every message whole and in order.
    void randomSizesInOrder_data() { addDuplexRows(); }
    void randomSizesInOrder()
    {
        QFETCH(bool, duplex);
        std::mt19937 rng(12345);
        std::uniform_int_distribution<int> small(0, 64);
        std::uniform_int_distribution<int> large(0, 40 * 1024);
        std::vector<std::string> values;
        for (int i = 0; i < 400; ++i)
            values.push_back(pattern(std::size_t(i % 4 == 0 ? large(rng) : small(rng)), unsigned(i)));
        round_trip<std::string>(duplex, values);
    }

    /// Both ends of a duplex Pipe send and receive, in one process and across a fork.
    void duplexBothWays()
    {
        auto pipe = proclab::Pipe<int>();
        auto& a = pipe.first; // not a structured binding: the child's lambda captures both
        auto& b = pipe.second;
        QVERIFY(a.readable() && a.writable() && b.readable() && b.writable());
        PTEST_NOTHROW(a.send(1));
        PTEST_NOTHROW(b.send(2));
        QCOMPARE(b.recv(), 1);
        QCOMPARE(a.recv(), 2);

        proclab::Process p([&] {
            a.close();
            const int v = b.recv();
            b.send(v * 10);
            b.send(v * 100);
        });
        ptest::ChildGuard guard(p);
        PTEST_NOTHROW(p.start());
        b.close();
        PTEST_NOTHROW(a.send(7));
        QCOMPARE(a.recv(), 70);
        QCOMPARE(a.recv(), 700);
        QVERIFY(p.join(30s));
        QCOMPARE(p.exitcode(), std::optional<int>(0));
        QVERIFY_THROWS_EXCEPTION(proclab::EOFError, a.recv());
    }

    /// std::string Connections and the raw calls interoperate: send(s) is send_bytes(s).
    void bytesAndTypedInteroperate()
    {
        auto [a, b] = proclab::Pipe<std::string>();
        a.send("typed");
        QCOMPARE(b.recv_bytes(), std::string("typed"));
        a.send_bytes(std::string_view("raw"));
        QCOMPARE(b.recv(), std::string("raw"));
        const std::array<std::byte, 3> bytes{std::byte{1}, std::byte{2}, std::byte{3}};
        a.send_bytes(std::span<const std::byte>(bytes));
        std::array<std::byte, 8> into{};
        QCOMPARE(b.recv_bytes_into(into), std::size_t(3));
        QVERIFY(std::equal(bytes.begin(), bytes.end(), into.begin()));
    }

    // -- direction ----------------------------------------------------------------------------

    void oneWayDirection_data()
    {
        QTest::addColumn<QByteArray>("op");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("send on read end") << QByteArray("send-read") << QByteArray("read-only");
        QTest::newRow("send_bytes on read end") << QByteArray("send_bytes-read") << QByteArray("read-only");
        QTest::newRow("recv on write end") << QByteArray("recv-write") << QByteArray("write-only");
        QTest::newRow("recv_bytes on write end") << QByteArray("recv_bytes-write") << QByteArray("write-only");
        QTest::newRow("recv_bytes_into on write end")
            << QByteArray("recv_bytes_into-write") << QByteArray("write-only");
        QTest::newRow("poll on write end") << QByteArray("poll-write") << QByteArray("write-only");
    }
    void oneWayDirection()
    {
        QFETCH(QByteArray, op);
        QFETCH(QByteArray, expected);
        auto [r, w] = proclab::Pipe<int>(false);
        QVERIFY(r.readable() && !r.writable());
        QVERIFY(!w.readable() && w.writable());
        std::array<std::byte, 16> buf{};
        const std::string msg = message_of<proclab::ValueError>([&, &r = r, &w = w] {
            if (op == "send-read")
                r.send(1);
            else if (op == "send_bytes-read")
                r.send_bytes(std::string_view("x"));
            else if (op == "recv-write")
                (void)w.recv();
            else if (op == "recv_bytes-write")
                (void)w.recv_bytes();
            else if (op == "recv_bytes_into-write")
                (void)w.recv_bytes_into(buf);
            else if (op == "poll-write")
                (void)w.poll();
        });
        QVERIFY2(has(msg, expected.toStdString()) && has(msg, "Connection (fd "), msg.c_str());
        // The right direction still works.
        w.send(5);
        QCOMPARE(r.recv(), 5);
    }

    // -- poll ---------------------------------------------------------------------------------

    void pollTimeout_data()
    {
        QTest::addColumn<bool>("duplex");
        QTest::addColumn<QByteArray>("situation");
        QTest::addColumn<int>("timeoutMs"); // -1: poll(std::nullopt)
        QTest::addColumn<bool>("expected");
        QTest::addColumn<int>("minMs"); // poll returns no earlier than this
        for (const bool duplex : {true, false}) {
            const char* d = duplex ? "duplex" : "one-way";
            QTest::addRow("%s empty, 0", d) << duplex << QByteArray("empty") << 0 << false << 0;
            QTest::addRow("%s empty, 150ms", d) << duplex << QByteArray("empty") << 150 << false << 150;
            QTest::addRow("%s message waiting, 0", d) << duplex << QByteArray("waiting") << 0 << true << 0;
            QTest::addRow("%s second buffered message, 0", d) << duplex << QByteArray("buffered") << 0 << true << 0;
            QTest::addRow("%s only part of a message buffered, 50ms", d)
                << duplex << QByteArray("partial") << 50 << false << 50;
            QTest::addRow("%s child sends later, 30s", d) << duplex << QByteArray("later") << 30000 << true << 0;
            QTest::addRow("%s child sends later, forever", d) << duplex << QByteArray("later") << -1 << true << 0;
            QTest::addRow("%s peer closed, 0", d) << duplex << QByteArray("closed") << 0 << true << 0;
            QTest::addRow("%s peer process exits, forever", d) << duplex << QByteArray("exits") << -1 << true << 0;
        }
    }
    void pollTimeout()
    {
        QFETCH(bool, duplex);
        QFETCH(QByteArray, situation);
        QFETCH(int, timeoutMs);
        QFETCH(bool, expected);
        QFETCH(int, minMs);
        Link<int> link(duplex);
        std::optional<proclab::Process> p;
        if (situation == "waiting") {
            link.child_out().send(1);
        } else if (situation == "buffered") {
            link.child_out().send(1);
            link.child_out().send(2);
            QCOMPARE(link.parent_in().recv(), 1); // the read buffer now holds message 2
        } else if (situation == "partial") {
            // Message 1, then the header and 3 of the 10 bytes of message 2: recv() of message 1
            // reads them all into the buffer, yet message 2 is not there.
            link.child_out().send(1);
            const std::uint32_t length = 10;
            QVERIFY(::write(link.child_out().fileno(), &length, sizeof length) == sizeof length);
            QVERIFY(::write(link.child_out().fileno(), "abc", 3) == 3);
            QCOMPARE(link.parent_in().recv(), 1);
        } else if (situation == "closed") {
            link.child_out().close();
        } else if (situation == "later" || situation == "exits") {
            const bool send = situation == "later";
            p.emplace([&link, send] {
                link.close_parent_ends();
                // Sends once the parent is blocked in poll: it announced it by sending 0.
                (void)link.child_in().recv();
                if (send)
                    link.child_out().send(9);
            });
            PTEST_NOTHROW(p->start());
            link.close_child_ends();
            link.parent_out().send(0);
        }
        std::optional<ptest::ChildGuard> guard;
        if (p)
            guard.emplace(*p);
        const auto t0 = std::chrono::steady_clock::now();
        bool got = false;
        PTEST_NOTHROW(got = timeoutMs < 0 ? link.parent_in().poll(std::nullopt)
                                          : link.parent_in().poll(std::chrono::milliseconds(timeoutMs)));
        const auto elapsed = std::chrono::steady_clock::now() - t0;
        QCOMPARE(got, expected);
        QVERIFY2(elapsed >= std::chrono::milliseconds(minMs), "poll returned before its timeout");
        QVERIFY2(elapsed < 20s, "poll took far too long");
        if (situation == "later")
            QCOMPARE(link.parent_in().recv(), 9);
        if (situation == "closed" || situation == "exits")
            QVERIFY_THROWS_EXCEPTION(proclab::EOFError, link.parent_in().recv());
        if (p) {
            QVERIFY(p->join(30s));
            QCOMPARE(p->exitcode(), std::optional<int>(0));
        }
    }

    // -- end of stream ------------------------------------------------------------------------

    void eofAfterPeerCloses_data()
    {
        QTest::addColumn<bool>("duplex");
        QTest::addColumn<QByteArray>("how");
        for (const bool duplex : {true, false}) {
            const char* d = duplex ? "duplex" : "one-way";
            for (const char* how : {"close", "destroy", "child exits", "child SIGKILLed", "child kills itself"})
                QTest::addRow("%s, %s", d, how) << duplex << QByteArray(how);
        }
    }
    void eofAfterPeerCloses()
    {
        QFETCH(bool, duplex);
        QFETCH(QByteArray, how);
        Link<std::string> link(duplex);
        std::optional<proclab::Process> p;
        if (how == "close" || how == "destroy") {
            link.child_out().send("last");
            link.child_out().send("words");
            if (how == "close") {
                link.child_out().close();
                QVERIFY(link.child_out().closed());
            } else {
                Connection<std::string> gone = std::move(link.child_out()); // destroyed at the end of the block
                QVERIFY(link.child_out().closed());
            }
        } else {
            p.emplace([&link, how] {
                link.close_parent_ends();
                link.child_out().send("last");
                link.child_out().send("words");
                if (how == "child kills itself")
                    ::raise(SIGKILL); // while the parent is (about to be) blocked in recv
                if (how == "child SIGKILLed")
                    ptest::wait_forever();
            });
            PTEST_NOTHROW(p->start());
            link.close_child_ends();
        }
        std::optional<ptest::ChildGuard> guard;
        if (p)
            guard.emplace(*p);
        // Messages sent before the close are all delivered first.
        QCOMPARE(link.parent_in().recv(), std::string("last"));
        QCOMPARE(link.parent_in().recv(), std::string("words"));
        if (how == "child SIGKILLed")
            p->kill();
        const std::string msg = message_of<proclab::EOFError>([&] { (void)link.parent_in().recv(); });
        QVERIFY2(has(msg, "peer closed"), msg.c_str());
        // And again: the end of the stream stays the end.
        QVERIFY_THROWS_EXCEPTION(proclab::EOFError, link.parent_in().recv());
        QVERIFY(link.parent_in().poll());
        if (p) {
            QVERIFY(p->join(30s));
            QVERIFY(p->exitcode().has_value());
        }
    }

    /// A stream cut in the middle of a message is an EOFError naming how much arrived.
    void eofInsideMessage()
    {
        auto [r, w] = proclab::Pipe<std::string>(false);
        const std::uint32_t announced = 100;
        QVERIFY(::write(w.fileno(), &announced, sizeof announced) == sizeof announced);
        QVERIFY(::write(w.fileno(), "0123456789", 10) == 10);
        w.close();
        const std::string msg = message_of<proclab::EOFError>([&, &r = r] { (void)r.recv(); });
        QVERIFY2(has(msg, "middle of a message") && has(msg, "10 of 100"), msg.c_str());
    }

    // -- recv_bytes_into ----------------------------------------------------------------------

    void recvBytesInto_data()
    {
        QTest::addColumn<int>("messageSize");
        QTest::addColumn<int>("bufferSize");
        QTest::newRow("empty message") << 0 << 4;
        QTest::newRow("exact fit") << 16 << 16;
        QTest::newRow("larger buffer") << 10 << 100;
        QTest::newRow("one byte short") << 17 << 16;
        QTest::newRow("empty buffer") << 1 << 0;
        QTest::newRow("large message, short buffer") << 100000 << 4096;
    }
    void recvBytesInto()
    {
        QFETCH(int, messageSize);
        QFETCH(int, bufferSize);
        auto [a, b] = proclab::Pipe<std::string>();
        const std::string message = pattern(std::size_t(messageSize), 7);
        a.send(message);
        a.send("next");
        std::vector<std::byte> buf(static_cast<std::size_t>(bufferSize));
        if (messageSize <= bufferSize) {
            std::size_t n = 0;
            PTEST_NOTHROW(n = b.recv_bytes_into(buf));
            QCOMPARE(n, std::size_t(messageSize));
            QVERIFY(std::memcmp(buf.data(), message.data(), message.size()) == 0);
        } else {
            try {
                (void)b.recv_bytes_into(buf);
                QFAIL("no BufferTooShort");
            } catch (const proclab::BufferTooShort& e) {
                const QString what = QString::fromUtf8(e.what());
                QVERIFY2(what.contains(QStringLiteral("a message of %1 byte").arg(messageSize)) &&
                             what.contains(QStringLiteral("buffer of %1 byte").arg(bufferSize)),
                         qPrintable(what));
                QCOMPARE(e.message(), message); // consumed, and carried by the exception
            }
        }
        // The stream is intact: the next message is the next one.
        QCOMPARE(b.recv(), std::string("next"));
    }

    /// A typed recv of a trivially copyable T checks the size of what arrived.
    void typedSizeMismatch()
    {
        auto [a, b] = proclab::Pipe<int>();
        a.send_bytes(std::string_view("abc"));
        a.send(11);
        const std::string msg = message_of<proclab::ValueError>([&, &b = b] { (void)b.recv(); });
        QVERIFY2(has(msg, "3 bytes") && has(msg, "4 bytes"), msg.c_str());
        QCOMPARE(b.recv(), 11);
    }

    // -- large messages -----------------------------------------------------------------------

    void largeMessage_data()
    {
        QTest::addColumn<bool>("duplex");
        QTest::addColumn<int>("mebibytes");
        QTest::newRow("duplex 64 MiB") << true << 64;
        QTest::newRow("one-way 64 MiB") << false << 64;
        QTest::newRow("duplex 1 MiB + 1") << true << -1;
    }
    void largeMessage()
    {
        QFETCH(bool, duplex);
        QFETCH(int, mebibytes);
        const std::size_t size = mebibytes > 0 ? std::size_t(mebibytes) << 20 : (std::size_t(1) << 20) + 1;
        const std::string big = pattern(size, 64);
        std::vector<std::string> values{big};
        round_trip<std::string>(duplex, values);
    }

    void overMaximum()
    {
        auto [a, b] = proclab::Pipe<std::string>();
        // A span over 1 GiB + 1 of untouched, unbacked memory: send must refuse it before reading.
        const std::size_t size = proclab::detail::ConnectionBase::max_message_size + 1;
        void* mem = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        QVERIFY(mem != MAP_FAILED);
        const std::string msg = message_of<proclab::ValueError>(
            [&, &a = a] { a.send_bytes(std::span<const std::byte>(static_cast<const std::byte*>(mem), size)); });
        ::munmap(mem, size);
        QVERIFY2(has(msg, "1073741825 bytes") && has(msg, "maximum"), msg.c_str());
        // Nothing was sent; the connection still works.
        a.send("ok");
        QCOMPARE(b.recv(), std::string("ok"));
    }

    /// Bytes written to the descriptor without framing: a header over the maximum is reported.
    void corruptHeader()
    {
        auto [r, w] = proclab::Pipe<std::string>(false);
        const std::uint32_t bogus = 0xFFFFFFF0u;
        QVERIFY(::write(w.fileno(), &bogus, sizeof bogus) == sizeof bogus);
        const std::string msg = message_of<proclab::BrokenResource>([&, &r = r] { (void)r.recv(); });
        QVERIFY2(has(msg, "corrupt") && has(msg, "4294967280"), msg.c_str());
    }

    // -- no SIGPIPE ---------------------------------------------------------------------------

    void sendToClosedPeer_data()
    {
        QTest::addColumn<bool>("duplex");
        QTest::addColumn<QByteArray>("how");
        QTest::addColumn<int>("size");
        QTest::addColumn<bool>("ignored"); // under proclab::ignore_sigpipe()
        for (const bool ignored : {false, true}) {
            for (const bool duplex : {true, false}) {
                const char* d = duplex ? "duplex" : "one-way";
                const char* i = ignored ? ", ignore_sigpipe" : "";
                QTest::addRow("%s, closed, 8 B%s", d, i) << duplex << QByteArray("close") << 8 << ignored;
                QTest::addRow("%s, closed, 1 MiB%s", d, i) << duplex << QByteArray("close") << (1 << 20) << ignored;
                QTest::addRow("%s, child exited, 8 B%s", d, i) << duplex << QByteArray("exit") << 8 << ignored;
                QTest::addRow("%s, child dies mid-message, 8 MiB%s", d, i)
                    << duplex << QByteArray("midway") << (8 << 20) << ignored;
            }
        }
    }
    void sendToClosedPeer()
    {
        QFETCH(bool, duplex);
        QFETCH(QByteArray, how);
        QFETCH(int, size);
        QFETCH(bool, ignored);
        QVERIFY(!sigpipe_blocked());
        struct Ignoring {
            bool on;
            ~Ignoring()
            {
                if (on)
                    proclab::ignore_sigpipe(false);
            }
        } ignoring{ignored};
        if (ignored) {
            proclab::ignore_sigpipe(true);
            struct sigaction sa {};
            sigaction(SIGPIPE, nullptr, &sa);
            QVERIFY(sa.sa_handler == SIG_IGN);
        }
        Link<std::string> link(duplex);
        std::optional<proclab::Process> p;
        if (how == "close") {
            link.child_in().close();
            if (duplex)
                QVERIFY(link.child_out().closed());
        } else {
            const bool midway = how == "midway";
            p.emplace([&link, midway] {
                link.close_parent_ends();
                if (midway) { // reads a little of the big message, then leaves
                    char some[1000];
                    if (::read(link.child_in().fileno(), some, sizeof some) <= 0)
                        ::_exit(3);
                }
            });
            PTEST_NOTHROW(p->start());
            link.close_child_ends();
            if (!midway)
                QVERIFY(p->join(30s));
        }
        std::optional<ptest::ChildGuard> guard;
        if (p)
            guard.emplace(*p);
        const std::string message(std::size_t(size), 'x');
        // With a short message, the first send may still land in the socket buffer of a peer that
        // is going away; keep sending until the closed end is noticed.
        std::string msg;
        for (int i = 0; i < 1000 && !has(msg, "Connection ("); ++i)
            msg = message_of<proclab::EOFError>([&] { link.parent_out().send(message); });
        QVERIFY2(has(msg, "peer closed"), msg.c_str());
        // Still alive (no SIGPIPE death), the signal is neither pending nor left blocked.
        QVERIFY(!sigpipe_pending());
        QVERIFY(!sigpipe_blocked());
        if (p) {
            QVERIFY(p->join(30s));
            QCOMPARE(p->exitcode(), std::optional<int>(0));
        }
        if (ignored) { // ignore_sigpipe(false) puts the default action back
            proclab::ignore_sigpipe(false);
            ignoring.on = false;
            struct sigaction sa {};
            sigaction(SIGPIPE, nullptr, &sa);
            QVERIFY(sa.sa_handler == SIG_DFL);
        }
    }

    // -- closed handles, ownership, descriptors -----------------------------------------------

    void closedHandle_data()
    {
        QTest::addColumn<QByteArray>("op");
        for (const char* op :
             {"send", "send_bytes", "recv", "recv_bytes", "recv_bytes_into", "poll", "poll forever", "fileno"})
            QTest::newRow(op) << QByteArray(op);
    }
    void closedHandle()
    {
        QFETCH(QByteArray, op);
        auto [a, b] = proclab::Pipe<int>();
        a.close();
        a.close(); // idempotent
        QVERIFY(a.closed());
        std::array<std::byte, 8> buf{};
        const std::string msg = message_of<proclab::ValueError>([&, &a = a] {
            if (op == "send")
                a.send(1);
            else if (op == "send_bytes")
                a.send_bytes(std::string_view("x"));
            else if (op == "recv")
                (void)a.recv();
            else if (op == "recv_bytes")
                (void)a.recv_bytes();
            else if (op == "recv_bytes_into")
                (void)a.recv_bytes_into(buf);
            else if (op == "poll")
                (void)a.poll();
            else if (op == "poll forever")
                (void)a.poll(std::nullopt);
            else if (op == "fileno")
                (void)a.fileno();
        });
        QVERIFY2(has(msg, "Connection (duplex, closed)") && has(msg, "is closed"), msg.c_str());
    }

    void moveOnly()
    {
        static_assert(!std::is_copy_constructible_v<Connection<int>>);
        static_assert(std::is_nothrow_move_constructible_v<Connection<int>>);
        auto [a, b] = proclab::Pipe<int>();
        const int fd = a.fileno();
        Connection<int> moved = std::move(a);
        QVERIFY(a.closed());
        QCOMPARE(moved.fileno(), fd);
        moved.send(3);
        QCOMPARE(b.recv(), 3);
        Connection<int> other;
        QVERIFY(other.closed());
        other = std::move(moved);
        QCOMPARE(other.fileno(), fd);
        other.send(4);
        QCOMPARE(b.recv(), 4);
    }

    // -- ends passed to tasks under every start method (as Python's Process(target=f, args=(conn,)))

    void passToTask_data() { ptest::add_method_rows(); }
    void passToTask()
    {
        QFETCH(StartMethod, method);
        {
            // One-way: the child gets the write end; the parent sees EOF once it exits, because
            // the Process does not keep its own copy of the end it handed over.
            auto [reader, writer] = proclab::Pipe<int>(false);
            proclab::Process p(send_squares, std::move(writer), 4);
            p.set_start_method(method);
            PTEST_NOTHROW(p.start());
            for (int i = 1; i <= 4; ++i)
                QCOMPARE(reader.recv(), i * i);
            QVERIFY(reader.poll(10s));
            QVERIFY_THROWS_EXCEPTION(proclab::EOFError, reader.recv());
            QVERIFY(p.join(30s));
            QCOMPARE(p.exitcode(), std::optional<int>(0));
        }
        {
            // Duplex: a conversation.
            auto [mine, theirs] = proclab::Pipe<int>();
            proclab::Process p(echo_doubles, std::move(theirs));
            p.set_start_method(method);
            PTEST_NOTHROW(p.start());
            for (int v : {1, 21, -5}) {
                mine.send(v);
                QCOMPARE(mine.recv(), 2 * v);
            }
            mine.send(0);
            QVERIFY(p.join(30s));
            QCOMPARE(p.exitcode(), std::optional<int>(0));
        }
        {
            // Two ends in one call arrive in their order.
            auto [in_r, in_w] = proclab::Pipe<std::string>(false);
            auto [out_r, out_w] = proclab::Pipe<std::string>(false);
            proclab::Process p(relay, std::move(in_r), std::move(out_w));
            p.set_start_method(method);
            PTEST_NOTHROW(p.start());
            in_w.send("hello");
            QCOMPARE(out_r.recv(), std::string("hello relayed"));
            QVERIFY(p.join(30s));
            QCOMPARE(p.exitcode(), std::optional<int>(0));
        }
    }

    /// A Connection is not data: it cannot go into a Queue message or any other serialization.
    void notData()
    {
        auto [a, b] = proclab::Pipe<int>();
        try {
            (void)proclab::to_bytes(a);
            QFAIL("a Connection was serialized as data");
        } catch (const proclab::ValueError& e) {
            QVERIFY2(std::string(e.what()).find("argument of a Process") != std::string::npos, e.what());
        }
        a.send(1); // still usable
        QCOMPARE(b.recv(), 1);
    }

    /// Both ends are close-on-exec (an exec'd program does not get them; Fork children do).
    void closeOnExec_data() { addDuplexRows(); }
    void closeOnExec()
    {
        QFETCH(bool, duplex);
        auto [a, b] = proclab::Pipe<int>(duplex);
        QVERIFY(::fcntl(a.fileno(), F_GETFD) & FD_CLOEXEC);
        QVERIFY(::fcntl(b.fileno(), F_GETFD) & FD_CLOEXEC);

        proclab::CommandOptions options;
        options.std_out = proclab::Stdio::pipe();
        proclab::Process ls = proclab::Process::command({"/bin/sh", "-c",
                                                         "test -e /proc/self/fd/" + std::to_string(a.fileno()) +
                                                             " || test -e /proc/self/fd/" + std::to_string(b.fileno()) +
                                                             " && echo leaked || echo clean"},
                                                        options);
        ptest::ChildGuard guard(ls);
        PTEST_NOTHROW(ls.start());
        QCOMPARE(ptest::read_line(ls), std::optional<std::string>("clean"));
        QVERIFY(ls.join(30s));
    }
};

PROCLAB_TEST_MAIN(TestPipe)
#include "tst_pipe.moc"

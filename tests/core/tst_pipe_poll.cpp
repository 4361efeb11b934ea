// Connection::poll() only looks: CPython's poll tests (boundaries, strings, the empty string), a
// Fork child polling an end it shares with its parent, an end polled (or read ahead by recv) and
// then handed to a task under every start method, a long message, the bytes left in the channel.

#include "test_main.h"
#include "test_support.h"

#include <proclab/pipe.h>

#include <QTest>

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using proclab::Connection;
using proclab::StartMethod;

namespace {

/// Receives `n` messages from `in` and sends each on to `out`; "<EOF>" instead of a missing one.
void relay_all(Connection<std::string> in, Connection<std::string> out, int n)
{
    for (int i = 0; i < n; ++i) {
        try {
            out.send(in.recv());
        } catch (const proclab::EOFError&) {
            out.send("<EOF>");
        }
    }
}

/// Bytes waiting in the channel of `end` (FIONREAD): what nobody has taken out yet.
int queued(const proclab::detail::ConnectionBase& end)
{
    int n = -1;
    return ::ioctl(end.fileno(), FIONREAD, &n) == 0 ? n : -1;
}

/// Polls `end` for up to 30 s in steps of 10 ms, as CPython's test_strings does.
bool poll_until(Connection<std::string>& end)
{
    for (int i = 0; i < 3000; ++i)
        if (end.poll(10ms))
            return true;
    return false;
}

/// A receiving and a sending end: one duplex Pipe (a, b), or a one-way Pipe.
struct Ends {
    explicit Ends(bool duplex)
    {
        auto [x, y] = proclab::Pipe<std::string>(duplex);
        in = std::move(x);
        out = std::move(y);
    }
    Connection<std::string> in, out;
};

const std::vector<std::string>& cpython_strings()
{
    static const std::vector<std::string> strings{"hello", "", "a", "b", "", "bye", "", "lop"};
    return strings;
}

} // namespace

PROCLAB_TASK(relay_all);

class TestPipePoll : public LeakCheckedTest {
    Q_OBJECT

private:
    static void addDuplexRows()
    {
        QTest::addColumn<bool>("duplex");
        QTest::newRow("duplex") << true;
        QTest::newRow("one-way") << false;
    }

private slots:
    /// CPython's _TestPoll.test_empty_string: poll() is false on nothing, true on an empty
    /// message, and stays true (it took nothing: the frame is still in the channel).
    void emptyString_data() { addDuplexRows(); }
    void emptyString()
    {
        QFETCH(bool, duplex);
        Ends ends(duplex);
        QCOMPARE(ends.in.poll(), false);
        ends.out.send_bytes(std::string_view());
        QCOMPARE(ends.in.poll(), true);
        QCOMPARE(ends.in.poll(), true);
        QCOMPARE(queued(ends.in), 4); // the frame header, still in the channel
        QCOMPARE(ends.in.recv_bytes(), std::string());
        QCOMPARE(ends.in.poll(), false);
    }

    /// poll() leaves every byte where it is, also with several messages and with a timeout.
    void pollTakesNothing_data() { addDuplexRows(); }
    void pollTakesNothing()
    {
        QFETCH(bool, duplex);
        Ends ends(duplex);
        ends.out.send("first");
        ends.out.send("second");
        QVERIFY(ends.in.poll(1s));
        QVERIFY(ends.in.poll(std::nullopt));
        QCOMPARE(queued(ends.in), int(4 + 5 + 4 + 6));
        QCOMPARE(ends.in.recv(), std::string("first"));
        QVERIFY(ends.in.poll());
        QCOMPARE(ends.in.recv(), std::string("second"));
    }

    /// CPython's _TestPoll.test_strings: a child sends strings (empty ones among them), the parent
    /// polls with 10 ms timeouts until each is there and receives it. Paced: the child sends the
    /// next one when asked, so that poll() really waits; burst: all at once.
    void strings_data()
    {
        QTest::addColumn<bool>("duplex");
        QTest::addColumn<bool>("paced");
        for (const bool duplex : {true, false})
            for (const bool paced : {true, false})
                QTest::addRow("%s, %s", duplex ? "duplex" : "one-way", paced ? "paced" : "burst") << duplex << paced;
    }
    void strings()
    {
        QFETCH(bool, duplex);
        QFETCH(bool, paced);
        Ends data(duplex);
        Ends asks(false); // parent → child: "next"
        proclab::Process p([&data, &asks, paced] {
            data.in.close();
            asks.out.close();
            for (const std::string& s : cpython_strings()) {
                if (paced)
                    (void)asks.in.recv();
                data.out.send_bytes(s);
            }
        });
        ptest::ChildGuard guard(p);
        PTEST_NOTHROW(p.start());
        data.out.close();
        asks.in.close();
        for (const std::string& s : cpython_strings()) {
            if (paced)
                asks.out.send("next");
            QVERIFY(poll_until(data.in));
            QCOMPARE(data.in.recv_bytes(), s);
        }
        QVERIFY(p.join(30s));
        QCOMPARE(p.exitcode(), std::optional<int>(0));
        QVERIFY(data.in.poll(10s)); // the end of the stream
        QVERIFY_THROWS_EXCEPTION(proclab::EOFError, data.in.recv_bytes());
    }

    /// CPython's _TestPoll.test_boundaries, and more: a Fork child polls the read end it shares
    /// with its parent, then exits. Every message is still the parent's to receive, whole and in
    /// order (a poll() that took them in would leave the parent an EOFError).
    void boundaries_data()
    {
        QTest::addColumn<bool>("duplex");
        QTest::addColumn<bool>("sentFirst"); // sent before the child starts, or while it polls
        for (const bool duplex : {true, false})
            for (const bool sentFirst : {true, false})
                QTest::addRow("%s, %s", duplex ? "duplex" : "one-way", sentFirst ? "sent first" : "sent while polling")
                    << duplex << sentFirst;
    }
    void boundaries()
    {
        QFETCH(bool, duplex);
        QFETCH(bool, sentFirst);
        const std::vector<std::string> messages{"first", "second", std::string(3000, 'x')};
        Ends ends(duplex);
        if (sentFirst) {
            for (const std::string& m : messages)
                ends.out.send(m);
        }
        proclab::Process p([&ends] { std::exit(ends.in.poll(30s) ? 0 : 1); });
        ptest::ChildGuard guard(p);
        PTEST_NOTHROW(p.start());
        if (!sentFirst) {
            for (const std::string& m : messages)
                ends.out.send(m);
        }
        ends.out.close();
        QVERIFY(p.join(30s));
        QCOMPARE(p.exitcode(), std::optional<int>(0)); // the child saw a message
        for (const std::string& m : messages) {
            std::string got;
            PTEST_NOTHROW(got = ends.in.recv_bytes());
            QCOMPARE(got, m);
        }
        QVERIFY_THROWS_EXCEPTION(proclab::EOFError, ends.in.recv_bytes());
    }

    /// An end polled by the parent, or read ahead by its recv(), then handed to a task (every
    /// start method): the task receives every message the parent did not.
    void handOverAfterPoll_data()
    {
        QTest::addColumn<StartMethod>("method");
        QTest::addColumn<bool>("duplex");
        QTest::addColumn<QByteArray>("before"); // what the parent did with the end first
        for (const auto& [mname, method] : ptest::all_methods())
            for (const bool duplex : {true, false})
                for (const char* before : {"poll", "recv read ahead"})
                    QTest::addRow("%s, %s, %s", mname, duplex ? "duplex" : "one-way", before)
                        << method << duplex << QByteArray(before);
    }
    void handOverAfterPoll()
    {
        QFETCH(StartMethod, method);
        QFETCH(bool, duplex);
        QFETCH(QByteArray, before);
        Ends ends(duplex);
        std::vector<std::string> expected;
        if (before == "poll") {
            ends.out.send("first");
            ends.out.send("second");
            QVERIFY(ends.in.poll(10s));
            expected = {"first", "second"};
        } else {
            // After an 11-byte message, recv() reads 15 bytes for the next one: the whole of "bc"
            // and the header of "def" are then in its buffer, not in the channel.
            for (const char* m : {"hello world", "a", "bc", "def"})
                ends.out.send(m);
            QCOMPARE(ends.in.recv(), std::string("hello world"));
            QCOMPARE(ends.in.recv(), std::string("a"));
            QVERIFY2(queued(ends.in) < 4 + 2 + 4 + 3, "recv() did not read ahead: the test shows nothing");
            expected = {"bc", "def"};
        }
        ends.out.close();
        auto [back_in, back_out] = proclab::Pipe<std::string>(false);
        proclab::Process p(relay_all, std::move(ends.in), std::move(back_out), int(expected.size()) + 1);
        ptest::ChildGuard guard(p);
        p.set_start_method(method);
        PTEST_NOTHROW(p.start());
        back_out.close();
        for (const std::string& m : expected)
            QCOMPARE(back_in.recv(), m);
        QCOMPARE(back_in.recv(), std::string("<EOF>"));
        QVERIFY(p.join(30s));
        QCOMPARE(p.exitcode(), std::optional<int>(0));
    }

    /// A message longer than the channel holds: poll() is true once enough of it has arrived (it
    /// does not wait for all of it, which could never come while nobody reads), and recv() gets
    /// it whole.
    void longMessage_data() { addDuplexRows(); }
    void longMessage()
    {
        QFETCH(bool, duplex);
        Ends ends(duplex);
        const std::string big(4 << 20, 'z');
        proclab::Process p([&ends, &big] {
            ends.in.close();
            ends.out.send(big);
        });
        ptest::ChildGuard guard(p);
        PTEST_NOTHROW(p.start());
        ends.out.close();
        QVERIFY(ends.in.poll(30s));
        std::string got;
        PTEST_NOTHROW(got = ends.in.recv());
        QCOMPARE(got.size(), big.size());
        QVERIFY(got == big);
        QVERIFY(p.join(30s));
        QCOMPARE(p.exitcode(), std::optional<int>(0));
    }

    /// Only the start of a message in the channel: poll() waits for the rest, and says true when
    /// it comes, or false at its timeout; it takes nothing either way.
    void partialMessage_data() { addDuplexRows(); }
    void partialMessage()
    {
        QFETCH(bool, duplex);
        Ends ends(duplex);
        const std::uint32_t length = 6;
        QVERIFY(::write(ends.out.fileno(), &length, sizeof length) == sizeof length);
        QVERIFY(::write(ends.out.fileno(), "abc", 3) == 3);
        QCOMPARE(ends.in.poll(), false);
        QCOMPARE(ends.in.poll(20ms), false);
        QCOMPARE(queued(ends.in), 7);
        QVERIFY(::write(ends.out.fileno(), "def", 3) == 3);
        QCOMPARE(ends.in.poll(), true);
        QCOMPARE(ends.in.recv(), std::string("abcdef"));
        // The writer goes away in the middle of a message: poll() is true (recv() fails at once).
        QVERIFY(::write(ends.out.fileno(), &length, sizeof length) == sizeof length);
        ends.out.close();
        QCOMPARE(ends.in.poll(10s), true);
        QVERIFY_THROWS_EXCEPTION(proclab::EOFError, ends.in.recv());
    }
};

PROCLAB_TEST_MAIN(TestPipePoll)
#include "tst_pipe_poll.moc"

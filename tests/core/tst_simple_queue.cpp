// SimpleQueue<T>: put/get/empty/close, FIFO, across processes (Fork, Spawn, ForkServer), open by
// name, closed handle and missing name errors.

#include "queue_test_support.h"
#include "test_main.h"

#include <QTest>

#include <string>
#include <vector>

using namespace std::chrono_literals;
using proclab::SimpleQueue;
using proclab::StartMethod;

namespace {

/// Gets `n` strings and puts them back upper-cased.
void shout(const SimpleQueue<std::string>& in_handle, const SimpleQueue<std::string>& out_handle, int n)
{
    SimpleQueue<std::string> in = in_handle;
    SimpleQueue<std::string> out = out_handle;
    for (int i = 0; i < n; ++i) {
        std::string s = in.get();
        for (char& c : s)
            c = char(std::toupper(static_cast<unsigned char>(c)));
        out.put(s);
    }
}

} // namespace

PROCLAB_TASK(shout);

class TestSimpleQueue : public LeakCheckedTest {
    Q_OBJECT

public:
    TestSimpleQueue() { addLeakCheck(When::AfterEachTest, QStringLiteral("queue objects"), qtest::leftover_objects); }

private slots:

    void basics_data()
    {
        QTest::addColumn<int>("count");
        QTest::newRow("1") << 1;
        QTest::newRow("1000") << 1000;
    }
    void basics()
    {
        QFETCH(int, count);
        auto q = qtest::remember(SimpleQueue<int>());
        QVERIFY(q.empty());
        for (int i = 0; i < count; ++i)
            q.put(i);
        QVERIFY(!q.empty());
        for (int i = 0; i < count; ++i)
            QCOMPARE(q.get(), i);
        QVERIFY(q.empty());
        auto same = SimpleQueue<int>::open(q.name());
        same.put(7);
        QCOMPARE(q.get(), 7);
    }

    void acrossProcesses_data() { ptest::add_method_rows(); }
    void acrossProcesses()
    {
        QFETCH(StartMethod, method);
        auto in = qtest::remember(SimpleQueue<std::string>());
        auto out = qtest::remember(SimpleQueue<std::string>());
        const std::vector<std::string> words = {"alpha", "", "beta", std::string(500'000, 'g')};
        proclab::Process p(shout, in, out, int(words.size()));
        p.set_start_method(method);
        ptest::ChildGuard guard(p);
        PTEST_NOTHROW(p.start());
        for (const auto& w : words)
            in.put(w);
        for (const auto& w : words) {
            std::string expected = w;
            for (char& c : expected)
                c = char(std::toupper(static_cast<unsigned char>(c)));
            std::string got;
            PTEST_NOTHROW(got = out.get());
            QVERIFY(got == expected);
        }
        QVERIFY(p.join(30s));
        QCOMPARE(p.exitcode(), std::optional<int>(0));
    }

    void errors_data()
    {
        QTest::addColumn<QString>("case_");
        for (const char* c : {"put after close", "get after close", "empty after close", "open missing"})
            QTest::newRow(c) << QString::fromLatin1(c);
    }
    void errors()
    {
        QFETCH(QString, case_);
        auto q = qtest::remember(SimpleQueue<int>());
        std::string message;
        try {
            if (case_ == QLatin1String("open missing")) {
                SimpleQueue<int>::open("proclab-" + std::to_string(::geteuid()) + "-queue-0123");
            } else {
                q.close();
                if (case_ == QLatin1String("put after close"))
                    q.put(1);
                else if (case_ == QLatin1String("get after close"))
                    q.get();
                else
                    q.empty();
            }
        } catch (const proclab::NotFound& e) {
            message = case_ == QLatin1String("open missing") ? e.what() : "wrong error: " + std::string(e.what());
        } catch (const proclab::ValueError& e) {
            message = case_ != QLatin1String("open missing") ? e.what() : "wrong error: " + std::string(e.what());
            QVERIFY2(message.find("SimpleQueue '" + q.name() + "' is closed") != std::string::npos, message.c_str());
        }
        QVERIFY2(!message.empty() && message.rfind("wrong", 0) != 0, message.c_str());
    }
};

PROCLAB_TEST_MAIN(TestSimpleQueue)
#include "tst_simple_queue.moc"

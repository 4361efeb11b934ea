// TraceEventLog: the trace's events on disk, in order, the newest kept within the limit, cleared,
// a relayed process's host kept with its events, and nothing held in memory between exports.
#include "plots/trace_event_log.h"
#include "plots_test_support.h"

#include <QTest>

namespace {

std::vector<proclab::SessionEvent> numbered(std::uint64_t from, std::uint64_t to)
{
    std::vector<proclab::SessionEvent> out;
    for (std::uint64_t s = from; s < to; ++s) {
        proclab::SessionEvent e;
        e.seq = s;
        e.t_ns = std::int64_t(s) * 1000;
        e.pid = pid_t(100 + s % 7);
        e.kind = proclab::EventKind::Put;
        e.arg = std::int64_t(s) * 3;
        e.arg2 = s ^ 0xabcdef;
        if (s % 5 == 0) // a relayed process's event: its host is kept
            e.host = "node" + std::to_string(s % 3);
        out.push_back(e);
    }
    return out;
}

} // namespace

class TestTraceEventLog : public LeakCheckedTest {
    Q_OBJECT

private slots:
    void keepsTheNewest_data()
    {
        QTest::addColumn<int>("limit");
        QTest::addColumn<int>("total");
        QTest::addColumn<int>("batch");
        QTest::newRow("under the limit") << 1000 << 700 << 64;
        QTest::newRow("exactly the limit") << 1000 << 1000 << 100;
        QTest::newRow("many times the limit, small batches") << 1000 << 10'000 << 7;
        QTest::newRow("a batch larger than the limit") << 100 << 1000 << 1000;
        QTest::newRow("the smallest limit") << 2 << 9 << 1;
    }
    void keepsTheNewest()
    {
        QFETCH(int, limit);
        QFETCH(int, total);
        QFETCH(int, batch);
        TraceEventLog log{std::size_t(limit)};
        for (int from = 0; from < total; from += batch)
            log.append(numbered(std::uint64_t(from), std::uint64_t(std::min(total, from + batch))));
        const auto events = log.events();
        QVERIFY(log.ok());
        QCOMPARE(events.size(), log.size());
        QVERIFY(events.size() <= std::size_t(limit));
        QVERIFY(events.size() >= std::min<std::size_t>(std::size_t(total), std::size_t(limit / 2)));
        // The newest, consecutive and whole.
        QCOMPARE(events.back().seq, std::uint64_t(total - 1));
        for (std::size_t i = 0; i < events.size(); ++i) {
            const std::uint64_t s = std::uint64_t(total) - events.size() + i;
            QCOMPARE(events[i].seq, s);
            QCOMPARE(events[i].arg, std::int64_t(s) * 3);
            QCOMPARE(events[i].pid, pid_t(100 + s % 7));
            QCOMPARE(events[i].kind, proclab::EventKind::Put);
            QCOMPARE(events[i].arg2, s ^ 0xabcdef);
            QCOMPARE(events[i].host, s % 5 == 0 ? "node" + std::to_string(s % 3) : std::string());
        }
        // Reading does not disturb appending.
        log.append(numbered(std::uint64_t(total), std::uint64_t(total + 1)));
        QCOMPARE(log.events().back().seq, std::uint64_t(total));
    }

    void clearForgetsEverything()
    {
        TraceEventLog log{100};
        log.append(numbered(0, 80));
        log.clear();
        QCOMPARE(log.size(), std::size_t(0));
        QVERIFY(log.events().empty());
        log.append(numbered(5, 8));
        const auto events = log.events();
        QCOMPARE(events.size(), std::size_t(3));
        QCOMPARE(events.front().seq, std::uint64_t(5));
    }
};

PROCLAB_TEST_MAIN_WITH(QCoreApplication, TestTraceEventLog)
#include "tst_trace_event_log.moc"

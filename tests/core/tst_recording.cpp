// Recorder/Recording: a real session (a pool of 2 running 20 tasks, a queue) recorded tick by
// tick; replay at the time of each tick gives back the snapshot taken then, events between two
// times are those recorded; bad, truncated and corrupted files are refused with the file's name
// and the offset.

#include "sync_test_support.h"
#include "test_main.h"
#include "test_support.h"

#include <proclab/pool.h>
#include <proclab/queue.h>
#include <proclab/recording.h>
#include <proclab/session.h>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cereal/archives/binary.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>

#include <fstream>
#include <numeric>
#include <sstream>

using namespace std::chrono_literals;
using proclab::Session;

namespace {

int cube(int x)
{
    return x * x * x;
}

bool same(const proclab::Snapshot& a, const proclab::Snapshot& b)
{
    if (a.session != b.session || a.taken_ns != b.taken_ns || a.events_written != b.events_written ||
        a.processes.size() != b.processes.size() || a.objects.size() != b.objects.size())
        return false;
    for (std::size_t i = 0; i < a.processes.size(); ++i) {
        const auto &p = a.processes[i], &q = b.processes[i];
        if (p.pid != q.pid || p.ppid != q.ppid || p.name != q.name || p.kind != q.kind || p.state != q.state ||
            p.daemon != q.daemon || p.joined != q.joined || p.exitcode != q.exitcode || p.start_ns != q.start_ns ||
            p.end_ns != q.end_ns || p.task_id != q.task_id || p.task_function != q.task_function ||
            p.blocked_on != q.blocked_on || p.blocked_op != q.blocked_op || p.cpu_percent != q.cpu_percent ||
            p.rss_bytes != q.rss_bytes || p.host != q.host || p.rank != q.rank)
            return false;
    }
    for (std::size_t i = 0; i < a.objects.size(); ++i) {
        const auto &o = a.objects[i], &r = b.objects[i];
        if (o.id != r.id || o.kind != r.kind || o.name != r.name || o.label != r.label || o.depth != r.depth ||
            o.puts != r.puts || o.gets != r.gets || o.capacity != r.capacity || o.owner != r.owner ||
            o.tasks_done != r.tasks_done || o.alive != r.alive)
            return false;
    }
    return true;
}

// A version 1 recording's records (before relayed processes had a host): the fields in the order
// that version wrote them.
struct V1Process {
    proclab::ProcessRecord p;
    template <class Archive>
    void serialize(Archive& ar)
    {
        ar(p.pid, p.ppid, p.name, p.kind, p.state, p.daemon, p.joined, p.exitcode, p.start_ns, p.end_ns, p.task_pool,
           p.task_id, p.task_function, p.blocked_on, p.blocked_op, p.blocked_pid, p.blocked_since_ns, p.cpu_percent,
           p.rss_bytes);
    }
};
struct V1Event {
    proclab::SessionEvent e;
    template <class Archive>
    void serialize(Archive& ar)
    {
        ar(e.seq, e.t_ns, e.pid, e.object, e.kind, e.arg, e.arg2);
    }
};

template <class T>
void put_le(std::string& out, T v)
{
    for (std::size_t i = 0; i < sizeof(T); ++i)
        out += static_cast<char>((static_cast<std::uint64_t>(v) >> (8 * i)) & 0xff);
}

std::uint32_t fnv1a(const std::string& s)
{
    std::uint32_t h = 2166136261U;
    for (char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 16777619U;
    }
    return h;
}

void put_record(std::string& file, std::uint8_t type, const std::string& payload)
{
    put_le<std::uint32_t>(file, 0x4B524C50); // "PLRK"
    file += static_cast<char>(type);
    file.append(3, '\0');
    put_le<std::uint64_t>(file, payload.size());
    put_le<std::uint32_t>(file, fnv1a(payload));
    file += payload;
}

} // namespace

PROCLAB_TASK(cube);

class TestRecording : public LeakCheckedTest {
    Q_OBJECT

public:
    TestRecording()
    {
        addTeardown([] { Session::detach(); });
    }

private slots:

    void replayGivesBackEachTick()
    {
        QTemporaryDir dir;
        const std::string file = dir.filePath(QStringLiteral("session.plrec")).toStdString();
        Session s = Session::create(LeakCheckedTest::uniqueName("rec"));
        std::vector<proclab::Snapshot> taken;
        std::vector<proclab::SessionEvent> all;
        std::uint64_t cursor = 0;
        {
            proclab::Recorder rec(file, s.name());
            auto tick = [&] {
                auto snap = s.snapshot();
                auto batch = s.events(cursor);
                cursor = batch.next;
                rec.append(snap, batch.events);
                taken.push_back(std::move(snap));
                all.insert(all.end(), batch.events.begin(), batch.events.end());
            };
            tick();
            proclab::Queue<int> q(4);
            for (int i = 0; i < 3; ++i)
                q.put(i);
            tick();
            q.get();
            {
                proclab::Pool pool({.processes = 2});
                tick();
                std::vector<int> xs(20);
                std::iota(xs.begin(), xs.end(), 0);
                auto ar = pool.map_async(cube, xs, 1);
                // A tick while the map runs, taken whenever 5 ms pass without the map finishing.
                do
                    tick();
                while (!ar.wait(5ms));
                QCOMPARE(ar.get().size(), std::size_t(20));
                pool.close();
                pool.join();
                tick();
            }
            tick();
            QCOMPARE(rec.ticks(), std::uint64_t(taken.size()));
            QVERIFY(rec.bytes_written() > 0);
        }
        const proclab::Recording r(file);
        QCOMPARE(r.session(), s.name());
        QCOMPARE(r.ticks(), taken.size());
        QCOMPARE(r.begin_ns(), taken.front().taken_ns);
        QCOMPARE(r.end_ns(), taken.back().taken_ns);
        for (const auto& snap : taken)
            QVERIFY2(same(r.snapshot_at(snap.taken_ns), snap), qPrintable(QString::number(snap.taken_ns)));
        // Between two ticks: the earlier one; before the first: the first.
        for (std::size_t i = 0; i + 1 < taken.size(); ++i) {
            const std::int64_t mid = taken[i].taken_ns + (taken[i + 1].taken_ns - taken[i].taken_ns) / 2;
            if (mid < taken[i + 1].taken_ns)
                QVERIFY(same(r.snapshot_at(mid), taken[i]));
        }
        QVERIFY(same(r.snapshot_at(taken.front().taken_ns - 1000), taken.front()));

        // Every event came back, and a window holds exactly the events of that window.
        QCOMPARE(r.events().size(), all.size());
        int begins = 0;
        for (const auto& e : r.events())
            begins += e.kind == proclab::EventKind::TaskBegin;
        QCOMPARE(begins, 20);
        const std::int64_t a = taken[1].taken_ns, b = taken[taken.size() / 2].taken_ns;
        std::size_t expected = 0;
        for (const auto& e : all)
            expected += e.t_ns > a && e.t_ns <= b;
        const auto window = r.events_between(a, b);
        QCOMPARE(window.size(), expected);
        for (std::size_t i = 1; i < window.size(); ++i)
            QVERIFY(window[i - 1].seq < window[i].seq);
    }

    void badFiles_data()
    {
        QTest::addColumn<int>("cut");  // bytes kept (-1: whole file)
        QTest::addColumn<int>("flip"); // byte flipped (-1: none)
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << 0 << -1 << QStringLiteral("not a ProcLab recording");
        QTest::newRow("header only, cut") << 10 << -1 << QStringLiteral("not a ProcLab recording");
        QTest::newRow("cut in a record header") << 40 << -1 << QStringLiteral("truncated record header");
        QTest::newRow("cut in a payload") << -2 << -1 << QStringLiteral("truncated record");
        QTest::newRow("flipped payload byte") << -1 << -3 << QStringLiteral("checksum");
        QTest::newRow("flipped marker") << -1 << -4 << QStringLiteral("bad record marker");
        QTest::newRow("bad version") << -1 << 8 << QStringLiteral("unsupported version");
    }
    void badFiles()
    {
        QFETCH(int, cut);
        QFETCH(int, flip);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("r.plrec"));
        std::size_t recordStart = 0;
        {
            proclab::Recorder rec(file.toStdString(), "session-x");
            recordStart = rec.bytes_written();
            proclab::Snapshot snap;
            snap.session = "session-x";
            snap.taken_ns = 1000;
            snap.processes.resize(3);
            rec.append(snap, {proclab::SessionEvent{1, 900, 42, 0, proclab::EventKind::Mark, 7, 0}});
        }
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray bytes = f.readAll();
        f.close();
        QVERIFY(bytes.size() > 60);
        if (cut == -2)
            bytes.chop(5);
        else if (cut >= 0)
            bytes.truncate(cut == 40 ? qsizetype(recordStart) + 6 : cut);
        if (flip == -3)
            bytes[bytes.size() - 2] = char(bytes[bytes.size() - 2] ^ 0x5a);
        else if (flip == -4)
            bytes[qsizetype(recordStart)] = 'X';
        else if (flip >= 0)
            bytes[flip] = char(bytes[flip] + 1);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(bytes);
        f.close();
        try {
            proclab::Recording r(file.toStdString());
            QFAIL("no error");
        } catch (const proclab::Error& e) {
            const QString what = QString::fromUtf8(e.what());
            QVERIFY2(what.contains(message), qPrintable(what));
            QVERIFY2(what.contains(file), qPrintable(what));
            QVERIFY2(what.contains(QStringLiteral("at offset ")), qPrintable(what));
        }
    }

    /// Records that pass their checksum but lie: a size larger than the record (refused before
    /// anything is allocated for it), values outside their enumeration (the views index by them).
    void lyingRecords_data()
    {
        QTest::addColumn<int>("lie");
        QTest::addColumn<QString>("message");
        QTest::newRow("string of 1 TiB") << 0 << QStringLiteral("undecodable record: a size of 1099511627776");
        QTest::newRow("list of 2^60 processes")
            << 1 << QStringLiteral("undecodable record: a size of 1152921504606846976");
        QTest::newRow("process state 200") << 2 << QStringLiteral("a snapshot with a value out of range");
        QTest::newRow("object kind 99") << 3 << QStringLiteral("a snapshot with a value out of range");
        QTest::newRow("event kind 999") << 4 << QStringLiteral("an event with a value out of range");
    }
    void lyingRecords()
    {
        QFETCH(int, lie);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const std::string file = dir.filePath(QStringLiteral("lie.plrec")).toStdString();
        {
            proclab::Recorder rec(file, "session-x");
            proclab::Snapshot snap;
            snap.session = "session-x";
            snap.taken_ns = 1000;
            snap.processes.resize(1);
            snap.objects.resize(1);
            std::vector<proclab::SessionEvent> events;
            if (lie == 2)
                snap.processes[0].state = static_cast<proclab::RunState>(200);
            if (lie == 3)
                snap.objects[0].kind = static_cast<proclab::ObjectKind>(99);
            if (lie == 4)
                events.push_back(proclab::SessionEvent{1, 900, 42, 0, static_cast<proclab::EventKind>(999), 7, 0});
            if (lie >= 2)
                rec.append(snap, events);
        }
        if (lie < 2) {
            // A snapshot record by hand: its session name's size (lie 0), or its process count (1).
            std::string payload;
            auto put_u64 = [&payload](std::uint64_t v) {
                for (int i = 0; i < 8; ++i)
                    payload += char((v >> (8 * i)) & 0xff);
            };
            put_u64(lie == 0 ? std::uint64_t(1) << 40 : 1);
            if (lie == 1) {
                payload += 'x';
                put_u64(1000); // taken_ns
                put_u64(std::uint64_t(1) << 60);
            }
            std::uint32_t sum = 2166136261u;
            for (unsigned char c : payload) {
                sum ^= c;
                sum *= 16777619u;
            }
            std::string record("PLRK\x01\0\0\0", 8);
            std::string sizes;
            for (int i = 0; i < 8; ++i)
                sizes += char((payload.size() >> (8 * i)) & 0xff);
            for (int i = 0; i < 4; ++i)
                sizes += char((sum >> (8 * i)) & 0xff);
            QFile f(QString::fromStdString(file));
            QVERIFY(f.open(QIODevice::Append));
            f.write(QByteArray::fromStdString(record + sizes + payload));
        }
        try {
            proclab::Recording r(file);
            QFAIL("no error");
        } catch (const proclab::Error& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(message), e.what());
        }
    }

    void relayedProcessesKeepTheirHost()
    {
        // A relayed process (an MPI rank of another host) keeps its host and rank, and its events
        // their host, through a recording.
        QTemporaryDir dir;
        const std::string file = dir.filePath(QStringLiteral("relay.plrec")).toStdString();
        proclab::Snapshot snap;
        snap.session = "s";
        snap.taken_ns = 1000;
        snap.processes.resize(2);
        snap.processes[0].pid = 42;
        snap.processes[1].pid = 42;
        snap.processes[1].host = "node-7";
        snap.processes[1].rank = 5;
        snap.processes[1].name = "node-7:5";
        proclab::SessionEvent local{1, 900, 42, 0, proclab::EventKind::TaskBegin, 1, 0};
        proclab::SessionEvent relayed{2, 950, 42, 0, proclab::EventKind::TaskBegin, 2, 0};
        relayed.host = "node-7";
        {
            proclab::Recorder rec(file, "s");
            rec.append(snap, {local, relayed});
        }
        const proclab::Recording r(file);
        QCOMPARE(r.ticks(), std::size_t(1));
        QVERIFY(same(r.snapshot_at(r.begin_ns()), snap));
        QCOMPARE(r.snapshot_at(r.begin_ns()).processes[1].host, std::string("node-7"));
        QCOMPARE(r.snapshot_at(r.begin_ns()).process(42, "node-7")->rank, 5);
        QCOMPARE(r.events().size(), std::size_t(2));
        QCOMPARE(r.events()[0].host, std::string());
        QCOMPARE(r.events()[1].host, std::string("node-7"));
    }

    void versionOneFilesStillRead()
    {
        // Written before relayed processes: read as processes of this host.
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("v1.plrec")).toStdString();
        std::string file("PLREC001", 8);
        put_le<std::uint32_t>(file, 1);
        put_le<std::uint32_t>(file, 2);
        file += "s1";
        {
            std::ostringstream os;
            {
                cereal::BinaryOutputArchive ar(os);
                std::vector<V1Event> evs(1);
                evs[0].e = proclab::SessionEvent{3, 700, 99, 0, proclab::EventKind::Mark, 4, 0};
                ar(evs);
            }
            put_record(file, 2, os.str());
        }
        {
            std::ostringstream os;
            {
                cereal::BinaryOutputArchive ar(os);
                std::vector<V1Process> ps(1);
                ps[0].p.pid = 99;
                ps[0].p.name = "old";
                const std::uint64_t no_objects = 0; // an empty list: its size only
                ar(std::string("s1"), std::int64_t(800), ps, no_objects, std::uint64_t(4), std::uint32_t(0));
            }
            put_record(file, 1, os.str());
        }
        {
            std::ofstream out(path, std::ios::binary);
            out << file;
        }
        const proclab::Recording r(path);
        QCOMPARE(r.session(), std::string("s1"));
        QCOMPARE(r.ticks(), std::size_t(1));
        const proclab::ProcessRecord* p = r.snapshot_at(r.begin_ns()).process(99);
        QVERIFY(p);
        QCOMPARE(p->name, std::string("old"));
        QVERIFY(p->host.empty());
        QCOMPARE(p->rank, -1);
        QCOMPARE(r.events().size(), std::size_t(1));
        QCOMPARE(r.events().front().arg, std::int64_t(4));
        QVERIFY(r.events().front().host.empty());
    }

    void missingFileAndClosedRecorder()
    {
        STEST_THROWS(proclab::Error, "/no/such/dir/r.plrec", proclab::Recording("/no/such/dir/r.plrec"));
        STEST_THROWS(proclab::Error, "cannot create", proclab::Recorder("/no/such/dir/r.plrec", "x"));
        QTemporaryDir dir;
        proclab::Recorder rec(dir.filePath(QStringLiteral("c.plrec")).toStdString(), "x");
        rec.close();
        STEST_THROWS(proclab::Error, "closed", rec.append(proclab::Snapshot{}, {}));
        const proclab::Recording empty(rec.path());
        QCOMPARE(empty.ticks(), std::size_t(0));
        QCOMPARE(empty.session(), std::string("x"));
        QVERIFY(empty.snapshot_at(5).processes.empty());
        QVERIFY(empty.events_between(0, 100).empty());
    }
};

PROCLAB_TEST_MAIN(TestRecording)
#include "tst_recording.moc"

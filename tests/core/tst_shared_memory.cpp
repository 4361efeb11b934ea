// SharedMemory: create with a chosen or generated name, open by name in other processes, the size
// rules, bad names, close/unlink semantics, the creator's clean-up at exit, passing to a task
// under every start method.

#include "sync_test_support.h"
#include "test_main.h"
#include "test_support.h"

#include <QCoreApplication>
#include <QTemporaryDir>

#include <cstdlib>
#include <cstring>

using namespace std::chrono_literals;
using proclab::StartMethod;

namespace {
void write_hello(const proclab::SharedMemory& shm)
{
    std::memcpy(shm.buf().data(), "hello", 5);
}

bool exists(const std::string& name)
{
    return ptest::file_exists("/dev/shm/" + name);
}
} // namespace

PROCLAB_TASK(write_hello);

class TestSharedMemory : public LeakCheckedTest {
    Q_OBJECT

private slots:
    void cleanupTestCase()
    {
        if (std::getenv("STEST_SHM_HELPER"))
            return; // helper run: its block is removed at exit, after this check
        LeakCheckedTest::cleanupTestCase();
    }

    void createAndOpen_data()
    {
        QTest::addColumn<bool>("generated");
        QTest::addColumn<int>("size");
        QTest::newRow("chosen name, 1 byte") << false << 1;
        QTest::newRow("chosen name, 1 MiB") << false << (1 << 20);
        QTest::newRow("generated name, 4097 bytes") << true << 4097;
    }
    void createAndOpen()
    {
        QFETCH(bool, generated);
        QFETCH(int, size);
        proclab::SharedMemory shm(generated ? std::string() : LeakCheckedTest::uniqueName("open"), true, size);
        QVERIFY(!shm.name().empty());
        QVERIFY(shm.name().find('/') == std::string::npos);
        QCOMPARE(shm.size(), std::size_t(size));
        QCOMPARE(shm.buf().size(), std::size_t(size));
        QVERIFY(std::all_of(shm.buf().begin(), shm.buf().end(), [](std::byte b) { return b == std::byte{0}; }));
        QVERIFY(exists(shm.name()));
        auto p = stest::start_fork([name = shm.name(), size] {
            proclab::SharedMemory other(name); // size from the object
            if (other.size() != std::size_t(size))
                std::exit(4);
            other.buf()[std::size_t(size - 1)] = std::byte{42};
            other.close();
        });
        QCOMPARE(stest::finish(*p), 0);
        QCOMPARE(shm.buf()[std::size_t(size - 1)], std::byte{42});
        shm.close();
        shm.unlink();
        QVERIFY(!exists(shm.name()));
    }

    void badArguments_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("create");
        QTest::addColumn<long long>("size");
        QTest::addColumn<QString>("needle");
        QTest::newRow("slash inside") << "a/b" << true << 10LL << "must not contain '/'";
        QTest::newRow("two slashes") << "/a/b" << false << 0LL << "must not contain '/'";
        QTest::newRow("empty name, open") << "" << false << 0LL << "only allowed with create=true";
        QTest::newRow("size 0") << "stest-zero" << true << 0LL << "different from zero";
        QTest::newRow("negative size") << "stest-neg" << true << -5LL << "positive";
        QTest::newRow("negative size, open") << "stest-neg" << false << -1LL << "positive";
    }
    void badArguments()
    {
        QFETCH(QString, name);
        QFETCH(bool, create);
        QFETCH(long long, size);
        QFETCH(QString, needle);
        STEST_THROWS(proclab::ValueError, needle.toStdString(),
                     proclab::SharedMemory(name.toStdString(), create, std::ptrdiff_t(size)));
        if (!name.isEmpty() && !name.contains(u'/'))
            STEST_THROWS(proclab::ValueError, name.toStdString(),
                         proclab::SharedMemory(name.toStdString(), create, std::ptrdiff_t(size)));
    }

    void missingAndExisting()
    {
        const std::string name = LeakCheckedTest::uniqueName("missing");
        STEST_THROWS(proclab::NotFound, "SharedMemory '" + name + "'", proclab::SharedMemory shm_(name));
        proclab::SharedMemory shm(name, true, 16);
        STEST_THROWS(proclab::Error, "already exists", proclab::SharedMemory shm_(name, true, 16));
        proclab::SharedMemory slash("/" + name); // one leading slash is accepted, as in Python
        QCOMPARE(slash.name(), name);
        shm.unlink();
        STEST_THROWS(proclab::NotFound, "already unlinked", shm.unlink());
        STEST_THROWS(proclab::NotFound, name, proclab::SharedMemory shm_(name));
        // Unlinked, still mapped: the memory stays usable until closed.
        shm.buf()[0] = std::byte{1};
        QCOMPARE(slash.buf()[0], std::byte{1});
    }

    void closeSemantics()
    {
        proclab::SharedMemory shm(LeakCheckedTest::uniqueName("close"), true, 64);
        proclab::SharedMemory copy = shm;
        QVERIFY(!shm.closed());
        shm.close();
        shm.close();                            // idempotent
        QVERIFY(shm.closed() && copy.closed()); // copies share the mapping
        STEST_THROWS(proclab::ValueError, "SharedMemory '" + shm.name() + "' is closed", shm.buf());
        // The name outlives the mapping (Python semantics) until unlink().
        proclab::SharedMemory again(shm.name());
        QCOMPARE(again.size(), 64u);
        again.unlink();
        proclab::SharedMemory empty;
        STEST_THROWS(proclab::ValueError, "empty SharedMemory handle", empty.buf());
        QCOMPARE(empty.size(), 0u);
    }

    void passedToTask_data() { ptest::add_method_rows(); }
    void passedToTask()
    {
        QFETCH(StartMethod, method);
        proclab::SharedMemory shm({}, true, 5);
        proclab::Process p(write_hello, shm);
        p.set_start_method(method);
        p.start();
        QCOMPARE(stest::finish(p), 0);
        QCOMPARE(std::string(reinterpret_cast<const char*>(shm.buf().data()), 5), std::string("hello"));
        shm.unlink();
    }

    /// Run as a separate program by creatorExitCleansUp: creates a block, signals, waits, returns
    /// (so the process exits normally).
    void helperCreateAndLeave()
    {
        const char* name = std::getenv("STEST_SHM_HELPER");
        if (!name)
            QSKIP("helper of creatorExitCleansUp");
        proclab::SharedMemory shm(name, true, 128);
        const std::string dir = std::getenv("STEST_SHM_DIR");
        ptest::write_file_atomic(dir + "/ready", "1");
        QVERIFY(ptest::wait_for_file(dir + "/go", 30s));
        shm.close(); // no unlink: the exit does it (if nobody else holds it)
    }

    void creatorExitCleansUp_data()
    {
        QTest::addColumn<bool>("heldByUs");
        QTest::newRow("nobody else holds it: unlinked") << false;
        QTest::newRow("we hold it: kept") << true;
    }
    void creatorExitCleansUp()
    {
        QFETCH(bool, heldByUs);
        QTemporaryDir dir;
        const std::string name = LeakCheckedTest::uniqueName("exit");
        proclab::CommandOptions options;
        options.env["STEST_SHM_HELPER"] = name;
        options.env["STEST_SHM_DIR"] = dir.path().toStdString();
        options.std_out = proclab::Stdio::null();
        auto helper = proclab::Process::command(
            {QCoreApplication::applicationFilePath().toStdString(), "helperCreateAndLeave"}, options);
        helper.start();
        QVERIFY(ptest::wait_for_file(dir.path().toStdString() + "/ready", 30s));
        std::optional<proclab::SharedMemory> ours;
        if (heldByUs)
            ours.emplace(name);
        ptest::write_file_atomic(dir.path().toStdString() + "/go", "1");
        QCOMPARE(stest::finish(helper), 0);
        QCOMPARE(exists(name), heldByUs);
        if (ours) {
            QCOMPARE(ours->size(), 128u);
            ours->close();
            ours->unlink();
        }
    }
};

PROCLAB_TEST_MAIN(TestSharedMemory)
#include "tst_shared_memory.moc"

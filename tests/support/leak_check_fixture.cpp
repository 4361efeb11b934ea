#include "leak_check_fixture.h"

#include <QTest>

#include <errno.h>
#include <unistd.h>

std::string LeakCheckedTest::namePrefix()
{
    // program_invocation_short_name: the executable's name, untruncated (unlike /proc/self/comm).
    return std::string(program_invocation_short_name) + "-" + std::to_string(::getpid());
}

std::string LeakCheckedTest::uniqueName(std::string_view tag)
{
    static int counter = 0;
    return namePrefix() + "-" + std::string(tag) + "-" + std::to_string(++counter);
}

LeakCheckedTest::LeakCheckedTest(QObject* parent)
    : QObject(parent)
{
}

void LeakCheckedTest::addLeakCheck(When when, QString what, std::function<QStringList()> leftovers)
{
    m_checks.push_back({when, std::move(what), std::move(leftovers)});
}

QString LeakCheckedTest::testDir() const
{
    if (!m_testDir) {
        m_testDir = std::make_unique<QTemporaryDir>();
        if (!m_testDir->isValid())
            qFatal("cannot make a temporary directory: %s", qPrintable(m_testDir->errorString()));
    }
    return m_testDir->path();
}

std::string LeakCheckedTest::testPath(std::string_view name) const
{
    return testDir().toStdString() + "/" + std::string(name);
}

void LeakCheckedTest::addTeardown(std::function<void()> teardown)
{
    m_teardowns.push_back(std::move(teardown));
}

void LeakCheckedTest::initTestCase()
{
    m_shmAtStart = ptest::dev_shm_entries();
    m_processesAtStart = ptest::watched_processes();
}

void LeakCheckedTest::init()
{
    m_shmBeforeTest = ptest::dev_shm_entries();
    m_processesBeforeTest = ptest::watched_processes();
}

void LeakCheckedTest::cleanup()
{
    struct RemoveTestDir {
        std::unique_ptr<QTemporaryDir>& dir;
        ~RemoveTestDir() { dir.reset(); }
    } removeTestDir{m_testDir}; // also when a check fails (and returns)
    for (const auto& teardown : m_teardowns)
        teardown();
    verifyNoLeftoverProcesses(m_processesBeforeTest);
    const std::string prefix = namePrefix();
    QTRY_VERIFY2_WITH_TIMEOUT(ptest::new_shm_entries_containing(prefix, m_shmBeforeTest).isEmpty(),
                              qPrintable(QStringLiteral("/dev/shm objects left: ") +
                                         ptest::new_shm_entries_containing(prefix, m_shmBeforeTest).join(u' ')),
                              ptest::kAwaitMs);
    verifyChecks(When::AfterEachTest);
}

void LeakCheckedTest::cleanupTestCase()
{
    for (const auto& teardown : m_teardowns)
        teardown();
    verifyNoLeftoverProcesses(m_processesAtStart);
    const QStringList shm =
        ptest::new_shm_objects(m_shmAtStart) + ptest::new_shm_entries_containing(namePrefix(), m_shmAtStart);
    QVERIFY2(shm.isEmpty(), qPrintable(QStringLiteral("/dev/shm objects left: ") + shm.join(u' ')));
    verifyChecks(When::AfterEachTest);
    verifyChecks(When::AtEnd);
}

void LeakCheckedTest::verifyNoLeftoverProcesses(const std::set<pid_t>& before)
{
    // Kills what is left when the check fails (and returns), so that one failure does not hang or
    // poison the following tests.
    struct Killer {
        const std::set<pid_t>& before;
        ~Killer() { ptest::kill_leftover_processes(before); }
    } killer{before};
    QTRY_VERIFY2_WITH_TIMEOUT(ptest::leftover_processes(before).isEmpty(),
                              qPrintable(QStringLiteral("processes left behind: ") + ptest::leftover_processes(before)),
                              ptest::kAwaitMs);
}

void LeakCheckedTest::verifyChecks(When when)
{
    for (const Check& c : m_checks) {
        if (c.when != when)
            continue;
        QTRY_VERIFY2_WITH_TIMEOUT(c.leftovers().isEmpty(),
                                  qPrintable(c.what + QStringLiteral(" left: ") + c.leftovers().join(u' ')),
                                  ptest::kAwaitMs);
    }
}

#pragma once
// The base class of every ProcLab test class: after each test, no new process (alive or zombie,
// fork server workers included) and no /dev/shm object named after this test process is left;
// at the end of the test case, additionally no ProcLab object leaked since it began.
//
// Qt Test finds initTestCase()/init()/cleanup()/cleanupTestCase() through the test object's
// meta-object, inherited slots included: a derived class without these slots gets the checks as
// they are. A derived class that needs its own declares the slot (private slots:, so that it
// hides this one) and calls LeakCheckedTest::init() etc. from it:
//
//     class TestQueue : public LeakCheckedTest {
//         Q_OBJECT
//     private slots:
//         void cleanup() { Session::detach(); LeakCheckedTest::cleanup(); }
//         ...
//
// Named shared objects (sessions, chosen SharedMemory names) take uniqueName(): the name carries
// this process's prefix (as Boost.Interprocess's tests name theirs), so tests running in parallel
// never share an object and the checks know which objects are ours.

#include "await.h"
#include "leak_check.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <sys/types.h>

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

class LeakCheckedTest : public QObject {
    Q_OBJECT

public:
    /// "<program>-<pid>", e.g. "tst_session-4242": the prefix of every object name of this process.
    static std::string namePrefix();
    /// namePrefix() + "-<tag>-<n>", a new n at each call.
    static std::string uniqueName(std::string_view tag);

protected:
    explicit LeakCheckedTest(QObject* parent = nullptr);

    /// What else a test must not leave behind: `leftovers()` lists it (empty when clean). Checked
    /// after each test, or only at the end of the test case; each check waits up to 10 s.
    enum class When { AfterEachTest, AtEnd };
    void addLeakCheck(When when, QString what, std::function<QStringList()> leftovers);
    /// Runs `teardown` after each test and at the end of the test case, before the checks (e.g.
    /// detaching from a session the test attached to).
    void addTeardown(std::function<void()> teardown);

    /// A directory of the running test's own (children's files, sockets), made at the first call
    /// and removed with its contents after the test.
    QString testDir() const;
    /// testDir() + "/" + name.
    std::string testPath(std::string_view name) const;

protected slots:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

private:
    struct Check {
        When when;
        QString what;
        std::function<QStringList()> leftovers;
    };
    void verifyNoLeftoverProcesses(const std::set<pid_t>& before);
    void verifyChecks(When when);

    std::set<std::string> m_shmAtStart;
    std::set<pid_t> m_processesAtStart;
    std::set<std::string> m_shmBeforeTest;
    std::set<pid_t> m_processesBeforeTest;
    std::vector<Check> m_checks;
    std::vector<std::function<void()>> m_teardowns;
    mutable std::unique_ptr<QTemporaryDir> m_testDir;
};

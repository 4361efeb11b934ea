#pragma once
// The base class of the UI tests that start real processes through a SessionController: each
// test gets a fresh OutputStore and controller; after it, every process the controller started
// (and its tree) is ended and waited for before LeakCheckedTest's checks run.
//
// A derived class with objects of its own declares init()/cleanup() as private slots and calls
// ControllerTest::init() first / endAllProcesses(), its own deletes, then ControllerTest::cleanup():
//
//     void cleanup() { endAllProcesses(); delete m_panel; ControllerTest::cleanup(); }

#include "controller_test_support.h"
#include "leak_check_fixture.h"

class OutputStore;
class SessionController;
class SessionFeed;

class ControllerTest : public LeakCheckedTest {
    Q_OBJECT

protected:
    explicit ControllerTest(QObject* parent = nullptr);

    /// Waits until every start handed out has run, kills each live process's tree (continuing
    /// stopped ones) and waits until none is live. Idempotent.
    void endAllProcesses();
    /// A SessionFeed on this process's session, ticking every 100 ms (owned by this test object).
    SessionFeed* makeLiveFeed();

    OutputStore* m_output = nullptr;
    SessionController* m_controller = nullptr;

protected slots:
    void init();
    void cleanup();
};

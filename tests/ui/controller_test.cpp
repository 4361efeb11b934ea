#include "controller_test.h"

#include "controllers/session_controller.h"
#include "controllers/session_feed.h"
#include "models/output_store.h"

#include <proclab/session.h>

#include <QTest>

#include <memory>

ControllerTest::ControllerTest(QObject* parent)
    : LeakCheckedTest(parent)
{
}

void ControllerTest::init()
{
    LeakCheckedTest::init();
    m_output = new OutputStore(this);
    m_controller = new SessionController(m_output, this);
}

void ControllerTest::endAllProcesses()
{
    if (!m_controller)
        return;
    QTRY_COMPARE(m_controller->startingCount(), 0); // every start handed out has run
    for (int key : m_controller->liveKeys()) {
        m_controller->killTree(key);
        m_controller->resume(key); // a stopped process dies only once continued
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_controller->liveCount(), 0, ptest::kAwaitMs);
}

SessionFeed* ControllerTest::makeLiveFeed()
{
    auto* feed = new SessionFeed(this);
    feed->setInterval(100);
    feed->setSource(std::make_unique<LiveSource>(*proclab::Session::current()));
    return feed;
}

void ControllerTest::cleanup()
{
    endAllProcesses();
    delete m_controller;
    m_controller = nullptr;
    delete m_output;
    m_output = nullptr;
    LeakCheckedTest::cleanup();
}

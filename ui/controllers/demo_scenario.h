#pragma once
// DemoScenario: the welcome panel's "Run a demo": a producer and a consumer on a queue, two
// processes taking turns on a lock, a parent with children and a task that fails. Run again, it
// reuses the queue and the lock it made the first time (a demo run in rounds makes no new objects).

#include <QString>

class SessionController;

class DemoScenario {
public:
    /// Launches the demo's processes through `controller`; an empty string, else the last error.
    QString launch(SessionController& controller);

private:
    QString m_queue;
    QString m_lock;
};

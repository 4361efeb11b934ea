#pragma once
// DemoScenario: the welcome panel's "Run a demo": a producer and a consumer on a queue, two
// processes taking turns on a lock, a parent with children and a task that fails.

#include <QString>

class SessionController;

class DemoScenario {
public:
    /// Launches the demo's processes through `controller`; an empty string, else the last error.
    static QString launch(SessionController& controller);
};

#include "controllers/demo_scenario.h"

#include "controllers/session_controller.h"

QString DemoScenario::launch(SessionController& controller)
{
    if (!controller.queueNames().contains(m_queue))
        m_queue = controller.createQueue(5);
    if (!controller.lockNames().contains(m_lock))
        m_lock = controller.createLock();
    const QString& queue = m_queue;
    const QString& lock = m_lock;
    QString err;
    LaunchSpec s;
    s.task = LaunchSpec::Task::Produce;
    s.name = QStringLiteral("producer");
    s.objectName = queue;
    s.count = 200;
    s.interval = 0.2;
    controller.launch(s, &err);
    s.task = LaunchSpec::Task::Consume;
    s.name = QStringLiteral("consumer");
    s.count = 0;
    s.interval = 5;
    controller.launch(s, &err);
    s = LaunchSpec{};
    s.task = LaunchSpec::Task::HoldLock;
    s.objectName = lock;
    s.seconds = 20;
    s.copies = 2;
    s.name = QStringLiteral("locker");
    controller.launch(s, &err);
    s = LaunchSpec{};
    s.task = LaunchSpec::Task::SpawnChildren;
    s.name = QStringLiteral("parent");
    s.count = 3;
    s.seconds = 30;
    controller.launch(s, &err);
    s = LaunchSpec{};
    s.task = LaunchSpec::Task::Fail;
    s.name = QStringLiteral("failing-task");
    controller.launch(s, &err);
    return err;
}

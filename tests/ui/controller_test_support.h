#pragma once
// Launching through SessionController in tests: a launch hands the start to the starter thread,
// and a test that needs the PIDs waits for started(key, pid) of each copy.

#include "controllers/session_controller.h"

#include <QList>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

namespace uitest {

/// Launches `spec` and waits until every copy has started: their PIDs in launch order (keys for a
/// spec that does not start now), or an empty list with a warning naming what failed.
inline QList<int> launchStarted(SessionController& controller, const LaunchSpec& spec, QString* error = nullptr,
                                int timeoutMs = 20000)
{
    QSignalSpy started(&controller, &SessionController::started);
    QSignalSpy failed(&controller, &SessionController::startFailed);
    QString err;
    const QList<int> keys = controller.launch(spec, &err);
    if (error)
        *error = err;
    if (keys.isEmpty() || !spec.startNow)
        return keys;
    QHash<int, int> pidOf;
    const bool done = QTest::qWaitFor(
        [&] {
            for (const QList<QVariant>& args : std::as_const(started))
                pidOf.insert(args.at(0).toInt(), args.at(1).toInt());
            return std::all_of(keys.begin(), keys.end(), [&](int key) { return pidOf.contains(key); }) ||
                   !failed.isEmpty();
        },
        timeoutMs);
    if (!failed.isEmpty()) {
        const QString why = failed.first().at(1).toString();
        qWarning("start failed: %s", qPrintable(why));
        if (error)
            *error = why;
        return {};
    }
    if (!done) {
        qWarning("start did not finish within %d ms", timeoutMs);
        return {};
    }
    QList<int> pids;
    for (int key : keys)
        pids << pidOf.value(key);
    return pids;
}

/// The PID of a one-copy launch (0 when it failed).
inline int launchOneStarted(SessionController& controller, const LaunchSpec& spec, QString* error = nullptr)
{
    return launchStarted(controller, spec, error).value(0);
}

} // namespace uitest

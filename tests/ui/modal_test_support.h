#pragma once
// Answering a modal dialog in a test: the dialog runs its own event loop inside the action's
// trigger(), so what to do with it is scheduled before, polled until the dialog shows.

#include <QApplication>
#include <QDeadlineTimer>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <memory>

namespace uitest {

/// Calls `act` with the next active modal widget of type T (within `timeoutMs`); `*seen` tells
/// whether it came.
template <class T>
void onModal(std::function<void(T*)> act, std::shared_ptr<bool> seen = {}, int timeoutMs = 10000)
{
    auto* timer = new QTimer;
    timer->setInterval(10);
    const QDeadlineTimer deadline(timeoutMs);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, act, deadline, seen] {
        if (auto* w = qobject_cast<T*>(QApplication::activeModalWidget()); w && w->isVisible()) {
            timer->stop();
            timer->deleteLater();
            if (seen)
                *seen = true;
            act(w);
        } else if (deadline.hasExpired()) {
            timer->stop();
            timer->deleteLater();
        }
    });
    timer->start();
}

} // namespace uitest

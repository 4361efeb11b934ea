#pragma once
// QuitGuard: what closing the window does while processes it started still run. It asks (wait for
// them, terminate them, leave them running, cancel), and for wait/terminate keeps the window open
// until SessionController::allEnded(), then closes it.

#include <QObject>

#include <functional>

class QWidget;
class SessionController;

class QuitGuard : public QObject {
    Q_OBJECT

public:
    enum class Choice { Wait, Terminate, Leave, Cancel };

    QuitGuard(QWidget* window, SessionController* controller);

    /// Replaces the question (tests): called with the number of live children.
    void setChooser(std::function<Choice(int)> chooser) { m_chooser = std::move(chooser); }
    /// True once a Wait/Terminate quit is waiting for the children to end.
    bool pending() const { return m_pending; }
    /// From the window's closeEvent(): true if it may close now; else it stays open (cancelled, or
    /// waiting for the children, and closes itself when they have ended).
    bool allowClose();
    /// Quits without asking (SIGTERM, SIGINT, SIGHUP): terminates the children, kills those still
    /// running after `graceMs`, then closes the window.
    void quitWithoutAsking(int graceMs = 5000);

signals:
    void message(const QString& text);

private:
    Choice ask(int live);

    QWidget* m_window;
    SessionController* m_controller;
    std::function<Choice(int)> m_chooser;
    bool m_pending = false;
    bool m_confirmed = false;
};

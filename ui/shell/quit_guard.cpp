#include "shell/quit_guard.h"

#include "controllers/session_controller.h"

#include <QMessageBox>
#include <QPushButton>
#include <QTimer>
#include <QWidget>

QuitGuard::QuitGuard(QWidget* window, SessionController* controller)
    : QObject(window)
    , m_window(window)
    , m_controller(controller)
{
    connect(m_controller, &SessionController::allEnded, this, [this] {
        if (m_pending) {
            m_confirmed = true;
            m_window->close();
        }
    });
}

bool QuitGuard::allowClose()
{
    const int live = m_controller->liveCount() + m_controller->startingCount();
    if (m_confirmed || live == 0)
        return true;
    m_pending = false; // a second Quit while waiting: ask again
    switch (ask(live)) {
    case Choice::Cancel:
        return false;
    case Choice::Leave:
        return true;
    case Choice::Terminate:
        m_controller->terminateAll();
        [[fallthrough]];
    case Choice::Wait:
        m_pending = true;
        emit message(tr("Waiting for %n process(es) to end before quitting…", nullptr, live));
        m_controller->joinAll(); // allEnded() closes the window
        return false;
    }
    return false;
}

void QuitGuard::quitWithoutAsking(int graceMs)
{
    m_chooser = [](int) { return Choice::Terminate; };
    QTimer::singleShot(graceMs, this, [this] {
        for (int key : m_controller->liveKeys())
            m_controller->kill(key); // SIGTERM was not enough
    });
    m_window->close();
}

QuitGuard::Choice QuitGuard::ask(int live)
{
    if (m_chooser)
        return m_chooser(live);
    QMessageBox box(QMessageBox::Question, tr("Quit ProcLab"),
                    tr("%n process(es) started from this window are still running.", nullptr, live),
                    QMessageBox::NoButton, m_window);
    box.setInformativeText(tr("Wait: join them, then quit. Terminate: send them SIGTERM, then quit. Leave running: "
                              "close the window now; ProcLab ends when they have finished, as Python's main process "
                              "joins its children at exit (daemon children are terminated)."));
    QPushButton* wait = box.addButton(tr("&Wait"), QMessageBox::AcceptRole);
    QPushButton* term = box.addButton(tr("&Terminate Them"), QMessageBox::DestructiveRole);
    QPushButton* leave = box.addButton(tr("&Leave Running"), QMessageBox::ActionRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(wait);
    box.exec();
    if (box.clickedButton() == wait)
        return Choice::Wait;
    if (box.clickedButton() == term)
        return Choice::Terminate;
    if (box.clickedButton() == leave)
        return Choice::Leave;
    return Choice::Cancel;
}

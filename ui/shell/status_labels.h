#pragma once
// StatusLabels: the permanent labels of the window's status bar (process counts, the session
// watched, the sampling rate, the GUI's own PID) and the messages about joins the GUI waits for.

#include <QObject>

class QLabel;
class QStatusBar;
class SessionController;
class SessionFeed;

class StatusLabels : public QObject {
    Q_OBJECT

public:
    StatusLabels(QStatusBar* bar, SessionFeed* feed, SessionController* controller);

    void setCounts(const QString& summary);
    /// A message for 8 s.
    void showMessage(const QString& text);
    void updateRate();
    void retranslateUi();

private:
    QStatusBar* m_bar;
    SessionFeed* m_feed;
    QLabel* m_starting; // "starting 37 of 200" while a launch's copies start
    QLabel* m_counts;
    QLabel* m_session;
    QLabel* m_rate;
    QLabel* m_pid;
};

#pragma once
// Scheduler mode in the window: with it on, every process of the session stops at its next
// synchronization point; the table shows each held process with the operation it is about to do,
// and the learner double-clicks the one that moves next (a process whose operation would block is
// greyed out, with the reason). Run freely, Random and Replay… are the other choices; the moves
// taken are listed and can be saved as a schedule. When no process can move, the panel says
// "deadlock" and explains the cycle. The line of code each held process is at comes from a
// resolver (the lesson that runs); the goal of a lesson is shown, and when it is reached. The Scheduler itself runs on
// a thread of its own (SchedulerDriver): nothing here waits for a process.

#include "controllers/scheduler_driver.h"
#include "models/held_process_model.h"

#include <QThread>
#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;
class QTableView;

class SchedulerPanel : public QWidget {
    Q_OBJECT

public:
    explicit SchedulerPanel(QWidget* parent = nullptr);
    ~SchedulerPanel() override;

    /// The session scheduler mode acts on (the window's).
    void setSession(const QString& name);
    bool isOn() const;

    HeldProcessModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    QListWidget* moves() const { return m_moves; }
    QPushButton* toggle() const { return m_toggle; }
    /// The deadlock message shown ("" when none).
    QString deadlockText() const;
    QString statusText() const;
    /// The schedule taken so far (one process name per line).
    QString scheduleText() const { return m_schedule; }
    /// The goal line's text ("" when hidden).
    QString goalText() const;
    /// Where held processes are in the code (the Line column), from the next state on.
    void setLineResolver(HeldProcessModel::LineResolver resolver);

public slots:
    void setOn(bool on);
    /// Lets the process of `index`'s row move (when it can).
    void stepRow(const QModelIndex& index);
    void stepSelected();
    void runFreely();
    void runRandom();
    /// Replays a schedule file (one process name per line); chooseReplay() asks for it.
    bool replayFile(const QString& path);
    void chooseReplay();
    bool saveSchedule(const QString& path);
    void chooseSave();
    /// The goal of the lesson shown ("": none) and whether the run reached it.
    void setGoal(const QString& goal, bool reached);

signals:
    /// Each settled state (the wait-for graph shows held processes that cannot move as waiting).
    void stateChanged(const SchedulerStatePtr& state);
    void message(const QString& text);

protected:
    void changeEvent(QEvent* event) override;

private:
    void onState(const SchedulerStatePtr& state);
    void onMoves(const QStringList& moves, const QString& schedule);
    void onMode(SchedulerDriver::Mode mode);
    void updateButtons();
    void retranslateUi();
    QString explain(const proclab::SchedulerState& state) const;

    QString m_session;
    QThread m_thread;
    SchedulerDriver* m_driver;
    SchedulerDriver::Mode m_mode = SchedulerDriver::Mode::Off;
    SchedulerStatePtr m_state;
    QString m_schedule;
    HeldProcessModel* m_model;
    QPushButton* m_toggle;
    QPushButton* m_step;
    QPushButton* m_free;
    QPushButton* m_random;
    QPushButton* m_replay;
    QPushButton* m_save;
    QLabel* m_help;
    QLabel* m_status;
    QLabel* m_deadlock;
    QLabel* m_goal;
    QString m_goalText;
    bool m_goalReached = false;
    QTableView* m_view;
    QListWidget* m_moves;
};

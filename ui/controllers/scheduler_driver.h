#pragma once
// SchedulerDriver: the window's side of scheduler mode (proclab/scheduler.h). It owns the
// proclab::Scheduler of the window's session and lives on a thread of its own, because settling
// waits for processes: the GUI thread only sends it requests (queued calls) and receives each new
// settled state.

#include <proclab/scheduler.h>

#include <QObject>
#include <QStringList>

#include <memory>
#include <optional>

class QTimer;

using SchedulerStatePtr = std::shared_ptr<const proclab::SchedulerState>;
Q_DECLARE_METATYPE(SchedulerStatePtr)

class SchedulerDriver : public QObject {
    Q_OBJECT

public:
    explicit SchedulerDriver(QObject* parent = nullptr);
    ~SchedulerDriver() override;

    /// How the next moves are chosen: by the learner (Manual), at random, or from a schedule.
    enum class Mode { Off, Manual, Random, Replay };
    Q_ENUM(Mode)

public slots:
    /// Scheduler mode on for session `session` (Manual); reports failure through error().
    void enable(const QString& session);
    /// Mode off: every process runs freely.
    void disable();
    void step(int pid);
    /// Moves chosen at random (seeded) until the run ends or deadlocks, one every `paceMs`.
    void runRandom(quint64 seed, int paceMs);
    /// Moves from a schedule (process names), one every `paceMs`; then back to Manual.
    void replay(const QStringList& names, int paceMs);
    /// Back to choosing by hand.
    void pauseAutomatic();

signals:
    void stateChanged(const SchedulerStatePtr& state);
    /// Every move so far, as "3. p1: acquire Lock #1", and the schedule text to save.
    void movesChanged(const QStringList& moves, const QString& schedule);
    void modeChanged(SchedulerDriver::Mode mode);
    void error(const QString& message);

private:
    void poll();
    void setMode(Mode mode);
    void publishMoves();

    std::optional<proclab::Scheduler> m_scheduler;
    std::unique_ptr<proclab::SchedulePolicy> m_policy;
    Mode m_mode = Mode::Off;
    QTimer* m_timer = nullptr;
    qint64 m_lastMoves = -1;
    std::string m_lastKey;
};

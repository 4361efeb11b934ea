#include "controllers/scheduler_driver.h"

#include <proclab/errors.h>
#include <proclab/session.h>

#include <QTimer>

namespace {

// What the learner sees of a state: a new one is sent only when this changes.
std::string keyOf(const proclab::SchedulerState& st)
{
    std::string k = std::to_string(st.finished) + std::to_string(st.deadlock) + "|";
    for (const auto& h : st.held)
        k += std::to_string(h.pid) + ":" + std::to_string(int(h.op)) + ":" + std::to_string(h.object) + ":" +
             std::to_string(h.can_move) + ":" + h.why + ";";
    k += "|";
    for (pid_t p : st.blocked)
        k += std::to_string(p) + ",";
    k += "|";
    for (pid_t p : st.running)
        k += std::to_string(p) + ",";
    return k;
}

constexpr int kManualPollMs = 30;

} // namespace

SchedulerDriver::SchedulerDriver(QObject* parent)
    : QObject(parent)
    , m_timer(new QTimer(this))
{
    qRegisterMetaType<SchedulerStatePtr>();
    m_timer->setInterval(kManualPollMs);
    connect(m_timer, &QTimer::timeout, this, &SchedulerDriver::poll);
}

SchedulerDriver::~SchedulerDriver() = default;

void SchedulerDriver::enable(const QString& session)
{
    if (m_scheduler && m_scheduler->active())
        return;
    try {
        m_scheduler.emplace(proclab::Session::open(session.toStdString()));
    } catch (const std::exception& e) {
        m_scheduler.reset();
        emit error(QString::fromStdString(e.what()));
        return;
    }
    m_lastKey.clear();
    m_lastMoves = -1;
    setMode(Mode::Manual);
    m_timer->start(kManualPollMs);
    poll();
}

void SchedulerDriver::disable()
{
    m_timer->stop();
    m_policy.reset();
    m_scheduler.reset(); // lets every held process go
    m_lastKey.clear();
    setMode(Mode::Off);
    emit stateChanged(std::make_shared<const proclab::SchedulerState>());
}

void SchedulerDriver::step(int pid)
{
    if (!m_scheduler || !m_scheduler->active())
        return;
    try {
        m_scheduler->step(static_cast<pid_t>(pid));
    } catch (const proclab::Error& e) {
        emit error(QString::fromStdString(e.what()));
        return;
    }
    publishMoves();
    poll();
}

void SchedulerDriver::runRandom(quint64 seed, int paceMs)
{
    if (!m_scheduler || !m_scheduler->active())
        return;
    m_policy = std::make_unique<proclab::RandomPolicy>(seed);
    m_timer->start(std::max(1, paceMs));
    setMode(Mode::Random);
}

void SchedulerDriver::replay(const QStringList& names, int paceMs)
{
    if (!m_scheduler || !m_scheduler->active())
        return;
    std::vector<std::string> list;
    for (const QString& n : names)
        list.push_back(n.toStdString());
    // Exactly the schedule: the learner takes over after its last move.
    class Exact : public proclab::SchedulePolicy {
    public:
        explicit Exact(const std::vector<std::string>& names)
            : m_replay(names)
            , m_left(names.size())
        {
        }
        std::optional<pid_t> choose(const proclab::SchedulerState& state) override
        {
            if (m_left == 0)
                return std::nullopt;
            --m_left;
            return m_replay.choose(state);
        }

    private:
        proclab::ReplayPolicy m_replay;
        std::size_t m_left;
    };
    m_policy = std::make_unique<Exact>(std::move(list));
    m_timer->start(std::max(1, paceMs));
    setMode(Mode::Replay);
}

void SchedulerDriver::pauseAutomatic()
{
    m_policy.reset();
    if (m_scheduler && m_scheduler->active()) {
        m_timer->start(kManualPollMs);
        setMode(Mode::Manual);
    }
}

void SchedulerDriver::poll()
{
    if (!m_scheduler || !m_scheduler->active())
        return;
    const proclab::SchedulerState st = m_scheduler->settle(std::chrono::milliseconds(20));
    if (std::string key = keyOf(st); key != m_lastKey) {
        m_lastKey = std::move(key);
        emit stateChanged(std::make_shared<const proclab::SchedulerState>(st));
    }
    if (!m_policy || !st.running.empty())
        return;
    if (st.finished || st.deadlock) {
        pauseAutomatic();
        return;
    }
    try {
        const std::optional<pid_t> next = m_policy->choose(st);
        if (!next) {
            pauseAutomatic();
            return;
        }
        m_scheduler->step(*next);
    } catch (const proclab::Error& e) {
        pauseAutomatic();
        emit error(QString::fromStdString(e.what()));
        return;
    }
    publishMoves();
}

void SchedulerDriver::setMode(Mode mode)
{
    if (mode == m_mode)
        return;
    m_mode = mode;
    emit modeChanged(mode);
}

void SchedulerDriver::publishMoves()
{
    if (!m_scheduler)
        return;
    const auto& steps = m_scheduler->transcript();
    if (qint64(steps.size()) == m_lastMoves)
        return;
    m_lastMoves = qint64(steps.size());
    QStringList moves;
    moves.reserve(qsizetype(steps.size()));
    for (const auto& s : steps)
        moves << QString::fromStdString(s.text());
    emit movesChanged(moves, QString::fromStdString(m_scheduler->schedule_text()));
}

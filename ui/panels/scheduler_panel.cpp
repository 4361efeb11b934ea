#include "panels/scheduler_panel.h"

#include "models/held_process_model.h"

#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QTableView>
#include <QVBoxLayout>

namespace {
constexpr int kPaceMs = 60; // automatic moves: slow enough to watch
}

SchedulerPanel::SchedulerPanel(QWidget* parent)
    : QWidget(parent)
    , m_driver(new SchedulerDriver)
    , m_model(new HeldProcessModel(this))
    , m_toggle(new QPushButton(this))
    , m_step(new QPushButton(this))
    , m_free(new QPushButton(this))
    , m_random(new QPushButton(this))
    , m_replay(new QPushButton(this))
    , m_save(new QPushButton(this))
    , m_help(new QLabel(this))
    , m_status(new QLabel(this))
    , m_deadlock(new QLabel(this))
    , m_goal(new QLabel(this))
    , m_view(new QTableView(this))
    , m_moves(new QListWidget(this))
{
    m_driver->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_driver, &QObject::deleteLater);
    m_thread.setObjectName(QStringLiteral("scheduler"));
    m_thread.start();

    m_toggle->setCheckable(true);
    m_toggle->setObjectName(QStringLiteral("schedulerToggle"));
    m_help->setWordWrap(true);
    m_status->setWordWrap(true);
    m_deadlock->setWordWrap(true);
    m_deadlock->setObjectName(QStringLiteral("deadlockLabel"));
    m_deadlock->setStyleSheet(QStringLiteral("QLabel { color: #d01010; font-weight: bold; }"));
    m_deadlock->hide();
    m_goal->setWordWrap(true);
    m_goal->setObjectName(QStringLiteral("goalLabel"));
    m_goal->hide();
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_moves->setObjectName(QStringLiteral("movesList"));

    // Two rows of three: the dock stays narrow enough for a laptop's screen beside the others.
    auto* buttons = new QGridLayout;
    int at = 0;
    for (QPushButton* b : {m_toggle, m_step, m_free, m_random, m_replay, m_save}) {
        buttons->addWidget(b, at / 3, at % 3);
        ++at;
    }
    buttons->setColumnStretch(3, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_help);
    layout->addLayout(buttons);
    layout->addWidget(m_goal);
    layout->addWidget(m_status);
    layout->addWidget(m_deadlock);
    layout->addWidget(m_view, 3);
    layout->addWidget(m_moves, 2);

    connect(m_toggle, &QPushButton::toggled, this, &SchedulerPanel::setOn);
    connect(m_step, &QPushButton::clicked, this, &SchedulerPanel::stepSelected);
    connect(m_free, &QPushButton::clicked, this, &SchedulerPanel::runFreely);
    connect(m_random, &QPushButton::clicked, this, &SchedulerPanel::runRandom);
    connect(m_replay, &QPushButton::clicked, this, &SchedulerPanel::chooseReplay);
    connect(m_save, &QPushButton::clicked, this, &SchedulerPanel::chooseSave);
    connect(m_view, &QTableView::doubleClicked, this, &SchedulerPanel::stepRow);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &SchedulerPanel::updateButtons);
    connect(m_driver, &SchedulerDriver::stateChanged, this, &SchedulerPanel::onState);
    connect(m_driver, &SchedulerDriver::movesChanged, this, &SchedulerPanel::onMoves);
    connect(m_driver, &SchedulerDriver::modeChanged, this, &SchedulerPanel::onMode);
    connect(m_driver, &SchedulerDriver::error, this, &SchedulerPanel::message);
    retranslateUi();
    updateButtons();
}

SchedulerPanel::~SchedulerPanel()
{
    // Lets held processes go before the window ends (a quick call: nothing is waited for).
    QMetaObject::invokeMethod(m_driver, &SchedulerDriver::disable, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void SchedulerPanel::setSession(const QString& name)
{
    m_session = name;
    updateButtons();
}

bool SchedulerPanel::isOn() const
{
    return m_mode != SchedulerDriver::Mode::Off;
}

QString SchedulerPanel::deadlockText() const
{
    return m_deadlock->isHidden() ? QString() : m_deadlock->text();
}

QString SchedulerPanel::goalText() const
{
    return m_goal->isHidden() ? QString() : m_goal->text();
}

void SchedulerPanel::setLineResolver(HeldProcessModel::LineResolver resolver)
{
    m_model->setLineResolver(std::move(resolver));
}

void SchedulerPanel::setGoal(const QString& goal, bool reached)
{
    m_goalText = goal;
    m_goalReached = reached && !goal.isEmpty();
    retranslateUi();
}

QString SchedulerPanel::statusText() const
{
    return m_status->text();
}

void SchedulerPanel::setOn(bool on)
{
    if (on == isOn() || (on && m_session.isEmpty())) {
        const QSignalBlocker block(m_toggle);
        m_toggle->setChecked(isOn());
        return;
    }
    if (on) {
        m_moves->clear();
        m_schedule.clear();
        const QString session = m_session;
        QMetaObject::invokeMethod(
            m_driver, [d = m_driver, session] { d->enable(session); }, Qt::QueuedConnection);
    } else {
        QMetaObject::invokeMethod(m_driver, &SchedulerDriver::disable, Qt::QueuedConnection);
    }
}

void SchedulerPanel::stepRow(const QModelIndex& index)
{
    const proclab::HeldProcess* h = m_model->held(index.row());
    if (!h)
        return;
    if (!h->can_move) {
        emit message(tr("%1 cannot move now: %2").arg(QString::fromStdString(h->name), QString::fromStdString(h->why)));
        return;
    }
    const int pid = int(h->pid);
    QMetaObject::invokeMethod(
        m_driver, [d = m_driver, pid] { d->step(pid); }, Qt::QueuedConnection);
}

void SchedulerPanel::stepSelected()
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (!rows.isEmpty())
        stepRow(rows.first());
}

void SchedulerPanel::runFreely()
{
    m_toggle->setChecked(false);
}

void SchedulerPanel::runRandom()
{
    const quint64 seed = QRandomGenerator::global()->generate64();
    m_moves->addItem(tr("Random moves, seed %1").arg(seed));
    QMetaObject::invokeMethod(
        m_driver, [d = m_driver, seed] { d->runRandom(seed, kPaceMs); }, Qt::QueuedConnection);
}

bool SchedulerPanel::replayFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        emit message(tr("Cannot read the schedule %1: %2").arg(path, f.errorString()));
        return false;
    }
    QStringList names;
    for (const std::string& n : proclab::Scheduler::parse_schedule(f.readAll().toStdString()))
        names << QString::fromStdString(n);
    if (names.isEmpty()) {
        emit message(tr("The schedule %1 names no process").arg(path));
        return false;
    }
    QMetaObject::invokeMethod(
        m_driver, [d = m_driver, names] { d->replay(names, kPaceMs); }, Qt::QueuedConnection);
    return true;
}

void SchedulerPanel::chooseReplay()
{
    auto* dialog =
        new QFileDialog(this, tr("Replay a schedule"), QString(), tr("Schedules (*.schedule *.txt);;All files (*)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, this, &SchedulerPanel::replayFile);
    dialog->open();
}

bool SchedulerPanel::saveSchedule(const QString& path)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        emit message(tr("Cannot write the schedule %1: %2").arg(path, f.errorString()));
        return false;
    }
    f.write("# ProcLab schedule: one process name per line, who moved at each step\n");
    f.write(m_schedule.toUtf8());
    if (!f.commit()) {
        emit message(tr("Cannot write the schedule %1: %2").arg(path, f.errorString()));
        return false;
    }
    emit message(tr("Schedule saved to %1").arg(path));
    return true;
}

void SchedulerPanel::chooseSave()
{
    auto* dialog = new QFileDialog(this, tr("Save the schedule"), QString(), tr("Schedules (*.schedule)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("schedule"));
    connect(dialog, &QFileDialog::fileSelected, this, &SchedulerPanel::saveSchedule);
    dialog->open();
}

void SchedulerPanel::onState(const SchedulerStatePtr& state)
{
    m_state = state;
    m_model->setState(*state);
    const QString why = state->deadlock ? explain(*state) : QString();
    m_deadlock->setText(why);
    m_deadlock->setVisible(!why.isEmpty());
    retranslateUi();
    updateButtons();
    emit stateChanged(state);
}

void SchedulerPanel::onMoves(const QStringList& moves, const QString& schedule)
{
    m_schedule = schedule;
    // Only the new moves are appended (the list also holds "Random moves, seed N" lines).
    const int shown = m_moves->count();
    int have = 0;
    for (int i = 0; i < shown; ++i)
        have += m_moves->item(i)->data(Qt::UserRole).toBool() ? 1 : 0;
    for (qsizetype i = have; i < moves.size(); ++i) {
        auto* item = new QListWidgetItem(moves[i], m_moves);
        item->setData(Qt::UserRole, true);
    }
    m_moves->scrollToBottom();
    updateButtons();
}

void SchedulerPanel::onMode(SchedulerDriver::Mode mode)
{
    m_mode = mode;
    {
        const QSignalBlocker block(m_toggle);
        m_toggle->setChecked(isOn());
    }
    if (mode == SchedulerDriver::Mode::Off) {
        m_model->setState({});
        m_deadlock->hide();
    }
    retranslateUi();
    updateButtons();
}

void SchedulerPanel::updateButtons()
{
    const bool on = isOn();
    const bool manual = m_mode == SchedulerDriver::Mode::Manual;
    m_toggle->setEnabled(!m_session.isEmpty());
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    const proclab::HeldProcess* h = rows.isEmpty() ? nullptr : m_model->held(rows.first().row());
    m_step->setEnabled(manual && h && h->can_move);
    m_free->setEnabled(on);
    m_random->setEnabled(manual);
    m_replay->setEnabled(manual);
    m_save->setEnabled(!m_schedule.isEmpty());
}

QString SchedulerPanel::explain(const proclab::SchedulerState& st) const
{
    const auto nameOf = [&](pid_t pid) {
        if (const proclab::HeldProcess* h = st.held_process(pid))
            return QString::fromStdString(h->name);
        return QString::number(pid);
    };
    QStringList lines{tr("Deadlock: no process can move, and none ever will.")};
    for (const auto& cycle : st.cycles) {
        QStringList links;
        for (std::size_t i = 0; i < cycle.size(); ++i) {
            const pid_t next = cycle[(i + 1) % cycle.size()];
            const proclab::HeldProcess* h = st.held_process(cycle[i]);
            if (h && h->op == proclab::SchedOp::Join)
                links << tr("%1 waits for %2 to end").arg(nameOf(cycle[i]), nameOf(next));
            else if (h)
                links << tr("%1 waits for %2, held by %3")
                             .arg(nameOf(cycle[i]), QString::fromStdString(h->object_name), nameOf(next));
            else
                links << tr("%1 waits for %2").arg(nameOf(cycle[i]), nameOf(next));
        }
        lines << links.join(QStringLiteral("; ")) + tr(": a cycle in the wait-for graph.");
    }
    if (st.cycles.empty())
        for (const auto& h : st.held)
            lines << tr("%1 cannot %2 %3: %4")
                         .arg(QString::fromStdString(h.name),
                              QString::fromLatin1(proclab::to_string(h.op).data(),
                                                  qsizetype(proclab::to_string(h.op).size())),
                              QString::fromStdString(h.object_name), QString::fromStdString(h.why));
    return lines.join(QLatin1Char('\n'));
}

void SchedulerPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        if (m_state && m_state->deadlock)
            m_deadlock->setText(explain(*m_state));
    }
    QWidget::changeEvent(event);
}

void SchedulerPanel::retranslateUi()
{
    m_help->setText(tr("Scheduler mode: every process of the session stops at each synchronization point (start, "
                       "join, put, get, send, recv, acquire, release, wait, set, notify, and reads and writes of a "
                       "Value outside its lock), and you choose who moves next. Start a lesson or a program with it "
                       "on."));
    m_toggle->setText(isOn() ? tr("Scheduler mode: on") : tr("Scheduler mode: off"));
    m_step->setText(tr("Step"));
    m_free->setText(tr("Run freely"));
    m_random->setText(tr("Random"));
    m_replay->setText(tr("Replay…"));
    m_save->setText(tr("Save schedule…"));
    QString status;
    if (!isOn())
        status = tr("Off: processes run freely.");
    else if (!m_state || (m_state->held.empty() && m_state->blocked.empty() && m_state->running.empty()))
        status = tr("Waiting for processes of the session…");
    else if (m_state->finished)
        status = tr("Every process of the run has ended.");
    else if (m_state->deadlock)
        status = tr("Deadlock.");
    else if (!m_state->running.empty())
        status = tr("%n process(es) running to their next point…", nullptr, int(m_state->running.size()));
    else if (m_mode == SchedulerDriver::Mode::Manual)
        status = tr("Choose who moves next: double-click a process (greyed out: it would block).");
    else
        status = tr("Moving automatically…");
    m_status->setText(status);
    m_goal->setText(m_goalReached ? tr("Goal reached: %1").arg(m_goalText) : tr("Goal: %1").arg(m_goalText));
    m_goal->setStyleSheet(m_goalReached ? QStringLiteral("QLabel { color: #0a7a20; font-weight: bold; }") : QString());
    m_goal->setVisible(!m_goalText.isEmpty());
    emit m_model->headerDataChanged(Qt::Horizontal, 0, HeldProcessModel::ColumnCount - 1);
}

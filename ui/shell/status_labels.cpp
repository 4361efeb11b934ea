#include "shell/status_labels.h"

#include "controllers/session_controller.h"
#include "controllers/session_feed.h"

#include <QLabel>
#include <QLocale>
#include <QStatusBar>

#include <unistd.h>

StatusLabels::StatusLabels(QStatusBar* bar, SessionFeed* feed, SessionController* controller)
    : QObject(bar)
    , m_bar(bar)
    , m_feed(feed)
    , m_starting(new QLabel(bar))
    , m_counts(new QLabel(bar))
    , m_session(new QLabel(bar))
    , m_rate(new QLabel(bar))
    , m_pid(new QLabel(bar))
{
    m_counts->setObjectName(QStringLiteral("countsLabel"));
    m_starting->setObjectName(QStringLiteral("startingLabel"));
    m_starting->setVisible(false);
    for (QLabel* l : {m_starting, m_counts, m_session, m_rate, m_pid}) {
        l->setContentsMargins(6, 0, 6, 0);
        bar->addPermanentWidget(l);
    }
    connect(controller, &SessionController::message, this, &StatusLabels::showMessage);
    connect(controller, &SessionController::startProgress, this, [this](int done, int total) {
        m_starting->setVisible(total > 1 && done < total);
        m_starting->setText(tr("Starting processes: %1 of %2…").arg(done).arg(total));
    });
    connect(controller, &SessionController::joinStarted, this, [this](int pid) {
        m_bar->showMessage(tr("join(): waiting for PID %1 to end; the window stays responsive.").arg(pid));
    });
    connect(controller, &SessionController::joinFinished, this, [this](int pid, bool ended) {
        showMessage(ended ? tr("join(): PID %1 has ended.").arg(pid)
                          : tr("join(): timed out; PID %1 is still running.").arg(pid));
    });
}

void StatusLabels::setCounts(const QString& summary)
{
    m_counts->setText(summary);
}

void StatusLabels::showMessage(const QString& text)
{
    m_bar->showMessage(text, 8000);
}

void StatusLabels::updateRate()
{
    m_rate->setText(m_feed->isPaused() ? tr("paused")
                                       : tr("every %1 s").arg(QLocale().toString(m_feed->interval() / 1000.0, 'g', 2)));
}

void StatusLabels::retranslateUi()
{
    //: The process ID of the ProcLab window itself
    m_pid->setText(tr("GUI PID %1").arg(::getpid()));
    m_session->setText(m_feed->source() ? tr("session %1").arg(m_feed->source()->name()) : tr("no session"));
    updateRate();
}

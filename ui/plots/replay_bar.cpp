#include "plots/replay_bar.h"

#include "controllers/session_feed.h"
#include "plots/replay_source.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QStyle>
#include <QToolButton>

#include <algorithm>

ReplayBar::ReplayBar(SessionFeed* feed, QWidget* parent)
    : QWidget(parent)
    , m_feed(feed)
    , m_play(new QToolButton(this))
    , m_slider(new QSlider(Qt::Horizontal, this))
    , m_time(new QLabel(this))
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_play);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_time);
    m_play->setCheckable(true);
    m_play->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    connect(m_play, &QToolButton::toggled, this, &ReplayBar::setPlaying);
    connect(m_slider, &QSlider::valueChanged, this, &ReplayBar::seek);
    connect(&m_timer, &QTimer::timeout, this, &ReplayBar::step);
    if (m_feed)
        connect(m_feed, &SessionFeed::sourceChanged, this, &ReplayBar::onSourceChanged);
    retranslateUi();
    setSource(nullptr);
}

void ReplayBar::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void ReplayBar::retranslateUi()
{
    m_play->setToolTip(tr("Play or pause the recording"));
    m_slider->setToolTip(tr("Drag to any moment of the recording: every panel shows the session as it was then"));
    updateLabel();
}

void ReplayBar::onSourceChanged()
{
    if (m_feed && m_feed->source() != m_source)
        setSource(nullptr);
}

void ReplayBar::setSource(ReplaySource* source)
{
    setPlaying(false);
    m_source = source;
    const QSignalBlocker block(m_slider);
    m_slider->setRange(0, source ? std::max(0, source->tickCount() - 1) : 0);
    m_slider->setValue(source ? source->position() : 0);
    setEnabled(source != nullptr);
    updateLabel();
}

void ReplayBar::seek(int tick)
{
    if (!m_source)
        return;
    tick = std::clamp(tick, 0, std::max(0, m_source->tickCount() - 1));
    int from = m_source->position();
    if (m_feed && tick != from) {
        // Walk through the ticks in between (at most kMaxSteps of them), so that the views get
        // the recorded snapshots on the way, as they did live: CPU history, queue depths at each
        // tick. Going back starts over from the first tick (the views reset on an older frame).
        if (tick < from) {
            from = 0;
            m_source->seek(0);
            m_feed->tick();
        }
        const int stride = std::max(1, (tick - from) / kMaxSteps);
        for (int k = from + stride; k < tick; k += stride) {
            m_source->seek(k);
            m_feed->tick();
        }
    }
    m_source->seek(tick);
    if (m_slider->value() != m_source->position()) {
        const QSignalBlocker block(m_slider);
        m_slider->setValue(m_source->position());
    }
    updateLabel();
    if (m_feed)
        m_feed->tick();
}

void ReplayBar::setPlaying(bool playing)
{
    if (playing && m_source) {
        if (m_source->position() >= m_source->tickCount() - 1)
            seek(0);
        // One recorded tick per feed interval: the recording plays at about its own pace.
        m_timer.start(m_feed ? m_feed->interval() : 200);
    } else {
        m_timer.stop();
    }
    const QSignalBlocker block(m_play);
    m_play->setChecked(m_timer.isActive());
    m_play->setIcon(style()->standardIcon(m_timer.isActive() ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
}

void ReplayBar::step()
{
    if (!m_source || m_source->position() >= m_source->tickCount() - 1) {
        setPlaying(false);
        return;
    }
    m_slider->setValue(m_source->position() + 1);
}

void ReplayBar::updateLabel()
{
    if (!m_source || m_source->tickCount() == 0) {
        m_time->setText(tr("no recording open"));
        return;
    }
    const double t = double(m_source->timeAt(m_source->position()) - m_source->timeAt(0)) / 1e9;
    const double total = double(m_source->timeAt(m_source->tickCount() - 1) - m_source->timeAt(0)) / 1e9;
    m_time->setText(tr("%1 s of %2 s").arg(t, 0, 'f', 1).arg(total, 0, 'f', 1));
}

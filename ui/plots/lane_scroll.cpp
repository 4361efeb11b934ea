#include "plots/lane_scroll.h"

#include <qcustomplot.h>

#include <QScrollBar>
#include <QWheelEvent>

#include <algorithm>

LaneScroll::LaneScroll(QCustomPlot* plot, QScrollBar* bar)
    : QObject(plot)
    , m_plot(plot)
    , m_bar(bar)
{
    m_bar->setVisible(false);
    m_bar->setSingleStep(1);
    // After each layout the axis rect's height is known: how many lanes fit, and the range.
    connect(m_plot, &QCustomPlot::afterLayout, this, &LaneScroll::applyRange);
    connect(m_bar, &QScrollBar::valueChanged, this, [this] { m_plot->replot(QCustomPlot::rpQueuedReplot); });
    m_plot->installEventFilter(this);
}

void LaneScroll::setLanes(const QStringList& labels)
{
    if (labels == m_labels)
        return;
    m_labels = labels;
    updateTicks();
    applyRange();
}

int LaneScroll::firstVisible() const
{
    return m_bar->isVisible() ? m_bar->value() : 0;
}

void LaneScroll::ensureVisible(int lane)
{
    if (lane < m_bar->value())
        m_bar->setValue(lane);
    else if (lane >= m_bar->value() + m_visible)
        m_bar->setValue(lane - m_visible + 1);
}

void LaneScroll::updateTicks()
{
    auto ticker = qSharedPointerDynamicCast<QCPAxisTickerText>(m_plot->yAxis->ticker());
    if (!ticker)
        return;
    const QFontMetrics fm(m_plot->yAxis->tickLabelFont());
    QVector<double> ticks;
    QVector<QString> labels;
    ticks.reserve(m_labels.size());
    labels.reserve(m_labels.size());
    for (int i = 0; i < m_labels.size(); ++i) {
        ticks << double(i);
        labels << fm.elidedText(m_labels[i], Qt::ElideMiddle, kMaxLabelPx);
    }
    ticker->setTicks(ticks, labels);
}

void LaneScroll::applyRange()
{
    const int n = std::max<int>(1, static_cast<int>(m_labels.size()));
    const int height = m_plot->axisRect()->height();
    m_visible = std::max(1, height > 0 ? height / kMinLanePx : n);
    const bool scroll = n > m_visible;
    if (scroll != m_bar->isVisible())
        m_bar->setVisible(scroll);
    int first = 0;
    if (scroll) {
        const QSignalBlocker block(m_bar);
        m_bar->setRange(0, n - m_visible);
        m_bar->setPageStep(m_visible);
        first = m_bar->value();
    } else {
        m_visible = n;
    }
    m_plot->yAxis->setRange(first - 0.6, first + m_visible - 0.4);
}

bool LaneScroll::eventFilter(QObject* watched, QEvent* event)
{
    // The wheel over the lane labels (left of the axis rect) scrolls the lanes; over the plot it
    // stays the plot's (zoom).
    if (watched == m_plot && event->type() == QEvent::Wheel && m_bar->isVisible()) {
        auto* wheel = static_cast<QWheelEvent*>(event);
        if (wheel->position().x() < m_plot->axisRect()->left()) {
            const int steps = wheel->angleDelta().y() / 40;
            m_bar->setValue(m_bar->value() - (steps ? steps : (wheel->angleDelta().y() > 0 ? 1 : -1)));
            return true;
        }
    }
    return QObject::eventFilter(watched, event);
}

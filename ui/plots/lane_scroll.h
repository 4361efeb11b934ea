#pragma once
// LaneScroll: the rows (lanes) of a row plot kept readable however many there are. Each lane is
// at least kMinLanePx high; when they do not all fit, a vertical scroll bar beside the plot (and
// the mouse wheel over the labels) moves through them. Labels longer than kMaxLabelPx are elided
// in the middle (the PID at the end stays). The plot's y axis must be reversed (row 0 on top).

#include <QObject>
#include <QStringList>

class QCustomPlot;
class QScrollBar;

class LaneScroll : public QObject {
    Q_OBJECT

public:
    static constexpr int kMinLanePx = 18;
    static constexpr int kMaxLabelPx = 220;

    /// Owned by `plot`; `bar` is laid out beside the plot by the caller.
    LaneScroll(QCustomPlot* plot, QScrollBar* bar);

    /// The lanes, top to bottom (their labels become the y axis's ticks, elided).
    void setLanes(const QStringList& labels);
    int laneCount() const { return static_cast<int>(m_labels.size()); }
    /// The first lane in view and how many fit.
    int firstVisible() const;
    int visibleCount() const { return m_visible; }
    /// Brings `lane` into view.
    void ensureVisible(int lane);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void applyRange();
    void updateTicks();

    QCustomPlot* m_plot;
    QScrollBar* m_bar;
    QStringList m_labels;
    int m_visible = 1;
};

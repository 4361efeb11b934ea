#pragma once
// The meters htop shows above its table: a bar per CPU, memory and swap bars, the load average
// and the task count, from one proclab::MachineStats reading (sampled with the system table on
// the sampler thread). Painted compactly: a few text lines high, whatever the number of CPUs.

#include <proclab/machine_stats.h>

#include <QWidget>

class HeaderMeters : public QWidget {
    Q_OBJECT

public:
    explicit HeaderMeters(QWidget* parent = nullptr);

    void setStats(const proclab::MachineStats& stats);
    const proclab::MachineStats& stats() const { return m_stats; }
    bool hasStats() const { return m_has; }

    /// "Load average: 0.52 0.58 0.59", "Tasks: 812, 2 running", "1.2 GiB / 15.5 GiB".
    QString loadText() const;
    QString tasksText() const;
    QString memoryText() const;
    QString swapText() const;
    /// How many columns the CPU bars take for `cpus` CPUs.
    static int cpuColumns(int cpus);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    int rowHeight() const;
    int rows() const;
    void paintBar(QPainter& p, const QRect& r, int labelWidth, const QString& label, double fraction,
                  const QColor& color, const QString& text) const;
    void updateToolTip();

    proclab::MachineStats m_stats;
    bool m_has = false;
};

#pragma once
// CPU % and memory (RSS) of the selected process over time, from a ProcessHistory.

#include <QWidget>

#include <sys/types.h>

class ProcessHistory;
class QCustomPlot;

class ProcessDetailPlot : public QWidget {
    Q_OBJECT

public:
    explicit ProcessDetailPlot(ProcessHistory* history, QWidget* parent = nullptr);

    QCustomPlot* plot() const { return m_plot; }
    pid_t pid() const { return m_pid; }
    /// Points in the CPU and RSS graphs (tests).
    int pointCount() const;

public slots:
    void setPid(pid_t pid);
    void refresh();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();

    ProcessHistory* m_history;
    pid_t m_pid = 0;
    QCustomPlot* m_plot;
};

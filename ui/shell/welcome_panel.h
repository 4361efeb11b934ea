#pragma once
// The central panel shown at start-up, until there is something to watch: what ProcLab is, what
// to do first (launch a process, run the demo, or show the process table), and the runtime it uses.

#include <QWidget>

struct FeedFrame;
class QLabel;
class QPushButton;

class WelcomePanel : public QWidget {
    Q_OBJECT

public:
    explicit WelcomePanel(QWidget* parent = nullptr);

    /// The headline ("Welcome to ProcLab", translated).
    QString title() const;
    /// "Start method: forkserver · 2 CPUs" for the running process.
    QString runtimeSummary() const;

public slots:
    /// The welcome page gives way (showProcessesRequested) once the session has a process other
    /// than this window and its fork server: an attached program, a lesson, a launch.
    void onFrame(const FeedFrame& frame);

signals:
    void newProcessRequested();
    void demoRequested();
    void showProcessesRequested();
    void lessonsRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();

    QLabel* m_icon = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_subtitle = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_firstStep = nullptr;
    QLabel* m_comingNext = nullptr;
    QLabel* m_runtime = nullptr;
    QPushButton* m_newButton = nullptr;
    QPushButton* m_demoButton = nullptr;
    QPushButton* m_showButton = nullptr;
    QPushButton* m_lessonButton = nullptr;
};

#pragma once
// The lessons: the browser beside the lesson view. Owns the running lesson (LessonRun) and wires
// the view's controls to it; the lesson's processes show in the window's live views.

#include "controllers/scheduler_driver.h"

#include <proclab/lessons/lesson.h>

#include <QWidget>

#include <utility>
#include <vector>

class LessonBrowser;
class LessonRun;
class LessonView;
class QSplitter;

class LessonPanel : public QWidget {
    Q_OBJECT

public:
    explicit LessonPanel(QWidget* parent = nullptr);
    ~LessonPanel() override;

    /// "en" or "zh_CN": the language the lessons are shown in, from the installed translation.
    static QString lessonLanguage();

    /// Loads every lesson of the search folders again (Lesson::load_all).
    void reload();
    /// Opens a lesson by id ("05_exit_codes"), number ("5") or slug; false when there is none.
    /// A running lesson is stopped first.
    bool openLesson(const QString& idOrNumber);
    /// Opens the lesson the user had open last time, or the first one a beginner should see
    /// (start and join) when there is none or it is gone; the speed as it was.
    void restore(const QString& lastLesson, double speed);
    /// The id of the lesson shown ("" when none or an error is shown).
    QString currentLessonId() const { return m_currentId; }

    /// Runs the lesson shown (step mode: one step now, then one per step()).
    bool run(bool stepMode = false);
    void step();
    void setPaused(bool paused);
    void restart();
    void stop();

    LessonBrowser* browser() const { return m_browser; }
    LessonView* view() const { return m_view; }
    LessonRun* lessonRun() const { return m_run; }
    const std::vector<proclab::Lesson>& lessons() const { return m_lessons; }
    const std::vector<proclab::LessonError>& errors() const { return m_errors; }
    /// Focuses the search box.
    void focusSearch();

    /// The Python and C++ lines held process `h` is at in the lesson that runs ({h.line, 0}
    /// when no lesson runs: a program's own line).
    std::pair<int, int> codeLines(const proclab::HeldProcess& h) const;
    /// The goal of the lesson shown, in words ("" when it states none).
    QString goalText() const;
    /// True once the lesson's run in scheduler mode reached its goal.
    bool goalReached() const { return m_goalReached; }

public slots:
    /// Scheduler mode settled: marks where each held process of the lesson is in its code, and
    /// sees whether a deadlock is the lesson's goal.
    void setSchedulerState(const SchedulerStatePtr& state);

signals:
    /// A lesson was opened (to remember it).
    void lessonOpened(const QString& id);
    /// The lesson's run started (the window shows its processes).
    void runStarted();
    void speedChanged(double speed);
    void message(const QString& text);
    /// The lesson's goal in words, and whether the run in scheduler mode reached it.
    void goalChanged(const QString& goal, bool reached);

protected:
    void changeEvent(QEvent* event) override;

private:
    /// The lessons' texts in the new language (the browser, the open lesson).
    void retranslateUi();
    const proclab::Lesson* current() const;
    void showCurrent();
    /// The run ended: a goal about what it printed is checked (when it ran in scheduler mode).
    void checkGoalAtEnd();
    void setGoalReached(bool reached);
    void clearMarks();

    LessonBrowser* m_browser = nullptr;
    LessonView* m_view = nullptr;
    LessonRun* m_run = nullptr;
    QSplitter* m_split = nullptr;
    std::vector<proclab::Lesson> m_lessons;
    std::vector<proclab::LessonError> m_errors;
    QString m_currentId;
    bool m_scheduled = false; ///< this run was held by scheduler mode
    bool m_goalReached = false;
};

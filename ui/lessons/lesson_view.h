#pragma once
// One lesson: its title and explanation, the glossary, its Python and C++ code (tabs) with the
// line that runs highlighted, the controls (run, pause, step, restart, stop, speed) and the
// transcript of the run. It shows; LessonPanel runs the lesson and drives it.

#include "lessons/lesson_run.h"

#include <QWidget>

namespace proclab {
struct Lesson;
}
class CodeView;
class GlossaryBar;
class QComboBox;
class QDoubleSpinBox;
class QHBoxLayout;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;

class LessonView : public QWidget {
    Q_OBJECT

public:
    explicit LessonView(QWidget* parent = nullptr);

    /// Shows a lesson in `lang` ("en", "zh_CN"); clears the transcript and the highlight.
    void setLesson(const proclab::Lesson& lesson, const QString& lang);
    /// Only the title, explanation and note in `lang` (a language change while it runs).
    void setLessonText(const proclab::Lesson& lesson, const QString& lang);
    /// Shows why a lesson file cannot be used; nothing can run.
    void showError(const QString& title, const QString& message);
    bool hasError() const { return m_error; }
    QString errorText() const;

    /// The step that runs: highlights its lines in both code views.
    void highlightStep(int step, int pyLine, int cppLine);
    void clearHighlight();
    void appendTranscript(const QString& line);
    void clearTranscript();
    /// Enables the controls for the run's state.
    void setRunState(LessonRun::State state, bool stepMode);
    /// A short message under the controls ("" hides it).
    void setStatus(const QString& text);

    double speed() const;
    void setSpeed(double speed);
    /// What Run runs: the lesson's Python code (watched through the Python bridge) or its C++ twin.
    bool runsPython() const;
    /// The status line's text ("Running the Python code…", an error, …).
    QString statusText() const;
    void setRunsPython(bool python);

    CodeView* pythonView() const { return m_python; }
    CodeView* cppView() const { return m_cpp; }
    QTabWidget* codeTabs() const { return m_tabs; }
    QPlainTextEdit* transcriptView() const { return m_transcript; }
    QPushButton* runButton() const { return m_runButton; }
    QPushButton* pauseButton() const { return m_pauseButton; }
    QPushButton* stepButton() const { return m_stepButton; }
    QPushButton* restartButton() const { return m_restartButton; }
    QPushButton* stopButton() const { return m_stopButton; }
    QDoubleSpinBox* speedBox() const { return m_speed; }
    QLabel* titleLabel() const { return m_title; }
    QLabel* explanationLabel() const { return m_explanation; }
    GlossaryBar* glossaryBar() const { return m_glossary; }
    int currentStep() const { return m_step; }

signals:
    void runRequested();
    void pauseRequested(bool paused);
    void stepRequested();
    void restartRequested();
    void stopRequested();
    void speedChanged(double speed);

protected:
    void changeEvent(QEvent* event) override;

private:
    /// The run buttons (a row of their own) and what runs and how fast (another row).
    void createRunControls(QHBoxLayout* controls, QHBoxLayout* settings);
    void retranslateUi();

    QLabel* m_title = nullptr;
    QLabel* m_note = nullptr;
    QLabel* m_explanation = nullptr;
    GlossaryBar* m_glossary = nullptr;
    QTabWidget* m_tabs = nullptr;
    CodeView* m_python = nullptr;
    CodeView* m_cpp = nullptr;
    QPushButton* m_runButton = nullptr;
    QPushButton* m_pauseButton = nullptr;
    QPushButton* m_stepButton = nullptr;
    QPushButton* m_restartButton = nullptr;
    QPushButton* m_stopButton = nullptr;
    QLabel* m_speedLabel = nullptr;
    QDoubleSpinBox* m_speed = nullptr;
    QLabel* m_runWhatLabel = nullptr;
    QComboBox* m_runWhat = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_transcriptLabel = nullptr;
    QPlainTextEdit* m_transcript = nullptr;
    bool m_error = false;
    bool m_unavailable = false;
    int m_step = 0;
    int m_pyLine = 0; // the lines of the step shown (the status is rebuilt on a language change)
    int m_cppLine = 0;
    int m_stepCount = 0;
    LessonRun::State m_state = LessonRun::State::Idle;
    bool m_stepMode = false;
};

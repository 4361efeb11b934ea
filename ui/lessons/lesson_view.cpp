#include "lessons/lesson_view.h"

#include <algorithm>

#include "lessons/code_view.h"
#include "lessons/glossary.h"

#include <proclab/lessons/lesson.h>

#include <QComboBox>
#include <QCursor>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTabWidget>
#include <QToolTip>
#include <QVBoxLayout>

namespace {
QString qs(const std::string& s)
{
    return QString::fromStdString(s);
}
} // namespace

LessonView::LessonView(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("lessonView"));
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("lessonTitle"));
    QFont tf = m_title->font();
    tf.setPointSizeF(tf.pointSizeF() * 1.25);
    tf.setBold(true);
    m_title->setFont(tf);
    m_title->setWordWrap(true);
    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("lessonNote"));
    m_note->setWordWrap(true);
    m_note->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_note->hide();
    m_explanation = new QLabel(this);
    m_explanation->setObjectName(QStringLiteral("lessonExplanation"));
    m_explanation->setWordWrap(true);
    m_explanation->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_explanation->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    // Glossary words in the explanation show what they mean on hover.
    m_explanation->setTextFormat(Qt::RichText);
    m_explanation->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse);
    connect(m_explanation, &QLabel::linkHovered, this, [this](const QString& link) {
        if (link.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(QCursor::pos(), m_glossary->termToolTip(link.toInt()), m_explanation);
    });
    m_glossary = new GlossaryBar(this);

    m_python = new CodeView(this);
    m_python->setObjectName(QStringLiteral("pythonCode"));
    m_cpp = new CodeView(this);
    m_cpp->setObjectName(QStringLiteral("cppCode"));
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("codeTabs"));
    m_tabs->addTab(m_python, QStringLiteral("Python"));
    m_tabs->addTab(m_cpp, QStringLiteral("C++"));

    auto* controls = new QHBoxLayout;
    auto* settings = new QHBoxLayout;
    createRunControls(controls, settings);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("lessonStatus"));
    m_status->setWordWrap(true);

    m_transcriptLabel = new QLabel(this);
    m_transcriptLabel->setWordWrap(true);
    m_transcript = new QPlainTextEdit(this);
    m_transcript->setObjectName(QStringLiteral("lessonTranscript"));
    m_transcript->setReadOnly(true);
    m_transcript->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_transcript->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_transcript->setMaximumBlockCount(5000);

    auto* top = new QWidget(this);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_tabs, 1);
    topLayout->addLayout(controls);
    topLayout->addLayout(settings);
    topLayout->addWidget(m_status);
    auto* bottom = new QWidget(this);
    auto* bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(m_transcriptLabel);
    bottomLayout->addWidget(m_transcript, 1);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("lessonSplitter"));
    split->addWidget(top);
    split->addWidget(bottom);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_title);
    layout->addWidget(m_note);
    layout->addWidget(m_explanation);
    layout->addWidget(m_glossary);
    layout->addWidget(split, 1);
    retranslateUi();
    setRunState(LessonRun::State::Idle, false);
}

void LessonView::createRunControls(QHBoxLayout* controls, QHBoxLayout* settings)
{
    auto button = [this](const char* name) {
        auto* b = new QPushButton(this);
        b->setObjectName(QString::fromLatin1(name));
        return b;
    };
    m_runButton = button("lessonRunButton");
    m_pauseButton = button("lessonPauseButton");
    m_pauseButton->setCheckable(true);
    m_stepButton = button("lessonStepButton");
    m_restartButton = button("lessonRestartButton");
    m_stopButton = button("lessonStopButton");
    m_speedLabel = new QLabel(this);
    m_speed = new QDoubleSpinBox(this);
    m_speed->setObjectName(QStringLiteral("lessonSpeed"));
    m_speed->setRange(0.25, 10);
    m_speed->setSingleStep(0.25);
    m_speed->setDecimals(2);
    m_speed->setValue(1);
    m_speed->setSuffix(QStringLiteral(" ×"));
    m_speedLabel->setBuddy(m_speed);
    m_runWhatLabel = new QLabel(this);
    m_runWhat = new QComboBox(this);
    m_runWhat->setObjectName(QStringLiteral("lessonRunWhat"));
    m_runWhat->addItem(QStringLiteral("C++"), false);
    m_runWhat->addItem(QStringLiteral("Python"), true);
    m_runWhatLabel->setBuddy(m_runWhat);
    connect(m_runWhat, &QComboBox::currentIndexChanged, this, [this] { setRunState(m_state, m_stepMode); });
    connect(m_runButton, &QPushButton::clicked, this, &LessonView::runRequested);
    connect(m_pauseButton, &QPushButton::clicked, this, &LessonView::pauseRequested);
    connect(m_stepButton, &QPushButton::clicked, this, &LessonView::stepRequested);
    connect(m_restartButton, &QPushButton::clicked, this, &LessonView::restartRequested);
    connect(m_stopButton, &QPushButton::clicked, this, &LessonView::stopRequested);
    connect(m_speed, &QDoubleSpinBox::valueChanged, this, &LessonView::speedChanged);
    // Two rows of buttons: each keeps its whole label in a narrow dock, in either language.
    auto* grid = new QGridLayout;
    grid->setSpacing(6);
    grid->addWidget(m_runButton, 0, 0);
    grid->addWidget(m_pauseButton, 0, 1);
    grid->addWidget(m_stepButton, 0, 2);
    grid->addWidget(m_restartButton, 1, 0);
    grid->addWidget(m_stopButton, 1, 1);
    controls->setSpacing(6);
    controls->addLayout(grid);
    controls->addStretch(1);
    // What runs and how fast: a row of their own, so that the buttons keep their full labels.
    settings->setSpacing(6);
    settings->addWidget(m_runWhatLabel);
    settings->addWidget(m_runWhat);
    settings->addStretch(1);
    settings->addWidget(m_speedLabel);
    settings->addWidget(m_speed);
}

void LessonView::setLesson(const proclab::Lesson& lesson, const QString& lang)
{
    m_error = false;
    setLessonText(lesson, lang);
    m_python->setCode(qs(lesson.python_code));
    m_cpp->setCode(qs(lesson.cpp_code));
    m_tabs->setEnabled(true);
    m_stepCount = int(lesson.steps.size());
    clearTranscript();
    clearHighlight();
    setStatus(QString());
    setRunState(LessonRun::State::Idle, false);
}

void LessonView::setLessonText(const proclab::Lesson& lesson, const QString& lang)
{
    const proclab::LessonText& text = lesson.text_for(lang.toStdString());
    m_title->setText(tr("Lesson %1: %2").arg(lesson.number).arg(qs(text.title)));
    QString explanation = glossary::annotate(qs(text.explanation));
    if (lesson.goal) // scheduler mode's goal, set apart
        explanation += QStringLiteral("<p><b>") +
                       tr("Goal (turn on scheduler mode in the Scheduler dock, then run): %1")
                           .arg(qs(lesson.goal->text_for(lang.toStdString())).toHtmlEscaped()) +
                       QStringLiteral("</b></p>");
    m_explanation->setText(explanation);
    m_explanation->show();
    const std::string why = lesson.unavailable_reason();
    m_unavailable = !why.empty();
    m_note->setStyleSheet(QString());
    m_note->setText(m_unavailable
                        ? tr("This lesson cannot run yet: %1. Read its code; the Run button is off.").arg(qs(why))
                        : QString());
    m_note->setVisible(m_unavailable);
}

void LessonView::showError(const QString& title, const QString& message)
{
    m_error = true;
    m_unavailable = false;
    m_title->setText(title);
    m_note->setText(message);
    m_note->setStyleSheet(QStringLiteral("color: #c0392b;"));
    m_note->show();
    m_explanation->clear();
    m_explanation->hide();
    m_python->setCode(QString());
    m_cpp->setCode(QString());
    m_tabs->setEnabled(false);
    m_stepCount = 0;
    clearTranscript();
    clearHighlight();
    setStatus(tr("Nothing runs: fix the lesson file, then choose it again."));
    setRunState(LessonRun::State::Idle, false);
}

QString LessonView::errorText() const
{
    return m_error ? m_note->text() : QString();
}

void LessonView::highlightStep(int step, int pyLine, int cppLine)
{
    m_step = step;
    m_pyLine = pyLine;
    m_cppLine = cppLine;
    m_python->highlightLine(pyLine);
    m_cpp->highlightLine(cppLine);
    setStatus(
        m_stepCount
            ? tr("Step %1 of %2 (Python line %3, C++ line %4)").arg(step).arg(m_stepCount).arg(pyLine).arg(cppLine)
            : QString());
}

void LessonView::clearHighlight()
{
    m_step = 0;
    m_python->highlightLine(0);
    m_cpp->highlightLine(0);
}

void LessonView::appendTranscript(const QString& line)
{
    m_transcript->appendPlainText(line);
    m_transcript->verticalScrollBar()->setValue(m_transcript->verticalScrollBar()->maximum());
}

void LessonView::clearTranscript()
{
    m_transcript->clear();
}

void LessonView::setRunState(LessonRun::State state, bool stepMode)
{
    m_state = state;
    m_stepMode = stepMode;
    using S = LessonRun::State;
    const bool can = !m_error && !m_unavailable;
    const bool active = state == S::Starting || state == S::Running || state == S::Paused || state == S::Stopping;
    const bool stepping = stepMode && (state == S::Starting || state == S::Running);
    // Run: start; while stepping it runs the rest at once.
    m_runButton->setEnabled(can && (!active || stepping));
    m_runButton->setText(active && stepMode ? tr("Run to &End") : tr("&Run"));
    m_pauseButton->setEnabled(can && (state == S::Running || state == S::Paused));
    m_pauseButton->setChecked(state == S::Paused);
    m_pauseButton->setText(state == S::Paused ? tr("Res&ume") : tr("&Pause"));
    // Step mode: the main program (C++ twin or Python code) waits between steps.
    m_stepButton->setEnabled(can && (!active || stepping));
    m_restartButton->setEnabled(can && (active || state == S::Finished));
    m_stopButton->setEnabled(can && active && state != S::Stopping);
    m_speed->setEnabled(can);
    m_runWhat->setEnabled(can && !active);
}

void LessonView::setStatus(const QString& text)
{
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
}

double LessonView::speed() const
{
    return m_speed->value();
}

void LessonView::setSpeed(double speed)
{
    m_speed->setValue(speed);
}

QString LessonView::statusText() const
{
    return m_status->text();
}

bool LessonView::runsPython() const
{
    return m_runWhat->currentData().toBool();
}

void LessonView::setRunsPython(bool python)
{
    m_runWhat->setCurrentIndex(python ? 1 : 0);
}

void LessonView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void LessonView::retranslateUi()
{
    m_runButton->setToolTip(tr("Run the lesson's main program as a real process; its processes appear in the table."));
    m_pauseButton->setToolTip(tr("Stop the whole process tree of the lesson (SIGSTOP); again to continue (SIGCONT)."));
    m_stepButton->setText(tr("S&tep"));
    m_stepButton->setToolTip(tr("Let the main program run one step, then wait."));
    m_restartButton->setText(tr("Re&start"));
    m_restartButton->setToolTip(tr("Kill the lesson's processes and run it again from the start."));
    m_stopButton->setText(tr("St&op"));
    m_stopButton->setToolTip(tr("Kill the lesson's whole process tree."));
    m_speedLabel->setText(tr("Spee&d:"));
    m_runWhatLabel->setText(tr("R&uns:"));
    m_runWhat->setItemText(0, tr("C++ twin"));
    m_runWhat->setItemText(1, tr("Python code"));
    m_runWhat->setToolTip(
        tr("Run the lesson's C++ twin, or its Python code itself with python3, watched live: its "
           "processes, queues and pools appear in the table. Either one runs step by step with Step."));
    m_speed->setToolTip(tr("Sleeps and timeouts are divided by this factor: at 4 × a 10-second lesson takes 2.5 s. "
                           "Used from the next run."));
    m_transcriptLabel->setText(tr("What happened: seconds since the start, [process PID], what it did:"));
    m_tabs->setTabToolTip(0, tr("The Python program of the tutorial"));
    m_tabs->setTabToolTip(1, tr("The same program with ProcLab in C++"));
    // Each button as wide as its longest label in this language: nothing clipped, and the row
    // does not move when Run becomes Run to End or Pause becomes Resume.
    const auto fit = [](QPushButton* b, const QStringList& labels) {
        int width = 0;
        for (const QString& label : labels) {
            b->setText(label);
            width = std::max(width, b->sizeHint().width());
        }
        b->setMinimumWidth(width);
    };
    fit(m_runButton, {tr("&Run"), tr("Run to &End")});
    fit(m_pauseButton, {tr("&Pause"), tr("Res&ume")});
    setRunState(m_state, m_stepMode);
    if (m_step > 0 && !m_error)
        highlightStep(m_step, m_pyLine, m_cppLine); // the status line in the new language
}

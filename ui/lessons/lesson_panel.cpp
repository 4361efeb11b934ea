#include "lessons/lesson_panel.h"

#include "lessons/code_view.h"
#include "lessons/lesson_browser.h"
#include "lessons/lesson_run.h"
#include "lessons/lesson_view.h"

#include <proclab/lessons/lesson_scheduler.h>

#include <QEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QMap>
#include <QRegularExpression>
#include <QSet>
#include <QSplitter>

namespace {
QString qs(const std::string& s)
{
    return QString::fromStdString(s);
}
} // namespace

LessonPanel::LessonPanel(QWidget* parent)
    : QWidget(parent)
    , m_browser(new LessonBrowser(this))
    , m_view(new LessonView(this))
    , m_run(new LessonRun(this))
{
    setObjectName(QStringLiteral("lessonPanel"));
    m_split = new QSplitter(Qt::Horizontal, this);
    m_split->setObjectName(QStringLiteral("lessonPanelSplitter"));
    m_split->addWidget(m_browser);
    m_split->addWidget(m_view);
    m_split->setStretchFactor(0, 0);
    m_split->setStretchFactor(1, 1);
    m_split->setChildrenCollapsible(false);
    m_browser->setMinimumWidth(140);
    m_view->setMinimumWidth(300);
    m_split->setSizes({200, 460});
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_split);

    connect(m_browser, &LessonBrowser::lessonChosen, this, [this](const QString& id) { openLesson(id); });
    connect(m_browser, &LessonBrowser::errorChosen, this, [this](const QString& file, const QString& message) {
        m_run->stop();
        m_currentId.clear();
        m_view->showError(tr("Cannot use the lesson file %1").arg(QFileInfo(file).fileName()), message);
    });
    connect(m_view, &LessonView::runRequested, this, [this] {
        if (m_run->isActive() && m_run->stepMode())
            m_run->runRest();
        else
            run(false);
    });
    connect(m_view, &LessonView::stepRequested, this, &LessonPanel::step);
    connect(m_view, &LessonView::pauseRequested, this, &LessonPanel::setPaused);
    connect(m_view, &LessonView::restartRequested, this, &LessonPanel::restart);
    connect(m_view, &LessonView::stopRequested, this, &LessonPanel::stop);
    connect(m_view, &LessonView::speedChanged, this, &LessonPanel::speedChanged);

    connect(m_run, &LessonRun::started, this, [this] {
        m_scheduled = false;
        setGoalReached(false);
        m_view->clearTranscript();
        m_view->clearHighlight();
        m_view->setStatus(m_run->stepMode()     ? tr("Step mode: press Step for each step, Run to End for the rest.")
                          : m_run->runsPython() ? tr("Running the Python code (python3, watched)…")
                                                : tr("Running the C++ twin…"));
        emit runStarted();
    });
    connect(m_run, &LessonRun::startFailed, this, [this](const QString& error) {
        const QString text = tr("The lesson could not start: %1").arg(error);
        m_view->setStatus(text);
        emit message(text);
    });
    connect(m_run, &LessonRun::lineReceived, m_view, &LessonView::appendTranscript);
    connect(m_run, &LessonRun::stepReached, m_view, &LessonView::highlightStep);
    connect(m_run, &LessonRun::stateChanged, this,
            [this](LessonRun::State s) { m_view->setRunState(s, m_run->stepMode()); });
    connect(m_run, &LessonRun::finished, this, [this](int code) {
        m_view->clearHighlight();
        clearMarks();
        checkGoalAtEnd();
        QString status = code == 0  ? tr("The lesson has ended.")
                         : code < 0 ? tr("The lesson was stopped (its processes were killed).")
                                    : tr("The lesson ended with an error (exit code %1).").arg(code);
        if (m_goalReached)
            status += QLatin1Char(' ') + tr("Goal reached: %1").arg(goalText());
        m_view->setStatus(status);
    });
    reload();
}

LessonPanel::~LessonPanel() = default;

QString LessonPanel::lessonLanguage()
{
    //: The language of the lessons' titles and explanations: "en" or "zh_CN" (not shown).
    const QString lang = tr("en");
    return lang == QLatin1String("zh_CN") ? lang : QStringLiteral("en");
}

void LessonPanel::reload()
{
    m_errors.clear();
    try {
        m_lessons = proclab::Lesson::load_all(&m_errors);
    } catch (const std::exception& e) {
        m_lessons.clear();
        emit message(QString::fromStdString(e.what()));
    }
    m_browser->setLessons(m_lessons, m_errors, lessonLanguage());
}

const proclab::Lesson* LessonPanel::current() const
{
    for (const proclab::Lesson& l : m_lessons)
        if (qs(l.id) == m_currentId)
            return &l;
    return nullptr;
}

void LessonPanel::restore(const QString& lastLesson, double speed)
{
    m_view->setSpeed(speed);
    if (lastLesson.isEmpty() || !openLesson(lastLesson))
        openLesson(QStringLiteral("02_start_join"));
}

bool LessonPanel::openLesson(const QString& idOrNumber)
{
    const proclab::Lesson* found = nullptr;
    bool isNumber = false;
    const int number = idOrNumber.toInt(&isNumber);
    for (const proclab::Lesson& l : m_lessons) {
        const QString id = qs(l.id);
        if (id == idOrNumber || (isNumber && l.number == number) || id.section(QLatin1Char('_'), 1) == idOrNumber) {
            found = &l;
            break;
        }
    }
    if (!found)
        return false;
    if (m_run->isActive())
        m_run->stop();
    m_currentId = qs(found->id);
    showCurrent();
    m_browser->select(m_currentId);
    emit lessonOpened(m_currentId);
    return true;
}

void LessonPanel::showCurrent()
{
    if (const proclab::Lesson* l = current())
        m_view->setLesson(*l, lessonLanguage());
    m_goalReached = false;
    emit goalChanged(goalText(), false);
}

QString LessonPanel::goalText() const
{
    const proclab::Lesson* l = current();
    return l && l->goal ? qs(l->goal->text_for(lessonLanguage().toStdString())) : QString();
}

std::pair<int, int> LessonPanel::codeLines(const proclab::HeldProcess& h) const
{
    const proclab::Lesson* l = current();
    if (!l || !m_run->isActive())
        return {h.line, 0};
    const QList<int> steps = m_run->steps();
    const proclab::CodePlace p =
        proclab::code_place(*l, h, m_run->objects(), m_run->mainPid(), steps.isEmpty() ? 0 : steps.last());
    return {p.py_line, p.cpp_line};
}

void LessonPanel::setSchedulerState(const SchedulerStatePtr& state)
{
    if (!state || !m_run->isActive()) {
        clearMarks();
        return;
    }
    if (!state->held.empty())
        m_scheduled = true;
    // Per line: who is held there, and what they are about to do when they all do the same
    // ("◀ p1, p2: acquire"); the table beside has the objects and reasons.
    struct Held {
        QStringList names;
        QSet<QString> ops;
    };
    QMap<int, Held> py, cpp;
    for (const proclab::HeldProcess& h : state->held) {
        const auto [pyLine, cppLine] = codeLines(h);
        const QString op =
            QString::fromLatin1(proclab::to_string(h.op).data(), qsizetype(proclab::to_string(h.op).size()));
        for (auto [line, at] : {std::pair{pyLine, &py}, std::pair{cppLine, &cpp}})
            if (line > 0) {
                (*at)[line].names << qs(h.name);
                (*at)[line].ops.insert(op);
            }
    }
    const auto marks = [](const QMap<int, Held>& at) {
        QMap<int, QString> out;
        for (auto it = at.begin(); it != at.end(); ++it) {
            QString text = QStringLiteral("◀ ") + it.value().names.join(QStringLiteral(", "));
            if (it.value().ops.size() == 1)
                text += QStringLiteral(": ") + *it.value().ops.begin();
            out.insert(it.key(), text);
        }
        return out;
    };
    m_view->pythonView()->setMarks(marks(py));
    m_view->cppView()->setMarks(marks(cpp));
    const proclab::Lesson* l = current();
    if (state->deadlock && l && l->goal && l->goal->kind == proclab::LessonGoal::Kind::Deadlock)
        setGoalReached(true);
}

void LessonPanel::clearMarks()
{
    m_view->pythonView()->setMarks({});
    m_view->cppView()->setMarks({});
}

void LessonPanel::checkGoalAtEnd()
{
    const proclab::Lesson* l = current();
    if (!m_scheduled || !l || !l->goal || l->goal->kind == proclab::LessonGoal::Kind::Deadlock)
        return;
    // The transcript's output lines: "  1.234 s  [who 123]  TEXT" without a step or error tag.
    static const QRegularExpression line(QStringLiteral("^\\s*[0-9.]+ s  \\[[^\\]]*\\]  (.*)$"));
    std::vector<std::string> output;
    for (const QString& t : m_run->transcript()) {
        const QRegularExpressionMatch m = line.match(t);
        if (!m.hasMatch())
            continue;
        const QString text = m.captured(1);
        if (!text.startsWith(QLatin1String("step ")) && !text.startsWith(QLatin1String("error: ")))
            output.push_back(text.toStdString());
    }
    if (proclab::goal_reached(*l, output, false))
        setGoalReached(true);
}

void LessonPanel::setGoalReached(bool reached)
{
    if (reached == m_goalReached)
        return;
    m_goalReached = reached;
    if (reached) {
        const QString text = tr("Goal reached: %1").arg(goalText());
        m_view->setStatus(text);
        emit message(text);
    }
    emit goalChanged(goalText(), reached);
}

bool LessonPanel::run(bool stepMode)
{
    const proclab::Lesson* l = current();
    if (!l || m_view->hasError() || !l->unavailable_reason().empty() || m_run->isActive())
        return false;
    QString error;
    if (!m_run->start(qs(l->path), m_view->speed(), lessonLanguage(), stepMode, &error, m_view->runsPython())) {
        m_view->setStatus(error);
        emit message(error);
        return false;
    }
    m_view->setStatus(tr("Starting the lesson…"));
    if (m_run->stepMode())
        m_run->step();
    return true;
}

void LessonPanel::step()
{
    if (m_run->isActive()) {
        m_run->step();
        return;
    }
    run(true);
}

void LessonPanel::setPaused(bool paused)
{
    if (paused) {
        m_run->pause();
        if (m_run->state() == LessonRun::State::Paused)
            m_view->setStatus(tr("Paused: every process of the lesson is stopped (state T). Resume continues them."));
    } else {
        m_run->resume();
        if (m_run->state() == LessonRun::State::Running)
            m_view->setStatus(tr("Running…"));
    }
}

void LessonPanel::restart()
{
    m_view->setStatus(tr("Restarting…"));
    if (m_run->isActive())
        m_run->restart();
    else
        run(m_run->stepMode());
}

void LessonPanel::stop()
{
    m_run->stop();
}

void LessonPanel::focusSearch()
{
    m_browser->searchBox()->setFocus();
    m_browser->searchBox()->selectAll();
}

void LessonPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void LessonPanel::retranslateUi()
{
    m_browser->setLessons(m_lessons, m_errors, lessonLanguage());
    if (const proclab::Lesson* l = current(); l && !m_view->hasError())
        m_view->setLessonText(*l, lessonLanguage()); // the run and its transcript go on
}

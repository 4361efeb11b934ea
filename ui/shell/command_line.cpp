#include "shell/command_line.h"

#include <proclab/lessons/lesson.h>

#include <algorithm>

namespace {

/// "proclab" whatever the executable is called (a test, a renamed copy).
const QString kProgram = QStringLiteral("proclab");

} // namespace

CommandLine::CommandLine(QList<LessonName> lessons)
    : m_lessons(std::move(lessons))
{
    std::sort(m_lessons.begin(), m_lessons.end(),
              [](const LessonName& a, const LessonName& b) { return a.number < b.number; });
    m_parser.setApplicationDescription(tr("ProcLab: launch processes and watch them live."));
    m_parser.addHelpOption();
    m_parser.addVersionOption();
    m_parser.addOption({QStringLiteral("demo"), tr("Run the demo processes at start.")});
    m_parser.addOption({QStringLiteral("lesson"),
                        tr("Open lesson N (its number, or its id such as 02_start_join) in the Lessons panel."),
                        QStringLiteral("N")});
    m_parser.addOption({QStringLiteral("session"),
                        tr("Attach to the live session NAME (a program run with PROCLAB_SESSION=NAME; "
                           "see proclab-cli sessions)."),
                        QStringLiteral("NAME")});
    m_parser.addOption({QStringLiteral("lang"),
                        tr("The interface language for this run: %1 (View ▸ Language is remembered).")
                            .arg(languages().join(QStringLiteral(", "))),
                        QStringLiteral("LANG")});
    m_parser.addOption(
        {QStringLiteral("scope"), tr("Start showing these processes: session, mine or all."), QStringLiteral("SCOPE")});
    m_parser.addOption({QStringLiteral("python"),
                        tr("Run a Python script (watched live) at start; the remaining arguments are the script's."),
                        QStringLiteral("SCRIPT")});
    m_parser.addPositionalArgument(QStringLiteral("args"), tr("With --python: the script's arguments."),
                                   QStringLiteral("[args...]"));
}

QString CommandLine::versionText()
{
    return kProgram + QLatin1Char(' ') + QStringLiteral(PROCLAB_VERSION_STRING);
}

std::vector<std::string> CommandLine::protectedArguments(int argc, const char* const* argv)
{
    std::vector<std::string> out;
    for (int i = 0; i < argc; ++i) {
        const std::string arg = argv[i];
        if ((arg == "--session" || arg == "-session") && i + 1 < argc)
            out.push_back("--session=" + std::string(argv[++i]));
        else
            out.push_back(arg);
    }
    return out;
}

bool CommandLine::displayMissing()
{
    return qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY") &&
           qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
}

QString CommandLine::noDisplayError()
{
    return tr("no display (neither DISPLAY nor WAYLAND_DISPLAY is set): the window needs a desktop session, "
              "or a virtual X server (xvfb-run -a proclab)");
}

QString CommandLine::errorMessage(const QString& error)
{
    return tr("proclab: %1\n(proclab --help lists the options)\n").arg(error);
}

QString CommandLine::attachError(const QString& reason)
{
    return tr("--session: %1").arg(reason);
}

QStringList CommandLine::languages()
{
    return {QStringLiteral("en"), QStringLiteral("zh_CN")};
}

QList<LessonName> CommandLine::installedLessons()
{
    QList<LessonName> out;
    for (const proclab::Lesson& lesson : proclab::Lesson::load_all())
        out.append({lesson.number, QString::fromStdString(lesson.id)});
    return out;
}

CommandLine::Outcome CommandLine::parse(const QStringList& arguments)
{
    m_options = {};
    m_error.clear();
    if (!m_parser.parse(arguments)) {
        m_error = m_parser.errorText();
        return Outcome::Error;
    }
    if (m_parser.isSet(QStringLiteral("help")))
        return Outcome::Help;
    if (m_parser.isSet(QStringLiteral("version")))
        return Outcome::Version;

    m_options.demo = m_parser.isSet(QStringLiteral("demo"));
    if (m_parser.isSet(QStringLiteral("lesson"))) {
        m_options.lesson = m_parser.value(QStringLiteral("lesson")).trimmed();
        if (!checkLesson(m_options.lesson))
            return Outcome::Error;
    }
    if (m_parser.isSet(QStringLiteral("session"))) {
        m_options.session = m_parser.value(QStringLiteral("session")).trimmed();
        if (m_options.session.isEmpty() || m_options.session.contains(QLatin1Char('/'))) {
            m_error = tr("--session: '%1' is not a session name; see proclab-cli sessions")
                          .arg(m_parser.value(QStringLiteral("session")));
            return Outcome::Error;
        }
    }
    if (m_parser.isSet(QStringLiteral("lang"))) {
        QString language = m_parser.value(QStringLiteral("lang"));
        language.replace(QLatin1Char('-'), QLatin1Char('_')); // zh-CN as well as zh_CN
        if (!languages().contains(language)) {
            m_error = tr("--lang: ProcLab has no language '%1'; choose %2")
                          .arg(m_parser.value(QStringLiteral("lang")), languages().join(tr(" or ")));
            return Outcome::Error;
        }
        m_options.language = language;
    }
    if (m_parser.isSet(QStringLiteral("scope"))) {
        const QString key = m_parser.value(QStringLiteral("scope"));
        if (key != QLatin1String("session") && key != QLatin1String("mine") && key != QLatin1String("all")) {
            m_error = tr("--scope: '%1' is none of session, mine, all").arg(key);
            return Outcome::Error;
        }
        m_options.scope = SystemFeed::scopeFromKey(key);
    }
    if (m_parser.isSet(QStringLiteral("python"))) {
        m_options.pythonScript = m_parser.value(QStringLiteral("python"));
        m_options.pythonArgs = m_parser.positionalArguments();
    } else if (!m_parser.positionalArguments().isEmpty()) {
        m_error = tr("unexpected argument '%1' (only --python takes further arguments)")
                      .arg(m_parser.positionalArguments().constFirst());
        return Outcome::Error;
    }
    return Outcome::Start;
}

bool CommandLine::checkLesson(const QString& name)
{
    bool numeric = false;
    const int number = name.toInt(&numeric);
    const auto matches = [&](const LessonName& lesson) {
        if (numeric)
            return lesson.number == number;
        const qsizetype underscore = lesson.id.indexOf(QLatin1Char('_'));
        return lesson.id == name || (underscore >= 0 && lesson.id.mid(underscore + 1) == name);
    };
    if (std::any_of(m_lessons.cbegin(), m_lessons.cend(), matches))
        return true;
    const QString asked = numeric ? QString::number(number) : QStringLiteral("'%1'").arg(name);
    if (m_lessons.isEmpty())
        m_error = tr("--lesson: no lesson %1; no lessons are installed").arg(asked);
    else
        m_error = tr("--lesson: no lesson %1; lessons are %2–%3")
                      .arg(asked)
                      .arg(m_lessons.constFirst().number)
                      .arg(m_lessons.constLast().number);
    return false;
}

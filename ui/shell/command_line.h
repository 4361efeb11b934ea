#pragma once
// The window's command line (proclab --help): QCommandLineParser with ProcLab's options, checked
// before the window opens, so that a mistake names the option and what was wrong and nothing starts.

#include "controllers/system_feed.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <string>
#include <vector>

/// What the command line asks the window to do at start.
struct StartOptions {
    bool demo = false;
    QString lesson;   ///< --lesson: a lesson's number, id or slug as given ("" when not set)
    QString session;  ///< --session: the live session to attach to
    QString language; ///< --lang: "en" or "zh_CN" for this run ("" when not set)
    std::optional<ProcessScope> scope;
    QString pythonScript; ///< --python: the script, its arguments in pythonArgs
    QStringList pythonArgs;
};

/// A lesson as the command line knows it: its number and id ("02_start_join").
struct LessonName {
    int number = 0;
    QString id;
};

class CommandLine {
    Q_DECLARE_TR_FUNCTIONS(CommandLine)

public:
    enum class Outcome { Start, Help, Version, Error };

    /// `lessons`: the lessons --lesson may name (Lesson::load_all()'s, see installedLessons()).
    explicit CommandLine(QList<LessonName> lessons);

    /// Parses `arguments` (argv, the program's name first).
    Outcome parse(const QStringList& arguments);

    const StartOptions& options() const { return m_options; }
    /// After Error: one line naming the option and the problem, e.g.
    /// "--lesson: no lesson 99; lessons are 1–20".
    QString errorText() const { return m_error; }
    /// What proclab prints for `error` (errorText(), or attachError()): the line and a hint.
    static QString errorMessage(const QString& error);
    /// errorText() of --session when attaching to the session failed for `reason`.
    static QString attachError(const QString& reason);
    /// The --help text (translated).
    QString helpText() const { return m_parser.helpText(); }
    /// "proclab 0.1.0".
    static QString versionText();

    /// argv as QApplication must see it: "--session NAME" joined into "--session=NAME", since
    /// QGuiApplication takes "-session NAME" / "--session NAME" for X11 session management and
    /// removes it from the arguments.
    static std::vector<std::string> protectedArguments(int argc, const char* const* argv);
    /// True when Qt would find no display: QT_QPA_PLATFORM, DISPLAY and WAYLAND_DISPLAY unset.
    /// main() then starts Qt offscreen, so that --help, --version and mistakes are still
    /// answered, and says that the window needs a display.
    static bool displayMissing();
    static QString noDisplayError();

    /// The lessons of this installation (every lesson folder, as the Lessons panel lists them).
    static QList<LessonName> installedLessons();
    /// The languages --lang accepts.
    static QStringList languages();

private:
    /// The lesson `name` denotes (number, id or slug), or an error in m_error.
    bool checkLesson(const QString& name);

    QList<LessonName> m_lessons;
    QCommandLineParser m_parser;
    StartOptions m_options;
    QString m_error;
};

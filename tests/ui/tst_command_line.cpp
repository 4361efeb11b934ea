// CommandLine: the window's options, each checked before the window opens; a mistake names the
// option and what was wrong.
#include "shell/command_line.h"

#include <QTest>

class TestCommandLine : public QObject {
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void python();
    void protectedArguments_data();
    void protectedArguments();
    void displayMissing();
    void noLessons();
    void installedLessons();
    void messages();
};

namespace {

QList<LessonName> twentyLessons()
{
    // In the order a folder listing might give them: the parser sorts by number.
    QList<LessonName> lessons;
    for (int n = 20; n >= 1; --n)
        lessons.append({n, QStringLiteral("%1_lesson%2").arg(n, 2, 10, QLatin1Char('0')).arg(n)});
    lessons[18].id = QStringLiteral("02_start_join");
    return lessons;
}

} // namespace

void TestCommandLine::parse_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<CommandLine::Outcome>("outcome");
    QTest::addColumn<QString>("field"); // the option's value as parsed, or the error text
    using O = CommandLine::Outcome;

    QTest::newRow("nothing") << QStringList{} << O::Start << QString();
    QTest::newRow("help") << QStringList{QStringLiteral("--help")} << O::Help << QString();
    QTest::newRow("version") << QStringList{QStringLiteral("--version")} << O::Version << QString();
    QTest::newRow("demo") << QStringList{QStringLiteral("--demo")} << O::Start << QStringLiteral("demo");
    QTest::newRow("lesson number") << QStringList{QStringLiteral("--lesson"), QStringLiteral("2")} << O::Start
                                   << QStringLiteral("2");
    QTest::newRow("lesson 20") << QStringList{QStringLiteral("--lesson=20")} << O::Start << QStringLiteral("20");
    QTest::newRow("lesson id") << QStringList{QStringLiteral("--lesson"), QStringLiteral("02_start_join")} << O::Start
                               << QStringLiteral("02_start_join");
    QTest::newRow("lesson slug") << QStringList{QStringLiteral("--lesson"), QStringLiteral("start_join")} << O::Start
                                 << QStringLiteral("start_join");
    QTest::newRow("lesson 99") << QStringList{QStringLiteral("--lesson"), QStringLiteral("99")} << O::Error
                               << QStringLiteral("--lesson: no lesson 99; lessons are 1–20");
    QTest::newRow("lesson 0") << QStringList{QStringLiteral("--lesson"), QStringLiteral("0")} << O::Error
                              << QStringLiteral("--lesson: no lesson 0; lessons are 1–20");
    QTest::newRow("lesson name") << QStringList{QStringLiteral("--lesson"), QStringLiteral("forks")} << O::Error
                                 << QStringLiteral("--lesson: no lesson 'forks'; lessons are 1–20");
    QTest::newRow("lesson without value")
        << QStringList{QStringLiteral("--lesson")} << O::Error << QStringLiteral("Missing value after '--lesson'.");
    QTest::newRow("session") << QStringList{QStringLiteral("--session"), QStringLiteral("build-42")} << O::Start
                             << QStringLiteral("build-42");
    QTest::newRow("session with a slash")
        << QStringList{QStringLiteral("--session"), QStringLiteral("a/b")} << O::Error
        << QStringLiteral("--session: 'a/b' is not a session name; see proclab-cli sessions");
    QTest::newRow("empty session") << QStringList{QStringLiteral("--session=")} << O::Error
                                   << QStringLiteral("--session: '' is not a session name; see proclab-cli sessions");
    QTest::newRow("lang zh_CN") << QStringList{QStringLiteral("--lang"), QStringLiteral("zh_CN")} << O::Start
                                << QStringLiteral("zh_CN");
    QTest::newRow("lang zh-CN") << QStringList{QStringLiteral("--lang=zh-CN")} << O::Start << QStringLiteral("zh_CN");
    QTest::newRow("lang en") << QStringList{QStringLiteral("--lang"), QStringLiteral("en")} << O::Start
                             << QStringLiteral("en");
    QTest::newRow("lang fr") << QStringList{QStringLiteral("--lang"), QStringLiteral("fr")} << O::Error
                             << QStringLiteral("--lang: ProcLab has no language 'fr'; choose en or zh_CN");
    QTest::newRow("scope all") << QStringList{QStringLiteral("--scope"), QStringLiteral("all")} << O::Start
                               << QStringLiteral("all");
    QTest::newRow("scope bad") << QStringList{QStringLiteral("--scope"), QStringLiteral("everything")} << O::Error
                               << QStringLiteral("--scope: 'everything' is none of session, mine, all");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--lessons")} << O::Error
                                    << QStringLiteral("Unknown option 'lessons'.");
    QTest::newRow("stray argument") << QStringList{QStringLiteral("script.py")} << O::Error
                                    << QStringLiteral(
                                           "unexpected argument 'script.py' (only --python takes further arguments)");
}

void TestCommandLine::parse()
{
    QFETCH(QStringList, args);
    QFETCH(CommandLine::Outcome, outcome);
    QFETCH(QString, field);
    CommandLine commandLine(twentyLessons());
    args.prepend(QStringLiteral("proclab"));
    QCOMPARE(commandLine.parse(args), outcome);
    if (outcome == CommandLine::Outcome::Error) {
        QCOMPARE(commandLine.errorText(), field);
        return;
    }
    QVERIFY(commandLine.errorText().isEmpty());
    const StartOptions& o = commandLine.options();
    const QString option = args.size() > 1 ? args[1].section(QLatin1Char('='), 0, 0) : QString();
    QCOMPARE(o.demo, option == QLatin1String("--demo"));
    QCOMPARE(o.lesson, option == QLatin1String("--lesson") ? field : QString());
    QCOMPARE(o.session, option == QLatin1String("--session") ? field : QString());
    QCOMPARE(o.language, option == QLatin1String("--lang") ? field : QString());
    QCOMPARE(o.scope.has_value(), option == QLatin1String("--scope"));
    if (o.scope)
        QCOMPARE(SystemFeed::scopeKey(*o.scope), field);
    QVERIFY(o.pythonScript.isEmpty());
}

void TestCommandLine::python()
{
    CommandLine commandLine(twentyLessons());
    const QStringList args = {QStringLiteral("proclab"),  QStringLiteral("--lang"),  QStringLiteral("en"),
                              QStringLiteral("--python"), QStringLiteral("pool.py"), QStringLiteral("4"),
                              QStringLiteral("--"),       QStringLiteral("--fast")};
    QCOMPARE(commandLine.parse(args), CommandLine::Outcome::Start);
    QCOMPARE(commandLine.options().pythonScript, QStringLiteral("pool.py"));
    QCOMPARE(commandLine.options().pythonArgs, (QStringList{QStringLiteral("4"), QStringLiteral("--fast")}));
    QCOMPARE(commandLine.options().language, QStringLiteral("en"));
    // A second parse starts from nothing.
    QCOMPARE(commandLine.parse({QStringLiteral("proclab")}), CommandLine::Outcome::Start);
    QVERIFY(commandLine.options().pythonScript.isEmpty());
    QVERIFY(commandLine.options().language.isEmpty());
    // --help names every option.
    for (const char* option : {"--demo", "--lesson <N>", "--session <NAME>", "--lang <LANG>", "--scope <SCOPE>",
                               "--python <SCRIPT>", "--version", "--help"})
        QVERIFY2(commandLine.helpText().contains(QLatin1String(option)), option);
    QVERIFY(CommandLine::versionText().startsWith(QLatin1String("proclab ")));
}

void TestCommandLine::protectedArguments_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QStringList>("forQt");
    QTest::newRow("none") << QStringList{} << QStringList{};
    QTest::newRow("--session NAME") << QStringList{QStringLiteral("--session"), QStringLiteral("x")}
                                    << QStringList{QStringLiteral("--session=x")};
    QTest::newRow("-session NAME") << QStringList{QStringLiteral("--demo"), QStringLiteral("-session"),
                                                  QStringLiteral("x")}
                                   << QStringList{QStringLiteral("--demo"), QStringLiteral("--session=x")};
    QTest::newRow("--session=NAME") << QStringList{QStringLiteral("--session=x")}
                                    << QStringList{QStringLiteral("--session=x")};
    QTest::newRow("--session last") << QStringList{QStringLiteral("--session")}
                                    << QStringList{QStringLiteral("--session")};
    QTest::newRow("others") << QStringList{QStringLiteral("--lesson"), QStringLiteral("2"), QStringLiteral("--lang=en")}
                            << QStringList{QStringLiteral("--lesson"), QStringLiteral("2"),
                                           QStringLiteral("--lang=en")};
}

void TestCommandLine::protectedArguments()
{
    QFETCH(QStringList, args);
    QFETCH(QStringList, forQt);
    args.prepend(QStringLiteral("proclab"));
    forQt.prepend(QStringLiteral("proclab"));
    std::vector<QByteArray> bytes;
    for (const QString& a : args)
        bytes.push_back(a.toLocal8Bit());
    std::vector<const char*> argv;
    for (const QByteArray& b : bytes)
        argv.push_back(b.constData());
    QStringList got;
    for (const std::string& a : CommandLine::protectedArguments(static_cast<int>(argv.size()), argv.data()))
        got.append(QString::fromStdString(a));
    QCOMPARE(got, forQt);
    // What Qt is given parses to the session asked for.
    CommandLine commandLine(twentyLessons());
    if (commandLine.parse(got) == CommandLine::Outcome::Start && args.contains(QStringLiteral("x")))
        QCOMPARE(commandLine.options().session, QStringLiteral("x"));
}

void TestCommandLine::displayMissing()
{
    const QByteArray platform = qgetenv("QT_QPA_PLATFORM"), display = qgetenv("DISPLAY"),
                     wayland = qgetenv("WAYLAND_DISPLAY");
    qunsetenv("QT_QPA_PLATFORM");
    qunsetenv("DISPLAY");
    qunsetenv("WAYLAND_DISPLAY");
    const bool none = CommandLine::displayMissing();
    qputenv("DISPLAY", ":99");
    const bool x11 = CommandLine::displayMissing();
    qunsetenv("DISPLAY");
    qputenv("QT_QPA_PLATFORM", "offscreen");
    const bool offscreen = CommandLine::displayMissing();
    for (const auto& [name, value] :
         {std::pair{"QT_QPA_PLATFORM", platform}, {"DISPLAY", display}, {"WAYLAND_DISPLAY", wayland}})
        value.isNull() ? qunsetenv(name) : qputenv(name, value);
    QVERIFY(none);
    QVERIFY(!x11);
    QVERIFY(!offscreen);
    QVERIFY(CommandLine::noDisplayError().contains(QLatin1String("xvfb-run")));
}

void TestCommandLine::noLessons()
{
    CommandLine commandLine({});
    QCOMPARE(commandLine.parse({QStringLiteral("proclab"), QStringLiteral("--lesson"), QStringLiteral("1")}),
             CommandLine::Outcome::Error);
    QCOMPARE(commandLine.errorText(), QStringLiteral("--lesson: no lesson 1; no lessons are installed"));
    QCOMPARE(commandLine.parse({QStringLiteral("proclab"), QStringLiteral("--demo")}), CommandLine::Outcome::Start);
}

void TestCommandLine::installedLessons()
{
    // This build's lessons: the 20 of resources/lessons, numbered 1 to 20.
    const QList<LessonName> lessons = CommandLine::installedLessons();
    QVERIFY(lessons.size() >= 20);
    CommandLine commandLine(lessons);
    QCOMPARE(
        commandLine.parse({QStringLiteral("proclab"), QStringLiteral("--lesson"), QStringLiteral("02_start_join")}),
        CommandLine::Outcome::Start);
    QCOMPARE(commandLine.parse({QStringLiteral("proclab"), QStringLiteral("--lesson"), QStringLiteral("999")}),
             CommandLine::Outcome::Error);
    QVERIFY2(commandLine.errorText().startsWith(QStringLiteral("--lesson: no lesson 999; lessons are 1–")),
             qPrintable(commandLine.errorText()));
}

void TestCommandLine::messages()
{
    QCOMPARE(CommandLine::errorMessage(QStringLiteral("--lang: ProcLab has no language 'fr'; choose en or zh_CN")),
             QStringLiteral("proclab: --lang: ProcLab has no language 'fr'; choose en or zh_CN\n"
                            "(proclab --help lists the options)\n"));
    QCOMPARE(CommandLine::attachError(QStringLiteral("no live session 'x'")),
             QStringLiteral("--session: no live session 'x'"));
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_command_line.moc"

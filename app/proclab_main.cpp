#include "shell/command_line.h"
#include "shell/debris_notice.h"
#include "shell/main_window.h"
#include "shell/signal_quit.h"
#include "shell/translations.h"

#include <proclab/process.h>
#include <proclab/session.h>

#include <QApplication>
#include <QTimer>

#include <cstdio>
#include <string>
#include <unistd.h>
#include <vector>

int main(int argc, char* argv[])
{
    // Before anything else: a Spawn child runs its task here and never returns.
    proclab::freeze_support();
    // The session first, so that the fork server (and every process) records itself in it...
    std::optional<proclab::Session> session;
    try {
        session = proclab::Session::create("gui-" + std::to_string(::getpid()));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "proclab: no session registry (%s); the window shows no live data\n", e.what());
    }
    // ...then the fork server, forked while this process is still single-threaded, so before
    // QApplication (which starts threads); the GUI starts every task through it.
    proclab::set_start_method(proclab::StartMethod::ForkServer);
    proclab::start_forkserver();

    // Without a display, Qt starts offscreen: --help, --version and mistakes are still answered.
    const bool noDisplay = CommandLine::displayMissing();
    if (noDisplay)
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // Qt would take "--session NAME" for X11 session management: it sees "--session=NAME".
    std::vector<std::string> arguments = CommandLine::protectedArguments(argc, argv);
    std::vector<char*> qtArgv;
    qtArgv.reserve(arguments.size() + 1);
    for (std::string& argument : arguments)
        qtArgv.push_back(argument.data());
    qtArgv.push_back(nullptr);
    int qtArgc = static_cast<int>(arguments.size());
    QApplication app(qtArgc, qtArgv.data());
    QApplication::setApplicationName(QStringLiteral("ProcLab"));
    QApplication::setOrganizationName(QStringLiteral("ProcLab"));
    QApplication::setApplicationVersion(QStringLiteral(PROCLAB_VERSION_STRING));
    QApplication::setDesktopFileName(QStringLiteral("io.github.proclab.ProcLab"));
    installTranslators();

    // The command line is checked before the window opens: a mistake starts nothing (exit code 2).
    CommandLine commandLine(CommandLine::installedLessons());
    switch (commandLine.parse(QApplication::arguments())) {
    case CommandLine::Outcome::Help:
        std::fputs(qPrintable(commandLine.helpText()), stdout);
        return 0;
    case CommandLine::Outcome::Version:
        std::printf("%s\n", qPrintable(CommandLine::versionText()));
        return 0;
    case CommandLine::Outcome::Error:
        std::fputs(qPrintable(CommandLine::errorMessage(commandLine.errorText())), stderr);
        return 2;
    case CommandLine::Outcome::Start:
        if (noDisplay) {
            std::fputs(qPrintable(CommandLine::errorMessage(CommandLine::noDisplayError())), stderr);
            return 1;
        }
        break;
    }
    const StartOptions& options = commandLine.options();
    if (!options.language.isEmpty())
        installTranslators(QLocale(options.language)); // Qt's own strings too (standard buttons)

    MainWindow window;
    if (!options.language.isEmpty())
        window.useLanguage(options.language);
    if (!options.session.isEmpty())
        if (const QString error = window.attachToSession(options.session); !error.isEmpty()) {
            std::fputs(qPrintable(CommandLine::errorMessage(CommandLine::attachError(error))), stderr);
            return 2;
        }
    if (options.scope)
        window.setScope(*options.scope);
    if (!options.lesson.isEmpty())
        window.openLesson(options.lesson);
    window.show();
    // What killed programs left: the session's creation above swept it; say so, offer the rest.
    auto* debrisNotice = new DebrisNotice(&window);
    QTimer::singleShot(0, debrisNotice, &DebrisNotice::showOnce);
    SignalQuit signalQuit; // SIGTERM, SIGINT, SIGHUP: a normal quit (children terminated, objects removed)
    QObject::connect(&signalQuit, &SignalQuit::received, &window, &MainWindow::quitWithoutAsking);
    if (options.demo)
        QTimer::singleShot(0, &window, &MainWindow::runDemo);
    if (!options.pythonScript.isEmpty())
        QTimer::singleShot(0, &window, [&window, script = options.pythonScript, args = options.pythonArgs] {
            window.runPythonScriptFile(script, args);
        });
    return QApplication::exec();
}

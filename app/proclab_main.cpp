#include "shell/debris_notice.h"
#include "shell/main_window.h"
#include "shell/signal_quit.h"
#include "shell/translations.h"

#include <proclab/process.h>
#include <proclab/session.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include <cstdio>
#include <string>
#include <unistd.h>

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

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("ProcLab"));
    QApplication::setOrganizationName(QStringLiteral("ProcLab"));
    QApplication::setApplicationVersion(QStringLiteral(PROCLAB_VERSION_STRING));
    QApplication::setDesktopFileName(QStringLiteral("proclab"));
    installTranslators();

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("ProcLab: launch processes and watch them live"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(QStringLiteral("demo"), QStringLiteral("Run the demo processes at start."));
    parser.addOption(demo);
    const QCommandLineOption python(QStringLiteral("python"),
                                    QStringLiteral("Run a Python script (watched live) at start; "
                                                   "the remaining arguments are the script's."),
                                    QStringLiteral("script"));
    parser.addOption(python);
    parser.addPositionalArgument(QStringLiteral("args"), QStringLiteral("With --python: the script's arguments."),
                                 QStringLiteral("[args...]"));
    const QCommandLineOption scope(QStringLiteral("scope"),
                                   QStringLiteral("Start showing these processes: session, mine or all."),
                                   QStringLiteral("scope"));
    parser.addOption(scope);
    parser.process(app);

    MainWindow window;
    window.show();
    // What killed programs left: the session's creation above swept it; say so, offer the rest.
    auto* debrisNotice = new DebrisNotice(&window);
    QTimer::singleShot(0, debrisNotice, &DebrisNotice::showOnce);
    SignalQuit signalQuit; // SIGTERM, SIGINT, SIGHUP: a normal quit (children terminated, objects removed)
    QObject::connect(&signalQuit, &SignalQuit::received, &window, &MainWindow::quitWithoutAsking);
    if (parser.isSet(scope))
        window.setScope(SystemFeed::scopeFromKey(parser.value(scope)));
    if (parser.isSet(demo))
        QTimer::singleShot(0, &window, &MainWindow::runDemo);
    if (parser.isSet(python)) {
        const QString script = parser.value(python);
        const QStringList args = parser.positionalArguments();
        QTimer::singleShot(0, &window, [&window, script, args] { window.runPythonScriptFile(script, args); });
    }
    return QApplication::exec();
}

#include "main_window.h"
#include "translations.h"

#include <proclab/process.h>

#include <QApplication>

int main(int argc, char* argv[])
{
    // Before anything else: a Spawn child runs its task here and never returns.
    proclab::freeze_support();
    // The fork server must be forked while this process is still single-threaded, so before
    // QApplication (which starts threads); the GUI starts every process through it.
    proclab::set_start_method(proclab::StartMethod::ForkServer);

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("ProcLab"));
    QApplication::setOrganizationName(QStringLiteral("ProcLab"));
    QApplication::setApplicationVersion(QStringLiteral(PROCLAB_VERSION_STRING));
    QApplication::setDesktopFileName(QStringLiteral("proclab"));
    installTranslators();

    MainWindow window;
    window.show();
    return QApplication::exec();
}

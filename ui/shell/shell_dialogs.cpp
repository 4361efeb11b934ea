#include "shell/shell_dialogs.h"

#include <proclab/session.h>

#include <QFile>
#include <QFileDialog>
#include <QInputDialog>
#include <QMessageBox>

namespace {

QString attachTitle()
{
    return ShellDialogs::tr("Attach to Session");
}

QString exportTitle()
{
    return ShellDialogs::tr("Export Table as CSV");
}

} // namespace

QString ShellDialogs::chooseSession(QWidget* parent)
{
    QStringList names;
    for (const auto& info : proclab::Session::list())
        if (info.creator_alive)
            names << QString::fromStdString(info.name);
    if (names.isEmpty()) {
        QMessageBox::information(parent, attachTitle(),
                                 tr("No live session found. Start a program with PROCLAB_SESSION=<name> "
                                    "(a ProcLab program creates the session), then attach to it here."));
        return {};
    }
    bool ok = false;
    const QString name = QInputDialog::getItem(parent, attachTitle(), tr("Session:"), names, 0, false, &ok);
    return ok ? name : QString();
}

void ShellDialogs::attachFailed(QWidget* parent, const QString& error)
{
    QMessageBox::warning(parent, attachTitle(), error);
}

QString ShellDialogs::chooseCsvPath(QWidget* parent)
{
    return QFileDialog::getSaveFileName(parent, exportTitle(), QStringLiteral("processes.csv"),
                                        tr("CSV files (*.csv)"));
}

void ShellDialogs::exportFailed(QWidget* parent, const QString& error)
{
    QMessageBox::warning(parent, exportTitle(), error);
}

QString ShellDialogs::writeCsv(const QString& path, const proclab::Snapshot& snapshot)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text))
        return f.errorString();
    if (f.write(QByteArray::fromStdString(proclab::Session::processes_csv(snapshot))) < 0 || !f.flush())
        return f.errorString();
    return {};
}

QString ShellDialogs::exportCsv(QWidget* parent, const proclab::Snapshot& snapshot)
{
    QString path = chooseCsvPath(parent);
    if (path.isEmpty())
        return {};
    if (const QString err = writeCsv(path, snapshot); !err.isEmpty()) {
        exportFailed(parent, err);
        return {};
    }
    return path;
}

void ShellDialogs::about(QWidget* parent)
{
    QMessageBox::about(parent, tr("About ProcLab"),
                       tr("<h3>ProcLab %1</h3>"
                          "<p>A desktop laboratory for processes: Python's multiprocessing re-created in "
                          "C++20, with a window that shows every process live.</p>"
                          "<p>Released under the MIT License.</p>")
                           .arg(QStringLiteral(PROCLAB_VERSION_STRING)));
}

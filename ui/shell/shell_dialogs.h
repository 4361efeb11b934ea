#pragma once
// ShellDialogs: the window's small dialogs: which live session to attach to, where to export the
// table, what went wrong, and About.

#include <QCoreApplication>
#include <QString>

class QWidget;
namespace proclab {
struct Snapshot;
}

class ShellDialogs {
    Q_DECLARE_TR_FUNCTIONS(ShellDialogs)

public:
    /// A live session's name, or empty (cancelled, or none: then says how to start one).
    static QString chooseSession(QWidget* parent);
    static void attachFailed(QWidget* parent, const QString& error);
    /// A path for the CSV file, or empty (cancelled).
    static QString chooseCsvPath(QWidget* parent);
    static void exportFailed(QWidget* parent, const QString& error);
    /// Writes the snapshot's processes as CSV (the core's format) to `path`; the error, or empty.
    static QString writeCsv(const QString& path, const proclab::Snapshot& snapshot);
    /// Asks for a path and writes the CSV there, saying what went wrong: the path saved, or empty.
    static QString exportCsv(QWidget* parent, const proclab::Snapshot& snapshot);
    static void about(QWidget* parent);
};

#pragma once
// DebrisNotice: once at start, tells what the core's start-up sweep removed (leftovers of programs
// that were killed: see proclab/debris.h) in the status bar, and offers, without blocking, to
// remove what is still left by dead programs. Looking for it and removing it run on a thread of
// their own: a scan of /dev/shm never holds up the window.

#include <QObject>
#include <QString>
#include <QStringList>

class QMainWindow;
class QMessageBox;

class DebrisNotice : public QObject {
    Q_OBJECT

public:
    explicit DebrisNotice(QMainWindow* window);

    /// Looks once (later calls do nothing): a status message, and the offer when debris is left
    /// (shown when the scan is done, with scanned()).
    void showOnce();
    /// The status text for `removed` objects removed at start (empty when none).
    static QString removedText(int removed);

signals:
    /// The scan is done; `offered` tells whether the offer is shown.
    void scanned(bool offered);

private:
    void offer(const QStringList& names);
    void clean();
    void cleaned(int removed);

    QMainWindow* m_window;
    QMessageBox* m_offer = nullptr;
    bool m_shown = false;
};

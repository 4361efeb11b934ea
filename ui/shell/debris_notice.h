#pragma once
// DebrisNotice: once at start, tells what the core's start-up sweep removed (leftovers of programs
// that were killed: see proclab/debris.h) in the status bar, and offers, without blocking, to
// remove what is still left by dead programs.

#include <QObject>
#include <QString>

class QMainWindow;
class QMessageBox;

class DebrisNotice : public QObject {
    Q_OBJECT

public:
    explicit DebrisNotice(QMainWindow* window);

    /// Looks once (later calls do nothing): a status message, and the offer when debris is left.
    void showOnce();
    /// The status text for `removed` objects removed at start (empty when none).
    static QString removedText(int removed);

private:
    void clean();

    QMainWindow* m_window;
    QMessageBox* m_offer = nullptr;
    bool m_shown = false;
};

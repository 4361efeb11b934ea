#pragma once
// SignalQuit: SIGTERM, SIGINT and SIGHUP become a normal quit of the window (its children are
// terminated, every shared object is removed, exit code 0). The handler only writes the signal's
// number to a self-pipe; a QSocketNotifier turns it into received() on the GUI thread.

#include <QObject>

class QSocketNotifier;

class SignalQuit : public QObject {
    Q_OBJECT

public:
    /// Installs the handlers (once per process: a second instance takes over the notifier).
    explicit SignalQuit(QObject* parent = nullptr);
    ~SignalQuit() override; ///< restores the default handlers

signals:
    void received(int signal);

private:
    void readPipe();

    QSocketNotifier* m_notifier = nullptr;
};

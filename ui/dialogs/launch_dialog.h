#pragma once
// LaunchDialog: what both launch dialogs (Launch Process…, Run Python Script…) share. A subclass
// builds its form and spec(); OK runs tryLaunch(): launch the spec, or show why not in the error
// label under the form and stay open.

#include "controllers/launch_spec.h"

#include <QDialog>
#include <QList>

class QLabel;
class SessionController;

class LaunchDialog : public QDialog {
    Q_OBJECT

public:
    /// The spec the form describes; `error` is empty or says what is wrong with a field.
    virtual LaunchSpec spec(QString* error) const = 0;
    /// The inline error shown (empty when none).
    QString errorText() const;
    /// Keys of the processes launched by the last successful launch.
    QList<int> launchedKeys() const { return m_launched; }

public slots:
    /// Validates, launches, closes on success; otherwise shows the error and stays open.
    bool tryLaunch();

protected:
    LaunchDialog(SessionController* controller, QWidget* parent);

    SessionController* controller() const { return m_controller; }
    /// The (hidden) error label, for the subclass to place under its form.
    QLabel* errorLabel() const { return m_error; }

private:
    SessionController* m_controller;
    QLabel* m_error;
    QList<int> m_launched;
};

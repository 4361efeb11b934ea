#include "dialogs/launch_dialog.h"

#include "controllers/session_controller.h"

#include <QLabel>

LaunchDialog::LaunchDialog(SessionController* controller, QWidget* parent)
    : QDialog(parent)
    , m_controller(controller)
    , m_error(new QLabel(this))
{
    m_error->setObjectName(QStringLiteral("launchError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #d0342c; font-weight: bold;"));
    m_error->setVisible(false);
}

QString LaunchDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

bool LaunchDialog::tryLaunch()
{
    QString err;
    const LaunchSpec s = spec(&err);
    m_launched.clear();
    if (err.isEmpty())
        m_launched = m_controller->launch(s, &err);
    m_error->setText(err);
    m_error->setVisible(!err.isEmpty());
    if (!err.isEmpty())
        return false;
    accept();
    return true;
}

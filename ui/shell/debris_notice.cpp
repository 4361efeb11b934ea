#include "shell/debris_notice.h"

#include <proclab/debris.h>

#include <QMainWindow>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>

DebrisNotice::DebrisNotice(QMainWindow* window)
    : QObject(window)
    , m_window(window)
{
}

QString DebrisNotice::removedText(int removed)
{
    if (removed <= 0)
        return {};
    return tr("Removed %n leftover shared object(s) of programs that were killed.", nullptr, removed);
}

void DebrisNotice::showOnce()
{
    if (m_shown)
        return;
    m_shown = true;
    if (const QString text = removedText(int(proclab::removed_at_start().size())); !text.isEmpty())
        m_window->statusBar()->showMessage(text, 15000);
    const auto left = proclab::find_debris();
    if (left.empty())
        return;
    QStringList names;
    for (const auto& d : left)
        names << QString::fromStdString(d.name);
    m_offer = new QMessageBox(QMessageBox::Question, tr("Leftovers of killed programs"),
                              tr("%n shared object(s) in /dev/shm belong to programs that are no longer "
                                 "running, and no live program uses them. Remove them?",
                                 nullptr, int(left.size())),
                              QMessageBox::NoButton, m_window);
    m_offer->setDetailedText(names.join(QLatin1Char('\n')));
    m_offer->addButton(tr("Remove"), QMessageBox::AcceptRole);
    m_offer->addButton(tr("Keep"), QMessageBox::RejectRole);
    m_offer->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_offer, &QMessageBox::accepted, this, &DebrisNotice::clean);
    m_offer->open(); // window-modal at most, never a nested event loop
}

void DebrisNotice::clean()
{
    const auto removed = proclab::sweep_debris();
    m_window->statusBar()->showMessage(tr("Removed %n shared object(s).", nullptr, int(removed.size())), 15000);
}

#include "shell/debris_notice.h"

#include <proclab/debris.h>

#include <QCoreApplication>
#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QStatusBar>

#include <thread>

namespace {

// Runs `work` on a thread of its own, then `done` with its result on the GUI thread if `receiver`
// still exists.
template <typename Work, typename Done>
void runAside(QObject* receiver, Work work, Done done)
{
    std::thread([guard = QPointer<QObject>(receiver), work = std::move(work), done = std::move(done)]() mutable {
        auto result = work();
        QCoreApplication* app = QCoreApplication::instance();
        if (!app)
            return; // the program is ending
        QMetaObject::invokeMethod(
            app,
            [guard, done = std::move(done), result = std::move(result)]() mutable {
                if (guard)
                    done(std::move(result));
            },
            Qt::QueuedConnection);
    }).detach();
}

} // namespace

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
    runAside(
        this,
        [] {
            QStringList names;
            try {
                for (const auto& d : proclab::find_debris())
                    names << QString::fromStdString(d.name);
            } catch (...) {
            }
            return names;
        },
        [this](QStringList names) { offer(names); });
}

void DebrisNotice::offer(const QStringList& names)
{
    if (names.isEmpty()) {
        emit scanned(false);
        return;
    }
    m_offer = new QMessageBox(QMessageBox::Question, tr("Leftovers of killed programs"),
                              tr("%n shared object(s) in /dev/shm belong to programs that are no longer "
                                 "running, and no live program uses them. Remove them?",
                                 nullptr, int(names.size())),
                              QMessageBox::NoButton, m_window);
    m_offer->setDetailedText(names.join(QLatin1Char('\n')));
    m_offer->addButton(tr("Remove"), QMessageBox::AcceptRole);
    m_offer->addButton(tr("Keep"), QMessageBox::RejectRole);
    m_offer->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_offer, &QMessageBox::accepted, this, &DebrisNotice::clean);
    m_offer->open(); // window-modal at most, never a nested event loop
    emit scanned(true);
}

void DebrisNotice::clean()
{
    runAside(
        this,
        [] {
            try {
                return int(proclab::sweep_debris().size());
            } catch (...) {
                return 0;
            }
        },
        [this](int removed) { cleaned(removed); });
}

void DebrisNotice::cleaned(int removed)
{
    m_window->statusBar()->showMessage(tr("Removed %n shared object(s).", nullptr, removed), 15000);
}

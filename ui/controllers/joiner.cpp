#include "controllers/joiner.h"

#include <proclab/process.h>

#include <QThread>

#include <chrono>

Joiner::Joiner(QObject* parent)
    : QObject(parent)
{
}

Joiner::~Joiner()
{
    cancelAll();
}

QSet<int> Joiner::joining() const
{
    QSet<int> out;
    for (auto it = m_threads.cbegin(); it != m_threads.cend(); ++it)
        out.insert(it.key());
    return out;
}

bool Joiner::join(int pid, proclab::Process* process, int timeoutMs)
{
    if (m_threads.contains(pid))
        return false;
    auto cancel = std::make_shared<std::atomic_bool>(false);
    QThread* thread = QThread::create([this, process, cancel, timeoutMs, pid] {
        using namespace std::chrono;
        const auto deadline = steady_clock::now() + milliseconds(timeoutMs);
        bool done = false;
        while (!cancel->load()) {
            auto slice = milliseconds(250);
            if (timeoutMs >= 0) {
                const auto left = duration_cast<milliseconds>(deadline - steady_clock::now());
                if (left.count() <= 0)
                    break;
                slice = std::min(slice, left);
            }
            try {
                if (process->join(slice)) {
                    done = true;
                    break;
                }
            } catch (const std::exception&) {
                break;
            }
        }
        QMetaObject::invokeMethod(
            this,
            [this, pid, done] {
                reap(pid);
                emit finished(pid, done);
            },
            Qt::QueuedConnection);
    });
    thread->setObjectName(QStringLiteral("join-%1").arg(pid));
    m_threads.insert(pid, {thread, cancel});
    thread->start();
    return true;
}

void Joiner::reap(int pid)
{
    const Entry e = m_threads.take(pid);
    if (e.thread) {
        e.thread->wait();
        delete e.thread;
    }
}

void Joiner::cancelAll()
{
    for (const Entry& e : std::as_const(m_threads))
        e.cancel->store(true);
    for (const int pid : joining())
        reap(pid);
}

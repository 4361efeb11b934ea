#include "controllers/process_starter.h"

#include <proclab/process.h>

#include <QMetaObject>

#include <deque>
#include <functional>
#include <thread>

namespace {

// The one starter thread of the program: started on first use, never joined (it waits for work
// until the program exits; see the header for why it must not end before).
class StarterThread {
public:
    static StarterThread& instance()
    {
        static StarterThread* thread = new StarterThread; // lives as long as the program
        return *thread;
    }

    void post(std::function<void()> job)
    {
        {
            std::lock_guard lock(m_mutex);
            m_jobs.push_back(std::move(job));
        }
        m_wake.notify_one();
    }

private:
    StarterThread()
    {
        std::thread([this] { run(); }).detach();
    }

    [[noreturn]] void run()
    {
        for (;;) {
            std::function<void()> job;
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait(lock, [this] { return !m_jobs.empty(); });
                job = std::move(m_jobs.front());
                m_jobs.pop_front();
            }
            job();
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::function<void()>> m_jobs;
};

} // namespace

ProcessStarter::ProcessStarter(QObject* parent)
    : QObject(parent)
{
}

ProcessStarter::~ProcessStarter()
{
    waitIdle();
}

quint64 ProcessStarter::start(proclab::Process* process)
{
    const quint64 ticket = ++m_nextTicket;
    ++m_pending;
    {
        std::lock_guard lock(m_inFlight->mutex);
        ++m_inFlight->count;
    }
    StarterThread::instance().post([this, process, ticket, inFlight = m_inFlight] {
        QString error;
        try {
            process->start();
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        // Posted before the count drops: the destructor waits for the count, so `this` is alive
        // here, and a queued call to an object deleted meanwhile is discarded by Qt.
        QMetaObject::invokeMethod(
            this,
            [this, ticket, error] {
                --m_pending;
                emit finished(ticket, error);
            },
            Qt::QueuedConnection);
        std::lock_guard lock(inFlight->mutex);
        if (--inFlight->count == 0)
            inFlight->idle.notify_all();
    });
    return ticket;
}

void ProcessStarter::waitIdle()
{
    std::unique_lock lock(m_inFlight->mutex);
    m_inFlight->idle.wait(lock, [this] { return m_inFlight->count == 0; });
}

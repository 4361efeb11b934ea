#include "controllers/system_feed.h"

#include "controllers/session_feed.h"

#include <proclab/clock.h>
#include <proclab/process.h>

#include <QMetaObject>

#include <algorithm>
#include <chrono>
#include <unistd.h>
#include <unordered_set>

namespace {

constexpr std::int64_t kEndedShownNs = 15'000'000'000; // how long an ended observed row stays

proclab::RunState runStateOf(char state)
{
    switch (state) {
    case 'R':
        return proclab::RunState::Running;
    case 'T':
    case 't':
        return proclab::RunState::Stopped;
    case 'Z':
    case 'X':
        return proclab::RunState::Zombie;
    default: // S, D, I: asleep in the kernel
        return proclab::RunState::Blocked;
    }
}

} // namespace

void SystemSampleWorker::sample(ProcessScope scope, std::vector<pid_t> roots)
{
    auto table = std::make_shared<SystemTable>();
    table->scope = scope;
    const auto began = std::chrono::steady_clock::now();
    table->machine = m_machine.sample();
    try {
        if (!m_sampler)
            m_sampler = std::make_unique<proclab::SystemSampler>();
        proclab::SystemFilter filter;
        switch (scope) {
        case ProcessScope::Session:
            filter.scope = proclab::SystemFilter::Scope::Descendants;
            filter.roots = roots;
            break;
        case ProcessScope::Mine:
            filter.scope = proclab::SystemFilter::Scope::User;
            filter.uid = ::geteuid();
            break;
        case ProcessScope::All:
            filter.scope = proclab::SystemFilter::Scope::All;
            break;
        }
        std::vector<proclab::SystemProcess> rows = m_sampler->sample(filter);
        const std::unordered_set<pid_t> known(roots.begin(), roots.end());
        table->observed.reserve(rows.size());
        for (auto& p : rows) {
            if (scope == ProcessScope::Session && !known.contains(p.pid) &&
                (p.command == proclab::kForkServerSpareName || p.command == proclab::kForkServerName))
                continue; // the fork server's worker-to-be (just forked, it has the server's name)
            if (known.contains(p.pid))
                table->known.push_back(std::move(p));
            else
                table->observed.push_back(SystemFeed::observedRecord(p));
        }
    } catch (const std::exception& e) {
        table->error = QString::fromStdString(e.what());
    }
    table->sampleMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - began).count();
    emit sampled(std::move(table));
}

SystemFeed::SystemFeed(QObject* parent)
    : QObject(parent)
    , m_worker(new SystemSampleWorker)
{
    qRegisterMetaType<std::shared_ptr<const SystemTable>>();
    m_thread.setObjectName(QStringLiteral("proclab-system-sampler"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &SystemSampleWorker::sampled, this, &SystemFeed::onSampled, Qt::QueuedConnection);
    m_thread.start();
}

SystemFeed::~SystemFeed()
{
    m_thread.quit();
    m_thread.wait(); // a sample takes milliseconds; nothing in the worker blocks
}

void SystemFeed::setScope(ProcessScope scope)
{
    if (scope == m_scope)
        return;
    m_scope = scope;
    m_table.reset();
    m_ended.clear();
    m_fresh = true;
    request();
}

void SystemFeed::onFrame(const FeedFrame& frame)
{
    m_live = frame.live;
    if (!frame.live)
        return;
    // Exits of processes the registry does not know: orphans a process of the session reaped.
    for (const auto& e : frame.events) {
        if (e.kind != proclab::EventKind::ProcessExit)
            continue;
        const auto pid = static_cast<pid_t>(e.arg2);
        if (pid <= 0 || frame.snapshot.process(pid))
            continue;
        if (m_orphanExits.size() > 4096)
            m_orphanExits.clear();
        m_orphanExits[pid] = static_cast<int>(e.arg);
        if (auto it = m_ended.find(pid); it != m_ended.end() && !it->second.exitcode) {
            it->second.exitcode = static_cast<int>(e.arg);
            it->second.state = e.arg < 0 ? proclab::RunState::Killed : proclab::RunState::Exited;
        }
    }
    const std::int64_t now = proclab::now_ns();
    std::erase_if(m_ended, [now](const auto& kv) { return now - kv.second.end_ns > kEndedShownNs; });
    m_roots.clear();
    for (const auto& r : frame.snapshot.processes)
        if (!r.exitcode && r.pid > 0 && !r.observed && !r.remote())
            m_roots.push_back(r.pid);
    request();
}

void SystemFeed::request()
{
    if (!m_live)
        return;
    if (m_inFlight) { // one sample at a time: the next one follows this one
        m_again = true;
        return;
    }
    m_inFlight = true;
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, scope = m_scope, roots = m_roots] { worker->sample(scope, roots); },
        Qt::QueuedConnection);
}

void SystemFeed::onSampled(std::shared_ptr<const SystemTable> table)
{
    m_inFlight = false;
    if (table->error != m_lastError) {
        m_lastError = table->error;
        if (!m_lastError.isEmpty())
            emit failed(m_lastError);
    }
    if (table->scope == m_scope) {
        if (m_table && m_table->scope == ProcessScope::Session && table->scope == ProcessScope::Session)
            noteEnded(*m_table, *table);
        m_table = std::move(table);
        const bool first = m_fresh;
        m_fresh = false;
        emit tableReady(first);
    }
    if (m_again) {
        m_again = false;
        request();
    }
}

void SystemFeed::merge(proclab::Snapshot& snap) const
{
    if (!m_table || !m_live)
        return;
    std::unordered_set<pid_t> inSnapshot;
    inSnapshot.reserve(snap.processes.size());
    for (auto& r : snap.processes) {
        if (r.remote())
            continue; // another host's process: its PID says nothing of this host's table
        inSnapshot.insert(r.pid);
        if (r.exitcode)
            continue;
        auto it = std::lower_bound(m_table->known.begin(), m_table->known.end(), r.pid,
                                   [](const proclab::SystemProcess& p, pid_t pid) { return p.pid < pid; });
        if (it != m_table->known.end() && it->pid == r.pid)
            r.system = *it;
    }
    snap.processes.reserve(snap.processes.size() + m_table->observed.size() + m_ended.size());
    for (const auto& r : m_table->observed)
        if (inSnapshot.insert(r.pid).second)
            snap.processes.push_back(r);
    for (const auto& [pid, r] : m_ended)
        if (inSnapshot.insert(pid).second)
            snap.processes.push_back(r);
}

void SystemFeed::noteEnded(const SystemTable& previous, const SystemTable& next)
{
    std::unordered_set<pid_t> still;
    still.reserve(next.observed.size());
    for (const auto& r : next.observed)
        still.insert(r.pid);
    const std::int64_t now = proclab::now_ns();
    for (const auto& r : previous.observed) {
        if (still.contains(r.pid) || m_ended.contains(r.pid) || !r.system)
            continue;
        // Out of the session's trees but alive (re-parented outside it): not ended.
        if (proclab::process_start_ticks(r.pid) == r.system->start_ticks)
            continue;
        proclab::ProcessRecord ended = r;
        ended.end_ns = now;
        ended.joined = true;
        ended.state = proclab::RunState::Exited;
        ended.cpu_percent = 0;
        ended.rss_bytes = 0;
        if (auto it = m_orphanExits.find(r.pid); it != m_orphanExits.end()) {
            ended.exitcode = it->second;
            ended.state = it->second < 0 ? proclab::RunState::Killed : proclab::RunState::Exited;
        }
        m_ended.emplace(r.pid, std::move(ended));
    }
}

proclab::ProcessRecord SystemFeed::observedRecord(const proclab::SystemProcess& p)
{
    proclab::ProcessRecord r;
    r.pid = p.pid;
    r.ppid = p.ppid;
    r.name = p.command;
    r.kind = proclab::ProcessKind::Command;
    r.state = runStateOf(p.state);
    r.start_ns = p.start_ns;
    r.cpu_percent = p.cpu_percent;
    r.rss_bytes = p.rss_bytes;
    r.observed = true;
    r.system = p;
    return r;
}

QString SystemFeed::scopeKey(ProcessScope scope)
{
    switch (scope) {
    case ProcessScope::Mine:
        return QStringLiteral("mine");
    case ProcessScope::All:
        return QStringLiteral("all");
    case ProcessScope::Session:
        break;
    }
    return QStringLiteral("session");
}

ProcessScope SystemFeed::scopeFromKey(const QString& key)
{
    if (key == QLatin1String("mine"))
        return ProcessScope::Mine;
    if (key == QLatin1String("all"))
        return ProcessScope::All;
    return ProcessScope::Session;
}

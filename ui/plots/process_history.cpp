#include "plots/process_history.h"

#include <algorithm>

ProcessHistory::ProcessHistory(std::size_t capacity, std::size_t maxProcesses, QObject* parent)
    : QObject(parent)
    , m_capacity(std::max<std::size_t>(capacity, 2))
    , m_maxProcesses(std::max<std::size_t>(maxProcesses, 1))
{
}

void ProcessHistory::clear()
{
    m_rings.clear();
    m_lastTaken = 0;
    emit updated();
}

void ProcessHistory::onFrame(const FeedFrame& frame)
{
    const auto& snap = frame.snapshot;
    if (snap.taken_ns < m_lastTaken)
        m_rings.clear(); // a replay went back in time
    if (snap.taken_ns == m_lastTaken)
        return;
    m_lastTaken = snap.taken_ns;
    for (const auto& p : snap.processes) {
        if (p.remote())
            continue; // another host's process: never sampled here (its PID may be one of this host's)
        auto it = m_rings.find(p.pid);
        if (it == m_rings.end()) {
            if (p.end_ns)
                continue; // ended before we saw it alive: nothing to plot
            it = m_rings.emplace(p.pid, Ring{}).first;
        }
        Ring& r = it->second;
        if (r.endedNs)
            continue;
        // The ring grows to its capacity as samples come: most processes live a few seconds, and a
        // thousand ended ones then cost kilobytes each, not a full ring.
        const Sample sample{snap.taken_ns, p.cpu_percent, double(p.rss_bytes)};
        if (r.data.size() < m_capacity)
            r.data.push_back(sample);
        else
            r.data[r.head] = sample;
        r.head = (r.head + 1) % m_capacity;
        r.size = std::min(r.size + 1, m_capacity);
        if (p.end_ns) {
            r.endedNs = p.end_ns;
            r.data.shrink_to_fit(); // no more samples
        }
    }
    // Too many: forget the processes that ended longest ago.
    while (m_rings.size() > m_maxProcesses) {
        auto victim = m_rings.end();
        for (auto it = m_rings.begin(); it != m_rings.end(); ++it)
            if (it->second.endedNs && (victim == m_rings.end() || it->second.endedNs < victim->second.endedNs))
                victim = it;
        if (victim == m_rings.end())
            victim = m_rings.begin();
        m_rings.erase(victim);
    }
    emit updated();
}

std::vector<ProcessHistory::Sample> ProcessHistory::samples(pid_t pid) const
{
    std::vector<Sample> out;
    auto it = m_rings.find(pid);
    if (it == m_rings.end())
        return out;
    const Ring& r = it->second;
    out.reserve(r.size);
    const std::size_t start = (r.head + m_capacity - r.size) % m_capacity;
    for (std::size_t i = 0; i < r.size; ++i)
        out.push_back(r.data[(start + i) % m_capacity]);
    return out;
}

QList<double> ProcessHistory::cpu(pid_t pid) const
{
    QList<double> out;
    for (const auto& s : samples(pid))
        out << s.cpu;
    return out;
}

QList<double> ProcessHistory::rss(pid_t pid) const
{
    QList<double> out;
    for (const auto& s : samples(pid))
        out << s.rssBytes;
    return out;
}

QList<double> ProcessHistory::recentCpu(pid_t pid, int n) const
{
    QList<double> all = cpu(pid);
    return all.size() > n ? all.mid(all.size() - n) : all;
}

QList<double> ProcessHistory::recentRss(pid_t pid, int n) const
{
    QList<double> all = rss(pid);
    return all.size() > n ? all.mid(all.size() - n) : all;
}

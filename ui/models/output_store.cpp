#include "models/output_store.h"

#include <QSet>

#include <proclab/clock.h>

#include <algorithm>
#include <iterator>
#include <utility>

namespace {
constexpr std::size_t kMaxNew[2] = {20000, 10000};        // new lines kept for the view: stdout, stderr
constexpr qsizetype kMaxLineBytes = qsizetype(64) * 1024; // a line without '\n' is cut here

int streamOf(bool err)
{
    return err ? 1 : 0;
}
} // namespace

OutputStore::OutputStore(QObject* parent)
    : QObject(parent)
{
}

OutputStore::~OutputStore()
{
    for (auto& [owner, stop] : std::exchange(m_writerStops, {}))
        stop();
}

void OutputStore::addWriterStop(const void* owner, std::function<void()> stop)
{
    m_writerStops.emplace_back(owner, std::move(stop));
}

void OutputStore::removeWriterStop(const void* owner)
{
    std::erase_if(m_writerStops, [owner](const auto& entry) { return entry.first == owner; });
}

void OutputStore::setCapPerProcess(int lines)
{
    std::lock_guard lock(m_mutex);
    m_cap[0] = std::max(lines, 1);
    for (auto& log : m_logs)
        enforceCap(log, 0);
}

int OutputStore::capPerProcess() const
{
    std::lock_guard lock(m_mutex);
    return m_cap[0];
}

void OutputStore::setStderrCapPerProcess(int lines)
{
    std::lock_guard lock(m_mutex);
    m_cap[1] = std::max(lines, 1);
    for (auto& log : m_logs)
        enforceCap(log, 1);
}

int OutputStore::stderrCapPerProcess() const
{
    std::lock_guard lock(m_mutex);
    return m_cap[1];
}

void OutputStore::setMergeStderr(bool merge)
{
    m_merge.store(merge);
}

void OutputStore::setMerged(int pid, bool merged)
{
    std::lock_guard lock(m_mutex);
    m_logs[pid].merged = merged;
}

bool OutputStore::merged(int pid) const
{
    std::lock_guard lock(m_mutex);
    auto it = m_logs.constFind(pid);
    return it != m_logs.constEnd() && it->merged;
}

void OutputStore::enforceCap(Log& log, int stream)
{
    auto& lines = log.lines[stream];
    while (lines.size() > static_cast<std::size_t>(m_cap[stream])) {
        lines.pop_front();
        ++log.dropped[stream];
    }
}

void OutputStore::addLine(int pid, Log& log, bool err, const char* data, qsizetype size, qint64 timeNs)
{
    if (size > 0 && data[size - 1] == '\r')
        --size;
    const int s = streamOf(err);
    OutputLine line{++m_seq, timeNs, pid, err, QString::fromUtf8(data, size)};
    ++log.total;
    auto& lines = log.lines[s];
    if (lines.size() >= static_cast<std::size_t>(m_cap[s])) {
        lines.pop_front();
        ++log.dropped[s];
    }
    lines.push_back(line);
    auto& fresh = m_new[s];
    if (fresh.size() >= kMaxNew[s]) { // nobody took them for a while: keep the newest
        fresh.pop_front();
        ++m_newSkipped;
    }
    fresh.push_back(std::move(line));
}

void OutputStore::append(int pid, bool stderrStream, const QByteArray& bytes, qint64 timeNs)
{
    if (timeNs == 0)
        timeNs = proclab::now_ns();
    std::lock_guard lock(m_mutex);
    Log& log = m_logs[pid];
    const int s = streamOf(stderrStream);
    QByteArray& partial = log.partial[s];
    // Where the complete lines end; those that this call alone pushes out of the cap are counted
    // (and numbered) without being converted or stored.
    std::vector<qsizetype> ends;
    for (qsizetype nl = bytes.indexOf('\n'); nl >= 0; nl = bytes.indexOf('\n', nl + 1))
        ends.push_back(nl);
    const std::size_t cap = static_cast<std::size_t>(m_cap[s]);
    const std::size_t skip = ends.size() > cap ? ends.size() - cap : 0;
    qsizetype start = 0;
    if (skip > 0) {
        partial.clear();
        start = ends[skip - 1] + 1;
        log.total += skip;
        log.dropped[s] += skip;
        m_seq += skip;
    }
    for (std::size_t i = skip; i < ends.size(); ++i) {
        const qsizetype nl = ends[i];
        if (!partial.isEmpty()) {
            partial.append(bytes.constData() + start, nl - start);
            addLine(pid, log, stderrStream, partial.constData(), partial.size(), timeNs);
            partial.clear();
        } else {
            addLine(pid, log, stderrStream, bytes.constData() + start, nl - start, timeNs);
        }
        start = nl + 1;
    }
    if (start < bytes.size())
        partial.append(bytes.constData() + start, bytes.size() - start);
    if (partial.size() > kMaxLineBytes) {
        addLine(pid, log, stderrStream, partial.constData(), partial.size(), timeNs);
        partial.clear();
    }
}

void OutputStore::flush(int pid, bool stderrStream)
{
    std::lock_guard lock(m_mutex);
    auto it = m_logs.find(pid);
    if (it == m_logs.end())
        return;
    QByteArray& partial = it->partial[streamOf(stderrStream)];
    if (!partial.isEmpty()) {
        addLine(pid, *it, stderrStream, partial.constData(), partial.size(), proclab::now_ns());
        partial.clear();
    }
}

std::vector<OutputLine> OutputStore::lines(int pid) const
{
    std::lock_guard lock(m_mutex);
    std::vector<OutputLine> out;
    auto it = m_logs.constFind(pid);
    if (it == m_logs.constEnd())
        return out;
    const auto& a = it->lines[0];
    const auto& b = it->lines[1];
    out.reserve(a.size() + b.size());
    std::merge(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out),
               [](const OutputLine& x, const OutputLine& y) { return x.seq < y.seq; });
    return out;
}

bool OutputStore::contains(int pid) const
{
    std::lock_guard lock(m_mutex);
    return m_logs.contains(pid);
}

quint64 OutputStore::dropped(int pid) const
{
    std::lock_guard lock(m_mutex);
    auto it = m_logs.constFind(pid);
    return it == m_logs.constEnd() ? 0 : it->dropped[0] + it->dropped[1];
}

quint64 OutputStore::droppedStderr(int pid) const
{
    std::lock_guard lock(m_mutex);
    auto it = m_logs.constFind(pid);
    return it == m_logs.constEnd() ? 0 : it->dropped[1];
}

quint64 OutputStore::totalLines(int pid) const
{
    std::lock_guard lock(m_mutex);
    auto it = m_logs.constFind(pid);
    return it == m_logs.constEnd() ? 0 : it->total;
}

QList<int> OutputStore::pids() const
{
    std::lock_guard lock(m_mutex);
    return m_logs.keys();
}

std::vector<OutputLine> OutputStore::takeNew(quint64* skipped)
{
    std::deque<OutputLine> fresh[2];
    {
        std::lock_guard lock(m_mutex);
        if (skipped)
            *skipped = m_newSkipped;
        m_newSkipped = 0;
        fresh[0].swap(m_new[0]);
        fresh[1].swap(m_new[1]);
    }
    std::vector<OutputLine> out;
    out.reserve(fresh[0].size() + fresh[1].size());
    std::merge(std::make_move_iterator(fresh[0].begin()), std::make_move_iterator(fresh[0].end()),
               std::make_move_iterator(fresh[1].begin()), std::make_move_iterator(fresh[1].end()),
               std::back_inserter(out), [](const OutputLine& x, const OutputLine& y) { return x.seq < y.seq; });
    return out;
}

void OutputStore::forget(const QList<int>& pids)
{
    const QSet<int> gone(pids.begin(), pids.end());
    bool any = false;
    {
        std::lock_guard lock(m_mutex);
        for (int pid : gone)
            any = m_logs.remove(pid) || any;
        for (auto& fresh : m_new)
            std::erase_if(fresh, [&gone](const OutputLine& l) { return gone.contains(l.pid); });
    }
    if (any)
        emit forgotten();
}

void OutputStore::clear()
{
    std::lock_guard lock(m_mutex);
    m_logs.clear();
    m_new[0].clear();
    m_new[1].clear();
    m_newSkipped = 0;
}

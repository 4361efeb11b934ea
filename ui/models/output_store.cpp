#include "models/output_store.h"

namespace {
constexpr std::size_t kMaxNew = 100000;
constexpr qsizetype kMaxLineBytes = 64 * 1024; // a line without '\n' is cut here
} // namespace

OutputStore::OutputStore(QObject* parent)
    : QObject(parent)
{
}

void OutputStore::setCapPerProcess(int lines)
{
    m_cap = std::max(lines, 1);
    for (auto& log : m_logs) {
        while (static_cast<int>(log.lines.size()) > m_cap) {
            log.lines.pop_front();
            ++log.dropped;
        }
    }
}

void OutputStore::addLine(int pid, Log& log, bool err, const char* data, qsizetype size)
{
    if (size > 0 && data[size - 1] == '\r')
        --size;
    OutputLine line{++m_seq, pid, err, QString::fromUtf8(data, size)};
    ++log.total;
    if (static_cast<int>(log.lines.size()) >= m_cap) {
        log.lines.pop_front();
        ++log.dropped;
    }
    log.lines.push_back(line);
    if (m_new.size() >= kMaxNew) { // nobody took them for a while: keep the newest
        m_new.erase(m_new.begin(), m_new.begin() + static_cast<long>(kMaxNew / 2));
        m_newSkipped += kMaxNew / 2;
    }
    m_new.push_back(std::move(line));
}

void OutputStore::append(int pid, bool stderrStream, const QByteArray& bytes)
{
    Log& log = m_logs[pid];
    QByteArray& partial = log.partial[stderrStream ? 1 : 0];
    qsizetype start = 0;
    for (;;) {
        const qsizetype nl = bytes.indexOf('\n', start);
        if (nl < 0)
            break;
        if (!partial.isEmpty()) {
            partial.append(bytes.constData() + start, nl - start);
            addLine(pid, log, stderrStream, partial.constData(), partial.size());
            partial.clear();
        } else {
            addLine(pid, log, stderrStream, bytes.constData() + start, nl - start);
        }
        start = nl + 1;
    }
    if (start < bytes.size())
        partial.append(bytes.constData() + start, bytes.size() - start);
    if (partial.size() > kMaxLineBytes) {
        addLine(pid, log, stderrStream, partial.constData(), partial.size());
        partial.clear();
    }
}

void OutputStore::flush(int pid, bool stderrStream)
{
    auto it = m_logs.find(pid);
    if (it == m_logs.end())
        return;
    QByteArray& partial = it->partial[stderrStream ? 1 : 0];
    if (!partial.isEmpty()) {
        addLine(pid, *it, stderrStream, partial.constData(), partial.size());
        partial.clear();
    }
}

const std::deque<OutputLine>* OutputStore::lines(int pid) const
{
    auto it = m_logs.constFind(pid);
    return it == m_logs.constEnd() ? nullptr : &it->lines;
}

quint64 OutputStore::dropped(int pid) const
{
    auto it = m_logs.constFind(pid);
    return it == m_logs.constEnd() ? 0 : it->dropped;
}

quint64 OutputStore::totalLines(int pid) const
{
    auto it = m_logs.constFind(pid);
    return it == m_logs.constEnd() ? 0 : it->total;
}

QList<int> OutputStore::pids() const
{
    return m_logs.keys();
}

std::vector<OutputLine> OutputStore::takeNew(quint64* skipped)
{
    if (skipped)
        *skipped = m_newSkipped;
    m_newSkipped = 0;
    std::vector<OutputLine> out;
    out.swap(m_new);
    return out;
}

void OutputStore::clear()
{
    m_logs.clear();
    m_new.clear();
    m_newSkipped = 0;
}

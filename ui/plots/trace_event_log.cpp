#include "plots/trace_event_log.h"

#include <QDir>
#include <QTemporaryFile>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <type_traits>

TraceEventLog::TraceEventLog(std::size_t limit)
    : m_half(std::max<std::size_t>(limit, 2) / 2)
{
    m_files[0] = open();
    m_files[1] = open();
}

std::unique_ptr<QFile> TraceEventLog::open()
{
    const int fd = ::open(QFile::encodeName(QDir::tempPath()).constData(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0) {
        auto file = std::make_unique<QFile>();
        if (file->open(fd, QIODevice::ReadWrite, QFileDevice::AutoCloseHandle))
            return file;
        ::close(fd);
    }
    auto file = std::make_unique<QTemporaryFile>(QDir::tempPath() + QStringLiteral("/proclab-trace-XXXXXX"));
    if (!file->open())
        m_ok = false;
    return file;
}

std::uint16_t TraceEventLog::hostIndex(const std::string& host)
{
    if (host.empty())
        return 0;
    const auto it = std::find(m_hosts.begin(), m_hosts.end(), host);
    if (it != m_hosts.end())
        return static_cast<std::uint16_t>(it - m_hosts.begin() + 1);
    if (m_hosts.size() >= 0xfffe)
        return 0xffff; // more hosts than any cluster has: the rest share one "?"
    m_hosts.push_back(host);
    return static_cast<std::uint16_t>(m_hosts.size());
}

void TraceEventLog::append(const std::vector<proclab::SessionEvent>& events)
{
    std::vector<Stored> stored;
    stored.reserve(events.size());
    for (const proclab::SessionEvent& e : events)
        stored.push_back(
            {e.seq, e.t_ns, e.pid, e.object, static_cast<std::uint16_t>(e.kind), hostIndex(e.host), 0, e.arg, e.arg2});
    std::size_t at = 0;
    while (at < stored.size()) {
        if (m_count[1] >= m_half) { // the newer file is full: it becomes the older one
            std::swap(m_files[0], m_files[1]);
            m_count[0] = m_count[1];
            m_files[1] = open();
            m_count[1] = 0;
        }
        const std::size_t n = std::min(stored.size() - at, m_half - m_count[1]);
        const qint64 bytes = static_cast<qint64>(n) * qint64(sizeof(Stored));
        if (m_files[1]->write(reinterpret_cast<const char*>(stored.data() + at), bytes) != bytes)
            m_ok = false;
        m_count[1] += n;
        at += n;
    }
}

void TraceEventLog::clear()
{
    m_files[0] = open();
    m_files[1] = open();
    m_count = {};
    m_hosts.clear();
}

std::vector<proclab::SessionEvent> TraceEventLog::events() const
{
    std::vector<Stored> stored(size());
    char* to = reinterpret_cast<char*>(stored.data());
    for (int i = 0; i < 2; ++i) {
        QFile& file = *m_files[static_cast<std::size_t>(i)];
        const qint64 bytes = static_cast<qint64>(m_count[static_cast<std::size_t>(i)]) * qint64(sizeof(Stored));
        if (!file.flush() || !file.seek(0) || file.read(to, bytes) != bytes || !file.seek(file.size()))
            return {};
        to += bytes;
    }
    std::vector<proclab::SessionEvent> out;
    out.reserve(stored.size());
    for (const Stored& s : stored) {
        proclab::SessionEvent e;
        e.seq = s.seq;
        e.t_ns = s.t_ns;
        e.pid = s.pid;
        e.object = s.object;
        e.kind = static_cast<proclab::EventKind>(s.kind);
        e.arg = s.arg;
        e.arg2 = s.arg2;
        if (s.host)
            e.host = s.host <= m_hosts.size() ? m_hosts[s.host - 1] : std::string("?");
        out.push_back(std::move(e));
    }
    return out;
}

#include "plots/trace_event_log.h"

#include <QDir>
#include <QTemporaryFile>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <type_traits>

static_assert(std::is_trivially_copyable_v<proclab::SessionEvent>, "events are written as bytes");

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

void TraceEventLog::append(const std::vector<proclab::SessionEvent>& events)
{
    std::size_t at = 0;
    while (at < events.size()) {
        if (m_count[1] >= m_half) { // the newer file is full: it becomes the older one
            std::swap(m_files[0], m_files[1]);
            m_count[0] = m_count[1];
            m_files[1] = open();
            m_count[1] = 0;
        }
        const std::size_t n = std::min(events.size() - at, m_half - m_count[1]);
        const qint64 bytes = static_cast<qint64>(n) * qint64(sizeof(proclab::SessionEvent));
        if (m_files[1]->write(reinterpret_cast<const char*>(events.data() + at), bytes) != bytes)
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
}

std::vector<proclab::SessionEvent> TraceEventLog::events() const
{
    std::vector<proclab::SessionEvent> out(size());
    char* to = reinterpret_cast<char*>(out.data());
    for (int i = 0; i < 2; ++i) {
        QFile& file = *m_files[static_cast<std::size_t>(i)];
        const qint64 bytes =
            static_cast<qint64>(m_count[static_cast<std::size_t>(i)]) * qint64(sizeof(proclab::SessionEvent));
        if (!file.flush() || !file.seek(0) || file.read(to, bytes) != bytes || !file.seek(file.size()))
            return {};
        to += bytes;
    }
    return out;
}

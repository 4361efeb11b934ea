#include "controllers/output_capture.h"

#include "controllers/output_reader.h"
#include "models/output_store.h"

#include <QFileInfo>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utility>

OutputCapture::OutputCapture(OutputStore* store, OutputReader* reader, QString basePath, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_reader(reader)
    , m_path(std::move(basePath))
    , m_merged(store->mergeStderr())
{
    for (int i = 0; i < (m_merged ? 1 : 2); ++i) {
        const QByteArray path = fifoPath(i).toLocal8Bit();
        ::mkfifo(path.constData(), 0600);
        m_fds[i] = ::open(path.constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        m_keepOpen[i] = ::open(path.constData(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        fcntl(m_fds[i], F_SETPIPE_SZ, 1 << 20); // fewer wake-ups for chatty children
    }
    if (m_merged) // stderr opens the stdout FIFO: one pipe, lines in the order they were written
        (void)::symlink(QFileInfo(fifoPath(0)).fileName().toLocal8Bit().constData(),
                        fifoPath(1).toLocal8Bit().constData());
}

OutputCapture::~OutputCapture()
{
    if (m_reading)
        m_reader->remove(m_key);
    for (int i = 0; i < 2; ++i) {
        if (m_fds[i] >= 0)
            ::close(m_fds[i]);
        if (m_keepOpen[i] >= 0)
            ::close(m_keepOpen[i]);
    }
    unlinkFifos();
}

QString OutputCapture::fifoPath(int which) const
{
    return m_path + (which ? QStringLiteral(".err") : QStringLiteral(".out"));
}

void OutputCapture::unlinkFifos()
{
    for (int i = 0; i < 2; ++i)
        ::unlink(fifoPath(i).toLocal8Bit().constData());
}

void OutputCapture::startReading(int key)
{
    m_key = key;
    m_reading = true;
    m_store->setMerged(key, m_merged);
    for (int i = 0; i < 2; ++i)
        m_reader->add(key, std::exchange(m_fds[i], -1), i == 1);
}

void OutputCapture::releaseWriteEnds()
{
    // The read ends see EOF once the child's own (and its children's) write ends close; the
    // paths are no longer needed (descendants inherit descriptors, not paths).
    for (int& fd : m_keepOpen) {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
    unlinkFifos();
}

#include "controllers/output_capture.h"

#include "models/output_store.h"

#include <QSocketNotifier>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

constexpr qsizetype kReadBudget = 256 * 1024; // per notifier activation: the event loop stays fair

} // namespace

OutputCapture::OutputCapture(OutputStore* store, const QString& basePath, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_path(basePath)
{
    for (int i = 0; i < 2; ++i) {
        const QByteArray path = fifoPath(i).toLocal8Bit();
        ::mkfifo(path.constData(), 0600);
        m_fds[i] = ::open(path.constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        m_keepOpen[i] = ::open(path.constData(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        fcntl(m_fds[i], F_SETPIPE_SZ, 1 << 20); // fewer wake-ups for chatty children
    }
}

OutputCapture::~OutputCapture()
{
    close(0);
    close(1);
}

QString OutputCapture::fifoPath(int which) const
{
    return m_path + (which ? QStringLiteral(".err") : QStringLiteral(".out"));
}

void OutputCapture::startReading(int key)
{
    m_key = key;
    for (int i = 0; i < 2; ++i) {
        if (m_fds[i] < 0)
            continue;
        m_notifiers[i] = new QSocketNotifier(m_fds[i], QSocketNotifier::Read, this);
        connect(m_notifiers[i], &QSocketNotifier::activated, this, [this, i] { read(i); });
    }
}

void OutputCapture::releaseWriteEnds()
{
    // The read ends see EOF once the child's own (and its children's) write ends close.
    for (int i = 0; i < 2; ++i) {
        if (m_keepOpen[i] >= 0)
            ::close(m_keepOpen[i]);
        m_keepOpen[i] = -1;
        read(i);
    }
}

void OutputCapture::close(int which)
{
    if (m_notifiers[which]) {
        // Often called from the notifier's own activated(): it must outlive this emission.
        m_notifiers[which]->setEnabled(false);
        m_notifiers[which]->deleteLater();
        m_notifiers[which] = nullptr;
    }
    if (m_keepOpen[which] >= 0)
        ::close(m_keepOpen[which]);
    m_keepOpen[which] = -1;
    if (m_fds[which] >= 0) {
        ::close(m_fds[which]);
        ::unlink(fifoPath(which).toLocal8Bit().constData());
    }
    m_fds[which] = -1;
}

void OutputCapture::read(int which)
{
    if (m_fds[which] < 0)
        return;
    QByteArray buf;
    qsizetype total = 0;
    char chunk[65536];
    for (;;) {
        const ssize_t n = ::read(m_fds[which], chunk, sizeof chunk);
        if (n > 0) {
            buf.append(chunk, n);
            total += n;
            if (total >= kReadBudget)
                break;
            continue;
        }
        if (n == 0) { // every writer closed: the process (and its children) ended
            if (!buf.isEmpty())
                m_store->append(m_key, which == 1, buf);
            m_store->flush(m_key, which == 1);
            close(which);
            return;
        }
        break; // EAGAIN
    }
    if (!buf.isEmpty())
        m_store->append(m_key, which == 1, buf);
}

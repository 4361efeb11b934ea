#include "controllers/output_reader.h"

#include "models/output_store.h"

#include <proclab/clock.h>

#include <QByteArray>

#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace {
constexpr qsizetype kChunk = qsizetype{64} * 1024; // per ready descriptor and turn
} // namespace

OutputReader::OutputReader(OutputStore* store, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_storeAlive(store)
    , m_wake(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK))
{
    store->addWriterStop(this, [this] { stop(); });
    m_thread = std::thread([this] { run(); });
}

OutputReader::~OutputReader()
{
    if (m_storeAlive)
        m_storeAlive->removeWriterStop(this);
    stop();
    if (m_wake >= 0)
        ::close(m_wake);
}

void OutputReader::stop()
{
    m_stop.store(true);
    wake();
    if (m_thread.joinable())
        m_thread.join();
    std::lock_guard lock(m_mutex);
    for (const Source& s : m_added)
        ::close(s.fd);
    m_added.clear();
    m_count = 0;
}

void OutputReader::wake() const
{
    const std::uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = ::write(m_wake, &one, sizeof one);
}

void OutputReader::add(int key, int fd, bool stderrStream)
{
    if (fd < 0)
        return;
    {
        std::lock_guard lock(m_mutex);
        m_added.push_back({key, fd, stderrStream});
        ++m_count;
    }
    wake();
}

void OutputReader::remove(int key)
{
    {
        std::lock_guard lock(m_mutex);
        m_removed.push_back(key);
    }
    wake();
}

int OutputReader::sourceCount() const
{
    std::lock_guard lock(m_mutex);
    return m_count;
}

void OutputReader::run()
{
    pthread_setname_np(pthread_self(), "proclab-output"); // as top -H and the benchmark see it
    std::vector<Source> sources;
    std::vector<pollfd> fds;
    QByteArray buf;
    const auto finish = [this](const Source& s) {
        m_store->flush(s.key, s.err);
        ::close(s.fd);
        std::lock_guard lock(m_mutex);
        --m_count;
    };
    while (!m_stop.load()) {
        {
            std::lock_guard lock(m_mutex);
            sources.insert(sources.end(), m_added.begin(), m_added.end());
            m_added.clear();
            for (const int key : m_removed) {
                for (auto it = sources.begin(); it != sources.end();) {
                    if (it->key == key) {
                        m_store->flush(it->key, it->err);
                        ::close(it->fd);
                        --m_count;
                        it = sources.erase(it);
                    } else {
                        ++it;
                    }
                }
            }
            m_removed.clear();
        }
        fds.assign(1, pollfd{m_wake, POLLIN, 0});
        for (const Source& s : sources)
            fds.push_back({s.fd, POLLIN, 0});
        if (::poll(fds.data(), nfds_t(fds.size()), -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (fds[0].revents & POLLIN) {
            std::uint64_t count;
            [[maybe_unused]] const ssize_t n = ::read(m_wake, &count, sizeof count);
        }
        // One read per ready source and turn (stdout before stderr, as they were added): what
        // arrived meanwhile on two streams is numbered in that order.
        std::vector<std::size_t> ended;
        for (std::size_t i = 0; i < sources.size(); ++i) {
            if (!(fds[i + 1].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            buf.resize(kChunk);
            const ssize_t got = ::read(sources[i].fd, buf.data(), std::size_t(kChunk));
            if (got > 0) {
                buf.resize(got);
                m_store->append(sources[i].key, sources[i].err, buf, proclab::now_ns());
                m_bytes.fetch_add(std::uint64_t(got));
            } else if (got == 0 || (errno != EAGAIN && errno != EINTR)) {
                ended.push_back(i); // every writer closed: the process (and its children) ended
            }
        }
        std::sort(ended.rbegin(), ended.rend());
        for (const std::size_t i : ended) {
            finish(sources[i]);
            sources.erase(sources.begin() + static_cast<long>(i));
        }
    }
    for (const Source& s : sources)
        ::close(s.fd);
}
